#include "plugin/source_port.hpp"

#include <regua/plugin.hpp>

#include "plugin/abi_values.hpp"
#include "plugin/plugin_instance.hpp"

namespace regua::plugin {

namespace {

// A field the plugin may predate (its struct_size says), as text.
template <class Record>
std::string text(const Record& r, regua_str Record::*member) {
  return std::string(view(declaredField(r, member)));
}

SourceClient decode(const regua_client_record& r) {
  using R = regua_client_record;
  SourceClient c;
  c.externalId = text(r, &R::external_id);
  c.name = text(r, &R::name);
  c.document = text(r, &R::document);
  c.email = text(r, &R::email);
  c.phone = text(r, &R::phone);
  c.whatsapp = text(r, &R::whatsapp);
  c.origin = text(r, &R::origin);
  c.segment = text(r, &R::segment);
  c.tags = text(r, &R::tags);
  c.responsible = text(r, &R::responsible);
  c.preferredChannel = text(r, &R::preferred_channel);
  c.clientSince = optionalDate(declaredField(r, &R::client_since));
  c.paymentContactName = text(r, &R::payment_contact_name);
  c.paymentContactRole = text(r, &R::payment_contact_role);
  c.paymentContactEmail = text(r, &R::payment_contact_email);
  c.paymentContactPhone = text(r, &R::payment_contact_phone);
  c.paymentContactOwner = text(r, &R::payment_contact_owner);
  return c;
}

SourceReceivable decode(const regua_receivable_record& r) {
  using R = regua_receivable_record;
  SourceReceivable out;
  out.externalId = text(r, &R::external_id);
  out.clientExternalId = text(r, &R::client_external_id);
  out.description = text(r, &R::description);
  out.amount = Money::fromAbi(r.amount);
  out.issueDate = Date::fromAbi(r.issue_date);
  out.dueDate = Date::fromAbi(r.due_date);
  out.origin = text(r, &R::origin);
  out.policyId = text(r, &R::policy_id);
  out.nossoNumero = text(r, &R::nosso_numero);
  out.boletoLine = text(r, &R::boleto_line);
  return out;
}

SourcePayment decode(const regua_payment_record& r) {
  using R = regua_payment_record;
  SourcePayment out;
  out.externalId = text(r, &R::external_id);
  out.receivableExternalId = text(r, &R::receivable_external_id);
  out.amount = Money::fromAbi(r.amount);
  out.paidDate = Date::fromAbi(r.paid_date);
  out.creditDate = optionalDate(r.credit_date);
  out.method = text(r, &R::method);
  out.origin = text(r, &R::origin);
  out.nossoNumero = text(r, &R::nosso_numero);
  out.bankCredit = declaredField(r, &R::bank_credit) != 0;
  out.seuNumero = text(r, &R::seu_numero);
  out.payerDocument = text(r, &R::payer_document);
  out.payerName = text(r, &R::payer_name);
  out.reference = text(r, &R::reference);
  out.charges = Money::fromAbi(declaredField(r, &R::charges));
  out.discount = Money::fromAbi(declaredField(r, &R::discount));
  out.bankFee = Money::fromAbi(declaredField(r, &R::bank_fee));
  return out;
}

SourceOccurrence decode(const regua_occurrence_record& r) {
  using R = regua_occurrence_record;
  SourceOccurrence out;
  out.externalId = text(r, &R::external_id);
  out.nossoNumero = text(r, &R::nosso_numero);
  out.seuNumero = text(r, &R::seu_numero);
  out.date = Date::fromAbi(declaredField(r, &R::date));
  out.code = text(r, &R::code);
  out.text = text(r, &R::text);
  out.origin = text(r, &R::origin);
  return out;
}

SourceSink* sinkOf(regua_host_context* ctx) {
  return ctx == nullptr || ctx->session == nullptr ? nullptr : ctx->session->sink;
}

template <class Record, class Decoded>
regua_status take(regua_host_context* ctx, const Record* record, bool (SourceSink::*member)(const Decoded&)) {
  SourceSink* sink = sinkOf(ctx);
  if (sink == nullptr || record == nullptr) return REGUA_ERROR;
  try {
    return (sink->*member)(decode(*record)) ? REGUA_OK : REGUA_ERROR;
  } catch (...) {
    return REGUA_ERROR;
  }
}

regua_status sinkClient(regua_host_context* ctx, const regua_client_record* r) { return take(ctx, r, &SourceSink::client); }
regua_status sinkReceivable(regua_host_context* ctx, const regua_receivable_record* r) {
  return take(ctx, r, &SourceSink::receivable);
}
regua_status sinkPayment(regua_host_context* ctx, const regua_payment_record* r) {
  return take(ctx, r, &SourceSink::payment);
}
regua_status sinkOccurrence(regua_host_context* ctx, const regua_occurrence_record* r) {
  return take(ctx, r, &SourceSink::occurrence);
}

// The plugin's error text, one line per bad input line.
std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t start = 0; start < text.size();) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

PullResult pull(PluginInstance& source, const std::string& cursor, SourceSink& sink) {
  CallSession session;
  session.sink = &sink;
  regua_source_sink callbacks{sizeof(regua_source_sink), source.context(), &sinkClient, &sinkReceivable, &sinkPayment,
                               &sinkOccurrence};
  regua_source_result result{};
  PullResult out;
  try {
    const auto hold = source.exclusive();
    SessionScope scope(source.context(), session);
    const regua_status status = source.pull(cursor, callbacks, result);
    out.ok = status == REGUA_OK;
    if (out.ok) {
      out.cursor = std::string(view(result.cursor));
      out.hasMore = result.has_more != 0;
    } else {
      out.errors = lines(source.lastError());
    }
  } catch (const std::exception& e) {
    out.ok = false;
    out.errors = {e.what()};
  }
  return out;
}

}  // namespace regua::plugin
