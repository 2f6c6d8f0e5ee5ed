#include "store/receivable_facts.hpp"

#include <soci/soci.h>

#include "store/intent_repository.hpp"
#include "store/receivable_repository.hpp"
#include "store/sqlite_statement.hpp"

namespace regua::store {

namespace {

// One receivable and its client, as kFactsSelect returns them.
struct FactsRow {
  long id = 0, clientId = 0, amount = 0, open = 0, principalOpen = 0;
  int dueDate = 0, pausedUntil = 0, issueDate = 0, interestFrom = 0, fineAssessed = 0;
  soci::indicator pausedInd = soci::i_null;
  std::string externalId, description, policyId, status, clientExternalId, clientName, kind, segment, preferred,
      responsible;

  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(externalId));
    st.exchange(soci::into(description));
    st.exchange(soci::into(amount));
    st.exchange(soci::into(open));
    st.exchange(soci::into(dueDate));
    st.exchange(soci::into(policyId));
    st.exchange(soci::into(status));
    st.exchange(soci::into(clientId));
    st.exchange(soci::into(clientExternalId));
    st.exchange(soci::into(clientName));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(segment));
    st.exchange(soci::into(preferred));
    st.exchange(soci::into(pausedUntil, pausedInd));
    st.exchange(soci::into(principalOpen));
    st.exchange(soci::into(issueDate));
    st.exchange(soci::into(interestFrom));
    st.exchange(soci::into(fineAssessed));
    st.exchange(soci::into(responsible));
  }

  // Moves the text out: the next fetch overwrites it anyway.
  domain::ReceivableFacts takeFacts() {
    domain::ReceivableFacts f;
    f.receivableId = id;
    f.receivableExternalId = std::move(externalId);
    f.description = std::move(description);
    f.amount = Money::fromCentavos(amount);
    f.open = Money::fromCentavos(open);
    f.principalOpen = Money::fromCentavos(principalOpen);
    f.issueDate = Date::fromDaysSinceEpoch(issueDate);
    f.interestFrom = Date::fromDaysSinceEpoch(interestFrom);
    f.fineAssessed = fineAssessed != 0;
    f.dueDate = Date::fromDaysSinceEpoch(dueDate);
    f.policyId = std::move(policyId);
    f.clientId = clientId;
    f.clientExternalId = std::move(clientExternalId);
    f.clientName = std::move(clientName);
    f.kind = kind == "company" ? domain::PartyKind::kCompany : domain::PartyKind::kPerson;
    f.segment = std::move(segment);
    f.preferredChannel = std::move(preferred);
    f.responsible = std::move(responsible);
    if (pausedInd == soci::i_ok) f.pausedUntil = Date::fromDaysSinceEpoch(pausedUntil);
    return f;
  }
};

constexpr const char* kFactsSelect =
    "SELECT r.id, r.external_id, r.description, r.amount, r.principal_open + r.interest_open + r.fine_open, "
    "r.due_date, r.policy_id, r.status, c.id, c.external_id, c.name, c.kind, c.segment, c.preferred_channel, "
    "c.paused_until, r.principal_open, r.issue_date, r.interest_from, r.fine_assessed, c.responsible "
    "FROM receivables r JOIN clients c ON c.id = r.client_id ";

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

}  // namespace

// The main query and the side cursors read in step with it, all on one session.
struct OpenReceivableStream::Cursors {
  Cursors(soci::session& sql, const Options& options)
      : options(options), main(sql), recorded(sql), tags(sql), history(sql) {}

  void start() {
    main.alloc();
    main.prepare(std::string(kFactsSelect) + "WHERE r.status IN ('open', 'partially_paid') AND r.due_date <= " +
                 std::to_string(options.dueUpTo.daysSinceEpoch()) + " ORDER BY r.client_id, r.due_date, r.id");
    row.bind(main);
    main.define_and_bind();
    recorded.start("SELECT client_id, receivable_id, policy_id, stage_id, action FROM intents "
                   "WHERE receivable_id IS NOT NULL ORDER BY client_id",
                   [&](soci::statement& st) {
                     st.exchange(soci::into(recReceivable));
                     st.exchange(soci::into(recPolicy));
                     st.exchange(soci::into(recStage));
                     st.exchange(soci::into(recAction));
                   });
    if (options.tags) {
      tags.start("SELECT client_id, tag FROM client_tags ORDER BY client_id, tag",
                 [&](soci::statement& st) { st.exchange(soci::into(tag)); });
    }
    if (options.history) {
      history.start("SELECT client_id, due_date, settled_on FROM receivables "
                    "WHERE status NOT IN ('cancelled', 'written_off') ORDER BY client_id",
                    [&](soci::statement& st) {
                      st.exchange(soci::into(histDue));
                      st.exchange(soci::into(histSettled, settledInd));
                    });
    }
    main.execute(false);
    more = main.fetch();
  }

  // The side rows of the client the main cursor stands on, then its receivables.
  void takeClient(ClientOpenItems& out) {
    const long clientId = row.clientId;
    recorded.collect(clientId, [&] { out.recorded[recReceivable].push_back({recPolicy, recStage, recAction}); });
    if (options.tags) tags.collect(clientId, [&] { out.tags.push_back(tag); });
    if (options.history) {
      history.collect(clientId, [&] {
        out.records.push_back({Date::fromDaysSinceEpoch(histDue),
                               settledInd == soci::i_ok ? std::optional(Date::fromDaysSinceEpoch(histSettled))
                                                        : std::nullopt});
      });
    }
    for (; more && row.clientId == clientId; more = main.fetch()) out.receivables.push_back(row.takeFacts());
  }

  Options options;
  soci::statement main;
  FactsRow row;
  bool more = false;
  ClientCursor recorded, tags, history;
  long recReceivable = 0;
  std::string recPolicy, recStage, recAction, tag;
  int histDue = 0, histSettled = 0;
  soci::indicator settledInd = soci::i_null;
};

OpenReceivableStream::OpenReceivableStream(Database& db, const Options& options) : db_(db) {
  try {
    cursors_ = std::make_unique<Cursors>(db.sql(), options);
    cursors_->start();
  } catch (const std::exception&) {
    db_.rethrowTranslated("lendo títulos em aberto");
  }
}

OpenReceivableStream::~OpenReceivableStream() = default;

bool OpenReceivableStream::next(ClientOpenItems& out) {
  out.receivables.clear();
  out.tags.clear();
  out.records.clear();
  out.recorded.clear();
  try {
    if (!cursors_->more) return false;
    cursors_->takeClient(out);
    return true;
  } catch (const std::exception&) {
    db_.rethrowTranslated("lendo títulos em aberto");
  }
}

std::optional<ReceivableFactsRepository::Snapshot> ReceivableFactsRepository::load(std::int64_t receivableId) {
  FactsRow row;
  long id = receivableId;
  Snapshot out;
  try {
    auto st = db_.unboundStatement(std::string(kFactsSelect) + "WHERE r.id = :id");
    row.bind(st.soci());
    st.soci().exchange(soci::use(id));
    st.soci().define_and_bind();
    st.execute(false);
    if (!st.fetch()) return std::nullopt;
    out.status = row.status;
    long client = row.clientId;
    out.client.receivables.push_back(row.takeFacts());
    std::string tag;
    auto tags = db_.statement("SELECT tag FROM client_tags WHERE client_id = :id ORDER BY tag", soci::into(tag),
                              soci::use(client));
    tags.execute();
    while (tags.fetch()) out.client.tags.push_back(tag);
  } catch (const std::exception&) {
    db_.rethrowTranslated("título " + std::to_string(receivableId));
  }
  const auto& facts = out.client.receivables.front();
  out.client.records = ReceivableRepository(db_).paymentRecords(facts.clientId);
  for (const auto& i : IntentRepository(db_).listForReceivable(receivableId)) {
    out.client.recorded[receivableId].push_back({i.policyId, i.stageId, i.action});
  }
  return out;
}

void ReceivableFactsRepository::forEachOpen(const std::string& condition, const std::vector<long>& params,
                                            const std::string& context,
                                            const std::function<void(domain::ReceivableFacts&&)>& take) {
  try {
    FactsRow row;
    auto st = db_.unboundStatement(std::string(kFactsSelect) + "WHERE r.status IN ('open', 'partially_paid') AND " +
                                   condition);
    row.bind(st.soci());
    for (const long& param : params) st.soci().exchange(soci::use(param));
    st.soci().define_and_bind();
    st.execute(false);
    while (st.fetch()) take(row.takeFacts());
  } catch (const StoreError&) {
    throw;
  } catch (const std::exception&) {
    db_.rethrowTranslated(context);
  }
}

void ReceivableFactsRepository::forEachDueBefore(Date before,
                                                 const std::function<void(domain::ReceivableFacts&&)>& take) {
  forEachOpen("r.due_date < :as_of ORDER BY r.client_id, r.due_date", {before.daysSinceEpoch()},
              "relatório de inadimplência", take);
}

namespace {

constexpr const char* kPricingColumns =
    "SELECT r.client_id, r.principal_open + r.interest_open + r.fine_open, r.principal_open, r.due_date, r.issue_date, "
    "r.interest_from, r.fine_assessed, r.policy_id, c.external_id, c.kind, c.segment ";
// Storage order, not an index's: every open overdue item is read, and following the
// due-date index would visit the table's pages at random (several times slower).
constexpr const char* kPricingFromSqlite = "FROM receivables r NOT INDEXED JOIN clients c ON c.id = r.client_id ";
constexpr const char* kPricingFrom = "FROM receivables r JOIN clients c ON c.id = r.client_id ";
constexpr const char* kPricingWhere = "WHERE r.status IN ('open', 'partially_paid') AND r.due_date < ";

void fillPricing(domain::ReceivableFacts& f, long long client, long long open, long long principal, long long due,
                 long long issued, long long interestFrom, long long fineAssessed, std::string_view policy,
                 std::string_view external, std::string_view kind, std::string_view segment) {
  f.clientId = client;
  f.open = Money::fromCentavos(open);
  f.principalOpen = Money::fromCentavos(principal);
  f.dueDate = Date::fromDaysSinceEpoch(static_cast<std::int32_t>(due));
  f.issueDate = Date::fromDaysSinceEpoch(static_cast<std::int32_t>(issued));
  f.interestFrom = Date::fromDaysSinceEpoch(static_cast<std::int32_t>(interestFrom));
  f.fineAssessed = fineAssessed != 0;
  f.policyId.assign(policy);
  f.clientExternalId.assign(external);
  f.kind = kind == "company" ? domain::PartyKind::kCompany : domain::PartyKind::kPerson;
  f.segment.assign(segment);
}

}  // namespace

void ReceivableFactsRepository::forEachDueBeforePricingOnly(Date before,
                                                           const std::function<void(const domain::ReceivableFacts&)>& take) {
  domain::ReceivableFacts f;
  try {
    if (db_.backend() == Backend::kSqlite) {
      SqliteStatement st(db_, std::string(kPricingColumns) + kPricingFromSqlite + kPricingWhere + "?1");
      st.bind(1, static_cast<std::int64_t>(before.daysSinceEpoch()));
      while (st.step()) {
        fillPricing(f, st.integer(0), st.integer(1), st.integer(2), st.integer(3), st.integer(4), st.integer(5),
                    st.integer(6), st.text(7), st.text(8), st.text(9), st.text(10));
        take(f);
      }
      return;
    }
    long client = 0, open = 0, principal = 0;
    int due = 0, issued = 0, interestFrom = 0, fineAssessed = 0;
    std::string policy, external, kind, segment;
    const int day = before.daysSinceEpoch();
    auto st = db_.statement(std::string(kPricingColumns) + kPricingFrom + kPricingWhere + ":before", soci::into(client),
                            soci::into(open), soci::into(principal), soci::into(due), soci::into(issued),
                            soci::into(interestFrom), soci::into(fineAssessed), soci::into(policy), soci::into(external),
                            soci::into(kind), soci::into(segment), soci::use(day));
    st.execute();
    while (st.fetch()) {
      fillPricing(f, client, open, principal, due, issued, interestFrom, fineAssessed, policy, external, kind, segment);
      take(f);
    }
  } catch (const StoreError&) {
    throw;
  } catch (const std::exception&) {
    db_.rethrowTranslated("títulos vencidos");
  }
}

std::vector<domain::ReceivableFacts> ReceivableFactsRepository::overdueUnannounced(Date before, std::int64_t afterId,
                                                                                   std::int64_t upToId) {
  std::vector<domain::ReceivableFacts> out;
  forEachOpen("r.due_date < :as_of AND r.overdue_event_sent = 0 AND r.id > :after AND r.id <= :upto ORDER BY r.id",
              {before.daysSinceEpoch(), static_cast<long>(afterId), static_cast<long>(upToId)}, "títulos vencidos",
              [&](domain::ReceivableFacts&& f) { out.push_back(std::move(f)); });
  return out;
}

std::int64_t ReceivableFactsRepository::lastReceivableId() {
  long last = 0;
  try {
    db_.run("SELECT COALESCE(MAX(id), 0) FROM receivables", soci::into(last));
  } catch (const std::exception&) {
    db_.rethrowTranslated("títulos");
  }
  return last;
}

void ReceivableFactsRepository::markOverdueAnnounced(std::int64_t receivableId) {
  const long id = receivableId;
  try {
    db_.run("UPDATE receivables SET overdue_event_sent = 1 WHERE id = :id", soci::use(id));
  } catch (const std::exception&) {
    db_.rethrowTranslated("título " + std::to_string(receivableId));
  }
}

std::vector<domain::ReceivableFacts> ReceivableFactsRepository::openForClient(std::int64_t clientId) {
  std::vector<domain::ReceivableFacts> out;
  forEachOpen("r.client_id = :client ORDER BY r.due_date", {static_cast<long>(clientId)},
              "cliente " + std::to_string(clientId),
              [&](domain::ReceivableFacts&& f) { out.push_back(std::move(f)); });
  return out;
}

std::map<std::int64_t, std::string> ReceivableFactsRepository::lastStageDone(const std::vector<std::int64_t>& clientIds) {
  std::map<std::int64_t, std::string> out;
  try {
    std::string stage;
    long client = 0;
    auto last = db_.statement(
        "SELECT stage_id FROM intents WHERE client_id = :client AND "
        "state = 'done' ORDER BY done_on DESC, id DESC LIMIT 1",
        soci::into(stage), soci::use(client));
    for (const auto id : clientIds) {
      client = static_cast<long>(id);
      stage.clear();
      out[id] = last.execute(true) ? stage : "";
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("relatório de inadimplência");
  }
  return out;
}

}  // namespace regua::store
