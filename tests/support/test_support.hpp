// Helpers shared by the host's unit tests and the end-to-end tests: temporary
// directories and running the real `regua` binary as a user would.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

namespace regua::testing {

// A fresh directory removed with everything in it when the object goes away.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "regua-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `text` to path()/name and returns the full path.
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    const auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }
  // What path()/name holds.
  std::string read(const std::string& name) const {
    std::ifstream in(path_ / name, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

 private:
  std::filesystem::path path_;
};

struct RunResult {
  int exitCode = -1;
  std::string out;
  std::string err;
};

// Runs `program` with `args` (and `env` added to this process's environment), waits,
// and returns its exit code and both outputs.
inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// With `input`, that text is the program's standard input (then end of file).
inline RunResult run(const std::string& program, const std::vector<std::string>& args,
                     const std::string& workingDir = ".", const Poco::Process::Env& env = {},
                     const std::optional<std::string>& input = std::nullopt) {
  Poco::Pipe inPipe, outPipe, errPipe;
  Poco::ProcessHandle handle =
      Poco::Process::launch(program, args, workingDir, input ? &inPipe : nullptr, &outPipe, &errPipe, env);
  if (input) {
    Poco::PipeOutputStream in(inPipe);
    in << *input;
    in.close();
  }
  RunResult result;
  // Drain stderr on its own thread so neither pipe can fill up and stall the child.
  std::thread errReader([&] {
    Poco::PipeInputStream err(errPipe);
    Poco::StreamCopier::copyToString(err, result.err);
  });
  Poco::PipeInputStream out(outPipe);
  Poco::StreamCopier::copyToString(out, result.out);
  errReader.join();
  result.exitCode = handle.wait();
  return result;
}

// The sample office (config/ of the repository) copied into `dir`/config, its store in
// that directory, serve's own daily run off (a test runs the day itself; a run past
// run_at would hold the engine lock), and `extraYaml` appended. Returns regua.yaml's path.
inline std::filesystem::path copySampleOffice(TempDir& dir, const std::string& extraYaml = "") {
  std::filesystem::copy(REGUA_SOURCE_DIR "/config", dir.path() / "config", std::filesystem::copy_options::recursive);
  std::string yaml = dir.read("config/regua.yaml");
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"url: sqlite:../var/regua.db", "url: sqlite:regua.db"},
                                 {"run_at: \"07:00\"", "run_at: \"off\""}}) {
    const auto at = yaml.find(from);
    if (at == std::string::npos) throw std::runtime_error("config/regua.yaml no longer has " + from);
    yaml.replace(at, from.size(), to);
  }
  return dir.write("config/regua.yaml", yaml + extraYaml);
}

}  // namespace regua::testing
