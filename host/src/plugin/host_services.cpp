#include "plugin/host_services.hpp"

#include <tuple>

#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <regua/plugin.hpp>
#include <regua/value.hpp>

#include "common/masking.hpp"
#include "calendar/business_calendar.hpp"
#include "plugin/abi_values.hpp"

namespace regua::plugin {

namespace {

void flatten(const YAML::Node& node, const std::string& path, std::map<std::string, std::string>& out) {
  if (node.IsScalar()) {
    out[path] = node.Scalar();
  } else if (node.IsMap()) {
    for (const auto& entry : node) {
      const std::string key = entry.first.Scalar();
      flatten(entry.second, path.empty() ? key : path + "." + key, out);
    }
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      flatten(node[i], path.empty() ? std::to_string(i) : path + "." + std::to_string(i), out);
    }
  }
}

void log(regua_host_context* ctx, regua_log_level level, regua_str message) {
  if (ctx == nullptr || ctx->logger == nullptr) return;
  try {
    const Poco::Message::Priority priority = level == REGUA_LOG_DEBUG     ? Poco::Message::PRIO_DEBUG
                                             : level == REGUA_LOG_INFO    ? Poco::Message::PRIO_INFORMATION
                                             : level == REGUA_LOG_WARNING ? Poco::Message::PRIO_WARNING
                                                                          : Poco::Message::PRIO_ERROR;
    if (!ctx->logger->is(priority)) return;  // masking costs more than the line is worth
    ctx->logger->log(Poco::Message(ctx->logger->name(), maskPersonalData(view(message)), priority));
  } catch (...) {  // a log line is never worth an exception across the ABI
  }
}

regua_str configText(regua_host_context* ctx) {
  return ctx == nullptr ? regua_str{"{}", 2} : abiStr(ctx->configText);
}

std::int32_t configGet(regua_host_context* ctx, regua_str path, regua_str* value) {
  if (ctx == nullptr || value == nullptr) return 0;
  const auto it = ctx->scalars.find(std::string(view(path)));
  if (it == ctx->scalars.end()) return 0;
  *value = abiStr(it->second);
  return 1;
}

// The calendar callbacks must not fail: an unknown city falls back to national holidays.
const calendar::BusinessCalendar& calendarOf(regua_host_context* ctx) {
  static const calendar::BusinessCalendar nationalOnly;
  return (ctx != nullptr && ctx->calendar != nullptr) ? *ctx->calendar : nationalOnly;
}

std::string cityFor(regua_host_context* ctx, regua_str city) {
  std::string code(view(city));
  if (code.empty() && ctx != nullptr) code = ctx->city;
  if (!code.empty() && !calendarOf(ctx).knowsCity(code)) {
    if (ctx != nullptr && ctx->logger != nullptr) {
      ctx->logger->warning("cidade '" + code + "' não está em config/holidays; usando só os feriados nacionais");
    }
    return {};
  }
  return code;
}

std::int32_t isBusinessDay(regua_host_context* ctx, regua_date date, regua_str city) {
  try {
    return calendarOf(ctx).isBusinessDay(Date::fromAbi(date), cityFor(ctx, city)) ? 1 : 0;
  } catch (...) {
    return 0;
  }
}

regua_date nextBusinessDay(regua_host_context* ctx, regua_date date, regua_str city) {
  try {
    return calendarOf(ctx).nextBusinessDay(Date::fromAbi(date), cityFor(ctx, city)).toAbi();
  } catch (...) {
    return date + 1;
  }
}

regua_date addBusinessDays(regua_host_context* ctx, regua_date date, std::int32_t days, regua_str city) {
  try {
    return calendarOf(ctx).addBusinessDays(Date::fromAbi(date), days, cityFor(ctx, city)).toAbi();
  } catch (...) {
    return date + days;
  }
}

CallSession* sessionOf(regua_host_context* ctx) { return ctx == nullptr ? nullptr : ctx->session; }

// A string the plugin may read until the call returns.
regua_str keep(regua_host_context* ctx, std::string text) { return abiStr(ctx->callStrings.emplace_back(std::move(text))); }

std::string field(const regua_message& m, regua_str regua_message::*member) { return std::string(view(declaredField(m, member))); }

// More would be a plugin's bug, not a message.
constexpr std::uint32_t kMaxInlineImages = 16;

regua_status quoteItem(regua_host_context* ctx, regua_str receivableId, regua_date on, regua_quote* result) {
  auto* session = sessionOf(ctx);
  if (session == nullptr || session->quotes == nullptr || result == nullptr) return REGUA_ERROR;
  try {
    const auto quote = session->quotes->quote(view(receivableId), Date::fromAbi(on));
    if (!quote) return REGUA_ERROR;
    writeDeclared(*result, &regua_quote::principal, quote->principal.toAbi());
    writeDeclared(*result, &regua_quote::fine, quote->fine.toAbi());
    writeDeclared(*result, &regua_quote::interest, quote->interest.toAbi());
    writeDeclared(*result, &regua_quote::discount, quote->discount.toAbi());
    writeDeclared(*result, &regua_quote::total, quote->total.toAbi());
    writeDeclared(*result, &regua_quote::effective_due, quote->effectiveDue.toAbi());
    writeDeclared(*result, &regua_quote::days_late, quote->daysLate);
    writeDeclared(*result, &regua_quote::notes, keep(ctx, quote->notes));
    return REGUA_OK;
  } catch (...) {
    return REGUA_ERROR;
  }
}

regua_status sendMessage(regua_host_context* ctx, const regua_message* message, regua_send_result* result) {
  if (ctx == nullptr || message == nullptr || result == nullptr) return REGUA_ERROR;
  auto* session = sessionOf(ctx);
  if (session == nullptr || session->messages == nullptr) {
    result->error = abiStr("send_message só funciona durante a execução de uma ação");
    return REGUA_ERROR;
  }
  try {
    OutgoingMessage outgoing{field(*message, &regua_message::delivery_id), field(*message, &regua_message::channel),
                             field(*message, &regua_message::to),          field(*message, &regua_message::to_name),
                             field(*message, &regua_message::subject),     field(*message, &regua_message::text),
                             field(*message, &regua_message::html),        field(*message, &regua_message::template_name)};
    const regua_inline_image* images = declaredField(*message, &regua_message::inline_images);
    const std::uint32_t imageCount = images == nullptr ? 0 : declaredField(*message, &regua_message::inline_image_count);
    for (std::uint32_t i = 0; i < imageCount && i < kMaxInlineImages; ++i) {
      outgoing.images.push_back({std::string(view(images[i].content_id)), std::string(view(images[i].media_type)),
                                 std::string(view(images[i].data))});
    }
    const SendReceipt receipt = session->messages->send(outgoing);
    if (receipt.status == CallStatus::kOk) {
      result->provider_id = keep(ctx, receipt.providerId);
    } else {
      result->error = keep(ctx, receipt.error);
      result->retry_after_seconds = receipt.retryAfterSeconds;
    }
    return abiStatus(receipt.status);
  } catch (...) {
    return REGUA_ERROR;
  }
}

constexpr const char* kOnlyDuringAction = "tarefas só funcionam durante a execução de uma ação";

TaskDesk* tasksOf(regua_host_context* ctx) {
  auto* session = sessionOf(ctx);
  return session == nullptr ? nullptr : session->tasks;
}

regua_status upsertTask(regua_host_context* ctx, const regua_task_request* request, regua_task_receipt* receipt) {
  if (ctx == nullptr || request == nullptr || receipt == nullptr) return REGUA_ERROR;
  TaskDesk* tasks = tasksOf(ctx);
  if (tasks == nullptr) {
    receipt->error = abiStr(kOnlyDuringAction);
    return REGUA_ERROR;
  }
  try {
    auto text = [&](regua_str regua_task_request::*member) { return std::string(view(declaredField(*request, member))); };
    const TaskRequest asked{text(&regua_task_request::type),        text(&regua_task_request::title),
                            text(&regua_task_request::description), text(&regua_task_request::responsible),
                            text(&regua_task_request::note),        Date::fromAbi(request->due_date),
                            text(&regua_task_request::escalate_to),
                            declaredField(*request, &regua_task_request::escalate_after_days)};
    const TaskReceipt done = tasks->upsert(asked);
    if (done.status != CallStatus::kOk) {
      receipt->error = keep(ctx, done.error);
      return abiStatus(done.status);
    }
    receipt->task_id = keep(ctx, std::to_string(done.taskId));
    receipt->created = done.created ? 1 : 0;
    receipt->responsible = keep(ctx, done.responsible);
    return REGUA_OK;
  } catch (...) {
    return REGUA_ERROR;
  }
}

regua_status taskLoad(regua_host_context* ctx, regua_str responsible, std::int64_t* open, std::int64_t* assigned) {
  TaskDesk* tasks = tasksOf(ctx);
  if (tasks == nullptr || open == nullptr || assigned == nullptr) return REGUA_ERROR;
  try {
    std::tie(*open, *assigned) = tasks->load(view(responsible));
    return REGUA_OK;
  } catch (...) {
    return REGUA_ERROR;
  }
}

regua_status recentHistory(regua_host_context* ctx, std::uint32_t max, const regua_history_line** lines,
                           std::size_t* count) {
  TaskDesk* tasks = tasksOf(ctx);
  if (tasks == nullptr || lines == nullptr || count == nullptr) return REGUA_ERROR;
  try {
    ctx->callLines.clear();
    for (const auto& line : tasks->recent(max)) {
      ctx->callLines.push_back({line.date.toAbi(), keep(ctx, line.kind), keep(ctx, line.summary)});
    }
    *lines = ctx->callLines.empty() ? nullptr : ctx->callLines.data();
    *count = ctx->callLines.size();
    return REGUA_OK;
  } catch (...) {
    return REGUA_ERROR;
  }
}

constexpr regua_host_services kServices{
    sizeof(regua_host_services), REGUA_ABI_MAJOR, REGUA_ABI_MINOR, &log, &configText, &configGet,
    &isBusinessDay, &nextBusinessDay, &addBusinessDays, &quoteItem, &sendMessage,
    &upsertTask, &taskLoad, &recentHistory,
};

}  // namespace

const regua_host_services& hostServices() { return kServices; }

SessionScope::SessionScope(regua_host_context* context, CallSession& session) : context_(context) {
  context_->session = &session;
}

SessionScope::~SessionScope() {
  context_->session = nullptr;
  context_->callStrings.clear();
  context_->callLines.clear();
}

std::unique_ptr<regua_host_context> makeHostContext(const std::string& pluginName, const YAML::Node& section,
                                                    const HostEnvironment& environment) {
  auto ctx = std::make_unique<regua_host_context>();
  ctx->calendar = environment.calendar;
  ctx->city = environment.city;
  ctx->pluginName = pluginName;
  ctx->logger = &Poco::Logger::get("plugin." + pluginName);
  if (section && section.IsMap() && section.size() > 0) {
    YAML::Emitter emitter;
    emitter << section;
    ctx->configText = emitter.c_str();
    flatten(section, "", ctx->scalars);
  } else {
    ctx->configText = "{}";
  }
  if (!environment.configDir.empty()) ctx->scalars["@config_dir"] = environment.configDir;
  for (const auto& [key, value] : environment.shared) ctx->scalars.emplace(key, value);
  return ctx;
}

}  // namespace regua::plugin
