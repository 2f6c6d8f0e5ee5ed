// The real SMTP server the tests send to (scripts/smtp-test-server, aiosmtpd, a Maildir),
// Python's own e-mail parser to read what arrived, and the regua.yaml entries of the
// reminders and SMTP plugins the channel tests share.
#pragma once

#include <signal.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include "http_receiver.hpp"
#include "test_support.hpp"

namespace regua::testing {

// scripts/smtp-test-server on a free port, stopped with the test. `options` are the
// script's own (--tls, --cert, --key, --login).
class SmtpServer {
 public:
  explicit SmtpServer(std::filesystem::path maildir, std::vector<std::string> options = {})
      : dir_(std::move(maildir)), options_(std::move(options)), port_(freePort()) {}
  ~SmtpServer() { stop(); }
  void start() {
    std::vector<std::string> args{dir_.string(), std::to_string(port_)};
    args.insert(args.end(), options_.begin(), options_.end());
    handle_ = std::make_unique<Poco::ProcessHandle>(
        Poco::Process::launch(REGUA_SOURCE_DIR "/scripts/smtp-test-server", args, ".", nullptr, &out_, nullptr));
    Poco::PipeInputStream out(out_);
    std::string line;
    std::getline(out, line);  // "smtp: ouvindo em ..." once it accepts connections
    ASSERT_NE(line.find("ouvindo"), std::string::npos) << "the SMTP server did not start: " << line;
  }
  void stop() {
    if (!handle_) return;
    ::kill(handle_->id(), SIGTERM);
    handle_->wait();
    handle_.reset();
  }
  std::uint16_t port() const { return port_; }
  std::vector<std::filesystem::path> messages() const {
    std::vector<std::filesystem::path> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir_ / "new", ec)) out.push_back(e.path());
    return out;
  }

 private:
  std::filesystem::path dir_;
  std::vector<std::string> options_;
  std::uint16_t port_;
  Poco::Pipe out_;
  std::unique_ptr<Poco::ProcessHandle> handle_;
};

// A message as Python's email package reads it: decoded headers and bodies, and its
// images (content id, type, whether they sit in multipart/related beside the HTML, and
// the file in `imageDir` they were saved to, when one is given).
inline Poco::JSON::Object::Ptr readMail(const std::filesystem::path& file, const std::filesystem::path& imageDir = {}) {
  const std::string script = R"(import email, email.policy, json, os, sys
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
images = []
for n, part in enumerate(p for p in m.walk() if p.get_content_maintype() == 'image'):
    saved = os.path.join(sys.argv[2], 'imagem-%d' % n) if sys.argv[2] else ''
    if saved:
        open(saved, 'wb').write(part.get_content())
    images.append({'content_id': part['content-id'], 'type': part.get_content_type(), 'file': saved,
                   'related': any(p.get_content_type() == 'multipart/related' and part in p.iter_parts() for p in m.walk())})
print(json.dumps({'subject': m['subject'], 'from': m['from'], 'to': m['to'], 'message_id': m['message-id'],
                  'text': m.get_body(('plain',)).get_content(),
                  'html': (m.get_body(('html',)) or m.get_body(('plain',))).get_content(), 'images': images}))
)";
  const auto r = run("/usr/bin/python3", {"-c", script, file.string(), imageDir.string()});
  if (r.exitCode != 0) throw std::runtime_error("python could not read " + file.string() + ": " + r.err);
  return Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Object::Ptr>();
}

inline std::string plugins(const std::string& pixKey = "financeiro@escritorio.com.br") {
  return "  - path: " REGUA_PLUGIN_DIR "/regua_penalties.so\n"
         "  - path: " REGUA_PLUGIN_DIR "/regua_reminders.so\n"
         "    config:\n"
         "      templates_dir: " REGUA_SOURCE_DIR "/config/templates\n"
         "      office: {name: Escritório Teste & Cia, email: contato@escritorio.com.br, phone: (11) 4000-0000}\n"
         "      pix: {key: " + pixKey + ", name: Escritório Teste, city: São Paulo}\n";
}

inline std::string smtpConnector(std::uint16_t port) {
  return "  - path: " REGUA_PLUGIN_DIR "/regua_smtp.so\n    config: {host: 127.0.0.1, port: " + std::to_string(port) +
         ", from: cobranca@escritorio.com.br, from_name: Escritório Teste, timeout_seconds: 5, "
         "retry_after_seconds: 0}\n";
}

}  // namespace regua::testing
