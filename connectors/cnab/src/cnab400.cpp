#include "cnab400.hpp"

#include <algorithm>

#include "fixed_width.hpp"

namespace regua::cnab {

namespace {

constexpr std::size_t kWidth = 400;

// Bradesco, "Layout de Cobrança CNAB 400 — arquivo retorno".
const Cnab400Layout kBradesco{
    "237", "Bradesco",
    {71, 82}, {117, 126}, {109, 110}, {111, 116}, {147, 152}, {153, 165}, {176, 188}, {215, 227}, {228, 240},
    {241, 253}, {254, 266}, {267, 279}, std::nullopt, {296, 301}, {319, 328},
    {"06", "15", "17"},
    {{"02", "entrada confirmada"}, {"03", "entrada rejeitada"}, {"06", "liquidação"},
     {"09", "baixado automaticamente"}, {"10", "baixado conforme instrução da agência"},
     {"12", "abatimento concedido"}, {"13", "abatimento cancelado"}, {"14", "vencimento alterado"},
     {"15", "liquidação em cartório"}, {"17", "liquidação após baixa ou sem registro"},
     {"19", "instrução de protesto confirmada"}, {"23", "enviado a cartório"}, {"28", "débito de tarifas/custas"}}};

// Caixa, "Leiaute de arquivo CNAB 400 — Cobrança Bancária CAIXA (SIGCB)": multa apart.
const Cnab400Layout kCaixa{
    "104", "Caixa",
    {59, 73}, {117, 126}, {109, 110}, {111, 116}, {147, 152}, {153, 165}, {176, 188}, {215, 227}, {228, 240},
    {241, 253}, {254, 266}, {267, 279}, Columns{280, 292}, {294, 299}, {80, 82},
    {"21", "22"},
    {{"01", "entrada confirmada"}, {"02", "baixa confirmada"}, {"21", "liquidação"},
     {"22", "liquidação em cartório"}}};

const Cnab400Layout* layoutFor(std::string_view bank) {
  for (const auto& layout : cnab400Layouts()) {
    if (layout.bank == bank) return &layout;
  }
  return nullptr;
}

std::string meaning(const Cnab400Layout& layout, std::string_view code) {
  for (const auto& [known, text] : layout.movements) {
    if (known == code) return std::string(text);
  }
  return "movimento " + std::string(code);
}

TitleMovement detail(const FixedRecord& r, const Cnab400Layout& l) {
  auto money = [&](Columns c, std::string_view field) { return r.money(c.from, c.to, field); };
  TitleMovement t;
  t.line = r.lineNumber();
  t.movement = std::string(r.text(l.movement.from, l.movement.to));
  t.movementText = meaning(l, t.movement);
  t.settlement = std::find(l.settlementCodes.begin(), l.settlementCodes.end(), t.movement) != l.settlementCodes.end();
  t.nossoNumero = r.trimmed(l.nossoNumero.from, l.nossoNumero.to);
  t.documentNumber = r.trimmed(l.documentNumber.from, l.documentNumber.to);
  t.occurredOn = r.shortDate(l.occurredOn.from, l.occurredOn.to, "data da ocorrência");
  t.dueDate = r.shortDate(l.dueDate.from, l.dueDate.to, "vencimento");
  t.faceValue = money(l.faceValue, "valor do título");
  t.bankFee = money(l.bankFee, "tarifa");
  t.iof = money(l.iof, "IOF");
  t.rebate = money(l.rebate, "abatimento");
  t.discount = money(l.discount, "desconto");
  t.paid = money(l.paid, "valor pago");
  t.charges = money(l.interest, "juros");
  if (l.fine) t.charges += money(*l.fine, "multa");
  t.creditedOn = r.shortDate(l.creditedOn.from, l.creditedOn.to, "data do crédito");
  t.reasons = r.trimmed(l.reasons.from, l.reasons.to);
  if (t.settlement && !t.occurredOn) {
    r.fail(l.occurredOn.from, "liquidação sem data da ocorrência (colunas " + std::to_string(l.occurredOn.from) + "-" +
                                  std::to_string(l.occurredOn.to) + ")");
  }
  return t;
}

// The file header: a retorno (not a remessa) of a bank with a layout. Fills `out`'s
// file fields and returns the bank's layout.
const Cnab400Layout& header(const FixedRecord& r, RetornoFile& out) {
  const auto type = r.text(1, 1);
  if (type != "0") r.fail(1, "o primeiro registro deve ser o header (tipo 0), veio tipo '" + std::string(type) + "'");
  if (r.text(2, 2) != "2") {
    r.fail(2, "o header diz '" + std::string(r.text(2, 2)) +
                  "', não 2 (retorno); este parece um arquivo de remessa, não o retorno do banco");
  }
  out.bank = std::string(r.text(77, 79));
  const Cnab400Layout* layout = layoutFor(out.bank);
  if (layout == nullptr) {
    std::string known;
    for (const auto& l : cnab400Layouts()) known += (known.empty() ? "" : ", ") + std::string(l.bank) + " " + std::string(l.name);
    r.fail(77, "banco " + out.bank + " sem layout CNAB 400 cadastrado (os cadastrados são " + known +
                   "); o layout de cada banco é diferente, então o arquivo não foi lido");
  }
  out.layout = layout->bank;
  out.companyName = r.trimmed(47, 76);
  out.bankName = r.trimmed(80, 94);
  out.generatedOn = r.shortDate(95, 100, "data de gravação");
  return *layout;
}

}  // namespace

const std::vector<Cnab400Layout>& cnab400Layouts() {
  static const std::vector<Cnab400Layout> layouts{kBradesco, kCaixa};
  return layouts;
}

RetornoFile readCnab400(std::string_view text, std::string_view file) {
  RetornoFile out;
  const Cnab400Layout* layout = nullptr;
  long records = 0;
  bool trailer = false;
  const int lastLine = forEachRecord(text, file, kWidth, [&](const FixedRecord& r) {
    if (trailer) r.fail(1, "há registros depois do trailer (registro tipo 9)");
    ++records;
    // Every record carries its own number: a line lost, repeated or pasted from another file shows here.
    const auto sequence = r.number(395, 400, "número sequencial do registro");
    if (sequence != records) {
      r.fail(395, "registro número " + std::to_string(sequence) + " onde deveria estar o " + std::to_string(records) +
                      "; falta, sobra ou veio de outro arquivo uma linha — peça ao banco um novo retorno");
    }
    const auto type = r.text(1, 1);
    if (records == 1) {
      layout = &header(r, out);
    } else if (type == "9") {
      trailer = true;
    } else if (type == "1") {
      out.titles.push_back(detail(r, *layout));
    }  // other types (a bank's rateio or complement records) carry nothing Régua uses
  });
  if (records == 0) throw CnabError(std::string(file) + ":1:1: arquivo vazio");
  if (!trailer) {
    throw CnabError(std::string(file) + ":" + std::to_string(lastLine) + ":1: o arquivo termina sem o trailer " +
                    "(registro tipo 9); pode ter sido cortado");
  }
  return out;
}

}  // namespace regua::cnab
