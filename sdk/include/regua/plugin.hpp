// Header-only C++ wrapper over <regua/plugin_api.h>.
//
// A plugin author writes one plain class and exports it with one macro:
//
//   class Hello {
//    public:
//     static constexpr const char* kActionNames[] = {"hello", nullptr};
//     explicit Hello(regua::Host host);                   // may throw regua::ConfigError
//     regua::ActionOutcome execute(const regua::Intent&); // the `action` capability
//   };
//   REGUA_PLUGIN(Hello, "br.example.hello", "1.0.0", "Says hello")
//
// Capabilities are detected from the member functions the class has:
//   action     ActionOutcome execute(const Intent&)       + static kActionNames
//              optional: static kActionFlags (kSendsMessage, kOneCallPerClient), one per
//              name; std::string check(std::string_view action, const Args&);
//              bool hasTemplate(std::string_view action, std::string_view templateName)
//   quote      Quote quote(const QuoteRequest&)
//   source     SourcePull pull(std::string_view cursor, SourceSink&)
//   channel    Delivery send(const Message&)               + static kChannelNames
//   task_sink  TaskResult upsertTask(const Task&)
//   listener   void onEvent(const Event&)
// A member with one of these names but another signature does not compile: the
// static_assert says which signature is expected.
//
// The oldest host the plugin runs on: REGUA_PLUGIN_REQUIRES(1, 4) in the class body
// (default: the SDK's own minor). Host services newer than that are checked with
// Host::supports(); calling one the host lacks throws regua::HostTooOld.
//
// Every exception is caught at the boundary: regua::ConfigError from the constructor
// becomes REGUA_ERROR_CONFIG, regua::RetryLater becomes REGUA_RETRY, regua::Refused from
// send() becomes REGUA_REFUSED, anything else REGUA_ERROR, each with what() as the
// plugin's last_error text.
#ifndef REGUA_PLUGIN_HPP
#define REGUA_PLUGIN_HPP

#include <sys/stat.h>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "regua/plugin_api.h"
#include "regua/value.hpp"

namespace regua {

// ------------------------------------------------------------------ errors

// Thrown by a plugin constructor when its configuration cannot be used. The message
// should say which key is wrong and what it expects.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown by a channel's send() when the server refused the recipient (a bounce: no such
// mailbox, a number that is not on WhatsApp). The host stops using that address on that
// channel. Any other exception from send() is the plugin's fault and blames no address.
class Refused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown by a Host service the host does not offer (it predates the ABI minor that
// added it). Host::supports() tells beforehand.
class HostTooOld : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An ABI version: what a plugin requires of its host.
struct AbiVersion {
  std::uint16_t major = REGUA_ABI_MAJOR;
  std::uint16_t minor = REGUA_ABI_MINOR;
};

// In a plugin class body: the oldest host ABI the plugin needs.
#define REGUA_PLUGIN_REQUIRES(Major, Minor) static constexpr ::regua::AbiVersion kRequiresHost{Major, Minor}

// Action flags (regua_action_table.action_flags), for a plugin's kActionFlags.
inline constexpr std::uint32_t kSendsMessage = REGUA_ACTION_SENDS_MESSAGE;
inline constexpr std::uint32_t kOneCallPerClient = REGUA_ACTION_ONE_CALL_PER_CLIENT;

// Thrown by any capability call on a temporary failure; the host retries later.
class RetryLater : public std::runtime_error {
 public:
  explicit RetryLater(const std::string& why, std::uint32_t afterSeconds = 0)
      : std::runtime_error(why), afterSeconds_(afterSeconds) {}
  std::uint32_t afterSeconds() const { return afterSeconds_; }

 private:
  std::uint32_t afterSeconds_;
};

// True for a valid reverse-DNS plugin name: lower-case ASCII letters, digits, '-' and
// '_' in dot-separated labels, at least two labels, no empty label. The host applies
// the same rule when it loads a plugin.
constexpr bool isValidPluginName(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  bool sawDot = false;
  std::size_t labelLength = 0;
  for (char c : name) {
    if (c == '.') {
      if (labelLength == 0) return false;
      sawDot = true;
      labelLength = 0;
      continue;
    }
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!allowed) return false;
    ++labelLength;
  }
  return sawDot && labelLength > 0;
}

namespace detail {

// Whether `member` of a struct the other side allocated lies inside its declared size.
// Fields appended by a later minor are absent from an older peer's struct.
template <class Struct, class Field>
bool fits(const Struct& s, const Field Struct::*member) {
  const auto offset = reinterpret_cast<const char*>(&(s.*member)) -
                      reinterpret_cast<const char*>(&s);
  return static_cast<std::size_t>(offset) + sizeof(Field) <= s.struct_size;
}
template <class Struct, class Field>
Field read(const Struct& s, const Field Struct::*member) {
  return fits(s, member) ? s.*member : Field{};
}
template <class Struct, class Field, class Value>
void write(Struct& s, Field Struct::*member, Value value) {
  if (fits(s, member)) s.*member = static_cast<Field>(value);
}
}  // namespace detail

// A field of a struct the other side of the ABI allocated: its value, or zero when it
// lies past the struct_size that side declared (it was built for an older minor).
// Host and plugins read every struct across the boundary this way.
template <class Struct, class Field>
Field declaredField(const Struct& s, const Field Struct::*member) {
  return detail::read(s, member);
}
// Writes a field of the other side's out-struct only when it lies within its size.
template <class Struct, class Field, class Value>
void writeDeclared(Struct& s, Field Struct::*member, Value value) {
  detail::write(s, member, value);
}

// ------------------------------------------------------------------ host services

enum class LogLevel { kDebug = REGUA_LOG_DEBUG, kInfo = REGUA_LOG_INFO,
                      kWarning = REGUA_LOG_WARNING, kError = REGUA_LOG_ERROR };

using QuoteRequest = regua_quote_request;
enum class Outcome { kDone, kRetry, kFailed };

// A policy action's arguments, for an action plugin's optional
//   std::string check(std::string_view action, const Args& args)
// which returns "" when they are fine, else what is wrong (`regua policy check`).
using Args = std::vector<std::pair<std::string_view, std::string_view>>;

struct Quote {
  Money principal, fine, interest, discount, total;
  Date effectiveDue;
  std::int32_t daysLate = 0;
  std::string notes;
};

// The host services later minors added. On a host older than the minor in brackets,
// Host::supports() is false and calling the service throws HostTooOld.
enum class HostService {
  kCalendar,     // isBusinessDay, nextBusinessDay, addBusinessDays [1.1]
  kQuoteItem,    // quoteItem [1.3]
  kSendMessage,  // sendMessage [1.4]
  kTasks,        // upsertTask, taskLoad, recentHistory [1.5]
};

// The host's services for one instance. A cheap handle: copy it freely; it stays
// valid for the instance's lifetime.
class Host {
 public:
  Host(const regua_host_services* services, regua_host_context* ctx)
      : services_(services), ctx_(ctx) {}

  void log(LogLevel level, std::string_view message) const {
    if (has(&regua_host_services::log) && services_->log) {
      services_->log(ctx_, static_cast<regua_log_level>(level), abiStr(message));
    }
  }
  void debug(std::string_view m) const { log(LogLevel::kDebug, m); }
  void info(std::string_view m) const { log(LogLevel::kInfo, m); }
  void warning(std::string_view m) const { log(LogLevel::kWarning, m); }
  void error(std::string_view m) const { log(LogLevel::kError, m); }

  // The plugin's whole YAML section as text ("{}" when absent).
  std::string_view configText() const {
    if (!has(&regua_host_services::config_text) || !services_->config_text) return "{}";
    return view(services_->config_text(ctx_));
  }
  // One scalar by dotted path ("smtp.port"), or nothing when absent or not a scalar.
  std::optional<std::string_view> config(std::string_view path) const {
    if (!has(&regua_host_services::config_get) || !services_->config_get) return std::nullopt;
    regua_str value{};
    if (services_->config_get(ctx_, abiStr(path), &value) != 1) return std::nullopt;
    return view(value);
  }
  std::string_view configOr(std::string_view path, std::string_view fallback) const {
    return config(path).value_or(fallback);
  }
  // `path` from the plugin's own section, else what regua.yaml gives every plugin under
  // "@" + path (its `office:` section: "office.name", "pix.key"...), else `fallback`.
  std::string configOrShared(std::string_view path, std::string_view fallback) const {
    if (const auto own = config(path)) return std::string(*own);
    return std::string(configOr("@" + std::string(path), fallback));
  }
  // A file or folder named in the config: as given when absolute, else relative to the
  // folder of regua.yaml; "" when the key is absent.
  std::string configPath(std::string_view key) const {
    std::string path(configOr(key, ""));
    const std::string_view base = configOr("@config_dir", "");
    if (!path.empty() && path.front() != '/' && !base.empty()) path = std::string(base) + "/" + path;
    return path;
  }
  // A required scalar; throws ConfigError naming the key when it is missing.
  std::string_view requireConfig(std::string_view path) const {
    auto value = config(path);
    if (!value) throw ConfigError("falta a chave '" + std::string(path) + "' na configuração");
    return *value;
  }

  // Whether this host offers `service` (see HostService for the minor that added it).
  bool supports(HostService service) const {
    switch (service) {
      case HostService::kCalendar: return present(&regua_host_services::add_business_days);
      case HostService::kQuoteItem: return present(&regua_host_services::quote_item);
      case HostService::kSendMessage: return present(&regua_host_services::send_message);
      case HostService::kTasks: return present(&regua_host_services::recent_history);
    }
    return false;
  }

  // The bank business calendar (ABI 1.1). `city` is an IBGE code; empty = the office's.
  bool isBusinessDay(Date day, std::string_view city = {}) const {
    return service(&regua_host_services::is_business_day, "o calendário de dias úteis", "1.1")(ctx_, day.toAbi(),
                                                                                           abiStr(city)) != 0;
  }
  Date nextBusinessDay(Date day, std::string_view city = {}) const {
    return Date::fromAbi(service(&regua_host_services::next_business_day, "o calendário de dias úteis", "1.1")(
        ctx_, day.toAbi(), abiStr(city)));
  }
  Date addBusinessDays(Date day, std::int32_t days, std::string_view city = {}) const {
    return Date::fromAbi(service(&regua_host_services::add_business_days, "o calendário de dias úteis", "1.1")(
        ctx_, day.toAbi(), days, abiStr(city)));
  }

  // Delivers a rendered message through the host (ABI 1.4), from execute(): the host
  // picks the channel plugin, records the delivery in the history and never sends the
  // same deliveryId twice.
  struct InlineImage {
    std::string_view contentId, mediaType, data;
  };
  struct OutgoingMessage {
    std::string_view deliveryId, channel, to, toName, subject, text, html, templateName;
    std::vector<InlineImage> images = {};  // shown by the HTML as cid:CONTENT_ID (ABI 1.11)
  };
  struct SendOutcome {
    Outcome outcome = Outcome::kFailed;
    std::string providerId, error;
    std::uint32_t retryAfterSeconds = 0;
  };
  SendOutcome sendMessage(const OutgoingMessage& message) const;

  // The updated amount of one of the current intent's items (ABI 1.3): call it from
  // execute() with an item's id. Nothing when the id is not one of the intent's items
  // or the quote failed (the host logs why).
  std::optional<Quote> quoteItem(std::string_view receivableId, Date on) const;

  // Follow-up tasks (ABI 1.5), from execute(): opens a task of `type` for the intent's
  // client, or adds the intent's items and the note to the client's open task of that
  // type. The host keeps it and pushes it to the task sinks. Throws std::runtime_error
  // with the host's reason when it cannot.
  struct TaskRequest {
    std::string_view type, title, description, responsible, note;
    Date dueDate;
    std::string_view escalateTo;
    std::int32_t escalateAfterDays = 0;
  };
  struct TaskReceipt {
    std::string taskId;
    bool created = false;
    std::string responsible;
  };
  TaskReceipt upsertTask(const TaskRequest& request) const;
  // Open tasks now and tasks ever assigned, for `responsible`, from execute() (ABI 1.5).
  struct TaskLoad {
    std::int64_t open = 0, assigned = 0;
  };
  TaskLoad taskLoad(std::string_view responsible) const;
  // The intent's client's last `max` history entries, newest first (ABI 1.5), from
  // execute().
  struct HistoryLine {
    Date date;
    std::string kind, summary;
  };
  std::vector<HistoryLine> recentHistory(std::uint32_t max) const;

  std::uint16_t abiMinor() const { return services_->abi_minor; }

 private:
  template <class Field>
  bool has(const Field regua_host_services::*member) const {
    return services_ != nullptr && detail::fits(*services_, member);
  }
  template <class Fn>
  bool present(Fn regua_host_services::*member) const {
    return has(member) && services_->*member != nullptr;
  }
  // The callback, or HostTooOld naming what the host lacks and since when it exists.
  template <class Fn>
  Fn service(Fn regua_host_services::*member, const char* what, const char* since) const {
    if (!present(member)) {
      throw HostTooOld("este host (ABI " + std::to_string(services_ ? services_->abi_major : 0) + "." +
                       std::to_string(services_ ? services_->abi_minor : 0) + ") não oferece " + what +
                       " (desde o ABI " + since + "); atualize o Régua");
    }
    return services_->*member;
  }
  const regua_host_services* services_;
  regua_host_context* ctx_;
};

// ------------------------------------------------------------------ capability views
// Input views wrap the host's structs without copying; string_views they return are
// valid until the call they were passed to returns.

struct ReceivableRef {
  std::string_view id;
  std::string_view description;
  Money amount;
  Date dueDate;
  std::string_view boletoLine;  // ABI 1.4; empty when none (or an older host)
};

class Intent {
 public:
  explicit Intent(const regua_intent& raw) : raw_(raw) {}
  std::string_view intentId() const { return get(&regua_intent::intent_id); }
  std::string_view action() const { return get(&regua_intent::action); }
  std::string_view policyId() const { return get(&regua_intent::policy_id); }
  std::string_view stageId() const { return get(&regua_intent::stage_id); }
  std::string_view clientId() const { return get(&regua_intent::client_id); }
  std::string_view clientName() const { return get(&regua_intent::client_name); }
  Date asOf() const { return Date::fromAbi(detail::read(raw_, &regua_intent::as_of)); }
  std::vector<ReceivableRef> items() const {
    std::vector<ReceivableRef> out;
    const auto* items = detail::read(raw_, &regua_intent::items);
    const auto count = detail::read(raw_, &regua_intent::items_count);
    const auto* boletos = detail::read(raw_, &regua_intent::item_boleto_lines);
    for (std::size_t i = 0; items != nullptr && i < count; ++i) {
      out.push_back({view(items[i].id), view(items[i].description), Money::fromAbi(items[i].amount),
                     Date::fromAbi(items[i].due_date), boletos != nullptr ? view(boletos[i]) : std::string_view{}});
    }
    return out;
  }
  // Message actions (ABI 1.4): where to send, as the host's contact rules chose it for
  // arg("channel"); empty otherwise.
  std::string_view address() const { return get(&regua_intent::address); }
  std::string_view addressName() const { return get(&regua_intent::address_name); }
  // The client's document, the office's person in charge of the client and the one who
  // deals with the client's payment contact (ABI 1.5; empty before or when unknown).
  std::string_view clientDocument() const { return get(&regua_intent::client_document); }
  std::string_view clientResponsible() const { return get(&regua_intent::client_responsible); }
  std::string_view paymentContactOwner() const { return get(&regua_intent::payment_contact_owner); }
  // 1.6: the policy's negotiation section (regua::negotiation::parseTerms reads it);
  // empty when the policy offers no agreements or the host is older.
  std::vector<std::pair<std::string, std::string>> negotiationSection() const {
    std::vector<std::pair<std::string, std::string>> out;
    const auto* terms = detail::read(raw_, &regua_intent::negotiation);
    const auto count = detail::read(raw_, &regua_intent::negotiation_count);
    for (std::size_t i = 0; terms != nullptr && i < count; ++i) {
      out.emplace_back(view(terms[i].key), view(terms[i].value));
    }
    return out;
  }
  // The action argument with this key, if the policy gave one.
  std::optional<std::string_view> arg(std::string_view key) const {
    const auto* args = detail::read(raw_, &regua_intent::args);
    const auto count = detail::read(raw_, &regua_intent::args_count);
    for (std::size_t i = 0; args != nullptr && i < count; ++i) {
      if (view(args[i].key) == key) return view(args[i].value);
    }
    return std::nullopt;
  }
  const regua_intent& raw() const { return raw_; }

 private:
  std::string_view get(regua_str regua_intent::*member) const {
    return view(detail::read(raw_, member));
  }
  const regua_intent& raw_;
};


struct ActionOutcome {
  Outcome outcome = Outcome::kDone;
  std::string externalRef;
  std::string message;
  std::uint32_t retryAfterSeconds = 0;

  static ActionOutcome done(std::string externalRef = {}, std::string message = {}) {
    return {Outcome::kDone, std::move(externalRef), std::move(message), 0};
  }
  static ActionOutcome retryAfter(std::uint32_t seconds, std::string why) {
    return {Outcome::kRetry, {}, std::move(why), seconds};
  }
  static ActionOutcome failed(std::string why) { return {Outcome::kFailed, {}, std::move(why), 0}; }
};


inline std::optional<Quote> Host::quoteItem(std::string_view receivableId, Date on) const {
  const auto quoteItem = service(&regua_host_services::quote_item, "o valor atualizado dos títulos", "1.3");
  regua_quote raw{};
  raw.struct_size = sizeof raw;
  if (quoteItem(ctx_, abiStr(receivableId), on.toAbi(), &raw) != REGUA_OK) return std::nullopt;
  return Quote{Money::fromAbi(raw.principal), Money::fromAbi(raw.fine),     Money::fromAbi(raw.interest),
               Money::fromAbi(raw.discount),  Money::fromAbi(raw.total),    Date::fromAbi(raw.effective_due),
               raw.days_late,                 std::string(view(raw.notes))};
}

inline Host::SendOutcome Host::sendMessage(const OutgoingMessage& m) const {
  const auto send = service(&regua_host_services::send_message, "a entrega de mensagens", "1.4");
  SendOutcome out;
  regua_message raw{};
  raw.struct_size = sizeof raw;
  raw.delivery_id = abiStr(m.deliveryId);
  raw.channel = abiStr(m.channel);
  raw.to = abiStr(m.to);
  raw.to_name = abiStr(m.toName);
  raw.subject = abiStr(m.subject);
  raw.text = abiStr(m.text);
  raw.html = abiStr(m.html);
  raw.template_name = abiStr(m.templateName);
  std::vector<regua_inline_image> images;
  for (const auto& image : m.images) images.push_back({abiStr(image.contentId), abiStr(image.mediaType), abiStr(image.data)});
  // A host before 1.11 reads up to its own size and never sees the images.
  raw.inline_images = images.empty() ? nullptr : images.data();
  raw.inline_image_count = static_cast<std::uint32_t>(images.size());
  regua_send_result result{};
  result.struct_size = sizeof result;
  const regua_status status = send(ctx_, &raw, &result);
  out.outcome = status == REGUA_OK ? Outcome::kDone : status == REGUA_RETRY ? Outcome::kRetry : Outcome::kFailed;
  out.providerId = std::string(view(result.provider_id));
  out.error = std::string(view(result.error));
  out.retryAfterSeconds = result.retry_after_seconds;
  return out;
}

inline Host::TaskReceipt Host::upsertTask(const TaskRequest& r) const {
  const auto upsert = service(&regua_host_services::upsert_task, "tarefas de acompanhamento", "1.5");
  regua_task_request raw{};
  raw.struct_size = sizeof raw;
  raw.type = abiStr(r.type);
  raw.title = abiStr(r.title);
  raw.description = abiStr(r.description);
  raw.responsible = abiStr(r.responsible);
  raw.note = abiStr(r.note);
  raw.due_date = r.dueDate.toAbi();
  raw.escalate_to = abiStr(r.escalateTo);
  raw.escalate_after_days = r.escalateAfterDays;
  regua_task_receipt receipt{};
  receipt.struct_size = sizeof receipt;
  if (upsert(ctx_, &raw, &receipt) != REGUA_OK) {
    throw std::runtime_error("o host recusou a tarefa: " + std::string(view(receipt.error)));
  }
  return {std::string(view(receipt.task_id)), receipt.created != 0, std::string(view(receipt.responsible))};
}

inline Host::TaskLoad Host::taskLoad(std::string_view responsible) const {
  const auto taskLoad = service(&regua_host_services::task_load, "tarefas de acompanhamento", "1.5");
  TaskLoad load;
  taskLoad(ctx_, abiStr(responsible), &load.open, &load.assigned);
  return load;
}

inline std::vector<Host::HistoryLine> Host::recentHistory(std::uint32_t max) const {
  const auto recent = service(&regua_host_services::recent_history, "o histórico do cliente", "1.5");
  std::vector<HistoryLine> out;
  const regua_history_line* lines = nullptr;
  std::size_t count = 0;
  if (recent(ctx_, max, &lines, &count) != REGUA_OK) return out;
  for (std::size_t i = 0; lines != nullptr && i < count; ++i) {
    out.push_back({Date::fromAbi(lines[i].date), std::string(view(lines[i].kind)), std::string(view(lines[i].summary))});
  }
  return out;
}

using Message = regua_message;
struct Delivery {
  std::string providerId;
};

using Task = regua_task;
struct TaskResult {
  std::string externalId;
  std::string note;  // optional remark for the history (ABI 1.5)
};

using Event = regua_event;

// What a source delivers, in C++ terms; SourceSink builds the C records from them. The
// views must stay valid until the sink call returns. Optional fields may stay empty
// (a Date() means unknown).
struct ClientRecord {
  std::string_view externalId, name, document;  // required; the host validates the document
  std::string_view email, phone, whatsapp;
  std::string_view origin;  // where the record came from ("clientes.csv:12"), for messages
  std::string_view segment, tags, responsible, preferredChannel;  // tags comma-separated
  Date clientSince;
  struct PaymentContact {
    std::string_view name, role, email, phone, owner;  // owner: who in the office deals with them
  } payer;
};
struct ReceivableRecord {
  std::string_view externalId, clientExternalId;  // required
  std::string_view description;
  Money amount;          // required, > 0
  Date issueDate, dueDate;  // required
  std::string_view origin, policyId, nossoNumero, boletoLine;
};
struct PaymentRecord {
  std::string_view externalId;            // required
  std::string_view receivableExternalId;  // required, unless nossoNumero names the boleto
  Money amount;        // required, > 0
  Date paidDate;       // required
  Date creditDate;     // Date(): the same as paidDate
  std::string_view method, origin;
  std::string_view nossoNumero;  // 1.9: the boleto's, when the source knows only that
  // 1.10: a credit a bank reports; the host finds its receivable or queues it.
  bool bankCredit = false;
  std::string_view seuNumero, payerDocument, payerName, reference;
  Money charges, discount, bankFee;  // what the bank says it collected, granted and kept
};
// 1.10: what a bank says about a boleto besides a payment, for the receivable's history.
struct OccurrenceRecord {
  std::string_view externalId;             // required
  std::string_view nossoNumero, seuNumero;  // one of them names the receivable
  Date date;                               // required
  std::string_view code, text, origin;
};

// What a source hands records to. Each call returns false when the host rejected the
// record (it keeps the reason); go on delivering and make pull() fail at the end, so
// the office sees every bad record at once.
class SourceSink {
 public:
  explicit SourceSink(const regua_source_sink& raw) : raw_(raw) {}
  [[nodiscard]] bool client(const ClientRecord& c) const {
    regua_client_record r{};
    r.struct_size = sizeof r;
    r.external_id = abiStr(c.externalId);
    r.name = abiStr(c.name);
    r.document = abiStr(c.document);
    r.email = abiStr(c.email);
    r.phone = abiStr(c.phone);
    r.origin = abiStr(c.origin);
    r.segment = abiStr(c.segment);
    r.tags = abiStr(c.tags);
    r.responsible = abiStr(c.responsible);
    r.preferred_channel = abiStr(c.preferredChannel);
    r.whatsapp = abiStr(c.whatsapp);
    r.client_since = c.clientSince == Date() ? 0 : c.clientSince.toAbi();
    r.payment_contact_name = abiStr(c.payer.name);
    r.payment_contact_role = abiStr(c.payer.role);
    r.payment_contact_email = abiStr(c.payer.email);
    r.payment_contact_phone = abiStr(c.payer.phone);
    r.payment_contact_owner = abiStr(c.payer.owner);
    return raw_.client(raw_.ctx, &r) == REGUA_OK;
  }
  [[nodiscard]] bool receivable(const ReceivableRecord& x) const {
    regua_receivable_record r{};
    r.struct_size = sizeof r;
    r.external_id = abiStr(x.externalId);
    r.client_external_id = abiStr(x.clientExternalId);
    r.description = abiStr(x.description);
    r.amount = x.amount.toAbi();
    r.issue_date = x.issueDate.toAbi();
    r.due_date = x.dueDate.toAbi();
    r.origin = abiStr(x.origin);
    r.policy_id = abiStr(x.policyId);
    r.nosso_numero = abiStr(x.nossoNumero);
    r.boleto_line = abiStr(x.boletoLine);
    return raw_.receivable(raw_.ctx, &r) == REGUA_OK;
  }
  [[nodiscard]] bool payment(const PaymentRecord& x) const {
    regua_payment_record r{};
    r.struct_size = sizeof r;
    r.external_id = abiStr(x.externalId);
    r.receivable_external_id = abiStr(x.receivableExternalId);
    r.amount = x.amount.toAbi();
    r.paid_date = x.paidDate.toAbi();
    r.credit_date = x.creditDate == Date() ? 0 : x.creditDate.toAbi();
    r.method = abiStr(x.method);
    r.origin = abiStr(x.origin);
    r.nosso_numero = abiStr(x.nossoNumero);
    r.bank_credit = x.bankCredit ? 1 : 0;
    r.seu_numero = abiStr(x.seuNumero);
    r.payer_document = abiStr(x.payerDocument);
    r.payer_name = abiStr(x.payerName);
    r.reference = abiStr(x.reference);
    r.charges = x.charges.toAbi();
    r.discount = x.discount.toAbi();
    r.bank_fee = x.bankFee.toAbi();
    return raw_.payment(raw_.ctx, &r) == REGUA_OK;
  }
  // A host older than 1.10 has no place for occurrences: they are dropped (true).
  [[nodiscard]] bool occurrence(const OccurrenceRecord& x) const {
    if (raw_.struct_size < offsetof(regua_source_sink, occurrence) + sizeof raw_.occurrence) return true;
    regua_occurrence_record r{};
    r.struct_size = sizeof r;
    r.external_id = abiStr(x.externalId);
    r.nosso_numero = abiStr(x.nossoNumero);
    r.seu_numero = abiStr(x.seuNumero);
    r.date = x.date.toAbi();
    r.code = abiStr(x.code);
    r.text = abiStr(x.text);
    r.origin = abiStr(x.origin);
    return raw_.occurrence(raw_.ctx, &r) == REGUA_OK;
  }

 private:
  const regua_source_sink& raw_;
};

struct SourcePull {
  std::string cursor;
  bool hasMore = false;
};

// A cursor for a source that reads a file: its size and modification time, which change
// whenever the file is rewritten; "-" when it is missing.
inline std::string fileFingerprint(const std::string& path) {
  struct ::stat st {};
  if (::stat(path.c_str(), &st) != 0) return "-";
  return std::to_string(st.st_size) + "@" + std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

// ------------------------------------------------------------------ the export machinery

namespace detail {

template <class P> concept HasAction = requires(P& p, const Intent& i) {
  { p.execute(i) } -> std::same_as<ActionOutcome>;
  P::kActionNames;
};
template <class P> concept HasCheck = requires(P& p, std::string_view a, const Args& args) {
  { p.check(a, args) } -> std::same_as<std::string>;
};
template <class P> concept HasQuote = requires(P& p, const QuoteRequest& r) {
  { p.quote(r) } -> std::same_as<Quote>;
};
template <class P> concept HasSource = requires(P& p, std::string_view c, SourceSink& s) {
  { p.pull(c, s) } -> std::same_as<SourcePull>;
};
template <class P> concept HasChannel = requires(P& p, const Message& m) {
  { p.send(m) } -> std::same_as<Delivery>;
  P::kChannelNames;
};
template <class P> concept HasTaskSink = requires(P& p, const Task& t) {
  { p.upsertTask(t) } -> std::same_as<TaskResult>;
};
template <class P> concept HasListener = requires(P& p, const Event& e) { p.onEvent(e); };
template <class P> concept HasTemplateCheck = requires(P& p, std::string_view a, std::string_view t) {
  { p.hasTemplate(a, t) } -> std::same_as<bool>;
};
template <class P> concept HasActionFlags = requires { P::kActionFlags; };

// A member named like a capability whose signature is not the one the SDK expects would
// silently leave the capability out; these turn that into a compile error.
template <class P>
constexpr bool checkSignatures() {
  static_assert(!requires { &P::execute; } || HasAction<P>,
                "execute() must be `regua::ActionOutcome execute(const regua::Intent&)`, and the class needs "
                "`static constexpr const char* kActionNames[] = {\"name\", nullptr};`");
  static_assert(!requires { &P::check; } || HasCheck<P>,
                "check() must be `std::string check(std::string_view action, const regua::Args& args)`");
  static_assert(!requires { &P::hasTemplate; } || HasTemplateCheck<P>,
                "hasTemplate() must be `bool hasTemplate(std::string_view action, std::string_view templateName)`");
  static_assert(!requires { &P::quote; } || HasQuote<P>,
                "quote() must be `regua::Quote quote(const regua::QuoteRequest&)`");
  static_assert(!requires { &P::pull; } || HasSource<P>,
                "pull() must be `regua::SourcePull pull(std::string_view cursor, regua::SourceSink& sink)`");
  static_assert(!requires { &P::send; } || HasChannel<P>,
                "send() must be `regua::Delivery send(const regua::Message&)`, and the class needs "
                "`static constexpr const char* kChannelNames[] = {\"email\", nullptr};`");
  static_assert(!requires { &P::upsertTask; } || HasTaskSink<P>,
                "upsertTask() must be `regua::TaskResult upsertTask(const regua::Task&)`");
  static_assert(!requires { &P::onEvent; } || HasListener<P>, "onEvent() must be `void onEvent(const regua::Event&)`");
  return true;
}

// The host ABI a plugin declared with REGUA_PLUGIN_REQUIRES, else the SDK's own.
template <class P>
constexpr AbiVersion requiredHost() {
  if constexpr (requires { P::kRequiresHost; }) {
    return P::kRequiresHost;
  } else {
    return AbiVersion{};
  }
}

// What regua_instance* points to: the plugin object plus the strings the plugin
// returned from its last call, kept alive until the next call (the ABI's rule).
template <class P>
struct Instance {
  explicit Instance(Host host) : plugin(host) {}
  P plugin;
  std::string error;
  std::string out1, out2;
};

// last_error(NULL): why the last create() failed. The host serializes create() and the
// last_error(NULL) that follows it (plugin_api.h), so no lock or thread_local is needed;
// keeping plugins free of TLS also lets them unload cleanly.
inline std::string& createError() {
  static std::string text;
  return text;
}

// Runs body, turning every exception into a status plus text in `error`; a RetryLater
// also stores its delay in *retryAfter when given.
template <class Body>
regua_status guarded(std::string& error, Body&& body, std::uint32_t* retryAfter = nullptr) noexcept {
  try {
    try {
      return body();
    } catch (const ConfigError& e) {
      error = e.what();
      return REGUA_ERROR_CONFIG;
    } catch (const RetryLater& e) {
      error = e.what();
      if (retryAfter != nullptr) *retryAfter = e.afterSeconds();
      return REGUA_RETRY;
    } catch (const std::exception& e) {
      error = e.what();
      return REGUA_ERROR;
    } catch (...) {
      error = "exceção desconhecida (não derivada de std::exception)";
      return REGUA_ERROR;
    }
  } catch (...) {  // assigning the text itself failed (out of memory)
    return REGUA_ERROR;
  }
}

template <class P>
Instance<P>& self(regua_instance* raw) { return *reinterpret_cast<Instance<P>*>(raw); }

template <class P>
struct Exports {
  static regua_status create(const regua_host_services* services, regua_host_context* ctx,
                             regua_instance** out) {
    if (out != nullptr) *out = nullptr;
    return guarded(createError(), [&] {
      if (out == nullptr) throw std::invalid_argument("create() sem ponteiro de saída");
      *out = reinterpret_cast<regua_instance*>(new Instance<P>(Host(services, ctx)));
      return REGUA_OK;
    });
  }
  static void destroy(regua_instance* raw) { delete &self<P>(raw); }
  static const char* lastError(const regua_instance* raw) {
    if (raw == nullptr) return createError().c_str();
    return reinterpret_cast<const Instance<P>*>(raw)->error.c_str();
  }

  static regua_status execute(regua_instance* raw, const regua_intent* intent,
                              regua_action_result* result) {
    auto& inst = self<P>(raw);
    std::uint32_t retryAfter = 0;
    const regua_status status = guarded(inst.error, [&] {
      ActionOutcome outcome = inst.plugin.execute(Intent(*intent));
      inst.out1 = std::move(outcome.externalRef);
      inst.out2 = std::move(outcome.message);
      write(*result, &regua_action_result::external_ref, abiStr(inst.out1));
      write(*result, &regua_action_result::message, abiStr(inst.out2));
      write(*result, &regua_action_result::retry_after_seconds, outcome.retryAfterSeconds);
      if (outcome.outcome == Outcome::kDone) return REGUA_OK;
      inst.error = inst.out2;
      return outcome.outcome == Outcome::kRetry ? REGUA_RETRY : REGUA_ERROR;
    }, &retryAfter);
    if (status == REGUA_RETRY && retryAfter != 0) {
      write(*result, &regua_action_result::retry_after_seconds, retryAfter);
    }
    return status;
  }
  static regua_status quote(regua_instance* raw, const regua_quote_request* request,
                            regua_quote* result) {
    auto& inst = self<P>(raw);
    return guarded(inst.error, [&] {
      Quote q = inst.plugin.quote(*request);
      inst.out1 = std::move(q.notes);
      write(*result, &regua_quote::principal, q.principal.toAbi());
      write(*result, &regua_quote::fine, q.fine.toAbi());
      write(*result, &regua_quote::interest, q.interest.toAbi());
      write(*result, &regua_quote::discount, q.discount.toAbi());
      write(*result, &regua_quote::total, q.total.toAbi());
      write(*result, &regua_quote::effective_due, q.effectiveDue.toAbi());
      write(*result, &regua_quote::days_late, q.daysLate);
      write(*result, &regua_quote::notes, abiStr(inst.out1));
      return REGUA_OK;
    });
  }
  static regua_status pull(regua_instance* raw, regua_str cursor, const regua_source_sink* sink,
                           regua_source_result* result) {
    auto& inst = self<P>(raw);
    return guarded(inst.error, [&] {
      SourceSink wrapped(*sink);
      SourcePull pulled = inst.plugin.pull(view(cursor), wrapped);
      inst.out1 = std::move(pulled.cursor);
      write(*result, &regua_source_result::cursor, abiStr(inst.out1));
      write(*result, &regua_source_result::has_more, pulled.hasMore ? 1 : 0);
      return REGUA_OK;
    });
  }
  static regua_status send(regua_instance* raw, const regua_message* message,
                           regua_delivery* delivery) {
    auto& inst = self<P>(raw);
    std::uint32_t retryAfter = 0;
    const regua_status status = guarded(inst.error, [&] {
      try {
        Delivery d = inst.plugin.send(*message);
        inst.out1 = std::move(d.providerId);
        write(*delivery, &regua_delivery::provider_id, abiStr(inst.out1));
        return REGUA_OK;
      } catch (const Refused& e) {
        inst.error = e.what();
        return REGUA_REFUSED;
      }
    }, &retryAfter);
    write(*delivery, &regua_delivery::retry_after_seconds, retryAfter);
    return status;
  }
  static regua_status upsertTask(regua_instance* raw, const regua_task* task,
                                 regua_task_result* result) {
    auto& inst = self<P>(raw);
    std::uint32_t retryAfter = 0;
    const regua_status status = guarded(inst.error, [&] {
      TaskResult r = inst.plugin.upsertTask(*task);
      inst.out1 = std::move(r.externalId);
      inst.out2 = std::move(r.note);
      write(*result, &regua_task_result::external_id, abiStr(inst.out1));
      write(*result, &regua_task_result::note, abiStr(inst.out2));
      return REGUA_OK;
    }, &retryAfter);
    write(*result, &regua_task_result::retry_after_seconds, retryAfter);
    return status;
  }
  static regua_status checkArgs(regua_instance* raw, regua_str action, const regua_kv* args, size_t count) {
    if constexpr (HasCheck<P>) {
      auto& inst = self<P>(raw);
      return guarded(inst.error, [&] {
        Args list;
        for (std::size_t i = 0; args != nullptr && i < count; ++i) list.emplace_back(view(args[i].key), view(args[i].value));
        std::string why = inst.plugin.check(view(action), list);
        if (why.empty()) return REGUA_OK;
        inst.error = std::move(why);
        return REGUA_ERROR;
      });
    } else {
      return REGUA_OK;
    }
  }
  static regua_status hasTemplate(regua_instance* raw, regua_str action, regua_str name) {
    if constexpr (HasTemplateCheck<P>) {
      auto& inst = self<P>(raw);
      return guarded(inst.error, [&] {
        if (inst.plugin.hasTemplate(view(action), view(name))) return REGUA_OK;
        inst.error.clear();
        return REGUA_ERROR;
      });
    } else {
      return REGUA_OK;
    }
  }
  static regua_status onEvent(regua_instance* raw, const regua_event* event) {
    auto& inst = self<P>(raw);
    return guarded(inst.error, [&] {
      inst.plugin.onEvent(*event);
      return REGUA_OK;
    });
  }

  static constexpr regua_quote_table kQuote{sizeof(regua_quote_table), &quote};
  static constexpr regua_source_table kSource{sizeof(regua_source_table), &pull};
  static constexpr regua_task_sink_table kTaskSink{sizeof(regua_task_sink_table), &upsertTask};
  static constexpr regua_listener_table kListener{sizeof(regua_listener_table), &onEvent};

  static const std::uint32_t* actionFlags() {
    if constexpr (HasActionFlags<P>) {
      static_assert(std::size(P::kActionFlags) + 1 == std::size(P::kActionNames),
                    "kActionFlags needs one entry per name in kActionNames (kActionNames ends with nullptr)");
      return P::kActionFlags;
    } else {
      return nullptr;
    }
  }

  static regua_plugin_descriptor describe(const char* name, const char* version,
                                          const char* description) {
    static_assert(checkSignatures<P>());
    static_assert(HasAction<P> || HasQuote<P> || HasSource<P> || HasChannel<P> ||
                      HasTaskSink<P> || HasListener<P>,
                  "a Régua plugin needs at least one capability: execute(), quote(), pull(), "
                  "send(), upsertTask() or onEvent() (see <regua/plugin.hpp>)");
    constexpr AbiVersion requires_ = requiredHost<P>();
    static_assert(requires_.major == REGUA_ABI_MAJOR && requires_.minor <= REGUA_ABI_MINOR,
                  "REGUA_PLUGIN_REQUIRES names the SDK's major and a minor no newer than the SDK's");
    regua_plugin_descriptor d{};
    d.struct_size = sizeof(regua_plugin_descriptor);
    d.abi_major = REGUA_ABI_MAJOR;
    d.abi_minor = requires_.minor;
    d.built_minor = REGUA_ABI_MINOR;
    d.name = name;
    d.version = version;
    d.description = description;
    d.create = &create;
    d.destroy = &destroy;
    d.last_error = &lastError;
    if constexpr (HasAction<P>) {
      static const regua_action_table action{sizeof(regua_action_table), P::kActionNames, &execute,
                                             HasCheck<P> ? &checkArgs : nullptr, actionFlags(),
                                             HasTemplateCheck<P> ? &hasTemplate : nullptr};
      d.action = &action;
      d.capabilities |= REGUA_CAP_ACTION;
    }
    if constexpr (HasQuote<P>) { d.quote = &kQuote; d.capabilities |= REGUA_CAP_QUOTE; }
    if constexpr (HasSource<P>) { d.source = &kSource; d.capabilities |= REGUA_CAP_SOURCE; }
    if constexpr (HasChannel<P>) {
      static const regua_channel_table channel{sizeof(regua_channel_table), P::kChannelNames, &send};
      d.channel = &channel;
      d.capabilities |= REGUA_CAP_CHANNEL;
    }
    if constexpr (HasTaskSink<P>) { d.task_sink = &kTaskSink; d.capabilities |= REGUA_CAP_TASK_SINK; }
    if constexpr (HasListener<P>) { d.listener = &kListener; d.capabilities |= REGUA_CAP_LISTENER; }
    return d;
  }
};

}  // namespace detail
}  // namespace regua

// Exports `Class` as a Régua plugin. Use once per plugin library, at namespace scope.
// Name must be reverse DNS ("br.example.hello"); Version and Description are literals.
#define REGUA_PLUGIN(Class, Name, Version, Description)                                  \
  static_assert(::regua::isValidPluginName(Name),                                        \
                "plugin name must be reverse DNS in lower case, e.g. br.example.hello"); \
  extern "C" REGUA_EXPORT const regua_plugin_descriptor* regua_plugin_entry(void) {      \
    static const regua_plugin_descriptor descriptor =                                    \
        ::regua::detail::Exports<Class>::describe(Name, Version, Description);           \
    return &descriptor;                                                                  \
  }

#endif  // REGUA_PLUGIN_HPP
