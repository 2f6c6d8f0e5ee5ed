// A running `regua serve --port 0` for the end-to-end tests, with a small HTTP client.
#pragma once

#include <signal.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <gtest/gtest.h>

#include "openapi_contract.hpp"

namespace regua::testing {

// The key `regua api-key create` printed (its last line), ready for an Authorization header.
inline std::string bearerFrom(const std::string& createOutput) {
  const auto at = createOutput.rfind("rgk_");
  return "Bearer " + createOutput.substr(at, createOutput.find('\n', at) - at);
}

// A running `regua serve --port 0`; stopped (SIGKILL) if a test leaves it running.
class ServeProcess {
 public:
  explicit ServeProcess(const std::filesystem::path& config, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--config", config.string(), "serve", "--port", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    handle_ = std::make_unique<Poco::ProcessHandle>(
        Poco::Process::launch(REGUA_BINARY, args, REGUA_SOURCE_DIR, nullptr, &out_, &err_));
    errReader_ = std::thread([this] {
      Poco::PipeInputStream err(err_);
      Poco::StreamCopier::copyToString(err, errText_);
    });
    // The first stdout line says where it listens; EOF means it exited instead.
    Poco::PipeInputStream out(out_);
    std::string line;
    while (std::getline(out, line)) {
      const auto at = line.find("://127.0.0.1:");
      if (at != std::string::npos) {
        port_ = static_cast<std::uint16_t>(std::stoi(line.substr(at + 13)));
        break;
      }
    }
  }
  ~ServeProcess() {
    if (exitCode_ < 0 && port_ != 0) ::kill(handle_->id(), SIGKILL);
    if (exitCode_ < 0) exitCode_ = handle_->wait();
    if (errReader_.joinable()) errReader_.join();
  }

  std::uint16_t port() const { return port_; }
  int pid() const { return handle_->id(); }
  // Sends `signal` and waits for the exit code.
  int stop(int signal) {
    ::kill(handle_->id(), signal);
    return waitExit();
  }
  int waitExit() {
    exitCode_ = handle_->wait();
    errReader_.join();
    return exitCode_;
  }
  // Everything written to stderr; complete only after stop()/waitExit().
  const std::string& err() const { return errText_; }

  // GET/POST path; returns the status and body.
  std::pair<int, std::string> request(const std::string& method, const std::string& path) const {
    const auto answer = call(method, path);
    return {answer.status, answer.body};
  }

  struct Answer {
    int status = 0;
    std::string body, contentType;
    std::map<std::string, std::string> headers;
    std::vector<std::string> cookies;  // every Set-Cookie, "name=value" only
  };
  // A request with a body (JSON) and headers, as an API client sends it.
  Answer call(const std::string& method, const std::string& path, const std::string& body = "",
              const std::vector<std::pair<std::string, std::string>>& headers = {}) const {
    Poco::Net::HTTPClientSession session("127.0.0.1", port_);
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : headers) request.set(name, value);
    if (!body.empty() || method == "POST") {
      if (!request.has("Content-Type")) request.setContentType("application/json");
      request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    Answer answer;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), answer.body);
    answer.status = response.getStatus();
    answer.contentType = response.getContentType();
    for (const auto& [name, value] : response) {
      answer.headers[name] = value;
      if (Poco::icompare(name, "Set-Cookie") == 0) answer.cookies.push_back(value.substr(0, value.find(';')));
    }
    checkContract(method, path, answer);
    return answer;
  }

 private:
  // Every answer from a path the contract documents must match it (gtest failure if not).
  void checkContract(const std::string& method, const std::string& path, const Answer& answer) const {
    if (path == kContractPath) return;
    if (!contract_) {
      Poco::Net::HTTPClientSession session("127.0.0.1", port_);
      Poco::Net::HTTPRequest request("GET", kContractPath, Poco::Net::HTTPMessage::HTTP_1_1);
      session.sendRequest(request);
      Poco::Net::HTTPResponse response;
      std::string document;
      Poco::StreamCopier::copyToString(session.receiveResponse(response), document);
      contract_ = std::make_unique<OpenApiContract>(document);
    }
    for (const auto& problem : contract_->violations(method, path, answer.status, answer.contentType, answer.body)) {
      ADD_FAILURE() << "contract: " << problem << "\n" << answer.body.substr(0, 600);
    }
  }
  static constexpr const char* kContractPath = "/api/v1/openapi.json";
  mutable std::unique_ptr<OpenApiContract> contract_;

 public:

 private:
  Poco::Pipe out_, err_;
  std::unique_ptr<Poco::ProcessHandle> handle_;
  std::thread errReader_;
  std::string errText_;
  std::uint16_t port_ = 0;
  int exitCode_ = -1;
};

}  // namespace regua::testing
