// Negotiation on a real store, SQLite and PostgreSQL: offers, proposals within and
// beyond the policy's limits, accepting, payments to installments (oldest first, also
// when paid on an original receivable), completion, a break after partial payments
// that reinstates the debt with charges from the original due dates — and in every
// case the money adds up to the centavo — and promises to pay.
#include "services/negotiation_service.hpp"

#include <gtest/gtest.h>

#include "store/client_repository.hpp"
#include "store/history_repository.hpp"
#include "store/intent_repository.hpp"
#include "store/payment_repository.hpp"
#include "store/receivable_repository.hpp"
#include "store/task_repository.hpp"
#include "test_database.hpp"

namespace regua::services {
namespace {

using store::Backend;

Money brl(const char* text) { return *Money::parse(text, MoneyFormat::kText); }
Date day(int y, unsigned m, unsigned d) { return Date::fromYmd(y, m, d); }

// The contract of DESIGN.md's rules with fixed figures, so expectations are worked out
// by hand: a 2 % fine once, 1 % a month simple interest pro rata die on what is left of
// the principal since interestFrom, nothing up to the due date.
class ContractCharges : public domain::ChargeCalculator {
 public:
  domain::Charges chargesOn(const domain::Receivable& r, Date on) const override {
    if (on <= r.dueDate) return {};
    domain::Charges c;
    if (!r.fineAssessed) c.fine = negotiation::share(r.principalOpen, 20'000);
    const int days = std::max(0, on - r.interestFrom);
    c.interest = Money::fromCentavos(
        negotiation::divideRounded(static_cast<__int128>(r.principalOpen.centavos()) * days, 3000));
    return c;
  }
};

// A reminder by e-mail with the `atraso` template, as the reminders plugin declares it.
config::ActionSpec remindByEmail(int line) {
  config::ActionSpec remind;
  remind.name = "remind";
  remind.channel = "email";
  remind.args = {{"template", "atraso"}};
  remind.line = line;
  remind.traits = {true, true};
  return remind;
}

config::Policy policy(const std::string& id, bool isDefault) {
  config::Policy p;
  p.id = id;
  p.isDefault = isDefault;
  p.forAgreements = !isDefault;
  config::Stage late;
  late.id = "atraso";
  late.offset = 3;
  late.actions.push_back(remindByEmail(1));
  p.stages.push_back(late);
  if (isDefault) {
    p.negotiation = {{"policy", "acordo"},           {"cash_discount.percent", "50"},
                     {"plans.0.up_to", "3"},         {"plans.0.rate", "none"},
                     {"plans.1.up_to", "12"},        {"plans.1.rate", "price"},
                     {"plans.1.monthly_percent", "1"}, {"min_installment", "100,00"},
                     {"offer_valid_days", "5"},      {"break_after_days", "30"},
                     {"first_due_business_days", "3"}, {"task_type", "acordo-quebrado"}};
    config::Stage broken;
    broken.id = "promessa-quebrada";
    broken.event = config::kPromiseBroken;
    broken.actions.push_back(remindByEmail(2));
    p.stages.push_back(broken);
  }
  return p;
}

class Negotiation : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    test_ = std::make_unique<testing::TestDatabase>(GetParam());
    db_ = store::Database::open(test_->url());
    domain::Client c;
    c.source = "csv";
    c.externalId = "C1";
    c.name = "Maria da Silva";
    c.document = "52998224725";
    std::vector<domain::Client> clients{c};
    store::ClientRepository(*db_).saveAll(clients);
    client_ = store::ClientRepository(*db_).findByExternalId("csv", "C1")->id;
    add("R1", "1000,00", day(2026, 1, 12));  // a Monday
    add("R2", "500,00", day(2026, 2, 10));
    service_.emplace(*db_, policies_, calendar_, "", charges_);
  }
  void add(const char* id, const char* amount, Date due) {
    domain::Receivable r;
    r.source = "csv";
    r.externalId = id;
    r.clientExternalId = "C1";
    r.amount = brl(amount);
    r.issueDate = due.plusDays(-10);
    r.dueDate = due;
    store::ReceivableRepository(*db_).upsert(r);
  }
  domain::Receivable receivable(const std::string& externalId, const std::string& source = "csv") {
    return *store::ReceivableRepository(*db_).findByExternalId(source, externalId);
  }
  store::RecordedPayment pay(const std::string& id, const std::string& receivableExternalId, const char* amount,
                             Date on, const std::string& source = "csv") {
    store::PaymentInput p;
    p.source = source;
    p.externalId = id;
    p.receivableExternalId = receivableExternalId;
    p.amount = brl(amount);
    p.paidDate = on;
    return store::PaymentRepository(*db_).record(p, charges_);
  }
  std::string history() {
    std::string out;
    for (const auto& e : store::HistoryRepository(*db_).listForClient(client_)) out += e.summary + "\n";
    return out;
  }
  template <class Body>
  std::string refusal(Body body) {
    try {
      body();
    } catch (const NegotiationError& e) {
      return e.what();
    }
    ADD_FAILURE() << "expected a NegotiationError";
    return {};
  }
  ProposalRequest request(int installments, Date asOf) {
    ProposalRequest r;
    r.installments = installments;
    r.asOf = asOf;
    return r;
  }

  std::unique_ptr<testing::TestDatabase> test_;
  std::unique_ptr<store::Database> db_;
  config::PolicySet policies_{{policy("padrao", true), policy("acordo", false)}};
  calendar::BusinessCalendar calendar_;
  ContractCharges charges_;
  std::optional<NegotiationService> service_;
  std::int64_t client_ = 0;
};

TEST_P(Negotiation, OffersCoverTheOverdueDebtOldestFirstWithChargesToTheDay) {
  const auto debt = service_->debtOf("C1", day(2026, 3, 2));
  ASSERT_EQ(debt.lines.size(), 2u);
  EXPECT_EQ(debt.lines[0].receivable.externalId, "R1");
  // R1: fine 2 % = 20,00; 49 days × 1 % / 30 on 1.000,00 = 16,33. R2: 10,00 and 20 days → 3,33.
  EXPECT_EQ(debt.debt.principal, brl("1500,00"));
  EXPECT_EQ(debt.debt.fine, brl("30,00"));
  EXPECT_EQ(debt.debt.interest, brl("19,66"));
  EXPECT_EQ(debt.firstDue, day(2026, 3, 5));  // three business days
  const auto offers = service_->offers(debt);
  ASSERT_EQ(offers.size(), 3u);
  EXPECT_EQ(offers[0].total(), brl("1524,83"));  // 50 % off fine and interest
  EXPECT_EQ(offers[1].count, 3);
  EXPECT_EQ(offers[2].count, 12);
  // The same numbers on the ID as on the CPF.
  EXPECT_EQ(service_->debtOf("52998224725", day(2026, 3, 2)).debt.total(), debt.debt.total());
}

TEST_P(Negotiation, NothingOverdueUnknownClientAndLimitsNeedAnApprover) {
  EXPECT_NE(refusal([&] { service_->debtOf("C1", day(2026, 1, 10)); }).find("não tem nada vencido"), std::string::npos);
  EXPECT_NE(refusal([&] { service_->debtOf("C9", day(2026, 3, 2)); }).find("não encontrado"), std::string::npos);
  const std::string tooMany = refusal([&] { service_->propose("C1", request(13, day(2026, 3, 2))); });
  EXPECT_NE(tooMany.find("13 parcelas: a política permite até 12"), std::string::npos) << tooMany;
  EXPECT_NE(tooMany.find("--approver"), std::string::npos) << tooMany;
  auto small = request(3, day(2026, 3, 2));
  small.down = brl("1400,00");  // leaves 3 × 50,00
  const std::string below = refusal([&] { service_->propose("C1", small); });
  EXPECT_NE(below.find("abaixo do mínimo de R$ 100,00"), std::string::npos) << below;
  EXPECT_EQ(store::AgreementRepository(*db_).list(std::nullopt).size(), 0u);  // nothing stored

  auto approved = request(13, day(2026, 3, 2));
  approved.approver = "Dra. Helena";
  const auto a = service_->propose("C1", approved);
  EXPECT_EQ(a.approvedBy, "Dra. Helena");
  EXPECT_NE(history().find("acima dos limites da política (13 parcelas: a política permite até 12), aprovada por "
                           "Dra. Helena"),
            std::string::npos)
      << history();
}

TEST_P(Negotiation, AnExpiredOrCancelledProposalCannotBeAccepted) {
  const auto first = service_->propose("C1", request(3, day(2026, 3, 2)));
  EXPECT_NE(refusal([&] { service_->accept(first.id, day(2026, 3, 8), "cli"); }).find("expirou em 07/03/2026"),
            std::string::npos);
  const auto second = service_->propose("C1", request(3, day(2026, 3, 2)));
  service_->cancel(second.id, day(2026, 3, 3), "cli");
  EXPECT_NE(refusal([&] { service_->accept(second.id, day(2026, 3, 3), "cli"); }).find("está cancelado"),
            std::string::npos);
  // A payment after the proposal makes it stale.
  const auto third = service_->propose("C1", request(3, day(2026, 3, 2)));
  pay("P0", "R2", "100,00", day(2026, 3, 3));
  EXPECT_NE(refusal([&] { service_->accept(third.id, day(2026, 3, 3), "cli"); }).find("mudou desde a proposta"),
            std::string::npos);
  EXPECT_EQ(receivable("R1").status, domain::ReceivableStatus::kOpen);
}

TEST_P(Negotiation, AcceptedInstallmentsArePaidOldestFirstAndSettleTheOriginals) {
  const auto proposal = service_->propose("C1", request(3, day(2026, 3, 2)));
  EXPECT_EQ(proposal.total, brl("1549,66"));  // no interest: the debt as of the day
  const auto a = service_->accept(proposal.id, day(2026, 3, 2), "cli");
  EXPECT_EQ(a.status, "active");
  EXPECT_EQ(receivable("R1").status, domain::ReceivableStatus::kNegotiated);
  Money scheduled;
  for (const auto& i : a.schedule) {
    const auto r = *store::ReceivableRepository(*db_).findById(i.receivableId);
    EXPECT_EQ(r.policyId, "acordo");
    EXPECT_EQ(r.dueDate, i.dueDate);
    scheduled += r.amount;
  }
  EXPECT_EQ(scheduled, a.total);

  // Paid on the original R2 while the agreement is active: it goes to installment 1,
  // and what is beyond it to installment 2.
  const auto first = pay("P1", "R2", "600,00", day(2026, 3, 5));
  EXPECT_EQ(first.agreementId, a.id);
  const auto i1 = receivable("acordo-" + std::to_string(a.id) + "-1", "acordo");
  const auto i2 = receivable("acordo-" + std::to_string(a.id) + "-2", "acordo");
  EXPECT_EQ(i1.status, domain::ReceivableStatus::kPaid);
  EXPECT_EQ(i2.status, domain::ReceivableStatus::kPartiallyPaid);
  EXPECT_EQ(i1.amount + (i2.amount - i2.principalOpen), brl("600,00"));
  EXPECT_EQ(receivable("R2").principalOpen, brl("500,00"));  // untouched while negotiated
  EXPECT_NE(history().find("que está no acordo"), std::string::npos);
  // The same payment again changes nothing.
  EXPECT_TRUE(pay("P1", "R2", "600,00", day(2026, 3, 5)).alreadyRecorded);

  const Money rest = i2.principalOpen + receivable("acordo-" + std::to_string(a.id) + "-3", "acordo").amount;
  const auto last = pay("P2", "acordo-" + std::to_string(a.id) + "-2", rest.toBrl().substr(3).c_str(),
                        day(2026, 4, 1), "acordo");
  EXPECT_TRUE(last.agreementCompleted);
  EXPECT_EQ(receivable("R1").status, domain::ReceivableStatus::kPaid);
  EXPECT_EQ(receivable("R2").status, domain::ReceivableStatus::kPaid);
  EXPECT_EQ(store::AgreementRepository(*db_).findById(a.id)->status, "completed");
  EXPECT_EQ(last.settled.size(), 4u);  // installments 2 and 3, R1 and R2
}

TEST_P(Negotiation, ABrokenAgreementReinstatesWhatIsOwedWithChargesFromTheOriginalDueDates) {
  const auto a = service_->accept(service_->propose("C1", request(3, day(2026, 3, 2))).id, day(2026, 3, 2), "cli");
  pay("P1", "acordo-" + std::to_string(a.id) + "-1", "516,55", day(2026, 3, 5), "acordo");
  // Installment 2 (due 06/04/2026) unpaid; 30 days later the agreement still stands.
  EXPECT_EQ(service_->review(day(2026, 5, 6)).agreementsBroken, 0u);
  EXPECT_EQ(service_->review(day(2026, 5, 7)).agreementsBroken, 1u);
  EXPECT_EQ(store::AgreementRepository(*db_).findById(a.id)->status, "broken");

  // By hand: on 05/03 the 516,55 paid goes to R1 (oldest): interest 1.000,00 × 1 % ×
  // 52/30 = 17,33, fine 20,00, principal 479,22; R1 keeps 520,78, accruing from 05/03.
  const auto r1 = receivable("R1");
  const auto r2 = receivable("R2");
  EXPECT_EQ(r1.status, domain::ReceivableStatus::kPartiallyPaid);
  EXPECT_EQ(r1.principalOpen, brl("520,78"));
  EXPECT_EQ(r1.interestFrom, day(2026, 3, 5));
  EXPECT_EQ(r2.status, domain::ReceivableStatus::kOpen);
  EXPECT_EQ(r2.principalOpen, brl("500,00"));
  // What was paid plus what is reinstated equals what was owed plus the charges the
  // contract allows (interest on the principal outstanding each day), to the centavo.
  const Date broke = day(2026, 5, 7);
  const auto owed = [&](const domain::Receivable& r) {
    const auto c = charges_.chargesOn(r, broke);
    return r.totalOpen() + c.fine + c.interest;
  };
  const Money paid = brl("516,55");
  const Money charges = brl("17,33") + brl("20,00") +                                 // R1 until 05/03
                        Money::fromCentavos(negotiation::divideRounded(52078LL * 63, 3000)) +  // R1 05/03 → 07/05
                        brl("10,00") + Money::fromCentavos(negotiation::divideRounded(50000LL * 86, 3000));  // R2
  EXPECT_EQ(paid + owed(r1) + owed(r2), brl("1500,00") + charges);
  // The installments are gone, the régua collects the originals again.
  for (int n = 1; n <= 3; ++n) {
    const auto i = receivable("acordo-" + std::to_string(a.id) + "-" + std::to_string(n), "acordo");
    EXPECT_EQ(i.status, n == 1 ? domain::ReceivableStatus::kPaid : domain::ReceivableStatus::kCancelled);
  }
  EXPECT_NE(history().find("quebrado: a parcela 2 venceu em 06/04/2026"), std::string::npos) << history();
  // And the follow-up says so: a task of the negotiating policy's type for the client.
  const auto task = store::TaskRepository(*db_).findOpen(client_, "acordo-quebrado");
  ASSERT_TRUE(task);
  EXPECT_NE(task->title.find("quebrado"), std::string::npos);
}

TEST_P(Negotiation, CancellingAnActiveAgreementReturnsTheDebtWithNothingPaid) {
  const auto a = service_->accept(service_->propose("C1", request(1, day(2026, 3, 2))).id, day(2026, 3, 2), "cli");
  EXPECT_EQ(a.discount, brl("24,83"));
  const auto cancelled = service_->cancel(a.id, day(2026, 3, 10), "cli");
  EXPECT_EQ(cancelled.status, "broken");
  // The discount was for paying everything now: nothing was paid, nothing is forgiven.
  EXPECT_EQ(receivable("R1").principalOpen, brl("1000,00"));
  EXPECT_EQ(receivable("R1").status, domain::ReceivableStatus::kOpen);
  EXPECT_NE(refusal([&] { service_->cancel(a.id, day(2026, 3, 10), "cli"); }).find("já está quebrado"),
            std::string::npos);
}

TEST_P(Negotiation, APromisePausesCollectionAndABrokenOneFiresItsStage) {
  const auto p = service_->promise("C1", day(2026, 3, 6), brl("500,00"), day(2026, 3, 2), "cli");
  EXPECT_EQ(p.checkOn, day(2026, 3, 9));  // the business day after a Friday
  EXPECT_EQ(*store::ClientRepository(*db_).findById(client_)->pausedUntil, day(2026, 3, 10));
  EXPECT_EQ(service_->review(day(2026, 3, 9)).promisesBroken, 0u);  // still the day to pay
  pay("P1", "R2", "200,00", day(2026, 3, 6));  // less than promised
  const auto reviewed = service_->review(day(2026, 3, 10));
  EXPECT_EQ(reviewed.promisesBroken, 1u);
  EXPECT_EQ(reviewed.intentsCreated, 2u);  // the stage's action for R1 and R2
  const auto intents = store::IntentRepository(*db_).listByState(store::IntentState::kPending);
  ASSERT_EQ(intents.size(), 2u);
  EXPECT_EQ(intents[0].stageId, "promessa-quebrada");
  EXPECT_EQ(service_->review(day(2026, 3, 11)).intentsCreated, 0u);  // once
  EXPECT_NE(history().find("não cumprida: pago R$ 200,00 de R$ 500,00"), std::string::npos) << history();

  // A promise kept: any payment when no amount was promised.
  service_->promise("C1", day(2026, 3, 13), Money(), day(2026, 3, 11), "cli");
  pay("P2", "R2", "50,00", day(2026, 3, 12));
  EXPECT_EQ(service_->review(day(2026, 3, 17)).promisesKept, 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, Negotiation, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return info.param == Backend::kSqlite ? "SQLite" : "PostgreSQL"; });

}  // namespace
}  // namespace regua::services
