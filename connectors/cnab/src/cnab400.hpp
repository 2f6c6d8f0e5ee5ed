// CNAB 400 retorno de cobrança: one header, one detail record per title, one trailer, each
// record numbered in columns 395-400. Each bank lays the detail out its own way, so a
// bank is data: one Cnab400Layout with its columns, the codes that mean "paid" and what
// its movement codes mean.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "retorno.hpp"

namespace regua::cnab {

struct Cnab400Layout {
  std::string_view bank;  // the code in the header (77-79)
  std::string_view name;
  Columns nossoNumero, documentNumber, movement, occurredOn, dueDate, faceValue, bankFee, iof, rebate, discount,
      paid, interest;
  std::optional<Columns> fine;  // when the bank reports multa apart from juros
  Columns creditedOn, reasons;
  std::vector<std::string_view> settlementCodes;
  std::vector<std::pair<std::string_view, std::string_view>> movements;  // code -> pt-BR meaning
};

const std::vector<Cnab400Layout>& cnab400Layouts();

// Reads a whole retorno (`text`, named `file` in messages) with the layout of the bank in
// its header. Throws CnabError ("FILE:LINE:COL: what; what to do") at the first thing
// that is not a CNAB 400 retorno of a bank Régua knows.
RetornoFile readCnab400(std::string_view text, std::string_view file);

}  // namespace regua::cnab
