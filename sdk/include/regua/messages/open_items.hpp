// The open items of an intent as templates show them — original and updated amounts,
// charges, days late, boleto line — and their totals. Any plugin that shows amounts
// (reminders, tasks, a third party's) uses it, so a message and a task always say the
// same amounts as the host.
#pragma once

#include <string>
#include <vector>

#include <regua/plugin.hpp>
#include <regua/value.hpp>

#include "regua/messages/template_files.hpp"

namespace regua::templates {

struct ItemView {
  std::string description;
  Date dueDate;
  Money original, updated, fine, interest, discount;
  int daysLate = 0;
  std::string boletoLine;
  Money paid;  // of the original amount, what earlier payments already settled (0: nothing)
};

// The intent's items, priced on its as-of day by the host's quote plugin (quote_item);
// an item the host cannot quote keeps its original amount.
std::vector<ItemView> quotedItems(const Host& host, const Intent& intent);

Money totalUpdated(const std::vector<ItemView>& items);

// Sets `itens` (descricao, vencimento, valor_original, valor_atualizado, multa, juros,
// desconto, dias_atraso, atrasado, boleto, valor_pago, parcialmente_pago), `quantidade`, `total_original`,
// `total_atualizado` and `tem_encargos` on `data`.
void setItems(Data& data, const std::vector<ItemView>& items);

// The names setItems provides, for error messages.
inline constexpr const char* kItemVariables =
    "quantidade, total_original, total_atualizado, tem_encargos, itens (descricao, vencimento, valor_original, "
    "valor_atualizado, multa, juros, desconto, dias_atraso, atrasado, boleto, valor_pago, parcialmente_pago)";

// ------------------------------------------------------------------ definitions

inline std::vector<ItemView> quotedItems(const Host& host, const Intent& intent) {
  std::vector<ItemView> out;
  for (const auto& item : intent.items()) {
    ItemView v{std::string(item.description), item.dueDate, item.amount, item.amount, {}, {}, {}, 0,
               std::string(item.boletoLine), Money()};
    if (const auto q = host.quoteItem(item.id, intent.asOf())) {
      v.updated = q->total;
      v.fine = q->fine;
      v.interest = q->interest;
      v.discount = q->discount;
      v.daysLate = q->daysLate;
      if (q->principal < item.amount) v.paid = item.amount - q->principal;
    }
    out.push_back(std::move(v));
  }
  return out;
}

inline Money totalUpdated(const std::vector<ItemView>& items) {
  Money total;
  for (const auto& i : items) total += i.updated;
  return total;
}

inline void setItems(Data& d, const std::vector<ItemView>& items) {
  Data list{Data::type::list};
  Money original;
  bool charges = false;
  for (const auto& i : items) {
    Data item;
    item.set("descricao", i.description);
    item.set("vencimento", i.dueDate.br());
    item.set("valor_original", i.original.toBrl());
    item.set("valor_atualizado", i.updated.toBrl());
    item.set("multa", i.fine.toBrl());
    item.set("juros", i.interest.toBrl());
    item.set("desconto", i.discount.toBrl());
    item.set("dias_atraso", std::to_string(i.daysLate));
    item.set("atrasado", flag(i.daysLate > 0));
    item.set("boleto", optional(i.boletoLine));
    item.set("valor_pago", i.paid.toBrl());
    item.set("parcialmente_pago", flag(i.paid > Money()));
    list.push_back(item);
    original += i.original;
    charges = charges || i.updated != i.original;
  }
  d.set("quantidade", std::to_string(items.size()));
  d.set("total_original", original.toBrl());
  d.set("total_atualizado", totalUpdated(items).toBrl());
  d.set("tem_encargos", flag(charges));
  d.set("itens", list);
}

}  // namespace regua::templates
