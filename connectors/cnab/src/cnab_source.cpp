// connectors/cnab: the settlements in a bank's retorno file (CNAB 240 or 400), handed to
// the host as payments that name the boleto by its nosso número. Built only against the
// SDK. What the file says besides settlements (entries, rejections, write-offs) is read
// and checked but not delivered yet: the host has no place for it before ABI 1.10.
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <string>

#include <regua/plugin.hpp>

#include "cnab240.hpp"
#include "cnab400.hpp"

namespace {

using regua::cnab::RetornoFile;

// CNAB 400 records end with their number in 395-400, so a 400 line always runs past
// column 240; a 240 line never does, even with its trailing spaces intact.
bool isCnab400(const std::string& text) {
  std::string first = text.substr(0, text.find('\n'));
  while (!first.empty() && (first.back() == '\r' || first.back() == ' ')) first.pop_back();
  return first.size() > 240;
}

class CnabSource {
 public:
  explicit CnabSource(regua::Host host) : host_(host) {
    const std::string base(host.configOr("@config_dir", ""));
    file_ = std::string(host.configOr("file", ""));
    if (file_.empty()) throw regua::ConfigError("diga qual retorno ler: 'file' (o caminho do arquivo do banco)");
    if (file_.front() != '/' && !base.empty()) file_ = base + "/" + file_;
    layout_ = std::string(host.configOr("layout", ""));
  }

  regua::SourcePull pull(std::string_view cursor, regua::SourceSink& sink) {
    const std::string fingerprint = fingerprintOfFile();
    if (!cursor.empty() && cursor == fingerprint) return {fingerprint, false};
    const std::string name = file_.substr(file_.find_last_of('/') + 1);
    std::ifstream in(file_, std::ios::binary);
    if (!in) throw std::runtime_error(name + ": não consegui abrir o retorno " + file_ + "; confira 'file'");
    std::stringstream text;
    text << in.rdbuf();
    // A CnabError ("FILE:LINE:COL: ...") fails the pull as it is: nothing of the file is stored.
    const RetornoFile retorno = isCnab400(text.str()) ? regua::cnab::readCnab400(text.str(), name)
                                                      : regua::cnab::readCnab240(text.str(), name, layout_);
    bool rejected = false;
    std::size_t settled = 0;
    for (const auto& t : retorno.titles) {
      if (!t.settlement) continue;
      ++settled;
      // One settlement of one boleto on one day: the same file imported again repeats it.
      const std::string id = retorno.bank + "-" + t.nossoNumero + "-" + t.occurredOn->iso() + "-" + t.movement;
      const std::string origin = name + ":" + std::to_string(t.line);
      regua::PaymentRecord record{id, "", t.paid, *t.occurredOn, t.creditedOn.value_or(regua::Date()), "boleto", origin,
                                  t.nossoNumero};
      rejected = !sink.payment(record) || rejected;
    }
    if (rejected) return {fingerprint, false};  // the host lists what it refused and stores nothing
    host_.info(name + ": " + std::to_string(settled) + " liquidações de " + std::to_string(retorno.titles.size()) +
               " movimentos (banco " + retorno.bank + ")");
    return {fingerprint, false};
  }

 private:
  std::string fingerprintOfFile() const {
    struct stat st {};
    if (::stat(file_.c_str(), &st) != 0) return "-";
    return std::to_string(st.st_size) + "@" + std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
  }

  regua::Host host_;
  std::string file_, layout_;
};

}  // namespace

REGUA_PLUGIN(CnabSource, "br.regua.cnab", "0.1.0", "Liquidações do retorno do banco (CNAB 240 e 400)")
