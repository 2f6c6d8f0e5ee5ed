// The file channel: delivers e-mail into a Maildir (<dir>/email/new/*.eml, any mail
// client reads it) and SMS / WhatsApp as text files (<dir>/<channel>/*.txt). A
// delivery id always maps to the same file, so delivering it again changes nothing.
// Written to tmp/ and renamed, so a reader never sees half a message.
//
// regua.yaml:
//   connectors:
//     - name: file
//       config:
//         dir: ../var/saida          # relative to regua.yaml
//         from: cobranca@escritorio.com.br
//         from_name: Escritório Exemplo
#include <filesystem>
#include <fstream>
#include <sstream>

#include <regua/plugin.hpp>

#include "mail_message.hpp"

namespace {

namespace fs = std::filesystem;

std::string safeName(std::string_view id) {
  std::string out;
  for (char c : id) out += ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-') ? c : '_';
  return out;
}

class FileChannel {
 public:
  static constexpr const char* kChannelNames[] = {"email", "sms", "whatsapp", nullptr};

  explicit FileChannel(regua::Host host)
      : from_{std::string(host.configOr("from", "cobranca@regua.local")), std::string(host.configOr("from_name", ""))} {
    std::string dir(host.requireConfig("dir"));
    const std::string base(host.configOr("@config_dir", ""));
    dir_ = dir[0] == '/' || base.empty() ? fs::path(dir) : fs::path(base) / dir;
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) throw regua::ConfigError("não consegui criar a pasta " + dir_.string() + ": " + ec.message());
  }

  regua::Delivery send(const regua::Message& m) {
    const std::string channel(regua::view(m.channel));
    const bool email = channel == "email";
    const fs::path folder = email ? dir_ / "email" : dir_ / channel;
    const std::string name = safeName(regua::view(m.delivery_id)) + (email ? ".eml" : ".txt");
    const fs::path target = (email ? folder / "new" : folder) / name;
    if (fs::exists(target)) return {target.string()};  // delivered before
    fs::create_directories(folder / "tmp");
    fs::create_directories(target.parent_path());
    const fs::path temp = folder / "tmp" / name;
    {
      std::ofstream out(temp, std::ios::binary);
      if (email) {
        Poco::Net::MailMessage message;
        regua::mail::compose(m, from_, message);
        message.write(out);
      } else {
        out << "Para: " << regua::view(m.to) << "\n\n" << regua::view(m.text);
      }
      if (!out) throw regua::RetryLater("não consegui gravar " + temp.string() + " (disco cheio?)", 60);
    }
    fs::rename(temp, target);
    return {target.string()};
  }

 private:
  regua::mail::Sender from_;
  fs::path dir_;
};

}  // namespace

REGUA_PLUGIN(FileChannel, "br.regua.file", "1.0.0", "Entrega mensagens numa pasta (Maildir e textos), sem servidor")
