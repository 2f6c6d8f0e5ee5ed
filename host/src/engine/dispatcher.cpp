#include "engine/dispatcher.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Logger.h>
#include <Poco/Timespan.h>

#include "common/masking.hpp"
#include "engine/message_router.hpp"
#include "engine/plugin_quoter.hpp"
#include "engine/task_service.hpp"
#include "plugin/host_services.hpp"
#include "plugin/plugin_instance.hpp"
#include "plugin/plugin_registry.hpp"
#include "store/client_repository.hpp"
#include "store/history_repository.hpp"
#include "store/intent_repository.hpp"
#include "store/receivable_repository.hpp"

namespace regua::engine {

namespace {

Poco::Logger& logger() { return Poco::Logger::get("regua.dispatcher"); }

// quote_item for one action call: the call's items, priced by the quote plugin under
// each item's policy, or what is open when no quote plugin is loaded. Charges accrued
// earlier and still owed are folded into the fine and interest shown.
class GroupQuotes : public plugin::ItemQuotes {
 public:
  GroupQuotes(plugin::PluginInstance* quotePlugin, const calendar::BusinessCalendar& calendar, std::string city)
      : plugin_(quotePlugin), calendar_(calendar), city_(std::move(city)) {}

  void add(const domain::Receivable& r, bool person, const config::Policy* policy) { items_.push_back({&r, person, policy}); }

  regua_status quote(std::string_view id, Date on, regua_quote& out) override {
    const auto it = std::find_if(items_.begin(), items_.end(), [&](const Item& i) { return i.receivable->externalId == id; });
    if (it == items_.end()) return REGUA_ERROR;
    const domain::Receivable& r = *it->receivable;
    QuoteResult q;
    if (plugin_ == nullptr || it->policy == nullptr) {
      q.principal = q.total = r.principalOpen;
      q.effectiveDue = calendar_.effectiveDueDate(r.dueDate, city_);
      q.daysLate = on > q.effectiveDue ? on - r.dueDate : 0;
      q.notes = "sem plugin de encargos: valor em aberto, sem multa nem juros";
    } else {
      try {
        q = quoteWith(*plugin_, quoteInputFor({r.principalOpen, r.dueDate, r.issueDate, r.interestFrom, r.fineAssessed,
                                               it->person},
                                              *it->policy, city_, on));
      } catch (const std::exception& e) {
        logger().warning("quote_item do título %s falhou: %s", r.externalId, std::string(e.what()));
        return REGUA_ERROR;
      }
    }
    notes_.push_back(q.notes);
    out.principal = q.principal.toAbi();
    out.fine = (q.fine + r.fineOpen).toAbi();
    out.interest = (q.interest + r.interestOpen).toAbi();
    out.discount = q.discount.toAbi();
    out.total = (q.total + r.fineOpen + r.interestOpen).toAbi();
    out.effective_due = q.effectiveDue.toAbi();
    out.days_late = q.daysLate;
    out.notes = abiStr(notes_.back());
    return REGUA_OK;
  }

 private:
  struct Item {
    const domain::Receivable* receivable;
    bool person;
    const config::Policy* policy;
  };
  plugin::PluginInstance* plugin_;
  const calendar::BusinessCalendar& calendar_;
  std::string city_;
  std::vector<Item> items_;
  std::deque<std::string> notes_;  // stable addresses until the call returns
};

// Points one of an instance context's per-call services (quotes, messages, tasks) at
// `service` for the duration of one call.
template <class Service>
class Attached {
 public:
  Attached(Service*& slot, Service& service) : slot_(slot) { slot_ = &service; }
  ~Attached() { slot_ = nullptr; }
  Attached(const Attached&) = delete;
  Attached& operator=(const Attached&) = delete;

 private:
  Service*& slot_;
};

// Intents carried out together: one plugin call.
struct Group {
  std::vector<store::IntentRecord> members;
  std::string key;  // the dispatch key, once claimed
};

}  // namespace

std::string outsideWindow(const config::SendingWindow& window, Date day, int minute, const calendar::BusinessCalendar& calendar,
                          const std::string& city) {
  const unsigned weekday = day.weekday();
  if (!window.days[weekday]) return "fora dos dias de envio da política (" + day.br() + ")";
  if (!window.holidays && weekday != 0 && weekday != 6 && !calendar.isBusinessDay(day, city)) {
    return "feriado (" + day.br() + "); a política não envia em feriados";
  }
  if (minute < window.fromMinute || minute >= window.toMinute) {
    auto hhmm = [](int m) {
      std::string out = std::to_string(m / 60);
      if (out.size() < 2) out.insert(0, "0");
      return out + ":" + (m % 60 < 10 ? "0" : "") + std::to_string(m % 60);
    };
    return "fora do horário de envio (" + hhmm(window.fromMinute) + "-" + hhmm(window.toMinute) + ")";
  }
  return {};
}

std::string utcPlusSeconds(const std::string& utc, long seconds) {
  constexpr const char* kUtcFormat = "%Y-%m-%dT%H:%M:%SZ";
  int tz = 0;
  Poco::DateTime at = Poco::DateTimeParser::parse(kUtcFormat, utc, tz);
  at += Poco::Timespan(seconds, 0);
  return Poco::DateTimeFormatter::format(at, kUtcFormat);
}

long backoffSeconds(int attempt, int baseSeconds, unsigned pluginAsked) {
  constexpr long kCap = 6 * 3600;
  long delay = baseSeconds;
  for (int i = 1; i < attempt && delay < kCap; ++i) delay *= 2;
  delay = std::max(delay, static_cast<long>(pluginAsked));
  return std::min(delay, kCap);
}

Dispatcher::Dispatcher(store::Database& db, const config::PolicySet& policies, const calendar::BusinessCalendar& calendar,
                       std::string city, plugin::PluginRegistry& plugins)
    : db_(db), policies_(policies), calendar_(calendar), city_(std::move(city)), plugins_(plugins) {}

DispatchSummary Dispatcher::run(const DispatchOptions& options, const std::function<bool()>& keepGoing) {
  DispatchSummary summary;
  const std::string now = options.nowUtc.empty() ? store::Database::nowUtc() : options.nowUtc;
  store::IntentRepository intents(db_);
  store::ReceivableRepository receivables(db_);
  store::ClientRepository clients(db_);
  store::HistoryRepository history(db_);

  // Settled meanwhile: paid means stop.
  std::map<std::int64_t, std::optional<domain::Receivable>> receivableCache;
  auto receivable = [&](std::int64_t id) -> const std::optional<domain::Receivable>& {
    auto it = receivableCache.find(id);
    if (it == receivableCache.end()) it = receivableCache.emplace(id, receivables.findById(id)).first;
    return it->second;
  };

  // Group what is due: claimed intents by their key (a retry or a crash repeats the
  // same call); unclaimed message intents by client, action and channel; the rest alone.
  std::vector<Group> groups;
  std::map<std::string, std::size_t> byKey;
  for (auto& intent : intents.due(now)) {
    if (intent.receivableId) {
      const auto& r = receivable(*intent.receivableId);
      if (!r || !domain::isCollectible(r->status)) {
        const std::string why = "título " + std::string(r ? domain::toString(r->status) : "removido") +
                                "; ação cancelada";
        db_.transaction([&] { intents.updateState(intent.id, "cancelled", intent.attempts, "", why); });
        ++summary.cancelled;
        continue;
      }
    }
    // Messages merge across stages (the latest stage's template speaks for all); other
    // actions merge a client's items of one stage (one task call, not one per item).
    const std::string client = std::to_string(intent.clientId) + "/" + intent.action + "/";
    std::string groupKey = !intent.dispatchKey.empty() ? "k:" + intent.dispatchKey
                           : !intent.channel.empty() ? "m:" + client + intent.channel
                                                     : "s:" + client + intent.policyId + "/" + intent.stageId;
    auto [at, inserted] = byKey.emplace(groupKey, groups.size());
    if (inserted) groups.push_back(Group{{}, intent.dispatchKey});
    groups[at->second].members.push_back(std::move(intent));
  }

  // Waiting intents only get their reason updated: written in batches, not one
  // transaction per group.
  std::vector<std::pair<const store::IntentRecord*, std::string>> waiting;
  auto flushWaiting = [&] {
    if (waiting.empty()) return;
    db_.transaction([&] {
      for (const auto& [m, why] : waiting) intents.updateState(m->id, "pending", m->attempts, m->nextAttemptAt, why);
    });
    waiting.clear();
  };

  std::map<std::int64_t, std::optional<domain::Client>> clientCache;
  for (auto& group : groups) {
    if (keepGoing && !keepGoing()) break;
    auto& members = group.members;
    // The member of the latest stage leads: its stage and arguments shape the message.
    const store::IntentRecord* leader = &members.front();
    auto offsetOf = [&](const store::IntentRecord& i) {
      const config::Policy* p = policies_.byId(i.policyId);
      const config::Stage* s = p ? p->stage(i.stageId) : nullptr;
      return s ? s->offset : 0;
    };
    for (const auto& m : members) {
      if (offsetOf(m) > offsetOf(*leader)) leader = &m;
    }
    const config::Policy* policy = policies_.byId(leader->policyId);
    const config::Stage* stage = policy ? policy->stage(leader->stageId) : nullptr;
    const config::ActionSpec* spec = nullptr;
    for (std::size_t i = 0; stage != nullptr && i < stage->actions.size(); ++i) {
      if (stage->actions[i].name == leader->action) spec = &stage->actions[i];
    }
    std::vector<std::int64_t> ids;
    for (const auto& m : members) ids.push_back(m.id);
    auto wait = [&](const std::string& why) {
      for (const auto& m : members) waiting.emplace_back(&m, why);
      summary.waiting += members.size();
      if (waiting.size() >= 5000) flushWaiting();
    };

    plugin::PluginInstance* handler = plugins_.actionHandler(leader->action);
    const bool builtin = config::builtinActions().count(leader->action) > 0;
    if (handler == nullptr && !builtin) {
      wait("nenhum plugin carregado oferece a ação '" + leader->action + "'; confira 'plugins' em regua.yaml");
      continue;
    }
    if (!leader->channel.empty()) {
      // A channel disabled for its own settings (MessageRouter): its messages wait for the
      // fix without spending their attempts, as for a missing plugin.
      if (const auto* connector = plugins_.channelHandler(leader->channel)) {
        if (auto reason = connector->disabledReason()) {
          wait(connector->label() + " está desativado: " + *reason);
          continue;
        }
      }
    }
    if (!leader->channel.empty() && policy != nullptr) {
      if (auto why = outsideWindow(policy->window, options.asOf, options.minuteOfDay, calendar_, city_); !why.empty()) {
        wait(why);
        continue;
      }
      // Message limits count dispatches already done, not this one if it is a retry.
      if (group.key.empty() && (policy->limits.minGapDays > 0 || policy->limits.maxPerWeek > 0)) {
        const auto days = intents.messageDaysSince(leader->clientId, options.asOf.plusDays(-6));
        const auto gap = policy->limits.minGapDays;
        if (gap > 0 && !days.empty() && options.asOf - days.back() < gap) {
          wait("intervalo mínimo de " + std::to_string(gap) + " dias entre mensagens (última em " + days.back().br() + ")");
          continue;
        }
        if (policy->limits.maxPerWeek > 0 && static_cast<int>(days.size()) >= policy->limits.maxPerWeek) {
          wait("limite de " + std::to_string(policy->limits.maxPerWeek) + " mensagens em 7 dias atingido");
          continue;
        }
      }
    }

    // Claim the group before anything leaves the host.
    if (group.key.empty()) {
      group.key = "d" + std::to_string(*std::min_element(ids.begin(), ids.end()));
      db_.transaction([&] { intents.assignDispatchKey(ids, group.key); });
    }

    auto clientIt = clientCache.find(leader->clientId);
    if (clientIt == clientCache.end()) clientIt = clientCache.emplace(leader->clientId, clients.findById(leader->clientId)).first;
    const auto& client = clientIt->second;

    regua_status status = REGUA_ERROR;
    std::string message, externalRef;
    unsigned retryAfter = 0;
    const std::string actor = handler ? handler->label() : "regua";
    try {
      if (builtin) {
        if (!client) throw std::runtime_error("cliente " + std::to_string(leader->clientId) + " não existe");
        domain::Client updated = *client;
        std::string argument;
        for (std::size_t i = 0; spec != nullptr && i < spec->args.size(); ++i) {
          if (spec->args[i].first == (leader->action == "pause" ? "days" : "tag")) argument = spec->args[i].second;
        }
        if (leader->action == "pause") {
          const int days = argument.empty() ? 30 : std::stoi(argument);
          updated.pausedUntil = options.asOf.plusDays(days);
          message = "cobrança pausada até " + updated.pausedUntil->br();
        } else {
          const std::string tag = argument.empty() ? "sinalizado" : argument;
          if (std::find(updated.tags.begin(), updated.tags.end(), tag) == updated.tags.end()) updated.tags.push_back(tag);
          message = "cliente sinalizado com a etiqueta " + tag;
        }
        db_.transaction([&] { clients.save(updated); });
        clientCache.erase(leader->clientId);
        status = REGUA_OK;
      } else {
        // The call: everything it points to lives until execute() returns.
        std::vector<regua_receivable_ref> items;
        std::vector<regua_str> boletoLines;
        std::vector<std::int64_t> receivableIds;
        GroupQuotes quotes(plugins_.quoteProvider(), calendar_, city_);
        const bool person = !client || client->kind == domain::PartyKind::kPerson;
        for (const auto& m : members) {
          // Two stages of one receivable merged into one message list it once.
          if (!m.receivableId || std::find(receivableIds.begin(), receivableIds.end(), *m.receivableId) !=
                                     receivableIds.end()) {
            continue;
          }
          const auto& r = receivable(*m.receivableId);
          items.push_back({abiStr(r->externalId), abiStr(r->description), r->amount.toAbi(), r->dueDate.toAbi()});
          boletoLines.push_back(abiStr(r->boletoLine));
          receivableIds.push_back(r->id);
          const config::Policy* itemPolicy = policies_.byId(m.policyId);
          quotes.add(*r, person, itemPolicy);
        }
        // Messages go where the contact rules say (maybe another channel than planned).
        ContactChoice contact;
        if (!leader->channel.empty() && client) {
          contact = chooseContact(*client, leader->channel, policy != nullptr ? policy->defaultChannel : "",
                                  [&](const std::string& c) { return plugins_.channelHandler(c) != nullptr; });
        } else {
          contact.channel = leader->channel;
        }
        std::vector<regua_kv> args;
        if (!contact.channel.empty()) args.push_back({abiStr("channel"), abiStr(contact.channel)});
        if (spec) {
          for (const auto& [k, v] : spec->args) args.push_back({abiStr(k), abiStr(v)});
        }
        const std::string clientId = client ? client->externalId : std::to_string(leader->clientId);
        const std::string clientName = client ? client->name : "";
        regua_intent call{};
        call.struct_size = sizeof call;
        call.intent_id = abiStr(group.key);
        call.action = abiStr(leader->action);
        call.policy_id = abiStr(leader->policyId);
        call.stage_id = abiStr(leader->stageId);
        call.client_id = abiStr(clientId);
        call.client_name = abiStr(clientName);
        call.as_of = options.asOf.toAbi();
        call.items = items.empty() ? nullptr : items.data();
        call.items_count = items.size();
        call.args = args.empty() ? nullptr : args.data();
        call.args_count = args.size();
        std::vector<regua_kv> negotiationTerms;
        if (policy != nullptr) {
          for (const auto& [k, v] : policy->negotiation) negotiationTerms.push_back({abiStr(k), abiStr(v)});
        }
        call.negotiation = negotiationTerms.empty() ? nullptr : negotiationTerms.data();
        call.negotiation_count = negotiationTerms.size();
        call.address = abiStr(contact.address);
        call.address_name = abiStr(contact.name);
        call.item_boleto_lines = boletoLines.empty() ? nullptr : boletoLines.data();
        const std::string document = client ? client->document : "";
        const std::string responsible = client ? client->responsible : "";
        std::string payerOwner;
        for (std::size_t i = 0; client && i < client->contacts.size() && payerOwner.empty(); ++i) {
          if (client->contacts[i].paymentContact) payerOwner = client->contacts[i].owner;
        }
        call.client_document = abiStr(document);
        call.client_responsible = abiStr(responsible);
        call.payment_contact_owner = abiStr(payerOwner);
        regua_action_result result{};
        Attached<plugin::ItemQuotes> attachedQuotes(handler->context()->quotes, quotes);
        MessageRouter router(db_, plugins_, leader->clientId);
        Attached<plugin::MessageSender> attachedMessages(handler->context()->messages, router);
        ActionTasks tasks(db_, leader->clientId, std::move(receivableIds), options.asOf, actor);
        Attached<plugin::TaskDesk> attachedTasks(handler->context()->tasks, tasks);
        status = handler->execute(call, result);
        message = status == REGUA_OK ? std::string(view(result.message)) : handler->lastError();
        externalRef = std::string(view(result.external_ref));
        retryAfter = result.retry_after_seconds;
      }
    } catch (const std::exception& e) {
      status = REGUA_ERROR;
      message = e.what();
    }

    const std::string what = leader->action + (leader->channel.empty() ? "" : " por " + leader->channel) + " (" +
                             leader->stageId + ", " + std::to_string(members.size()) + " título(s))";
    if (status == REGUA_OK) {
      db_.transaction([&] {
        intents.markDone(ids, options.asOf, externalRef, message);
        store::HistoryEntry entry;
        entry.clientId = leader->clientId;
        entry.receivableId = members.size() == 1 ? members.front().receivableId : std::nullopt;
        entry.kind = "action";  // the message itself is recorded by send_message
        entry.actor = actor;
        entry.summary = what + (message.empty() ? "" : ": " + message);
        entry.details = "{\"dispatch\":\"" + group.key + "\",\"external_ref\":\"" + externalRef + "\"}";
        history.append(entry);
      });
      ++summary.calls;
      summary.done += members.size();
      continue;
    }
    // A failure: retried later with backoff, dead-lettered after maxAttempts.
    const int attempts = std::max_element(members.begin(), members.end(), [](const auto& a, const auto& b) {
                           return a.attempts < b.attempts;
                         })->attempts + 1;
    const bool dead = attempts >= options.maxAttempts;
    const std::string error = (status == REGUA_RETRY ? "temporária: " : "") + message;
    db_.transaction([&] {
      const std::string next = dead ? "" : utcPlusSeconds(now, backoffSeconds(attempts, options.backoffSeconds, retryAfter));
      for (const auto& m : members) intents.updateState(m.id, dead ? "failed" : "pending", attempts, next, error);
      if (dead) {
        store::HistoryEntry entry;
        entry.clientId = leader->clientId;
        entry.kind = "dead_letter";
        entry.actor = actor;
        entry.summary = what + " desistida após " + std::to_string(attempts) + " tentativas: " + error;
        history.append(entry);
      }
    });
    (dead ? summary.failed : summary.retrying) += members.size();
    const std::string line = actor + ": " + what + " falhou (tentativa " + std::to_string(attempts) + " de " +
                             std::to_string(options.maxAttempts) + "): " + error;
    dead ? logger().error(maskPersonalData(line)) : logger().warning(maskPersonalData(line));
  }
  flushWaiting();
  return summary;
}

ContactChoice chooseContact(const domain::Client& client, const std::string& stageChannel,
                            const std::string& policyChannel, const std::function<bool(const std::string&)>& hasConnector) {
  std::vector<std::string> order;
  for (const std::string& c : {stageChannel, client.preferredChannel, policyChannel, std::string("email"),
                               std::string("whatsapp"), std::string("sms")}) {
    if (!c.empty() && std::find(order.begin(), order.end(), c) == order.end()) order.push_back(c);
  }
  auto usable = [&](const std::string& channel) -> const domain::Contact* {
    if (std::find(client.optedOutChannels.begin(), client.optedOutChannels.end(), channel) !=
        client.optedOutChannels.end()) {
      return nullptr;
    }
    const domain::Contact* best = nullptr;
    for (const auto& contact : client.contacts) {
      if (contact.channel != channel || contact.optedOut || contact.address.empty()) continue;
      if (best == nullptr || (contact.paymentContact && !best->paymentContact)) best = &contact;
    }
    return best;
  };
  const domain::Contact* fallback = nullptr;
  for (const auto& channel : order) {
    const domain::Contact* contact = usable(channel);
    if (contact == nullptr) continue;
    if (!hasConnector || hasConnector(channel)) {
      return {channel, contact->address, contact->name.empty() ? client.name : contact->name};
    }
    if (fallback == nullptr) fallback = contact;
  }
  if (fallback != nullptr) return {fallback->channel, fallback->address, fallback->name.empty() ? client.name : fallback->name};
  return {stageChannel, "", client.name};
}

DispatchOptions dispatchOptionsFor(const config::HostConfig& config, Date day, int minuteOfDay) {
  DispatchOptions options;
  options.asOf = day;
  options.minuteOfDay = minuteOfDay;
  options.maxAttempts = config.maxAttempts;
  options.backoffSeconds = config.backoffSeconds;
  return options;
}

}  // namespace regua::engine
