#include "engine/evaluator.hpp"

#include <algorithm>

#include "common/words.hpp"

namespace regua::engine {

namespace {

bool hasTag(const std::vector<std::string>& tags, const std::string& tag) {
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

std::string_view toString(Verdict verdict) {
  switch (verdict) {
    case Verdict::kFire: return "dispara";
    case Verdict::kSkipCatchUp: return "pulado";
    case Verdict::kFired: return "registrado";
    case Verdict::kNotYet: return "aguardando";
    case Verdict::kNotApplicable: return "não se aplica";
    case Verdict::kPaused: return "pausado";
  }
  return "?";
}

std::string_view describe(store::IntentState state) {
  switch (state) {
    case store::IntentState::kPending: return "pendente";
    case store::IntentState::kDone: return "executada";
    case store::IntentState::kFailed: return "desistida após as tentativas";
    case store::IntentState::kSkipped: return "pulada";
    case store::IntentState::kCancelled: return "cancelada";
  }
  return "?";
}

Date Evaluator::stageDay(const config::Stage& stage, Date dueDate) const {
  if (stage.offset == 0) return calendar_.effectiveDueDate(dueDate, city_);  // "vence hoje" on the day it can be paid
  if (stage.dayCount == config::DayCount::kCalendar) return dueDate.plusDays(stage.offset);
  // Business days count from the day the bill can be paid without charges.
  const Date from = stage.offset >= 0 ? calendar_.effectiveDueDate(dueDate, city_) : dueDate;
  return calendar_.addBusinessDays(from, stage.offset, city_);
}

Date Evaluator::fireDay(const config::Stage& stage, Date dueDate, const Evaluation& e) const {
  const Date day = stageDay(stage, dueDate);
  if (stage.offset <= 0) return day;
  const Date firstLateDay = e.lastFreeDay.plusDays(1);
  return day < firstLateDay ? firstLateDay : day;
}

std::string Evaluator::timingRule(const config::Stage& stage, Date dueDate, const Evaluation& e) const {
  const bool shifted = e.effectiveDue != dueDate;
  const std::string shift = "vencimento " + dueDate.br() + " sem expediente bancário, pagável sem encargos até " +
                            e.effectiveDue.br() + " pela Lei 7.089/1983";
  if (stage.offset == 0) return shifted ? "D0 é o dia em que vence de fato: " + shift : "";
  if (stage.offset < 0) return "";
  const Date nominal = stageDay(stage, dueDate);
  if (fireDay(stage, dueDate, e) == nominal) return "";
  std::string why = stage.offsetText() + " caía em " + nominal.br() + ", mas o título só está em atraso a partir de " +
                    e.lastFreeDay.plusDays(1).br() + " (";
  if (shifted) why += shift;
  if (e.lastFreeDay != e.effectiveDue) {
    why += (shifted ? ", mais " : "") + counted(e.lastFreeDay - e.effectiveDue, "dia", "dias") + " de tolerância";
  }
  return why + ")";
}

int Evaluator::maxLeadDays() const {
  int lead = 0;
  for (const auto& policy : policies_.policies()) {
    for (const auto& stage : policy.stages) {
      if (stage.offset >= 0 || !stage.event.empty()) continue;
      // Business days stretch over weekends and holidays: 10 business days never
      // span more than 2 × 10 + 7 calendar days.
      const int days = stage.dayCount == config::DayCount::kBusiness ? -stage.offset * 2 + 7 : -stage.offset;
      lead = std::max(lead, days);
    }
  }
  return lead;
}

std::string Evaluator::unmet(const config::Conditions& when, const domain::ReceivableFacts& f, int daysLate) const {
  if (when.kind && *when.kind != f.kind) {
    return *when.kind == domain::PartyKind::kPerson ? "só para pessoa física" : "só para pessoa jurídica";
  }
  if (!when.segments.empty() && !hasTag(when.segments, f.segment)) {
    return "só para os segmentos " + joined(when.segments) + " (o cliente é '" + f.segment + "')";
  }
  if (!when.tagsAny.empty() &&
      std::none_of(when.tagsAny.begin(), when.tagsAny.end(), [&](const auto& t) { return hasTag(f.tags, t); })) {
    return "o cliente não tem nenhuma das etiquetas " + joined(when.tagsAny);
  }
  for (const auto& tag : when.tagsAll) {
    if (!hasTag(f.tags, tag)) return "o cliente não tem a etiqueta " + tag;
  }
  for (const auto& tag : when.tagsNone) {
    if (hasTag(f.tags, tag)) return "o cliente tem a etiqueta " + tag;
  }
  if (when.amountMin && f.open < *when.amountMin) return "valor em aberto abaixo de " + when.amountMin->toBrl();
  if (when.amountMax && f.open > *when.amountMax) return "valor em aberto acima de " + when.amountMax->toBrl();
  if (when.daysLateMin && daysLate < *when.daysLateMin) {
    return "exige " + std::to_string(*when.daysLateMin) + " dias de atraso ou mais (tem " + std::to_string(daysLate) + ")";
  }
  if (when.daysLateMax && daysLate > *when.daysLateMax) {
    return "exige até " + std::to_string(*when.daysLateMax) + " dias de atraso (tem " + std::to_string(daysLate) + ")";
  }
  if (!when.profiles.empty() && f.profile &&
      std::find(when.profiles.begin(), when.profiles.end(), f.profile->kind) == when.profiles.end()) {
    return "perfil de pagamento do cliente é " + std::string(domain::toString(f.profile->kind));
  }
  if (when.delay == config::DelayKind::kFirst && f.otherDelays) return "não é o primeiro atraso do cliente";
  if (when.delay == config::DelayKind::kRepeat && !f.otherDelays) return "é o primeiro atraso do cliente";
  return {};
}

// Catch-up (DESIGN.md): of the stages whose day has come, the latest applicable one
// fires; earlier ones not yet recorded are recorded as skipped unless they say
// `catch_up: true`. Stages before the due date (D-5, D0) speak of a bill still to be
// paid, so once the effective due date has passed they are skipped, never sent late.
Evaluation Evaluator::evaluate(const domain::ReceivableFacts& f, Date asOf, const FiredActions& fired, Detail detail) const {
  const bool everyStage = detail == Detail::kEveryStage;
  Evaluation out;
  out.policy = policies_.select(f.policyId, f.clientExternalId, f.segment);
  out.effectiveDue = calendar_.effectiveDueDate(f.dueDate, city_);
  out.daysLate = asOf > out.effectiveDue ? asOf - f.dueDate : 0;
  out.lastFreeDay = out.effectiveDue;
  if (out.policy == nullptr) return out;
  out.lastFreeDay = out.effectiveDue.plusDays(out.policy->graceDays);

  const bool paused = f.pausedUntil && *f.pausedUntil > asOf;
  const StageDecision* latest = nullptr;  // the latest applicable stage whose day has come
  for (const auto& stage : out.policy->stages) {
    if (!stage.event.empty()) continue;  // fired by NegotiationService when the event happens
    StageDecision d;
    d.stage = &stage;
    d.day = fireDay(stage, f.dueDate, out);
    for (const auto& action : stage.actions) {
      if (fired.find(std::pair<std::string_view, std::string_view>(stage.id, action.name)) == fired.end()) {
        d.actions.push_back(&action);
      }
    }
    if (d.actions.empty()) {
      d.verdict = Verdict::kFired;
      if (everyStage) d.why = "registrado em execução anterior";
    } else if (d.day > asOf) {
      d.verdict = Verdict::kNotYet;
      if (everyStage) {
        const std::string rule = timingRule(stage, f.dueDate, out);
        d.why = "dispara em " + d.day.br() + (rule.empty() ? "" : ": " + rule);
      }
    } else if (stage.offset <= 0 && asOf > out.effectiveDue) {
      d.verdict = Verdict::kSkipCatchUp;
      d.why = "o vencimento (" + out.effectiveDue.br() + ") passou antes de o estágio disparar";
    } else if (std::string why = unmet(stage.when, f, out.daysLate); !why.empty()) {
      d.verdict = Verdict::kNotApplicable;
      d.why = std::move(why);
    } else if (paused) {
      d.verdict = Verdict::kPaused;
      if (everyStage) d.why = "cliente pausado até " + f.pausedUntil->br();
    } else {
      d.verdict = Verdict::kFire;
      const std::string rule = timingRule(stage, f.dueDate, out);
      d.why = "dia " + d.day.br() + " (" + stage.offsetText() + "), " + counted(out.daysLate, "dia", "dias") +
              " de atraso" + (rule.empty() ? "" : "; " + rule);
    }
    out.stages.push_back(std::move(d));
  }
  // Only the latest applicable due stage (and those marked catch_up) fire. A stage
  // recorded before counts as the latest too: a stage added or moved before it later
  // is skipped, not sent out of order.
  for (const auto& d : out.stages) {
    if (d.verdict == Verdict::kFire || (d.verdict == Verdict::kFired && d.day <= asOf)) latest = &d;
  }
  for (auto& d : out.stages) {
    if (d.verdict != Verdict::kFire || &d == latest || d.stage->catchUp) continue;
    d.verdict = Verdict::kSkipCatchUp;
    d.why = "superado pelo estágio " + latest->stage->id + " (catch-up)";
  }
  return out;
}

}  // namespace regua::engine
