// What a bank's retorno file says, whatever its layout: the file and each title's
// movement. The readers (cnab240.hpp, cnab400.hpp) fill it; the source maps it to
// settlements and history entries.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <regua/value.hpp>

namespace regua::cnab {

// A field's 1-based, inclusive columns, as the banks' manuals give them.
struct Columns {
  int from, to;
};

// One title's movement, as a retorno tells it (CNAB 240: a segment T and its U; CNAB 400:
// one detail record).
struct TitleMovement {
  int line = 0;                 // of its (first) record, for messages
  std::string movement;         // the bank's code for what happened: "06", "02"...
  std::string movementText;     // what it means, pt-BR: "liquidação", "entrada confirmada"
  bool settlement = false;      // the title was paid
  std::string nossoNumero;      // the bank's id of the boleto
  std::string documentNumber;   // "seu número": the office's own id
  std::optional<Date> dueDate;
  Money faceValue;
  std::string payerDocument;    // CPF/CNPJ digits, zeros on the left (when the layout has it)
  std::string payerName;
  Money bankFee;                // tarifa/custas
  std::string reasons;          // the bank's codes of motivos
  Money charges;                // juros/multa/encargos the bank collected
  Money discount;
  Money rebate;                 // abatimento
  Money iof;
  Money paid;                   // what the payer paid
  Money credited;               // what reaches the account (0 when the layout does not say)
  std::optional<Date> occurredOn;
  std::optional<Date> creditedOn;
};

struct RetornoFile {
  std::string bank;           // the bank code in the file header, "341"
  std::string layoutVersion;  // CNAB 240: file header 164-166
  std::string_view layout;    // the layout used ("febraban", "033", "237"...)
  std::string bankName;
  std::string companyName;
  std::optional<Date> generatedOn;
  long sequence = 0;          // the file's number (NSA, aviso bancário), 0 when absent
  std::vector<TitleMovement> titles;
};

}  // namespace regua::cnab
