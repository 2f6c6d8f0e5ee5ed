// connectors/cnab: a bank's retorno file (CNAB 240 or 400) for the host. Settlements
// become bank credits that name the boleto (nosso número, and the office's seu número),
// with what the bank collected, granted and kept; the host finds the receivable or
// queues the credit for reconciliation. Every other movement (entry confirmed,
// rejected, written off, protest...) becomes an occurrence in the receivable's history.
// Built only against the SDK.
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
    file_ = host.configPath("file");
    folder_ = !std::string(host.configOr("dir", "")).empty();
    if (folder_ && !file_.empty()) throw regua::ConfigError("use 'file' (um retorno) ou 'dir' (uma pasta de retornos), não os dois");
    if (folder_) return;  // the host imports each file of the folder (services/bank_folder.hpp)
    if (file_.empty()) {
      throw regua::ConfigError("diga qual retorno ler: 'file' (o caminho do arquivo do banco) ou 'dir' (a pasta onde eles chegam)");
    }
    layout_ = std::string(host.configOr("layout", ""));
  }

  regua::SourcePull pull(std::string_view cursor, regua::SourceSink& sink) {
    if (folder_) return {"pasta", false};  // nothing of its own: the host reads the folder
    const std::string fingerprint = regua::fileFingerprint(file_);
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
      // One movement of one boleto on one day: the same file imported again repeats it.
      // An entry or a rejection may come without its date: the file's is the day.
      const regua::Date on = t.occurredOn.value_or(retorno.generatedOn.value_or(regua::Date()));
      const std::string id = retorno.bank + "-" + t.nossoNumero + "-" + on.iso() + "-" + t.movement;
      const std::string origin = name + ":" + std::to_string(t.line);
      if (t.settlement) {
        ++settled;
        rejected = !sink.payment(settlement(t, id, origin)) || rejected;
        continue;
      }
      const std::string text = t.movementText + (t.reasons.empty() ? "" : " (motivos " + t.reasons + ")");
      const regua::OccurrenceRecord occurrence{.externalId = id,
                                               .nossoNumero = t.nossoNumero,
                                               .seuNumero = t.documentNumber,
                                               .date = on,
                                               .code = t.movement,
                                               .text = text,
                                               .origin = origin};
      rejected = !sink.occurrence(occurrence) || rejected;
    }
    if (rejected) return {fingerprint, false};  // the host lists what it refused and stores nothing
    host_.info(name + ": " + std::to_string(settled) + " liquidações de " + std::to_string(retorno.titles.size()) +
               " movimentos (banco " + retorno.bank + ")");
    return {fingerprint, false};
  }

 private:
  static regua::PaymentRecord settlement(const regua::cnab::TitleMovement& t, const std::string& id,
                                         const std::string& origin) {
    regua::PaymentRecord p;
    p.externalId = id;
    p.amount = t.paid;
    p.paidDate = *t.occurredOn;
    p.creditDate = t.creditedOn.value_or(regua::Date());
    p.method = "boleto";
    p.origin = origin;
    p.nossoNumero = t.nossoNumero;
    p.bankCredit = true;
    p.seuNumero = t.documentNumber;
    p.payerDocument = t.payerDocument;
    p.payerName = t.payerName;
    p.charges = t.charges;
    p.discount = t.discount + t.rebate;
    p.bankFee = t.bankFee;
    return p;
  }


  regua::Host host_;
  bool folder_ = false;
  std::string file_, layout_;
};

}  // namespace

REGUA_PLUGIN(CnabSource, "br.regua.cnab", "0.1.0", "Liquidações do retorno do banco (CNAB 240 e 400)")
