// connectors/ofx: the credits in a bank statement (OFX, what every Brazilian bank's
// internet banking exports), read with LibOFX, handed to the host as bank credits: the
// host finds each one's receivable (a PIX txid, else the exact amount with the payer's
// document or name) or queues it for reconciliation. Debits are not the office's
// receivables and are left out. Built only against the SDK.
#include <string>

#include <regua/document.hpp>
#include <regua/plugin.hpp>

#include "ofx_reader.hpp"

namespace {

// How the money came, from what the bank wrote.
std::string methodOf(const regua::ofx::Transaction& t) {
  const std::string text = t.name + " " + t.memo;
  if (text.find("PIX") != std::string::npos || text.find("Pix") != std::string::npos) return "pix";
  if (text.find("TED") != std::string::npos) return "ted";
  if (text.find("BOLETO") != std::string::npos || text.find("COBRANCA") != std::string::npos) return "boleto";
  return "transferência";
}

class OfxSource {
 public:
  explicit OfxSource(regua::Host host) : host_(host) {
    file_ = host.configPath("file");
    folder_ = !std::string(host.configOr("dir", "")).empty();
    if (folder_ && !file_.empty()) throw regua::ConfigError("use 'file' (um extrato) ou 'dir' (uma pasta de extratos), não os dois");
    if (folder_) return;  // the host imports each file of the folder (services/bank_folder.hpp)
    if (file_.empty()) throw regua::ConfigError("diga qual extrato ler: 'file' (o arquivo OFX) ou 'dir' (a pasta onde eles chegam)");
  }

  regua::SourcePull pull(std::string_view cursor, regua::SourceSink& sink) {
    if (folder_) return {"pasta", false};  // nothing of its own: the host reads the folder
    const std::string fingerprint = regua::fileFingerprint(file_);
    if (!cursor.empty() && cursor == fingerprint) return {fingerprint, false};
    const std::string name = file_.substr(file_.find_last_of('/') + 1);
    // An OfxError ("FILE:LINE:COL: ...") fails the pull as it is: nothing is stored.
    const auto statement = regua::ofx::readStatement(file_, name);
    bool rejected = false;
    std::size_t credits = 0;
    for (const auto& t : statement.transactions) {
      if (t.amount <= regua::Money()) continue;
      ++credits;
      const std::string id = "ofx-" + statement.account + "-" + t.fitid;
      const std::string origin = name + ", FITID " + t.fitid;
      const std::string method = methodOf(t);
      const auto found = regua::findDocument(t.name + " " + t.memo);
      const std::string document = found ? found->normalized() : "";
      regua::PaymentRecord p;
      p.externalId = id;
      p.amount = t.amount;
      p.paidDate = t.posted;
      p.method = method;
      p.origin = origin;
      p.bankCredit = true;
      p.payerDocument = document;
      p.payerName = t.name.empty() ? t.memo : t.name;
      p.reference = t.fitid;
      rejected = !sink.payment(p) || rejected;
    }
    if (rejected) return {fingerprint, false};  // the host lists what it refused and stores nothing
    host_.info(name + ": " + std::to_string(credits) + " créditos de " + std::to_string(statement.transactions.size()) +
               " lançamentos (conta " + statement.account + ")");
    return {fingerprint, false};
  }

 private:
  regua::Host host_;
  bool folder_ = false;
  std::string file_;
};

}  // namespace

REGUA_PLUGIN(OfxSource, "br.regua.ofx", "0.1.0", "Créditos do extrato bancário (OFX, lido com o LibOFX)")
