// CNAB 240 retorno de cobrança: what the bank says happened to each boleto. Reads the file
// header, each batch's header and trailer, segments T and U of each title, and the file
// trailer; checks the record counts the trailers declare. Other segments (Y, ...) are
// optional and skipped. FEBRABAN's layout leaves room that banks use differently (Santander
// moves segment T's fields): what differs is data, one Cnab240Layout per bank.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <regua/value.hpp>

namespace regua::cnab {

// One title's movement: a segment T and the segment U after it.
struct TitleMovement {
  int line = 0;                 // of the segment T, for messages
  std::string movement;         // código de movimento retorno: "06" liquidação, "02" entrada confirmada...
  std::string nossoNumero;      // T 38-57, the bank's id of the boleto
  std::string documentNumber;   // T 59-73, "seu número": the office's own id
  std::optional<Date> dueDate;  // T 74-81
  Money faceValue;              // T 82-96
  std::string payerDocument;    // T 134-148 (CPF/CNPJ digits, zeros on the left)
  std::string payerName;        // T 149-188
  Money bankFee;                // T 199-213, tarifa/custas
  std::string reasons;          // T 214-223, up to five 2-character codes of motivos
  Money charges;                // U 18-32, juros/multa/encargos the bank collected
  Money discount;               // U 33-47
  Money rebate;                 // U 48-62, abatimento
  Money iof;                    // U 63-77
  Money paid;                   // U 78-92, what the payer paid
  Money credited;               // U 93-107, what reaches the account
  std::optional<Date> occurredOn;  // U 138-145
  std::optional<Date> creditedOn;  // U 146-153

  // Movements 06 (liquidação) and 17 (liquidação após baixa): the title was paid.
  bool isSettlement() const { return movement == "06" || movement == "17"; }
};

// A field's 1-based, inclusive columns.
struct Columns {
  int from, to;
};

// Where a bank puts what segment T carries, and how it counts a batch. Segment U, the
// headers and the trailers follow FEBRABAN's columns in every layout here.
struct Cnab240Layout {
  std::string_view id;    // "febraban", or the bank's code ("033")
  std::string_view name;  // for messages and the README
  Columns nossoNumero, documentNumber, dueDate, faceValue, payerDocument, payerName, bankFee, reasons;
  // The batch trailer's record count: FEBRABAN counts the batch's header and trailer
  // too; some banks count only the details.
  bool batchCountsDetailsOnly = false;
};

// The layouts Régua knows, "febraban" first.
const std::vector<Cnab240Layout>& cnab240Layouts();

struct Cnab240File {
  std::string bank;           // file header 1-3, "341"
  std::string layoutVersion;  // file header 164-166
  std::string_view layout;    // the Cnab240Layout used
  std::string bankName;       // 103-132
  std::string companyName;    // 73-102
  std::optional<Date> generatedOn;  // 144-151
  long sequence = 0;          // 158-163, NSA: the bank numbers its files
  std::vector<TitleMovement> titles;
};

// What a movement code means, in pt-BR, for the receivable's history ("entrada
// confirmada"); "movimento NN" for a code outside FEBRABAN's table.
std::string movementName(std::string_view code);

// Reads a whole retorno file (`text`, named `file` in messages) with the layout of the bank
// in its header, or `layout` ("febraban", "033") when given: a bank whose columns are
// FEBRABAN's but that Régua does not list yet is read with layout "febraban". Throws
// CnabError ("FILE:LINE:COL: what; what to do") at the first thing that is not CNAB 240
// retorno, and for a bank without a layout.
Cnab240File readCnab240(std::string_view text, std::string_view file, std::string_view layout = "");

}  // namespace regua::cnab
