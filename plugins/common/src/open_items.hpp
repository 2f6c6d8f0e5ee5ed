// The open items of an intent as templates show them — original and updated amounts,
// charges, days late, boleto line — and their totals. Shared by the reminders and tasks
// plugins so a message and a task always say the same amounts.
#pragma once

#include <string>
#include <vector>

#include <regua/plugin.hpp>
#include <regua/value.hpp>

#include "template_files.hpp"

namespace regua::templates {

struct ItemView {
  std::string description;
  Date dueDate;
  Money original, updated, fine, interest, discount;
  int daysLate = 0;
  std::string boletoLine;
};

// The intent's items, priced on its as-of day by the host's quote plugin (quote_item);
// an item the host cannot quote keeps its original amount.
std::vector<ItemView> quotedItems(const Host& host, const Intent& intent);

Money totalUpdated(const std::vector<ItemView>& items);

// Sets `itens` (descricao, vencimento, valor_original, valor_atualizado, multa, juros,
// desconto, dias_atraso, atrasado, boleto), `quantidade`, `total_original`,
// `total_atualizado` and `tem_encargos` on `data`.
void setItems(Data& data, const std::vector<ItemView>& items);

// The names setItems provides, for error messages.
inline constexpr const char* kItemVariables =
    "quantidade, total_original, total_atualizado, tem_encargos, itens (descricao, vencimento, valor_original, "
    "valor_atualizado, multa, juros, desconto, dias_atraso, atrasado, boleto)";

}  // namespace regua::templates
