// The host services a plugin may call back while the host is calling it (quote_item,
// send_message, upsert_task, task_load, recent_history, the source sink), as C++
// interfaces over plain values. The engine implements them; the ports attach one
// CallSession to the instance for exactly one call; host_services.cpp translates between
// these values and the C structs, so nothing above this layer sees plugin_api.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <regua/value.hpp>

namespace regua::plugin {

// How a call went: the C ABI's statuses, in the host's words.
enum class CallStatus {
  kOk,
  kFailed,         // refused for good (REGUA_ERROR)
  kRetry,          // try again later (REGUA_RETRY)
  kConfigRefused,  // the plugin's own settings were refused (REGUA_ERROR_CONFIG)
  kRefused,        // a channel's recipient was refused: a bounce (REGUA_REFUSED)
};

// quote_item: one item of the action's intent, priced for a day.
struct ItemQuote {
  Money principal, fine, interest, discount, total;
  Date effectiveDue;
  int daysLate = 0;
  std::string notes;
};
class ItemQuotes {
 public:
  virtual ~ItemQuotes() = default;
  // Nothing when the item is not part of the call or cannot be priced.
  virtual std::optional<ItemQuote> quote(std::string_view receivableId, Date on) = 0;
};

// send_message: a message the action rendered, for the host to route to a channel.
struct InlineImage {
  std::string contentId, mediaType, data;
};
struct OutgoingMessage {
  std::string deliveryId, channel, to, toName, subject, text, html, templateName;
  std::vector<InlineImage> images = {};  // the HTML shows them as cid:CONTENT_ID
};
struct SendReceipt {
  CallStatus status = CallStatus::kFailed;
  std::string providerId;        // with kOk
  std::string error;             // otherwise, pt-BR
  unsigned retryAfterSeconds = 0;
};
class MessageSender {
 public:
  virtual ~MessageSender() = default;
  virtual SendReceipt send(const OutgoingMessage& message) = 0;
};

// upsert_task, task_load and recent_history: the client's follow-up tasks.
struct TaskRequest {
  std::string type, title, description, responsible, note;
  Date dueDate;
  std::string escalateTo;
  int escalateAfterDays = 0;
};
struct TaskReceipt {
  CallStatus status = CallStatus::kFailed;
  std::int64_t taskId = 0;
  bool created = false;
  std::string responsible;  // who has the task now
  std::string error;        // with kFailed
};
struct HistoryLine {
  Date date;
  std::string kind, summary;  // summary with personal data masked
};
class TaskDesk {
 public:
  virtual ~TaskDesk() = default;
  virtual TaskReceipt upsert(const TaskRequest& request) = 0;
  virtual std::pair<std::int64_t, std::int64_t> load(std::string_view responsible) = 0;  // open, assigned
  virtual std::vector<HistoryLine> recent(std::uint32_t max) = 0;                       // newest first
};

// The source capability's records, decoded (fields a plugin's minor predates are empty).
struct SourceClient {
  std::string externalId, name, document, email, phone, whatsapp, origin, segment, tags, responsible,
      preferredChannel;
  std::optional<Date> clientSince;
  std::string paymentContactName, paymentContactRole, paymentContactEmail, paymentContactPhone,
      paymentContactOwner;
};
struct SourceReceivable {
  std::string externalId, clientExternalId, description;
  Money amount;
  Date issueDate, dueDate;
  std::string origin, policyId, nossoNumero, boletoLine;
};
struct SourcePayment {
  std::string externalId, receivableExternalId;
  std::string nossoNumero;  // names the receivable when receivableExternalId is empty
  Money amount;
  Date paidDate;
  std::optional<Date> creditDate;
  std::string method, origin;
  // 1.10: a bank's credit, which the host matches (or queues for reconciliation).
  bool bankCredit = false;
  std::string seuNumero, payerDocument, payerName, reference;
  Money charges, discount, bankFee;
};
struct SourceOccurrence {
  std::string externalId, nossoNumero, seuNumero;
  Date date;
  std::string code, text, origin;
};
class SourceSink {
 public:
  virtual ~SourceSink() = default;
  // False: the record was refused (the sink keeps why, with the record's origin).
  virtual bool client(const SourceClient& record) = 0;
  virtual bool receivable(const SourceReceivable& record) = 0;
  virtual bool payment(const SourcePayment& record) = 0;
  virtual bool occurrence(const SourceOccurrence& record) = 0;
};

// What one call may use; absent services answer the plugin with an error.
struct CallSession {
  ItemQuotes* quotes = nullptr;
  MessageSender* messages = nullptr;
  TaskDesk* tasks = nullptr;
  SourceSink* sink = nullptr;
};

}  // namespace regua::plugin
