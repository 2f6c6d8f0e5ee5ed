#include "services/effectiveness.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "store/message_outcomes.hpp"

namespace regua::services {

namespace {

std::optional<double> median(std::vector<int> days) {
  if (days.empty()) return std::nullopt;
  std::sort(days.begin(), days.end());
  const std::size_t mid = days.size() / 2;
  return days.size() % 2 == 1 ? days[mid] : (days[mid - 1] + days[mid]) / 2.0;
}

}  // namespace

EffectivenessReport effectiveness(store::Database& db, Date from, Date to) {
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<Key, std::pair<EffectivenessRow, std::vector<int>>> groups;
  db.readSnapshot([&] {
    store::forEachMessageOutcome(db, from, to, [&](const store::MessageOutcome& m) {
      auto& [row, days] = groups[{m.policyId, m.stageId, m.channel, m.templateName}];
      row.policyId = m.policyId;
      row.stageId = m.stageId;
      row.channel = m.channel;
      row.templateName = m.templateName;
      ++row.receivables;
      if (!m.settledOn || *m.settledOn < m.sentOn) return;  // unpaid, or paid before it went out
      const int after = *m.settledOn - m.sentOn;
      ++row.paid;
      row.paidWithin3 += after <= 3 ? 1 : 0;
      row.paidWithin7 += after <= 7 ? 1 : 0;
      row.paidWithin15 += after <= 15 ? 1 : 0;
      days.push_back(after);
    });
  });
  EffectivenessReport out{from, to, {}};
  for (auto& [key, group] : groups) {
    group.first.medianDays = median(std::move(group.second));
    out.rows.push_back(std::move(group.first));
  }
  return out;
}

std::string effectivenessMethod() {
  return "Para cada estágio, canal e modelo: quantos títulos receberam a mensagem no período e, desses, quantos "
         "foram quitados até 3, 7 e 15 dias corridos depois do envio (o dia do pagamento que quitou o título menos o "
         "dia do envio). A mediana de dias considera só os títulos quitados. Um título que recebeu duas mensagens "
         "conta em cada uma; pagamentos parciais não quitam.";
}

}  // namespace regua::services
