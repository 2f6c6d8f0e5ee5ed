#include "engine/cycle.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <vector>

#include "engine/facts_query.hpp"
#include "store/receivable_repository.hpp"

namespace regua::engine {

namespace {

constexpr std::size_t kWriteBatch = 5000;

// A query ordered by client id, read in step with the main stream: collect(c) hands
// over the rows of client c, skipping those of clients without open receivables.
class ClientCursor {
 public:
  explicit ClientCursor(soci::session& sql) : st_(sql) {}
  // `query` selects client_id first; `bind` exchanges the other columns.
  template <class Bind>
  void start(const std::string& query, Bind bind) {
    st_.alloc();
    st_.prepare(query);
    st_.exchange(soci::into(client_));
    bind(st_);
    st_.define_and_bind();
    st_.execute(false);
    more_ = st_.fetch();
  }
  template <class Take>
  void collect(long clientId, Take take) {
    while (more_ && client_ < clientId) more_ = st_.fetch();
    while (more_ && client_ == clientId) {
      take();
      more_ = st_.fetch();
    }
  }

 private:
  soci::statement st_;
  long client_ = 0;
  bool more_ = false;
};

// What the store holds about a client beyond its open receivables, when policies ask.
struct ClientContext {
  std::vector<std::string> tags;
  std::vector<domain::PaymentRecord> records;
  std::map<long, std::vector<std::tuple<std::string, std::string, std::string>>> recorded;  // receivable -> (policy, stage, action)
};

FiredActions firedUnder(const ClientContext& context, long receivableId, const std::string& policyId) {
  FiredActions fired;
  auto it = context.recorded.find(receivableId);
  if (it == context.recorded.end()) return fired;
  for (const auto& [policy, stage, action] : it->second) {
    if (policy == policyId) fired.emplace(stage, action);
  }
  return fired;
}

}  // namespace

std::string channelFor(const ActionSpec& action, const ReceivableFacts& facts, const Policy& policy) {
  if (!action.channel.empty()) return action.channel;
  if (!isMessageAction(action.name)) return {};
  return isMessageChannel(facts.preferredChannel) ? facts.preferredChannel : policy.defaultChannel;
}

Cycle::Cycle(store::Database& db, const PolicySet& policies, const calendar::BusinessCalendar& calendar,
             std::string city, domain::ProfileThresholds thresholds, AmountQuoter& quoter)
    : db_(db),
      policies_(policies),
      calendar_(calendar),
      city_(std::move(city)),
      thresholds_(thresholds),
      quoter_(quoter),
      evaluator_(policies, calendar, city_) {}

namespace {

// Fills what the conditions need from the client's context: tags, the payment profile
// and whether this receivable is the client's first delay.
void complete(ReceivableFacts& f, const ClientContext& context, bool needHistory, Date asOf,
              const std::optional<domain::PaymentProfile>& profile, const calendar::BusinessCalendar& calendar,
              const std::string& city) {
  f.tags = context.tags;
  if (!needHistory || !profile) return;
  f.profile = profile;
  // A repeat: a late payment in 12 months, or an item overdue since before this one.
  bool earlierOverdue = false;
  for (const auto& r : context.records) {
    if (!r.settledOn && r.dueDate < f.dueDate && calendar.effectiveDueDate(r.dueDate, city) < asOf) {
      earlierOverdue = true;
      break;
    }
  }
  f.otherDelays = profile->latePaymentsLast12Months > 0 || earlierOverdue;
}

}  // namespace

PlanSummary Cycle::plan(Date asOf, bool write, const std::string& readUrl,
                        const std::function<void(const PlannedIntent&)>& onIntent) {
  bool needTags = false, needHistory = false;
  for (const auto& policy : policies_.policies()) {
    for (const auto& stage : policy.stages) {
      needTags = needTags || stage.when.usesTags();
      needHistory = needHistory || stage.when.usesHistory();
    }
  }
  std::unique_ptr<store::Database> ownReader;
  if (write) ownReader = store::Database::open(readUrl);
  store::Database& reader = write ? *ownReader : db_;
  store::IntentRepository intents(db_);

  PlanSummary summary;
  std::vector<store::IntentRecord> pendingWrite, skippedWrite;
  auto flush = [&] {
    if (pendingWrite.empty() && skippedWrite.empty()) return;
    const auto started = std::chrono::steady_clock::now();
    db_.transaction([&] {
      summary.created += intents.insertAll(pendingWrite);
      intents.insertAll(skippedWrite);
    });
    summary.written += pendingWrite.size() + skippedWrite.size();
    summary.writeSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    pendingWrite.clear();
    skippedWrite.clear();
  };

  try {
    auto& sql = reader.sql();
    FactsRow row;
    soci::statement main(sql);
    main.alloc();
    main.prepare(std::string(kFactsSelect) +
                 "WHERE r.status IN ('open', 'partially_paid') AND r.due_date <= " +
                 std::to_string(asOf.daysSinceEpoch() + evaluator_.maxLeadDays()) +
                 " ORDER BY r.client_id, r.due_date, r.id");
    row.bind(main);
    main.define_and_bind();

    ClientCursor recorded(sql), tags(sql), history(sql);
    long recReceivable = 0;
    std::string recPolicy, recStage, recAction, tag;
    int histDue = 0, histSettled = 0;
    soci::indicator settledInd = soci::i_null;
    recorded.start("SELECT client_id, receivable_id, policy_id, stage_id, action FROM intents "
                   "WHERE receivable_id IS NOT NULL ORDER BY client_id",
                   [&](soci::statement& st) {
                     st.exchange(soci::into(recReceivable));
                     st.exchange(soci::into(recPolicy));
                     st.exchange(soci::into(recStage));
                     st.exchange(soci::into(recAction));
                   });
    if (needTags) {
      tags.start("SELECT client_id, tag FROM client_tags ORDER BY client_id, tag",
                 [&](soci::statement& st) { st.exchange(soci::into(tag)); });
    }
    if (needHistory) {
      history.start("SELECT client_id, due_date, settled_on FROM receivables "
                    "WHERE status NOT IN ('cancelled', 'written_off') ORDER BY client_id",
                    [&](soci::statement& st) {
                      st.exchange(soci::into(histDue));
                      st.exchange(soci::into(histSettled, settledInd));
                    });
    }

    main.execute(false);
    bool more = main.fetch();
    while (more) {
      // One client at a time: its open receivables and its context.
      const long clientId = row.clientId;
      ClientContext context;
      recorded.collect(clientId, [&] { context.recorded[recReceivable].emplace_back(recPolicy, recStage, recAction); });
      if (needTags) tags.collect(clientId, [&] { context.tags.push_back(tag); });
      if (needHistory) {
        history.collect(clientId, [&] {
          context.records.push_back({Date::fromDaysSinceEpoch(histDue),
                                     settledInd == soci::i_ok ? std::optional<Date>(Date::fromDaysSinceEpoch(histSettled))
                                                              : std::nullopt});
        });
      }
      std::optional<domain::PaymentProfile> profile;
      if (needHistory) profile = domain::computePaymentProfile(context.records, asOf, calendar_, city_, thresholds_);
      ++summary.clients;

      for (; more && row.clientId == clientId; more = main.fetch()) {
        ++summary.receivables;
        ReceivableFacts facts = row.takeFacts();
        complete(facts, context, needHistory, asOf, profile, calendar_, city_);
        const Policy* policy = policies_.select(facts.policyId, facts.clientExternalId, facts.segment);
        if (policy == nullptr) {
          ++summary.ungoverned;
          continue;
        }
        const Evaluation evaluation = evaluator_.evaluate(facts, asOf, firedUnder(context, facts.receivableId, policy->id),
                                                          Evaluator::Detail::kActionable);
        // Priced once per receivable and only for a listener: a real run does not pay a
        // quote per intent.
        std::optional<Money> amountToday;
        for (const auto& decision : evaluation.stages) {
          if (decision.verdict != Verdict::kFire && decision.verdict != Verdict::kSkipCatchUp) continue;
          const bool run = decision.verdict == Verdict::kFire;
          if (!run && !write) {  // a dry run lists what would run; the skipped are only counted
            summary.toSkip += decision.actions.size();
            continue;
          }
          for (const ActionSpec* action : decision.actions) {
            PlannedIntent planned;
            auto& intent = planned.intent;
            if (write) intent.uniqueKey = store::intentKey(facts.receivableId, policy->id, decision.stage->id, action->name);
            intent.clientId = facts.clientId;
            intent.receivableId = facts.receivableId;
            intent.policyId = policy->id;
            intent.stageId = decision.stage->id;
            intent.action = action->name;
            intent.channel = channelFor(*action, facts, *policy);
            intent.state = run ? "pending" : "skipped";
            intent.forDate = asOf;
            intent.reason = decision.why;
            planned.facts = &facts;
            planned.daysLate = evaluation.daysLate;
            if (run && onIntent) {
              if (!amountToday) amountToday = quoter_.amountOn(facts, *policy, asOf);
              planned.amountToday = *amountToday;
            }
            (run ? summary.toRun : summary.toSkip) += 1;
            if (onIntent) onIntent(planned);
            if (write) (run ? pendingWrite : skippedWrite).push_back(std::move(intent));
          }
        }
        if (pendingWrite.size() + skippedWrite.size() >= kWriteBatch) flush();
      }
    }
  } catch (const store::StoreError&) {
    throw;
  } catch (const std::exception&) {
    reader.rethrowTranslated("lendo títulos em aberto");
  }
  flush();
  return summary;
}

std::optional<Cycle::Explanation> Cycle::explain(std::int64_t receivableId, Date asOf) {
  FactsRow row;
  long id = receivableId;
  try {
    soci::statement st(db_.sql());
    st.alloc();
    st.prepare(std::string(kFactsSelect) + "WHERE r.id = :id");
    row.bind(st);
    st.exchange(soci::use(id));
    st.define_and_bind();
    st.execute(false);
    if (!st.fetch()) return std::nullopt;
  } catch (const std::exception&) {
    db_.rethrowTranslated("título " + std::to_string(receivableId));
  }
  Explanation out;
  out.status = row.status;
  out.facts = row.takeFacts();
  store::IntentRepository intents(db_);
  out.recorded = intents.listForReceivable(receivableId);

  ClientContext context;
  for (const auto& i : out.recorded) context.recorded[receivableId].emplace_back(i.policyId, i.stageId, i.action);
  long client = row.clientId;
  std::string tag;
  try {
    soci::statement st = (db_.sql().prepare << "SELECT tag FROM client_tags WHERE client_id = :id ORDER BY tag",
                          soci::use(client), soci::into(tag));
    st.execute();
    while (st.fetch()) context.tags.push_back(tag);
  } catch (const std::exception&) {
    db_.rethrowTranslated("etiquetas do cliente " + out.facts.clientExternalId);
  }
  store::ReceivableRepository receivables(db_);
  context.records = receivables.paymentRecords(row.clientId);
  const auto profile = domain::computePaymentProfile(context.records, asOf, calendar_, city_, thresholds_);
  complete(out.facts, context, true, asOf, profile, calendar_, city_);

  const Policy* policy = policies_.select(out.facts.policyId, out.facts.clientExternalId, out.facts.segment);
  const bool collectible = row.status == "open" || row.status == "partially_paid";
  out.evaluation = collectible ? evaluator_.evaluate(out.facts, asOf,
                                                     policy ? firedUnder(context, receivableId, policy->id) : FiredActions{})
                               : Evaluation{policy, 0, calendar_.effectiveDueDate(out.facts.dueDate, city_), {}};
  return out;
}

}  // namespace regua::engine
