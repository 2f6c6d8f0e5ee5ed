/*
 * Régua plugin ABI — the only contract between the host and a plugin.
 *
 * A plugin is a shared library that exports one C function, regua_plugin_entry(),
 * returning a pointer to a constant regua_plugin_descriptor. Everything else the
 * host learns about the plugin comes from that descriptor.
 *
 * Rules that hold for every type in this file:
 *
 *  - Plain C only. No C++ types, exceptions or allocator-owned objects cross the
 *    boundary. A plugin written in C++ must catch every exception before returning
 *    (the C++ wrapper in <regua/plugin.hpp> does this for you).
 *  - Money is int64 centavos (regua_money). A date is int32 days since 1970-01-01
 *    (regua_date). Text is UTF-8 as pointer + length (regua_str), not necessarily
 *    NUL-terminated. No floating point is used anywhere money is involved.
 *  - Ownership never moves: whoever allocated a piece of memory frees it. Memory the
 *    host hands to the plugin (arguments, callback results) stays valid at least until
 *    the call it was passed to (or made from) returns, unless a field says longer.
 *    Memory the plugin hands back (out-structs, error text) stays valid until the next
 *    call into the same instance, or until destroy.
 *  - Versioning. REGUA_ABI_MAJOR changes only on a breaking change; the host refuses a
 *    plugin with a different major. A minor version only appends: new fields go at the
 *    end of a struct, new structs get their own size field. The descriptor's abi_minor
 *    is the oldest host minor the plugin needs (from 1.8 on it may be older than the
 *    headers it was built with, built_minor); the host loads a plugin when its own minor
 *    is at least that, and never reads past the struct_size the plugin declared; fields
 *    the plugin did not declare read as zero / NULL. Plugins, in turn, must check
 *    regua_host_services.struct_size before calling a callback added after the minor
 *    they require.
 *  - Out-structs (results the plugin fills in) are allocated and zeroed by the host,
 *    which sets their struct_size; the plugin writes only fields that lie within it.
 *
 * ABI history:
 *   1.0  first release.
 *   1.1  host services: is_business_day, next_business_day, add_business_days.
 *   1.2  source records: origin (where a record came from, for messages), and the
 *        client's segment, tags, responsible, preferred channel, WhatsApp and client
 *        since; the receivable's policy, nosso número and boleto line. A sink callback
 *        may be called again after it rejected a record, so every bad record is
 *        reported at once.
 *   1.3  quote request: issue_date, interest_from and fine_assessed, so a quote after a
 *        partial payment charges interest on what is left from the payment day and
 *        never a second fine. Host service quote_item: an action plugin asks for the
 *        updated amount of one of its intent's items.
 *   1.4  messages: host service send_message (the host routes a rendered message to the
 *        channel plugin, never sends one delivery twice and records it in the history);
 *        the intent's address (chosen by the host's contact rules) and its items' boleto
 *        lines; the message's template name; the action table's check (validates a
 *        policy's action arguments for `regua policy check`).
 *   1.5  tasks: host services upsert_task (one open task per client and type, kept in
 *        the store and pushed to the task sinks by the host), task_load (open and
 *        assigned counts, for team assignment) and recent_history (the client's last
 *        contacts); the intent's client document, responsible person and the owner of
 *        the payment contact; the client record's payment contact; the task result's
 *        note; a task sink may answer REGUA_ERROR_CONFIG (bad credentials) to be
 *        disabled until the host restarts.
 *   1.6  negotiation: the intent's negotiation terms (the governing policy's
 *        `negotiation` section, flattened), so an action can list the agreement offers
 *        regua/negotiation.hpp computes from them.
 *   1.7  a channel's send may answer REGUA_ERROR_CONFIG (the server refused the
 *        plugin's own login, sender or certificate): the host disables the channel
 *        until it restarts and the message waits, instead of marking the client's
 *        address refused as REGUA_ERROR does. No struct changes.
 *   1.8  the descriptor's abi_minor means the oldest host minor the plugin needs, and
 *        built_minor says which headers it was built with, so a plugin built with a newer
 *        SDK that uses nothing new loads on an older host. Per-action flags in the action
 *        table (sends a message; one call per client), which decide merging and contact
 *        rules instead of the action's name, and has_template, which answers the policy
 *        check. A channel built for 1.8 answers REGUA_REFUSED for a recipient the server
 *        refused; its REGUA_ERROR is the plugin's own fault (retried, never blamed on
 *        the address).
 *   1.9  a source's payment may name the boleto instead of the receivable: nosso_numero
 *        (a bank's retorno knows the boleto, not the office's id).
 *   1.10 bank sources: a payment may be a bank credit (bank_credit = 1) that the host
 *        matches to an open receivable itself (nosso número, the office's "seu número",
 *        the PIX txid, else amount, payer and date) and queues for reconciliation when
 *        it names none or several, instead of refusing it; the charges, discount and
 *        fee the bank reports with it. The sink's occurrence callback: what a bank says
 *        about a boleto besides a payment (entry confirmed, rejected, written off), for
 *        the receivable's history.
 *   1.11 messages: inline images (a PIX QR code) the HTML part shows as
 *        <img src="cid:CONTENT_ID">; a channel that cannot show them sends the text.
 */
#ifndef REGUA_PLUGIN_API_H
#define REGUA_PLUGIN_API_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define REGUA_ABI_MAJOR 1
#define REGUA_ABI_MINOR 11

/* Name of the one symbol every plugin exports. */
#define REGUA_PLUGIN_ENTRY_SYMBOL "regua_plugin_entry"

#if defined(_WIN32)
#define REGUA_EXPORT __declspec(dllexport)
#else
#define REGUA_EXPORT __attribute__((visibility("default")))
#endif

/* ---------------------------------------------------------------- value types */

typedef int64_t regua_money; /* centavos; R$ 1.234,56 is 123456 */
typedef int32_t regua_date;  /* days since 1970-01-01 (a calendar date, no time zone) */

/* UTF-8 text. data may be NULL only when size is 0. Not necessarily NUL-terminated. */
typedef struct regua_str {
  const char* data;
  size_t size;
} regua_str;

/* One key/value pair, e.g. an action argument from the policy YAML. */
typedef struct regua_kv {
  regua_str key;
  regua_str value;
} regua_kv;

/* Result of every call that can fail. Values are stable across minors. */
typedef enum regua_status {
  REGUA_OK = 0,
  /* Failed; the plugin's last_error() says why. */
  REGUA_ERROR = 1,
  /* The plugin's own configuration is wrong; last_error() says what to fix. From
   * create() (the host does not load it), a task sink's upsert (1.5) or a channel's
   * send (1.7): the host disables the plugin until it restarts. */
  REGUA_ERROR_CONFIG = 2,
  /* Temporary failure (server down, rate limited); the host retries later. */
  REGUA_RETRY = 3,
  /* 1.8, a channel's send only: the server refused the recipient (a bounce). The host
   * stops using that address on that channel; the client's other channels still work. */
  REGUA_REFUSED = 4
} regua_status;

typedef enum regua_log_level {
  REGUA_LOG_DEBUG = 0,
  REGUA_LOG_INFO = 1,
  REGUA_LOG_WARNING = 2,
  REGUA_LOG_ERROR = 3
} regua_log_level;

/* Capability flags (regua_plugin_descriptor.capabilities). A flag is set if and only
 * if the matching table pointer in the descriptor is non-NULL. */
#define REGUA_CAP_ACTION    (1u << 0)
#define REGUA_CAP_QUOTE     (1u << 1)
#define REGUA_CAP_SOURCE    (1u << 2)
#define REGUA_CAP_CHANNEL   (1u << 3)
#define REGUA_CAP_TASK_SINK (1u << 4)
#define REGUA_CAP_LISTENER  (1u << 5)
#define REGUA_CAP_ALL       0x3Fu

/* Opaque handles. A regua_instance is whatever the plugin allocates in create();
 * a regua_host_context is the host's per-instance state, passed back to callbacks. */
typedef struct regua_instance regua_instance;
typedef struct regua_host_context regua_host_context;
struct regua_quote;        /* defined with the quote capability below */
struct regua_message;      /* defined with the channel capability below */
struct regua_send_result;  /* defined with the channel capability below */

/* --- 1.5: what an action plugin asks the host to do with a follow-up task. The host
 * fills in the client and the intent's items. Host-owned while the call runs. */
typedef struct regua_task_request {
  uint32_t struct_size;
  regua_str type;              /* required: the task type, e.g. "cobranca" */
  regua_str title;             /* required: one line */
  regua_str description;       /* may be empty: replaces the task's description */
  regua_str responsible;       /* may be empty: login or e-mail of the person in the office */
  regua_str note;              /* may be empty: what this call adds; becomes a comment
                                * (journal entry) when the task already exists */
  regua_date due_date;         /* required */
  regua_str escalate_to;       /* may be empty: who takes the task when it is overdue */
  int32_t escalate_after_days; /* business days past due_date before escalating; 0 = never */
} regua_task_request;

typedef struct regua_task_receipt {
  uint32_t struct_size;  /* set by the host */
  regua_str task_id;     /* the host's task id */
  int32_t created;       /* 1: a new task; 0: the client's open task of this type took it */
  regua_str responsible; /* who has the task now (an existing task keeps its own) */
  regua_str error;       /* with REGUA_ERROR: why */
} regua_task_receipt;

/* --- 1.5: one past event of a client, newest first (recent_history). */
typedef struct regua_history_line {
  regua_date date;
  regua_str kind;     /* "message", "action", "payment", "task", ... */
  regua_str summary;  /* one line in the office's language; personal data masked */
} regua_history_line;

/* ---------------------------------------------------------------- host services */

/* Callbacks the host offers to a plugin instance. The table is owned by the host and
 * outlives every instance. Every callback takes the context given to create().
 * Callbacks may be called from any thread the host called the plugin on. */
typedef struct regua_host_services {
  /* sizeof(regua_host_services) as the host was compiled; check it before using a
   * callback added after the minor you were built for. */
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;

  /* Writes one log line, attributed to the plugin. Never fails. The host masks
   * personal data it recognises, but do not log CPF, e-mail or phone numbers. */
  void (*log)(regua_host_context* ctx, regua_log_level level, regua_str message);

  /* The plugin's own YAML section from regua.yaml, re-emitted as YAML text (an empty
   * map "{}" when the section is absent). Valid for the instance's lifetime. */
  regua_str (*config_text)(regua_host_context* ctx);

  /* Looks up one scalar in the plugin's section by a dotted path ("smtp.port",
   * "recipients.0"). Returns 1 and sets *value when found and a scalar; returns 0
   * otherwise (absent, or a map/list). *value is valid for the instance's lifetime.
   * The path "@config_dir" gives the directory of regua.yaml: resolve relative file
   * paths in your section against it (empty when the host runs without a file). */
  int32_t (*config_get)(regua_host_context* ctx, regua_str path, regua_str* value);

  /* --- 1.1: the bank business calendar (weekends, national holidays, and the state
   * and city holidays the office configured). `city` is an IBGE municipality code;
   * empty means the office's own city from regua.yaml. An unknown city is treated as
   * having national holidays only (and logged). Never fail. */

  /* 1 when `date` is a bank business day in `city`, else 0. */
  int32_t (*is_business_day)(regua_host_context* ctx, regua_date date, regua_str city);
  /* The first business day strictly after `date`. */
  regua_date (*next_business_day)(regua_host_context* ctx, regua_date date, regua_str city);
  /* `days` business days after `date` (before it when negative). */
  regua_date (*add_business_days)(regua_host_context* ctx, regua_date date, int32_t days, regua_str city);

  /* --- 1.3: the updated amount of one of the current intent's open items, as the
   * host's quote plugin (penalties) computes it under the item's policy on `on_date`.
   * Only during an action's execute(), for an id among intent->items; otherwise, or
   * when the item is unknown, returns REGUA_ERROR. With no quote plugin loaded the
   * quote is what is still open, without charges. `result` is the caller's, zeroed,
   * with struct_size set; its notes stay valid until execute() returns. */
  regua_status (*quote_item)(regua_host_context* ctx, regua_str receivable_id, regua_date on_date,
                             struct regua_quote* result);

  /* --- 1.4: delivers one rendered message through the channel plugin that serves
   * message->channel. Only during an action's execute(). The host records every attempt
   * in the history (channel, masked address, template, content hash, provider id) and
   * never delivers the same delivery_id twice: a repeat returns REGUA_OK with the first
   * delivery's provider id. REGUA_RETRY: the channel is down or throttling (retry the
   * action later); REGUA_ERROR: the address was refused or no channel plugin serves it.
   * `result` is the caller's, zeroed, with struct_size set; its strings stay valid until
   * execute() returns. */
  regua_status (*send_message)(regua_host_context* ctx, const struct regua_message* message,
                               struct regua_send_result* result);

  /* --- 1.5: follow-up tasks. Only during an action's execute(), for the intent's
   * client. upsert_task opens a task of request->type for the client, or, when the
   * client already has an open task of that type, adds the intent's items and the note
   * to it (one open task per client and type). The host stores it and pushes it to the
   * configured task sinks after the action returns (never inside a database
   * transaction). `receipt` is the caller's, zeroed, with struct_size set; its strings
   * stay valid until execute() returns. REGUA_ERROR when a required field is missing. */
  regua_status (*upsert_task)(regua_host_context* ctx, const regua_task_request* request,
                              regua_task_receipt* receipt);
  /* How many tasks `responsible` has open now and has ever been assigned, for team
   * assignment (fewest open, round robin). Only during execute(). */
  regua_status (*task_load)(regua_host_context* ctx, regua_str responsible, int64_t* open,
                            int64_t* assigned);
  /* The intent's client's last `max` history entries, newest first. Only during
   * execute(); *lines stays valid until it returns. */
  regua_status (*recent_history)(regua_host_context* ctx, uint32_t max, const regua_history_line** lines,
                                 size_t* count);

  /* Minor versions append callbacks here (money formatting, record history, ...). */
} regua_host_services;

/* Conventions for every capability below.
 *  - Input structs (const pointers the host passes in) are host-owned and valid until
 *    the call returns; copy what you keep. The host sets struct_size and every field;
 *    a field marked "may be empty" can have size 0, every other string is non-empty.
 *  - Result structs are host-allocated and zeroed; struct_size is the host's. Strings
 *    the plugin puts in them are plugin-owned and must stay valid until the next call
 *    into the same instance (or destroy). Fields marked "optional" may be left zero.
 *  - Tables are static plugin data: struct_size, then function pointers, all required
 *    when the capability flag is set.
 *  - Each call returns REGUA_OK, REGUA_RETRY (temporary; the host retries later, no
 *    earlier than retry_after_seconds when the result has that field) or REGUA_ERROR
 *    (permanent; last_error(self) says why, and the host records it in the history).
 *  - The host never calls one instance from two threads at once. */

/* ---------------------------------------------------------------- capability: action */

/* One open item of an intent. */
typedef struct regua_receivable_ref {
  regua_str id;            /* the host's receivable id */
  regua_str description;   /* what was billed; may be empty */
  regua_money amount;      /* original amount, centavos, > 0 */
  regua_date due_date;     /* original due date (not moved to a business day) */
} regua_receivable_ref;

/* What the engine decided to do: a policy stage asks for an action on a client's
 * open items (several items when intents for one client and day were merged). */
typedef struct regua_intent {
  uint32_t struct_size;
  regua_str intent_id;    /* unique and stable across retries: the idempotency key */
  regua_str action;       /* the action name from the policy, one of action_names */
  regua_str policy_id;    /* the policy that asked for it */
  regua_str stage_id;     /* the stage within the policy ("D+3") */
  regua_str client_id;    /* the host's client id */
  regua_str client_name;  /* as the office registered it; may be empty */
  regua_date as_of;       /* the day the engine is running for */
  const regua_receivable_ref* items; /* items_count entries; NULL only when count is 0 */
  size_t items_count;     /* 0 for client-level actions (birthday message, ...) */
  const regua_kv* args;   /* the action's arguments from the policy; NULL when count is 0.
                           * The host adds its own: "channel" for a message action, and
                           * "stage_message" ("entregue" / "não entregue") for any other
                           * action of a stage that also sent the client a message, which
                           * the host delivers (or gives up) before calling it */
  size_t args_count;
  /* --- 1.4 */
  regua_str address;      /* message actions: the client's address on the "channel"
                           * argument, chosen by the host's contact rules (preferred
                           * channel, fallbacks, opt-outs); empty for other actions */
  regua_str address_name; /* who the address belongs to; may be empty */
  const regua_str* item_boleto_lines; /* items_count entries (each may be empty) */
  /* --- 1.5 */
  regua_str client_document;        /* CPF/CNPJ, digits (and letters for the new CNPJ) */
  regua_str client_responsible;     /* may be empty: the person in the office who has the client */
  regua_str payment_contact_owner;  /* may be empty: the person in the office who deals
                                     * with the client's payment contact */
  /* --- 1.6 */
  const regua_kv* negotiation;      /* the policy's `negotiation` section flattened to dotted
                                     * keys ("plans.0.up_to"); read it with
                                     * regua::negotiation::parseTerms. NULL when count is 0
                                     * (the policy offers no agreements) */
  size_t negotiation_count;
} regua_intent;

typedef struct regua_action_result {
  uint32_t struct_size;          /* set by the host */
  regua_str external_ref;        /* optional: id in the system acted upon (message id, ...) */
  regua_str message;             /* optional: a short note for the history */
  uint32_t retry_after_seconds;  /* optional, with REGUA_RETRY: earliest useful retry; 0 = host decides */
} regua_action_result;

/* What an action is, for the host (1.8, regua_action_table.action_flags). */
#define REGUA_ACTION_SENDS_MESSAGE      (1u << 0) /* a message to the client: the intent gets a
                                                     * channel and an address (contact rules),
                                                     * waits for the sending window and the
                                                     * message limits */
#define REGUA_ACTION_ONE_CALL_PER_CLIENT (1u << 1) /* one call covers every due item of the
                                                     * client, across stages (the latest stage
                                                     * leads); without it, one call per stage */

typedef struct regua_action_table {
  uint32_t struct_size;
  /* NULL-terminated list of action names the plugin handles ("remind", ...); at least
   * one. Static storage. A policy may only name actions some loaded plugin lists. */
  const char* const* action_names;
  /* Carries out one intent. Must be idempotent for the same intent_id: after a crash
   * the host may deliver an intent again. */
  regua_status (*execute)(regua_instance* self, const regua_intent* intent,
                          regua_action_result* result);
  /* --- 1.4, optional (may be NULL): validates one policy action's arguments before
   * anything runs (`regua policy check`, policy loading): REGUA_OK, or REGUA_ERROR with
   * last_error saying what is wrong (an unknown template, a variable it lacks, ...). */
  regua_status (*check)(regua_instance* self, regua_str action, const regua_kv* args, size_t args_count);
  /* --- 1.8, optional (may be NULL): REGUA_ACTION_* flags, one per entry of
   * action_names, in the same order. Static storage. NULL: every action is 0. */
  const uint32_t* action_flags;
  /* --- 1.8, optional (may be NULL): REGUA_OK when `action` has a message template
   * named `template_name` (a policy's `template:` argument), REGUA_ERROR with
   * last_error saying where it looked when not. */
  regua_status (*has_template)(regua_instance* self, regua_str action, regua_str template_name);
} regua_action_table;

/* ---------------------------------------------------------------- capability: quote */

typedef struct regua_quote_request {
  uint32_t struct_size;
  regua_str receivable_id;   /* may be empty for an ad-hoc quote (the `regua quote` calculator) */
  regua_money principal;     /* principal still owed, centavos, >= 0 */
  regua_date due_date;       /* original due date */
  regua_date on_date;        /* the day the amount is quoted for */
  int32_t debtor_is_person;  /* 1 natural person (CPF: consumer rules apply), 0 company */
  const regua_kv* args;      /* the penalties section of the governing policy, flattened
                              * to dotted keys; NULL when args_count is 0. The host adds
                              * "city" (IBGE code) when the office or the caller has one */
  size_t args_count;
  /* --- 1.3 */
  regua_date issue_date;     /* 0 = unknown; a quote for a day before it is an error */
  regua_date interest_from;  /* after a partial payment, the day the remaining principal
                              * accrues interest from; 0 = the original due date */
  int32_t fine_assessed;     /* 1: the fine was already charged (it is charged once, ever) */
} regua_quote_request;

/* Every amount in centavos, each component rounded once (half up) by the plugin. */
typedef struct regua_quote {
  uint32_t struct_size;      /* set by the host */
  regua_money principal;     /* required */
  regua_money fine;          /* required; 0 when none applies */
  regua_money interest;      /* required; 0 when none applies */
  regua_money discount;      /* required; a non-negative amount subtracted from the total */
  regua_money total;         /* required: principal + fine + interest - discount */
  regua_date effective_due;  /* required: due date moved to the next business day */
  int32_t days_late;         /* required: calendar days after the original due date, >= 0 */
  regua_str notes;           /* optional, pt-BR, e.g. "multa limitada a 2% (CDC art. 52 §1º)" */
} regua_quote;

typedef struct regua_quote_table {
  uint32_t struct_size;
  /* Pure function of the request and the plugin's config: no side effects. */
  regua_status (*quote)(regua_instance* self, const regua_quote_request* request,
                        regua_quote* result);
} regua_quote_table;

/* ---------------------------------------------------------------- capability: source */

/* Records a source hands to the host (plugin-owned, valid during the sink call). */
typedef struct regua_client_record {
  uint32_t struct_size;      /* sizeof as the plugin was compiled */
  regua_str external_id;     /* required: stable id in the source system */
  regua_str name;            /* required */
  regua_str document;        /* required: CPF or CNPJ, punctuation allowed; the host validates */
  regua_str email;           /* may be empty */
  regua_str phone;           /* may be empty; any Brazilian format */
  /* --- 1.2 */
  regua_str origin;             /* may be empty: where the record came from ("clientes.csv:12") */
  regua_str segment;            /* may be empty: the office's grouping (policies select by it) */
  regua_str tags;               /* may be empty: comma-separated */
  regua_str responsible;        /* may be empty: login or e-mail of the person in the office */
  regua_str preferred_channel;  /* may be empty: "email", "sms" or "whatsapp" */
  regua_str whatsapp;           /* may be empty: a phone number that has WhatsApp */
  regua_date client_since;      /* 0 = unknown */
  /* --- 1.5: who handles the client's bills (secretary, finance, a partner) */
  regua_str payment_contact_name;   /* may be empty */
  regua_str payment_contact_role;   /* may be empty: "secretaria", "financeiro", "sócio", ... */
  regua_str payment_contact_email;  /* may be empty */
  regua_str payment_contact_phone;  /* may be empty */
  regua_str payment_contact_owner;  /* may be empty: the person in the office who deals with them */
} regua_client_record;

typedef struct regua_receivable_record {
  uint32_t struct_size;
  regua_str external_id;         /* required: stable id in the source system */
  regua_str client_external_id;  /* required: a client this source delivered */
  regua_str description;         /* may be empty */
  regua_money amount;            /* required, > 0 */
  regua_date issue_date;         /* required */
  regua_date due_date;           /* required */
  /* --- 1.2 */
  regua_str origin;              /* may be empty: where the record came from ("titulos.csv:7") */
  regua_str policy_id;           /* may be empty: a policy for this receivable only */
  regua_str nosso_numero;        /* may be empty */
  regua_str boleto_line;         /* may be empty: the 47-digit typed line */
} regua_receivable_record;

typedef struct regua_payment_record {
  uint32_t struct_size;
  regua_str external_id;             /* required: stable id; a repeat is ignored */
  regua_str receivable_external_id;  /* required, unless nosso_numero (1.9) names the boleto */
  regua_money amount;                /* required, > 0 */
  regua_date paid_date;              /* required */
  regua_date credit_date;            /* the day the money is available; 0 = paid_date */
  regua_str method;                  /* may be empty: "pix", "boleto", "ted", ... */
  /* --- 1.2 */
  regua_str origin;                  /* may be empty: where the record came from */
  /* --- 1.9 */
  regua_str nosso_numero;            /* with receivable_external_id empty: the one receivable
                                        whose boleto has this nosso número, in any source */
  /* --- 1.10: a credit a bank reports. With bank_credit = 1 and no receivable_external_id
   * the host finds the receivable: by nosso_numero, else seu_numero, else a PIX txid in
   * reference, else the exact amount (face or updated) with the payer and the date. A
   * credit that names none or several waits in the reconciliation queue; the pull goes on. */
  int32_t bank_credit;
  regua_str seu_numero;              /* the office's id of the receivable, in any source */
  regua_str payer_document;          /* CPF/CNPJ of who paid, digits or formatted */
  regua_str payer_name;
  regua_str reference;               /* the bank's id of the credit: FITID, PIX txid, memo */
  regua_money charges;               /* juros and multa the bank collected in amount */
  regua_money discount;              /* discount and rebate the bank granted */
  regua_money bank_fee;              /* the bank's fee for this settlement (not in amount) */
} regua_payment_record;

/* 1.10: what a bank says about a boleto besides a payment. */
typedef struct regua_occurrence_record {
  uint32_t struct_size;
  regua_str external_id;   /* required: stable id; a repeat is ignored */
  regua_str nosso_numero;  /* names the receivable (any source), or else: */
  regua_str seu_numero;    /* the office's id of the receivable (any source) */
  regua_date date;         /* required: when it happened */
  regua_str code;          /* the bank's movement code ("02", "03", "09") */
  regua_str text;          /* for people, pt-BR: "entrada rejeitada: CEP do pagador inválido" */
  regua_str origin;        /* may be empty: where the record came from */
} regua_occurrence_record;

/* Where a source delivers what it read. Host-owned, valid until pull() returns. Each
 * callback returns REGUA_OK, or REGUA_ERROR when the record is invalid: the host keeps
 * the reason (with the record's origin) and will commit nothing of this pull. The
 * source may go on delivering, so every bad record is reported at once, and must then
 * return REGUA_ERROR itself. Records may refer to records delivered earlier in the
 * same pull (a receivable to its client, a payment to its receivable). */
typedef struct regua_source_sink {
  uint32_t struct_size;
  regua_host_context* ctx;  /* pass to every callback */
  regua_status (*client)(regua_host_context* ctx, const regua_client_record* record);
  regua_status (*receivable)(regua_host_context* ctx, const regua_receivable_record* record);
  regua_status (*payment)(regua_host_context* ctx, const regua_payment_record* record);
  /* --- 1.10: check struct_size before calling. */
  regua_status (*occurrence)(regua_host_context* ctx, const regua_occurrence_record* record);
} regua_source_sink;

typedef struct regua_source_result {
  uint32_t struct_size;  /* set by the host */
  regua_str cursor;      /* required on REGUA_OK: where the next pull starts (opaque to the host) */
  int32_t has_more;      /* optional: 1 when another pull would return more records now */
} regua_source_result;

typedef struct regua_source_table {
  uint32_t struct_size;
  /* Reads what changed since cursor (empty on the first run) into sink. The host
   * commits everything one pull delivered in one transaction, or nothing of it. */
  regua_status (*pull)(regua_instance* self, regua_str cursor, const regua_source_sink* sink,
                       regua_source_result* result);
} regua_source_table;

/* ---------------------------------------------------------------- capability: channel */

/* An image the message's HTML shows inline as <img src="cid:CONTENT_ID"> (1.11). */
typedef struct regua_inline_image {
  regua_str content_id;  /* without angle brackets: "pix-qr" */
  regua_str media_type;  /* "image/png" */
  regua_str data;        /* the image's bytes */
} regua_inline_image;

typedef struct regua_message {
  uint32_t struct_size;
  regua_str delivery_id;  /* unique per delivery: idempotency key and Message-ID seed */
  regua_str channel;      /* one of channel_names: "email", "sms", "whatsapp", ... */
  regua_str to;           /* the address on that channel (e-mail, +55 phone, ...) */
  regua_str to_name;      /* may be empty */
  regua_str subject;      /* may be empty (short-text channels) */
  regua_str text;         /* the plain-text body */
  regua_str html;         /* may be empty */
  /* --- 1.4 */
  regua_str template_name; /* may be empty: the template that rendered it (history) */
  /* --- 1.11 */
  const regua_inline_image* inline_images;  /* may be NULL; valid during the call */
  uint32_t inline_image_count;
} regua_message;

typedef struct regua_delivery {
  uint32_t struct_size;          /* set by the host */
  regua_str provider_id;         /* optional: the id the server or provider gave the message */
  uint32_t retry_after_seconds;  /* optional, with REGUA_RETRY */
} regua_delivery;

/* What send_message (a host service) answers. */
typedef struct regua_send_result {
  uint32_t struct_size;          /* set by the caller */
  regua_str provider_id;         /* the id the server or provider gave the message */
  regua_str error;               /* with REGUA_RETRY / REGUA_ERROR: why, pt-BR */
  uint32_t retry_after_seconds;  /* with REGUA_RETRY, when the channel asked */
} regua_send_result;

typedef struct regua_channel_table {
  uint32_t struct_size;
  /* NULL-terminated list of channel names this plugin delivers on; at least one. Static. */
  const char* const* channel_names;
  /* Delivers one rendered message. REGUA_RETRY for a server that is down or throttling;
   * REGUA_REFUSED (1.8) for an address the server refused (the host stops using it on
   * this channel, so later stages fall back to another one); REGUA_ERROR_CONFIG (1.7)
   * when the server refused the plugin's own settings — login, sender, certificate: the
   * host disables the channel with last_error as the reason until it restarts, and the
   * message waits; REGUA_ERROR for anything else (a bug, a malformed answer): the
   * message is retried like any failure and no address is blamed. A plugin built before
   * 1.8 (built_minor < 8) answers REGUA_ERROR for a refused address, and the host reads
   * it so. */
  regua_status (*send)(regua_instance* self, const regua_message* message,
                       regua_delivery* delivery);
} regua_channel_table;

/* ---------------------------------------------------------------- capability: task_sink */

typedef struct regua_task {
  uint32_t struct_size;
  regua_str task_id;          /* the host's id; stable */
  regua_str external_id;      /* may be empty: the sink's id from an earlier upsert */
  regua_str type;             /* the task type from the policy, e.g. "cobranca" */
  regua_str client_id;
  regua_str client_document;  /* CPF/CNPJ, for a searchable custom field */
  regua_str responsible;      /* may be empty: login or e-mail of the person in the office */
  regua_str title;
  regua_str description;      /* may be empty */
  regua_str comment;          /* may be empty: a note to append (journal entry) */
  regua_date start_date;
  regua_date due_date;
  int32_t closed;             /* 1 to close the task */
  /* --- 1.5 */
  int32_t first_push;         /* 1: this sink was never handed this task before (no
                               * earlier attempt can have reached it), so with an empty
                               * external_id there is nothing to look up; 0: look up */
} regua_task;

typedef struct regua_task_result {
  uint32_t struct_size;          /* set by the host */
  regua_str external_id;         /* required on REGUA_OK: the id in the task tool */
  uint32_t retry_after_seconds;  /* optional, with REGUA_RETRY */
  /* --- 1.5 */
  regua_str note;                /* optional: a remark for the history ("no user for
                                  * 'ana' in Redmine; assigned to the default") */
} regua_task_result;

typedef struct regua_task_sink_table {
  uint32_t struct_size;
  /* Creates, updates or (closed = 1) closes the task. Must be idempotent: look the task
   * up by external_id, or by client and type when external_id is empty, before creating.
   * REGUA_RETRY: the tool is down (the host pushes again later); REGUA_ERROR: the tool
   * refused this task (kept locally, recorded, retried when the task changes);
   * REGUA_ERROR_CONFIG (1.5): the credentials or settings are wrong — the host disables
   * the sink with last_error as the reason until it restarts. */
  regua_status (*upsert)(regua_instance* self, const regua_task* task, regua_task_result* result);
} regua_task_sink_table;

/* ---------------------------------------------------------------- capability: listener */

typedef struct regua_event {
  uint32_t struct_size;
  regua_str type;          /* "payment.received", "agreement.broken", ... */
  regua_str subject_id;    /* the client, receivable or agreement the event is about */
  regua_str payload_json;  /* a JSON object with the event's fields; may be empty */
  regua_date date;         /* the business date of the event */
} regua_event;

typedef struct regua_listener_table {
  uint32_t struct_size;
  /* Called after the event is committed. An error is logged, never retried. */
  regua_status (*on_event)(regua_instance* self, const regua_event* event);
} regua_listener_table;

/* ---------------------------------------------------------------- the descriptor */

typedef struct regua_plugin_descriptor {
  /* sizeof(regua_plugin_descriptor) as the plugin was compiled. Required. */
  uint32_t struct_size;
  /* REGUA_ABI_MAJOR the plugin was compiled against, and the oldest host minor it
   * needs (before 1.8: the minor it was compiled against). Required. */
  uint16_t abi_major;
  uint16_t abi_minor;
  /* Reverse-DNS name, unique per host ("br.regua.penalties"): lower-case letters,
   * digits, '-', '_' and at least one '.'. Static storage. Required. */
  const char* name;
  /* The plugin's own version ("1.2.0"). Static storage. Required. */
  const char* version;
  /* One line for `regua plugins list`. Static storage. Optional (NULL). */
  const char* description;
  /* REGUA_CAP_* flags; each set flag needs its table below. Required (non-zero). */
  uint32_t capabilities;

  /* Creates an instance with its configuration. services and ctx outlive the instance.
   * On success sets *out and returns REGUA_OK. Returns REGUA_ERROR_CONFIG when the
   * configuration is unusable and REGUA_ERROR otherwise; in both cases *out is left
   * NULL and last_error(NULL) says why. The host calls create() and, after a failure,
   * last_error(NULL) under its loader lock: never two creates at once. Required. */
  regua_status (*create)(const regua_host_services* services, regua_host_context* ctx,
                         regua_instance** out);
  /* Releases an instance. Called once, after the last call into it. Required. */
  void (*destroy)(regua_instance* self);
  /* Text of the last error on self (or, with self == NULL, of the last failed create).
   * Plugin-owned, valid until the next call into the same instance (or the next create).
   * Never NULL. Required. */
  const char* (*last_error)(const regua_instance* self);

  /* One table per capability; NULL when the capability flag is not set. Static. */
  const regua_action_table* action;
  const regua_quote_table* quote;
  const regua_source_table* source;
  const regua_channel_table* channel;
  const regua_task_sink_table* task_sink;
  const regua_listener_table* listener;

  /* --- 1.8: REGUA_ABI_MINOR of the headers the plugin was compiled with (>= abi_minor).
   * Absent (an older plugin): the same as abi_minor. */
  uint16_t built_minor;

  /* Minor versions append fields here. */
} regua_plugin_descriptor;

/* The smallest descriptor the host accepts: everything up to and including last_error.
 * A descriptor that ends before a capability table pointer has that capability off. */
#define REGUA_DESCRIPTOR_MIN_SIZE \
  offsetof(regua_plugin_descriptor, action)

/* The entry point. Returns a pointer to a descriptor in static storage; called once per
 * load, under the host's loader lock, before anything else. Must not fail or throw. */
typedef const regua_plugin_descriptor* (*regua_plugin_entry_fn)(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* REGUA_PLUGIN_API_H */
