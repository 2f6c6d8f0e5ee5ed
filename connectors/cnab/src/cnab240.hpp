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

#include "retorno.hpp"

namespace regua::cnab {

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


// What a movement code means in FEBRABAN's table, in pt-BR, for the receivable's history
// ("entrada confirmada"); "movimento NN" for a code outside it.
std::string movementName(std::string_view code);

// Reads a whole retorno file (`text`, named `file` in messages) with the layout of the bank
// in its header, or `layout` ("febraban", "033") when given: a bank whose columns are
// FEBRABAN's but that Régua does not list yet is read with layout "febraban". Throws
// CnabError ("FILE:LINE:COL: what; what to do") at the first thing that is not CNAB 240
// retorno, and for a bank without a layout.
RetornoFile readCnab240(std::string_view text, std::string_view file, std::string_view layout = "");

}  // namespace regua::cnab
