#include "cnab240.hpp"

#include <array>
#include <utility>

#include "fixed_width.hpp"

namespace regua::cnab {

namespace {

constexpr std::size_t kWidth = 240;

// FEBRABAN's "código de movimento retorno" (cobrança), as the office reads it.
constexpr std::array<std::pair<std::string_view, std::string_view>, 21> kMovements{{
    {"02", "entrada confirmada"},
    {"03", "entrada rejeitada"},
    {"04", "transferência de carteira (entrada)"},
    {"05", "transferência de carteira (baixa)"},
    {"06", "liquidação"},
    {"09", "baixa"},
    {"11", "título em carteira (em ser)"},
    {"12", "abatimento confirmado"},
    {"13", "abatimento cancelado"},
    {"14", "vencimento alterado"},
    {"17", "liquidação após baixa ou sem registro"},
    {"19", "instrução de protesto confirmada"},
    {"20", "sustação de protesto confirmada"},
    {"23", "enviado a cartório"},
    {"24", "retirado de cartório e mantido em carteira"},
    {"25", "protestado e baixado"},
    {"26", "instrução rejeitada"},
    {"27", "alteração de dados confirmada"},
    {"28", "débito de tarifas/custas"},
    {"29", "ocorrência do pagador"},
    {"30", "alteração de dados rejeitada"},
}};

// FEBRABAN's own columns (layout 10.x, segment T).
constexpr Cnab240Layout kFebraban{"febraban", "FEBRABAN",
                                  {38, 57}, {59, 73}, {74, 81}, {82, 96}, {134, 148}, {149, 188}, {199, 213}, {214, 223}};
// Santander's layout: segment T from column 41 (nosso número 41-53, carteira 54), and a
// batch trailer that counts only the details — as the retorno Santander produced in
// node-boleto's examples shows (tests/fixtures/santander-retorno.txt).
constexpr Cnab240Layout kSantander{"033", "Santander",
                                   {41, 53}, {55, 69}, {70, 77}, {78, 92}, {129, 143}, {144, 183}, {194, 208}, {209, 218},
                                   true};

const Cnab240Layout* findLayout(std::string_view id) {
  for (const auto& layout : cnab240Layouts()) {
    if (layout.id == id) return &layout;
  }
  return nullptr;
}

std::string layoutIds() {
  std::string out;
  for (const auto& layout : cnab240Layouts()) out += (out.empty() ? "" : ", ") + std::string(layout.id);
  return out;
}

// Walks the file record by record, keeping what the trailers will be checked against.
class Reader {
 public:
  Reader(std::string_view text, std::string_view file, std::string_view layout)
      : text_(text), file_(file), asked_(layout) {}

  RetornoFile read() {
    const int last = forEachRecord(text_, file_, kWidth, [this](const FixedRecord& r) { record(r); });
    if (!sawFileHeader_) fail(1, 1, "arquivo vazio ou sem header de arquivo (registro tipo 0)");
    if (!sawFileTrailer_) {
      fail(last, 1, "o arquivo termina sem o trailer de arquivo (registro tipo 9); pode ter sido cortado");
    }
    return std::move(out_);
  }

 private:
  void record(const FixedRecord& r) {
    if (sawFileTrailer_) r.fail(1, "há registros depois do trailer de arquivo (registro tipo 9)");
    ++records_;
    const auto type = r.text(8, 8);
    if (type == "0") return fileHeader(r);
    if (!sawFileHeader_) r.fail(8, "o primeiro registro deve ser o header de arquivo (tipo 0), veio tipo '" + std::string(type) + "'");
    if (type == "1") return batchHeader(r);
    if (type == "3") return detail(r);
    if (type == "5") return batchTrailer(r);
    if (type == "9") return fileTrailer(r);
    if (type == "2" || type == "4") return countInBatch();  // optional batch header/trailer records
    r.fail(8, "tipo de registro '" + std::string(type) + "' não existe no CNAB 240 (0, 1, 2, 3, 4, 5 ou 9)");
  }

  void fileHeader(const FixedRecord& r) {
    if (sawFileHeader_) r.fail(8, "segundo header de arquivo (tipo 0); junte um arquivo por vez");
    sawFileHeader_ = true;
    if (r.text(143, 143) != "2") {
      r.fail(143, "o código do arquivo é '" + std::string(r.text(143, 143)) +
                      "', não 2 (retorno); este parece um arquivo de remessa, não o retorno do banco");
    }
    out_.bank = std::string(r.text(1, 3));
    layout_ = findLayout(asked_.empty() ? std::string_view(out_.bank) : asked_);
    if (layout_ == nullptr && !asked_.empty()) {
      r.fail(1, "layout CNAB 240 '" + std::string(asked_) + "' desconhecido; os conhecidos são " + layoutIds());
    }
    if (layout_ == nullptr) {
      r.fail(1, "banco " + out_.bank + " sem layout CNAB 240 cadastrado (os cadastrados são " + layoutIds() +
                    "); se o manual do banco segue as colunas da FEBRABAN, use o layout febraban (layout: febraban no regua.yaml, ou regua import --bank febraban)");
    }
    out_.layout = layout_->id;
    out_.layoutVersion = std::string(r.text(164, 166));
    out_.companyName = r.trimmed(73, 102);
    out_.bankName = r.trimmed(103, 132);
    out_.generatedOn = r.date(144, 151, "data de geração");
    out_.sequence = static_cast<long>(r.number(158, 163, "número sequencial do arquivo"));
  }

  void batchHeader(const FixedRecord& r) {
    if (inBatch_) r.fail(8, "header de lote antes do trailer do lote anterior (linha " + std::to_string(batchLine_) + ")");
    inBatch_ = true;
    batchLine_ = r.lineNumber();
    batchRecords_ = 1;
    batchDetails_ = 0;
    ++batches_;
  }

  void countInBatch() {
    if (inBatch_) ++batchRecords_;
  }

  void detail(const FixedRecord& r) {
    if (!inBatch_) r.fail(8, "registro de detalhe (tipo 3) fora de um lote; falta o header de lote (tipo 1)");
    ++batchRecords_;
    ++batchDetails_;
    const auto segment = r.text(14, 14);
    if (segment == "T") return segmentT(r);
    if (segment == "U") return segmentU(r);
    pendingT_.reset();  // Y and other optional segments carry nothing Régua uses
  }

  void segmentT(const FixedRecord& r) {
    if (pendingT_) r.fail(14, "segmento T sem o segmento U do título da linha " + std::to_string(pendingT_->line));
    const Cnab240Layout& l = *layout_;
    TitleMovement t;
    t.line = r.lineNumber();
    t.movement = std::string(r.text(16, 17));
    t.movementText = movementName(t.movement);
    t.settlement = t.movement == "06" || t.movement == "17";  // liquidação, liquidação após baixa
    t.nossoNumero = r.trimmed(l.nossoNumero.from, l.nossoNumero.to);
    t.documentNumber = r.trimmed(l.documentNumber.from, l.documentNumber.to);
    t.dueDate = r.date(l.dueDate.from, l.dueDate.to, "vencimento");
    t.faceValue = r.money(l.faceValue.from, l.faceValue.to, "valor nominal");
    t.payerDocument = r.trimmed(l.payerDocument.from, l.payerDocument.to);
    t.payerName = r.trimmed(l.payerName.from, l.payerName.to);
    t.bankFee = r.money(l.bankFee.from, l.bankFee.to, "tarifa/custas");
    t.reasons = r.trimmed(l.reasons.from, l.reasons.to);
    pendingT_ = std::move(t);
  }

  void segmentU(const FixedRecord& r) {
    if (!pendingT_) r.fail(14, "segmento U sem o segmento T do título antes dele");
    TitleMovement t = std::move(*pendingT_);
    pendingT_.reset();
    if (r.text(16, 17) != t.movement) {
      r.fail(16, "movimento " + std::string(r.text(16, 17)) + " no segmento U e " + t.movement +
                     " no segmento T da linha " + std::to_string(t.line) + "; o arquivo está inconsistente");
    }
    t.charges = r.money(18, 32, "juros/multa/encargos");
    t.discount = r.money(33, 47, "desconto");
    t.rebate = r.money(48, 62, "abatimento");
    t.iof = r.money(63, 77, "IOF");
    t.paid = r.money(78, 92, "valor pago");
    t.credited = r.money(93, 107, "valor líquido");
    t.occurredOn = r.date(138, 145, "data da ocorrência");
    t.creditedOn = r.date(146, 153, "data do crédito");
    if (t.settlement && !t.occurredOn) r.fail(138, "liquidação sem data da ocorrência (colunas 138-145)");
    out_.titles.push_back(std::move(t));
  }

  void batchTrailer(const FixedRecord& r) {
    if (!inBatch_) r.fail(8, "trailer de lote (tipo 5) sem header de lote");
    if (pendingT_) r.fail(8, "o lote termina com o segmento T da linha " + std::to_string(pendingT_->line) + " sem o U");
    ++batchRecords_;
    const auto declared = r.number(18, 23, "quantidade de registros do lote");
    const long counted = layout_->batchCountsDetailsOnly ? batchDetails_ : batchRecords_;
    if (declared != counted) {
      r.fail(18, "o trailer do lote declara " + std::to_string(declared) + " registros e o lote da linha " +
                     std::to_string(batchLine_) + " tem " + std::to_string(counted) +
                     "; o arquivo está incompleto ou foi editado — peça ao banco um novo retorno");
    }
    inBatch_ = false;
  }

  void fileTrailer(const FixedRecord& r) {
    if (inBatch_) r.fail(8, "trailer de arquivo com o lote da linha " + std::to_string(batchLine_) + " aberto");
    sawFileTrailer_ = true;
    const auto batches = r.number(18, 23, "quantidade de lotes");
    const auto records = r.number(24, 29, "quantidade de registros");
    if (batches != batches_) {
      r.fail(18, "o trailer declara " + std::to_string(batches) + " lotes e o arquivo tem " + std::to_string(batches_) +
                     "; o arquivo está incompleto ou foi editado — peça ao banco um novo retorno");
    }
    if (records != records_) {
      r.fail(24, "o trailer declara " + std::to_string(records) + " registros e o arquivo tem " +
                     std::to_string(records_) + "; o arquivo está incompleto ou foi editado — peça ao banco um novo retorno");
    }
  }

  [[noreturn]] void fail(int line, int column, const std::string& what) const {
    throw CnabError(std::string(file_) + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + what);
  }

  std::string_view text_, file_, asked_;
  const Cnab240Layout* layout_ = nullptr;
  RetornoFile out_;
  long records_ = 0, batches_ = 0, batchRecords_ = 0, batchDetails_ = 0;
  int batchLine_ = 0;
  bool sawFileHeader_ = false, sawFileTrailer_ = false, inBatch_ = false;
  std::optional<TitleMovement> pendingT_;
};

}  // namespace

const std::vector<Cnab240Layout>& cnab240Layouts() {
  static const std::vector<Cnab240Layout> layouts{kFebraban, kSantander};
  return layouts;
}

std::string movementName(std::string_view code) {
  for (const auto& [known, name] : kMovements) {
    if (known == code) return std::string(name);
  }
  return "movimento " + std::string(code);
}

RetornoFile readCnab240(std::string_view text, std::string_view file, std::string_view layout) {
  return Reader(text, file, layout).read();
}

}  // namespace regua::cnab
