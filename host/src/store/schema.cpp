#include "store/schema.hpp"

namespace regua::store {

namespace {

// Dates are INTEGER days since 1970-01-01 (regua_date), money INTEGER centavos,
// timestamps ISO-8601 UTC text: the same representation on both backends.
const std::vector<std::string> kV1Common = {
    R"(CREATE TABLE clients (
      id {{pk}},
      source TEXT NOT NULL,
      external_id TEXT NOT NULL,
      name TEXT NOT NULL,
      document TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('person', 'company')),
      preferred_channel TEXT NOT NULL DEFAULT '',
      opted_out_channels TEXT NOT NULL DEFAULT '',
      responsible TEXT NOT NULL DEFAULT '',
      segment TEXT NOT NULL DEFAULT '',
      client_since INTEGER,
      paused_until INTEGER,
      credit BIGINT NOT NULL DEFAULT 0 CHECK (credit >= 0),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CONSTRAINT clients_source_external_id_key UNIQUE (source, external_id),
      CONSTRAINT clients_document_key UNIQUE (document)))",
    R"(CREATE TABLE client_contacts (
      client_id BIGINT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp', 'phone')),
      address TEXT NOT NULL,
      name TEXT NOT NULL DEFAULT '',
      role TEXT NOT NULL DEFAULT '',
      payment_contact INTEGER NOT NULL DEFAULT 0,
      opted_out INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (client_id, position)))",
    R"(CREATE TABLE client_tags (
      client_id BIGINT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
      tag TEXT NOT NULL,
      PRIMARY KEY (client_id, tag)))",
    "CREATE INDEX client_tags_tag ON client_tags (tag)",
    R"(CREATE TABLE client_dates (
      client_id BIGINT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
      label TEXT NOT NULL,
      day INTEGER NOT NULL,
      PRIMARY KEY (client_id, label)))",
    R"(CREATE TABLE receivables (
      id {{pk}},
      source TEXT NOT NULL,
      external_id TEXT NOT NULL,
      client_id BIGINT NOT NULL REFERENCES clients (id),
      description TEXT NOT NULL DEFAULT '',
      amount BIGINT NOT NULL CHECK (amount > 0),
      issue_date INTEGER NOT NULL,
      due_date INTEGER NOT NULL,
      status TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'partially_paid', 'paid', 'negotiated', 'cancelled', 'written_off')),
      principal_open BIGINT NOT NULL CHECK (principal_open >= 0),
      interest_open BIGINT NOT NULL DEFAULT 0 CHECK (interest_open >= 0),
      fine_open BIGINT NOT NULL DEFAULT 0 CHECK (fine_open >= 0),
      fine_assessed INTEGER NOT NULL DEFAULT 0,
      interest_from INTEGER NOT NULL,
      settled_on INTEGER,
      nosso_numero TEXT NOT NULL DEFAULT '',
      boleto_line TEXT NOT NULL DEFAULT '',
      pix_txid TEXT NOT NULL DEFAULT '',
      policy_id TEXT NOT NULL DEFAULT '',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CONSTRAINT receivables_source_external_id_key UNIQUE (source, external_id)))",
    "CREATE INDEX receivables_client ON receivables (client_id, due_date)",
    "CREATE INDEX receivables_open_by_due ON receivables (due_date) WHERE status IN ('open', 'partially_paid')",
    R"(CREATE TABLE payments (
      id {{pk}},
      source TEXT NOT NULL,
      external_id TEXT NOT NULL,
      receivable_id BIGINT NOT NULL REFERENCES receivables (id),
      client_id BIGINT NOT NULL REFERENCES clients (id),
      amount BIGINT NOT NULL CHECK (amount > 0),
      paid_date INTEGER NOT NULL,
      credit_date INTEGER NOT NULL,
      method TEXT NOT NULL DEFAULT '',
      to_interest BIGINT NOT NULL,
      to_fine BIGINT NOT NULL,
      to_principal BIGINT NOT NULL,
      to_credit BIGINT NOT NULL,
      created_at TEXT NOT NULL,
      CONSTRAINT payments_source_external_id_key UNIQUE (source, external_id),
      CONSTRAINT payments_allocation_adds_up CHECK (to_interest + to_fine + to_principal + to_credit = amount)))",
    "CREATE INDEX payments_receivable ON payments (receivable_id)",
    R"(CREATE TABLE history (
      id {{pk}},
      at TEXT NOT NULL,
      client_id BIGINT REFERENCES clients (id),
      receivable_id BIGINT REFERENCES receivables (id),
      kind TEXT NOT NULL,
      actor TEXT NOT NULL,
      summary TEXT NOT NULL,
      details TEXT NOT NULL DEFAULT ''))",
    "CREATE INDEX history_client ON history (client_id, id)",
    R"(CREATE TABLE tasks (
      id {{pk}},
      type TEXT NOT NULL,
      client_id BIGINT NOT NULL REFERENCES clients (id),
      responsible TEXT NOT NULL DEFAULT '',
      title TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      due_date INTEGER NOT NULL,
      status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
      sink TEXT NOT NULL DEFAULT '',
      external_id TEXT NOT NULL DEFAULT '',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      closed_at TEXT))",
    // One open task per client and type (DESIGN.md): a partial unique index.
    "CREATE UNIQUE INDEX tasks_one_open_per_client_type ON tasks (client_id, type) WHERE status = 'open'",
    "CREATE INDEX tasks_responsible ON tasks (responsible, status)",
    R"(CREATE TABLE intents (
      id {{pk}},
      unique_key TEXT NOT NULL,
      client_id BIGINT NOT NULL REFERENCES clients (id),
      receivable_id BIGINT REFERENCES receivables (id),
      policy_id TEXT NOT NULL,
      stage_id TEXT NOT NULL,
      action TEXT NOT NULL,
      channel TEXT NOT NULL DEFAULT '',
      state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'done', 'failed', 'skipped', 'cancelled')),
      for_date INTEGER NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT NOT NULL DEFAULT '',
      last_error TEXT NOT NULL DEFAULT '',
      reason TEXT NOT NULL DEFAULT '',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CONSTRAINT intents_unique_key_key UNIQUE (unique_key)))",
    "CREATE INDEX intents_pending ON intents (state, next_attempt_at)",
    R"(CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      updated_at TEXT NOT NULL))",
};

// History is evidence before protest or negativação: the database itself refuses to
// change or delete it.
const std::vector<std::string> kV1Sqlite = {
    R"(CREATE TRIGGER history_append_only_update BEFORE UPDATE ON history
       BEGIN SELECT RAISE(ABORT, 'history is append-only'); END)",
    R"(CREATE TRIGGER history_append_only_delete BEFORE DELETE ON history
       BEGIN SELECT RAISE(ABORT, 'history is append-only'); END)",
};
const std::vector<std::string> kV1Postgres = {
    R"(CREATE FUNCTION history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'history is append-only' USING ERRCODE = 'restrict_violation'; END $$)",
    R"(CREATE TRIGGER history_append_only BEFORE UPDATE OR DELETE ON history
       FOR EACH ROW EXECUTE FUNCTION history_append_only())",
};

// v2, the engine's outbox: intents claimed together for one dispatch share a key (so a
// retry after a crash repeats the same call, which the plugin recognises), and the
// day an action ran, which message limits count from.
const std::vector<std::string> kV2 = {
    "ALTER TABLE intents ADD COLUMN dispatch_key TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE intents ADD COLUMN done_on INTEGER",
    "ALTER TABLE intents ADD COLUMN external_ref TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX intents_client ON intents (client_id, receivable_id)",
    "CREATE INDEX intents_receivable ON intents (receivable_id)",
};

// v3, lighter intent writes (a cycle records millions): lookups by receivable go
// through intents_client with the receivable's client, and only pending intents — what
// the dispatcher scans — are in the pending index.
const std::vector<std::string> kV3 = {
    "DROP INDEX intents_receivable",
    "DROP INDEX intents_pending",
    "CREATE INDEX intents_pending ON intents (next_attempt_at) WHERE state = 'pending'",
};

// v4, deliveries: one row per message a channel accepted or refused, keyed by the
// delivery id the action chose, so a retried action never sends the same message twice
// nor asks again for one that was refused.
const std::vector<std::string> kV4 = {
    R"(CREATE TABLE deliveries (
      id {{pk}},
      delivery_id TEXT NOT NULL,
      client_id BIGINT NOT NULL REFERENCES clients (id),
      channel TEXT NOT NULL,
      address_masked TEXT NOT NULL,
      template TEXT NOT NULL DEFAULT '',
      content_hash TEXT NOT NULL,
      provider_id TEXT NOT NULL DEFAULT '',
      state TEXT NOT NULL CHECK (state IN ('sent', 'refused')),
      error TEXT NOT NULL DEFAULT '',
      created_at TEXT NOT NULL,
      CONSTRAINT deliveries_delivery_id_key UNIQUE (delivery_id)))",
};

// v5, follow-up tasks as the tasks plugin and the task sinks need them: the day a task
// starts, a revision bumped on every change (a sink is behind while its synced
// revision is lower), escalation, the receivables a task is about (a settlement closes
// it), its notes (journal entries, pushed once per sink) and one sync row per sink with
// that sink's id for it. The single sink/external_id pair of v1 moves there. Contacts
// get the office person who deals with them.
const std::vector<std::string> kV5 = {
    "ALTER TABLE tasks ADD COLUMN start_date INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE tasks ADD COLUMN revision INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE tasks ADD COLUMN escalate_to TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE tasks ADD COLUMN escalate_after INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE tasks ADD COLUMN escalated_on INTEGER",
    "ALTER TABLE tasks DROP COLUMN sink",
    "ALTER TABLE tasks DROP COLUMN external_id",
    R"(CREATE TABLE task_items (
      task_id BIGINT NOT NULL REFERENCES tasks (id),
      receivable_id BIGINT NOT NULL REFERENCES receivables (id),
      PRIMARY KEY (task_id, receivable_id)))",
    "CREATE INDEX task_items_receivable ON task_items (receivable_id)",
    R"(CREATE TABLE task_notes (
      id {{pk}},
      task_id BIGINT NOT NULL REFERENCES tasks (id),
      text TEXT NOT NULL,
      created_at TEXT NOT NULL))",
    "CREATE INDEX task_notes_task ON task_notes (task_id, id)",
    R"(CREATE TABLE task_sync (
      task_id BIGINT NOT NULL REFERENCES tasks (id),
      sink TEXT NOT NULL,
      external_id TEXT NOT NULL DEFAULT '',
      synced_revision INTEGER NOT NULL DEFAULT 0,
      notes_upto BIGINT NOT NULL DEFAULT 0,
      failed_revision INTEGER NOT NULL DEFAULT 0,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT NOT NULL DEFAULT '',
      last_error TEXT NOT NULL DEFAULT '',
      PRIMARY KEY (task_id, sink)))",
    "ALTER TABLE client_contacts ADD COLUMN owner TEXT NOT NULL DEFAULT ''",
};

// v6, negotiation: agreements (a proposal until the office accepts it, then active
// until paid, broken or cancelled) with the receivables they replace, as owed when
// proposed, and their schedule; accepted installments are receivables of their own
// that point back at the agreement. Promises to pay pause the régua until a day.
const std::vector<std::string> kV6 = {
    R"(CREATE TABLE agreements (
      id {{pk}},
      client_id BIGINT NOT NULL REFERENCES clients (id),
      status TEXT NOT NULL CHECK (status IN ('proposed', 'active', 'completed', 'broken', 'cancelled')),
      installments INTEGER NOT NULL CHECK (installments > 0),
      rate TEXT NOT NULL CHECK (rate IN ('none', 'simple', 'price')),
      monthly_ppm BIGINT NOT NULL DEFAULT 0,
      debt BIGINT NOT NULL CHECK (debt > 0),
      discount BIGINT NOT NULL DEFAULT 0,
      down_payment BIGINT NOT NULL DEFAULT 0,
      total BIGINT NOT NULL,
      policy_id TEXT NOT NULL DEFAULT '',
      break_after_days INTEGER NOT NULL,
      proposed_on INTEGER NOT NULL,
      expires_on INTEGER NOT NULL,
      accepted_on INTEGER,
      ended_on INTEGER,
      approved_by TEXT NOT NULL DEFAULT '',
      beyond_limits TEXT NOT NULL DEFAULT '',
      end_reason TEXT NOT NULL DEFAULT '',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL))",
    "CREATE UNIQUE INDEX agreements_one_active_per_client ON agreements (client_id) WHERE status = 'active'",
    R"(CREATE TABLE agreement_items (
      agreement_id BIGINT NOT NULL REFERENCES agreements (id),
      receivable_id BIGINT NOT NULL REFERENCES receivables (id),
      principal BIGINT NOT NULL,
      fine BIGINT NOT NULL,
      interest BIGINT NOT NULL,
      PRIMARY KEY (agreement_id, receivable_id)))",
    "CREATE INDEX agreement_items_receivable ON agreement_items (receivable_id)",
    R"(CREATE TABLE agreement_installments (
      agreement_id BIGINT NOT NULL REFERENCES agreements (id),
      number INTEGER NOT NULL,
      down_payment INTEGER NOT NULL DEFAULT 0,
      due_date INTEGER NOT NULL,
      amount BIGINT NOT NULL CHECK (amount > 0),
      interest BIGINT NOT NULL DEFAULT 0,
      receivable_id BIGINT REFERENCES receivables (id),
      PRIMARY KEY (agreement_id, number)))",
    "ALTER TABLE receivables ADD COLUMN agreement_id BIGINT REFERENCES agreements (id)",
    R"(CREATE TABLE promises (
      id {{pk}},
      client_id BIGINT NOT NULL REFERENCES clients (id),
      made_on INTEGER NOT NULL,
      until_date INTEGER NOT NULL,
      check_on INTEGER NOT NULL,
      amount BIGINT NOT NULL DEFAULT 0,
      status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'broken', 'replaced')),
      resolved_on INTEGER,
      created_at TEXT NOT NULL))",
    "CREATE INDEX promises_open ON promises (check_on) WHERE status = 'open'",
};

// A server refusing an address (a bounce) is kept apart from the person's own opt-out
// (LGPD): the bounce only retires that address on that channel.
// The dispatcher reads the due intents a batch of clients at a time.
const std::vector<std::string> kV7 = {
    "ALTER TABLE client_contacts ADD COLUMN bounced INTEGER NOT NULL DEFAULT 0",
    "CREATE INDEX intents_pending_client ON intents (client_id, id) WHERE state = 'pending'",
};

// The REST API: keys (only a slow salted hash of each is kept; a name is reused only
// after its key was revoked) and the first answer to each Idempotency-Key.
const std::vector<std::string> kV8 = {
    R"(CREATE TABLE api_keys (
      id {{pk}},
      name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('admin', 'operador', 'leitura', 'integracao')),
      secret_hash TEXT NOT NULL,
      created_at TEXT NOT NULL,
      revoked_at TEXT))",
    "CREATE UNIQUE INDEX api_keys_active_name ON api_keys (name) WHERE revoked_at IS NULL",
    R"(CREATE TABLE idempotent_answers (
      key_id BIGINT NOT NULL REFERENCES api_keys (id),
      idempotency_key TEXT NOT NULL,
      request_hash TEXT NOT NULL,
      status INTEGER NOT NULL,
      body TEXT NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (key_id, idempotency_key)))",
    // A client's page (GET /api/v1/clients/{id}) reads these by client.
    "CREATE INDEX agreements_client ON agreements (client_id)",
    "CREATE INDEX promises_client ON promises (client_id)",
};

// Events out: an outbox written in the same transaction as the change, and each
// webhook's delivery of each event it subscribes to (in order per client).
const std::vector<std::string> kV9 = {
    R"(CREATE TABLE events (
      id {{pk}},
      type TEXT NOT NULL,
      client_id BIGINT REFERENCES clients (id),
      occurred_at TEXT NOT NULL,
      data TEXT NOT NULL))",
    R"(CREATE TABLE webhook_deliveries (
      webhook TEXT NOT NULL,
      event_id BIGINT NOT NULL REFERENCES events (id),
      client_id BIGINT NOT NULL DEFAULT 0,
      state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT,
      last_error TEXT NOT NULL DEFAULT '',
      delivered_at TEXT,
      PRIMARY KEY (webhook, event_id)))",
    "CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (webhook, client_id, event_id) WHERE state = 'pending'",
    // The API names clients and receivables by the office's id in any source.
    "CREATE INDEX clients_external_id ON clients (external_id)",
    "CREATE INDEX receivables_external_id ON receivables (external_id)",
    // receivable.overdue goes out once per receivable.
    "ALTER TABLE receivables ADD COLUMN overdue_event_sent INTEGER NOT NULL DEFAULT 0",
};

// A bank's retorno names the boleto by its nosso número.
const std::vector<std::string> kV10 = {
    "CREATE INDEX receivables_nosso_numero ON receivables (nosso_numero)",
};

// Bank sources: the credits no receivable could be found for wait in a queue until
// someone matches or ignores them; what a bank says about a boleto besides a payment
// is kept once per record; a bank file is imported once (by its SHA-256).
const std::vector<std::string> kV11 = {
    R"(CREATE TABLE bank_credits (
      id {{pk}},
      source TEXT NOT NULL,
      external_id TEXT NOT NULL,
      amount BIGINT NOT NULL CHECK (amount > 0),
      paid_date INTEGER NOT NULL,
      credit_date INTEGER NOT NULL,
      method TEXT NOT NULL DEFAULT '',
      nosso_numero TEXT NOT NULL DEFAULT '',
      seu_numero TEXT NOT NULL DEFAULT '',
      payer_document TEXT NOT NULL DEFAULT '',
      payer_name TEXT NOT NULL DEFAULT '',
      reference TEXT NOT NULL DEFAULT '',
      origin TEXT NOT NULL DEFAULT '',
      reason TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'matched', 'ignored')),
      decided_by TEXT NOT NULL DEFAULT '',
      decided_at TEXT,
      decision TEXT NOT NULL DEFAULT '',
      created_at TEXT NOT NULL,
      CONSTRAINT bank_credits_source_external_id_key UNIQUE (source, external_id)))",
    "CREATE INDEX bank_credits_open ON bank_credits (id) WHERE state = 'open'",
    R"(CREATE TABLE bank_occurrences (
      source TEXT NOT NULL,
      external_id TEXT NOT NULL,
      receivable_id BIGINT REFERENCES receivables (id),
      occurred_on INTEGER NOT NULL,
      code TEXT NOT NULL,
      text TEXT NOT NULL,
      origin TEXT NOT NULL DEFAULT '',
      created_at TEXT NOT NULL,
      PRIMARY KEY (source, external_id)))",
    R"(CREATE TABLE imported_files (
      sha256 TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      format TEXT NOT NULL,
      imported_at TEXT NOT NULL))",
    // A statement's credit is looked for by its PIX txid, else by its exact amount.
    "CREATE INDEX receivables_pix_txid ON receivables (pix_txid) WHERE pix_txid <> ''",
    "CREATE INDEX receivables_open_amount ON receivables (amount) WHERE status IN ('open', 'partially_paid')",
};

// Settling a batch asks whether any of its receivables is an agreement's installment.
const std::vector<std::string> kV12 = {
    "CREATE INDEX agreement_installments_receivable ON agreement_installments (receivable_id)",
};

// Several hosts share a day's dispatch: a round splits the clients into batches of ids,
// each claimed by one host under a lease it renews while it works. The activity table
// says what each host is doing, for `regua status` and /health.
const std::vector<std::string> kV13 = {
    R"(CREATE TABLE dispatch_rounds (
      id {{pk}},
      day INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('cycle', 'retry')),
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      finished_at TEXT))",
    R"(CREATE TABLE dispatch_batches (
      round_id BIGINT NOT NULL REFERENCES dispatch_rounds (id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      first_client BIGINT NOT NULL,
      last_client BIGINT NOT NULL,
      claimed_by TEXT NOT NULL DEFAULT '',
      claimed_until TEXT NOT NULL DEFAULT '',
      done_by TEXT NOT NULL DEFAULT '',
      done_at TEXT,
      calls INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (round_id, seq)))",
    "CREATE INDEX dispatch_batches_open ON dispatch_batches (round_id, seq) WHERE done_at IS NULL",
    "CREATE INDEX dispatch_rounds_open ON dispatch_rounds (id) WHERE finished_at IS NULL",
    R"(CREATE TABLE host_activity (
      host TEXT PRIMARY KEY,
      doing TEXT NOT NULL,
      round_id BIGINT,
      calls BIGINT NOT NULL DEFAULT 0,
      started_at TEXT NOT NULL,
      updated_at TEXT NOT NULL))",
};

// Intent keys with the receivable id zero-padded to 19 digits (store::intentKey): they
// sort as the ids do, so the plan appends to the unique index. Old keys are rewritten.
const std::vector<std::string> kV14Sqlite = {
    "UPDATE intents SET unique_key = 'r' || substr('0000000000000000000' || substr(unique_key, 2, "
    "instr(unique_key, '/') - 2), -19) || substr(unique_key, instr(unique_key, '/')) "
    "WHERE unique_key LIKE 'r%/%' AND instr(unique_key, '/') < 21",
};
const std::vector<std::string> kV14Postgres = {
    "UPDATE intents SET unique_key = 'r' || lpad(split_part(substr(unique_key, 2), '/', 1), 19, '0') || "
    "substr(unique_key, strpos(unique_key, '/')) WHERE unique_key LIKE 'r%/%' AND strpos(unique_key, '/') < 21",
};

// The office's pages: staff who sign in (a slow salted hash of each password, failed
// attempts counted for the lockout) and their sessions (only a hash of each cookie). The
// dashboard sums receivables by due date and payments by day.
const std::vector<std::string> kV15 = {
    R"(CREATE TABLE users (
      id {{pk}},
      email TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('admin', 'operador', 'leitura')),
      password_hash TEXT NOT NULL DEFAULT '',
      failed_attempts INTEGER NOT NULL DEFAULT 0,
      locked_until TEXT,
      created_at TEXT NOT NULL,
      CONSTRAINT users_email_key UNIQUE (email)))",
    R"(CREATE TABLE web_sessions (
      token_hash TEXT PRIMARY KEY,
      user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      csrf TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL))",
    "CREATE INDEX web_sessions_user ON web_sessions (user_id)",
    "CREATE INDEX receivables_due_amount ON receivables (due_date, status, amount)",
    "CREATE INDEX payments_paid_date ON payments (paid_date, amount)",
    // The dashboard's cache asks when receivables and clients last changed.
    "CREATE INDEX receivables_updated_at ON receivables (updated_at)",
    "CREATE INDEX clients_updated_at ON clients (updated_at)",
};

std::string render(std::string sql, Backend backend) {
  const std::string pk = backend == Backend::kSqlite ? "INTEGER PRIMARY KEY"
                                                     : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
  for (auto at = sql.find("{{pk}}"); at != std::string::npos; at = sql.find("{{pk}}")) sql.replace(at, 6, pk);
  return sql;
}

}  // namespace

std::vector<Migration> migrations(Backend backend) {
  Migration v1{1, "clientes, títulos, pagamentos, histórico, tarefas, intents e ajustes", {}};
  for (const auto& statement : kV1Common) v1.statements.push_back(render(statement, backend));
  for (const auto& statement : backend == Backend::kSqlite ? kV1Sqlite : kV1Postgres) v1.statements.push_back(statement);
  Migration v2{2, "despacho de intents: chave de despacho, dia da execução, referência externa", kV2};
  Migration v3{3, "intents: índices mais leves para gravar a régua", kV3};
  Migration v4{4, "entregas de mensagens (uma por id de entrega)", {}};
  for (const auto& statement : kV4) v4.statements.push_back(render(statement, backend));
  Migration v5{5, "tarefas: revisão, escalonamento, títulos, notas e sincronização por destino", {}};
  for (const auto& statement : kV5) v5.statements.push_back(render(statement, backend));
  Migration v6{6, "negociação: acordos, parcelas e promessas de pagamento", {}};
  for (const auto& statement : kV6) v6.statements.push_back(render(statement, backend));
  Migration v7{7, "contatos: endereço recusado pelo servidor separado da recusa do cliente (LGPD); despacho em lotes",
               kV7};
  Migration v8{8, "API REST: chaves de acesso, respostas por Idempotency-Key, leituras por cliente", {}};
  for (const auto& statement : kV8) v8.statements.push_back(render(statement, backend));
  Migration v9{9, "eventos: outbox e entregas por webhook; clientes e títulos pelo id do escritório", {}};
  for (const auto& statement : kV9) v9.statements.push_back(render(statement, backend));
  Migration v10{10, "títulos pelo nosso número do boleto (retorno do banco)", kV10};
  Migration v11{11, "fontes bancárias: fila de conciliação, ocorrências do banco, arquivos importados", {}};
  for (const auto& statement : kV11) v11.statements.push_back(render(statement, backend));
  Migration v12{12, "acordos: parcelas pelo título (baixa em lote)", kV12};
  Migration v13{13, "despacho dividido entre hosts: rodadas, lotes com prazo de posse e atividade por host", {}};
  for (const auto& statement : kV13) v13.statements.push_back(render(statement, backend));
  Migration v14{14, "chaves das intents com o id do título em 19 dígitos (gravação da régua em ordem)",
                backend == Backend::kSqlite ? kV14Sqlite : kV14Postgres};
  Migration v15{15, "painel do escritório: usuários, sessões e somas por vencimento e por dia de pagamento", {}};
  for (const auto& statement : kV15) v15.statements.push_back(render(statement, backend));
  return {v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15};
}

}  // namespace regua::store
