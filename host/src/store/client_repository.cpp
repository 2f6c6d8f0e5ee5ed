#include "store/client_repository.hpp"

#include <sstream>

namespace regua::store {

namespace {

std::string joinComma(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

std::vector<std::string> splitComma(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

constexpr const char* kUpsertClient = R"(
  INSERT INTO clients (source, external_id, name, document, kind, preferred_channel, opted_out_channels,
                       responsible, segment, client_since, paused_until, created_at, updated_at)
  VALUES (:source, :external_id, :name, :document, :kind, :preferred, :opted_out,
          :responsible, :segment, :since, :paused, :created_at, :updated_at)
  ON CONFLICT (source, external_id) DO UPDATE SET
    name = excluded.name, document = excluded.document, kind = excluded.kind,
    preferred_channel = excluded.preferred_channel, opted_out_channels = excluded.opted_out_channels,
    responsible = excluded.responsible, segment = excluded.segment, client_since = excluded.client_since,
    paused_until = excluded.paused_until, updated_at = excluded.updated_at
  RETURNING id)";

constexpr const char* kClientColumns =
    "id, source, external_id, name, document, kind, preferred_channel, opted_out_channels, responsible, "
    "segment, client_since, paused_until, credit";

}  // namespace

// Writes clients with statements prepared once per batch: preparing SQL for every
// client and child row cost more than running it.
class ClientRepository::Writer {
 public:
  explicit Writer(Database& db) : db_(db), sql_(db.sql()), now_(Database::nowUtc()) {
    upsert_ = prepare(kUpsertClient, [&](soci::statement& st) {
      st.exchange(soci::use(source_));
      st.exchange(soci::use(externalId_));
      st.exchange(soci::use(name_));
      st.exchange(soci::use(document_));
      st.exchange(soci::use(kind_));
      st.exchange(soci::use(preferred_));
      st.exchange(soci::use(optedOut_));
      st.exchange(soci::use(responsible_));
      st.exchange(soci::use(segment_));
      st.exchange(soci::use(since_, sinceInd_));
      st.exchange(soci::use(paused_, pausedInd_));
      st.exchange(soci::use(now_));
      st.exchange(soci::use(now_));
      st.exchange(soci::into(id_));
    });
    for (const char* table : {"client_contacts", "client_tags", "client_dates"}) {
      deletes_.push_back(prepare(std::string("DELETE FROM ") + table + " WHERE client_id = :id",
                                 [&](soci::statement& st) { st.exchange(soci::use(id_)); }));
    }
    contact_ = prepare(
        "INSERT INTO client_contacts (client_id, position, channel, address, name, role, payment_contact, opted_out, "
        "owner, bounced) VALUES (:id, :position, :channel, :address, :name, :role, :payment, :opted_out, :owner, "
        ":bounced)",
        [&](soci::statement& st) {
          st.exchange(soci::use(id_));
          st.exchange(soci::use(position_));
          st.exchange(soci::use(contact_channel_));
          st.exchange(soci::use(contact_address_));
          st.exchange(soci::use(contact_name_));
          st.exchange(soci::use(contact_role_));
          st.exchange(soci::use(contact_payment_));
          st.exchange(soci::use(contact_opted_out_));
          st.exchange(soci::use(contact_owner_));
          st.exchange(soci::use(contact_bounced_));
        });
    tag_ = prepare("INSERT INTO client_tags (client_id, tag) VALUES (:id, :tag) ON CONFLICT DO NOTHING",
                   [&](soci::statement& st) {
                     st.exchange(soci::use(id_));
                     st.exchange(soci::use(text_));
                   });
    date_ = prepare("INSERT INTO client_dates (client_id, label, day) VALUES (:id, :label, :day)",
                    [&](soci::statement& st) {
                      st.exchange(soci::use(id_));
                      st.exchange(soci::use(text_));
                      st.exchange(soci::use(position_));
                    });
  }

  void write(domain::Client& c, const std::string& context) {
    std::string why;
    const auto document = domain::Document::parse(c.document, &why);
    if (!document) throw StoreError(StoreError::Kind::kInvalid, context + ": documento inválido: " + why);
    if (c.name.empty()) throw StoreError(StoreError::Kind::kInvalid, context + ": o nome é obrigatório");
    if (c.externalId.empty()) throw StoreError(StoreError::Kind::kInvalid, context + ": o id externo é obrigatório");
    c.document = document->normalized();
    c.kind = document->isPerson() ? domain::PartyKind::kPerson : domain::PartyKind::kCompany;

    source_ = c.source;
    externalId_ = c.externalId;
    name_ = c.name;
    document_ = c.document;
    kind_ = std::string(domain::toString(c.kind));
    preferred_ = c.preferredChannel;
    optedOut_ = joinComma(c.optedOutChannels);
    responsible_ = c.responsible;
    segment_ = c.segment;
    since_ = c.clientSince ? c.clientSince->daysSinceEpoch() : 0;
    sinceInd_ = c.clientSince ? soci::i_ok : soci::i_null;
    paused_ = c.pausedUntil ? c.pausedUntil->daysSinceEpoch() : 0;
    pausedInd_ = c.pausedUntil ? soci::i_ok : soci::i_null;
    try {
      upsert_->execute(true);
      c.id = id_;
      // Children are replaced as a whole: the source of truth sends the full list.
      for (auto& statement : deletes_) statement->execute(true);
      for (std::size_t i = 0; i < c.contacts.size(); ++i) {
        const auto& contact = c.contacts[i];
        position_ = static_cast<int>(i);
        contact_channel_ = contact.channel;
        contact_address_ = contact.address;
        contact_name_ = contact.name;
        contact_role_ = contact.role;
        contact_payment_ = contact.paymentContact;
        contact_opted_out_ = contact.optedOut;
        contact_owner_ = contact.owner;
        contact_bounced_ = contact.bounced;
        contact_->execute(true);
      }
      for (const auto& tag : c.tags) {
        text_ = tag;
        tag_->execute(true);
      }
      for (const auto& date : c.importantDates) {
        text_ = date.label;
        position_ = date.date.daysSinceEpoch();
        date_->execute(true);
      }
    } catch (const std::exception&) {
      db_.rethrowTranslated(context + " (" + std::string(document->typeName()) + " " + document->masked() + ")");
    }
  }

 private:
  template <class Bind>
  std::unique_ptr<soci::statement> prepare(const std::string& text, Bind&& bind) {
    auto st = std::make_unique<soci::statement>(sql_);
    st->alloc();
    st->prepare(text);
    bind(*st);
    st->define_and_bind();
    return st;
  }

  Database& db_;
  soci::session& sql_;
  std::string now_;
  // Bound variables: each statement reads them when it executes.
  long id_ = 0;
  std::string source_, externalId_, name_, document_, kind_, preferred_, optedOut_, responsible_, segment_, text_;
  int since_ = 0, paused_ = 0, position_ = 0, contact_payment_ = 0, contact_opted_out_ = 0, contact_bounced_ = 0;
  soci::indicator sinceInd_ = soci::i_null, pausedInd_ = soci::i_null;
  std::string contact_channel_, contact_address_, contact_name_, contact_role_, contact_owner_;
  std::unique_ptr<soci::statement> upsert_, contact_, tag_, date_;
  std::vector<std::unique_ptr<soci::statement>> deletes_;
};

void ClientRepository::save(domain::Client& client) {
  db_.transaction([&] { Writer(db_).write(client, "cliente " + client.externalId); });
}

void ClientRepository::saveAll(std::vector<domain::Client>& clients) {
  db_.transaction([&] {
    Writer writer(db_);
    for (std::size_t i = 0; i < clients.size(); ++i) {
      writer.write(clients[i], "cliente " + clients[i].externalId + " (item " + std::to_string(i + 1) + " do lote)");
    }
  });
}

std::optional<domain::Client> ClientRepository::findWhere(const std::string& condition,
                                                          const std::vector<std::string>& params) {
  domain::Client c;
  long id = 0, credit = 0;
  int since = 0, paused = 0;
  soci::indicator sinceInd = soci::i_ok, pausedInd = soci::i_ok;
  std::string kind, optedOut;
  try {
    auto st = db_.unboundStatement(std::string("SELECT ") + kClientColumns + " FROM clients WHERE " + condition);
    auto& row = st.soci();
    row.exchange(soci::into(id));
    row.exchange(soci::into(c.source));
    row.exchange(soci::into(c.externalId));
    row.exchange(soci::into(c.name));
    row.exchange(soci::into(c.document));
    row.exchange(soci::into(kind));
    row.exchange(soci::into(c.preferredChannel));
    row.exchange(soci::into(optedOut));
    row.exchange(soci::into(c.responsible));
    row.exchange(soci::into(c.segment));
    row.exchange(soci::into(since, sinceInd));
    row.exchange(soci::into(paused, pausedInd));
    row.exchange(soci::into(credit));
    for (const auto& param : params) row.exchange(soci::use(param));
    row.define_and_bind();
    if (!st.execute(true)) return std::nullopt;

    c.id = id;
    c.kind = kind == "person" ? domain::PartyKind::kPerson : domain::PartyKind::kCompany;
    c.optedOutChannels = splitComma(optedOut);
    if (sinceInd == soci::i_ok) c.clientSince = Date::fromDaysSinceEpoch(since);
    if (pausedInd == soci::i_ok) c.pausedUntil = Date::fromDaysSinceEpoch(paused);
    c.credit = Money::fromCentavos(credit);

    domain::Contact contact;
    int payment = 0, optedOutFlag = 0, bouncedFlag = 0;
    auto contacts = db_.statement(
        "SELECT channel, address, name, role, payment_contact, opted_out, owner, bounced FROM client_contacts "
        "WHERE client_id = :id ORDER BY position",
        soci::into(contact.channel), soci::into(contact.address), soci::into(contact.name), soci::into(contact.role),
        soci::into(payment), soci::into(optedOutFlag), soci::into(contact.owner), soci::into(bouncedFlag),
        soci::use(id));
    contacts.execute();
    while (contacts.fetch()) {
      contact.paymentContact = payment != 0;
      contact.optedOut = optedOutFlag != 0;
      contact.bounced = bouncedFlag != 0;
      c.contacts.push_back(contact);
    }
    std::string tag;
    auto tags =
        db_.statement("SELECT tag FROM client_tags WHERE client_id = :id ORDER BY tag", soci::into(tag), soci::use(id));
    tags.execute();
    while (tags.fetch()) c.tags.push_back(tag);
    std::string label;
    int day = 0;
    auto dates = db_.statement("SELECT label, day FROM client_dates WHERE client_id = :id ORDER BY label",
                               soci::into(label), soci::into(day), soci::use(id));
    dates.execute();
    while (dates.fetch()) c.importantDates.push_back({label, Date::fromDaysSinceEpoch(day)});
  } catch (const std::exception&) {
    db_.rethrowTranslated("lendo cliente");
  }
  return c;
}

std::optional<domain::Client> ClientRepository::findById(std::int64_t id) {
  return findWhere("id = CAST(:id AS BIGINT)", {std::to_string(id)});
}

std::optional<domain::Client> ClientRepository::findByExternalId(const std::string& source,
                                                                 const std::string& externalId) {
  return findWhere("source = :source AND external_id = :external_id", {source, externalId});
}

std::optional<domain::Client> ClientRepository::findByExternalIdInAnySource(const std::string& externalId) {
  return findWhere("external_id = :external_id ORDER BY id LIMIT 1", {externalId});
}

std::optional<domain::Client> ClientRepository::findByDocument(const std::string& document) {
  const auto parsed = domain::Document::parse(document);
  if (!parsed) return std::nullopt;
  return findWhere("document = :document", {parsed->normalized()});
}

std::vector<std::int64_t> ClientRepository::idsWithTag(const std::string& tag) {
  std::vector<std::int64_t> ids;
  long id = 0;
  try {
    auto st = db_.statement("SELECT client_id FROM client_tags WHERE tag = :tag ORDER BY client_id", soci::into(id),
                            soci::use(tag));
    st.execute();
    while (st.fetch()) ids.push_back(id);
  } catch (const std::exception&) {
    db_.rethrowTranslated("buscando clientes com a etiqueta " + tag);
  }
  return ids;
}

void ClientRepository::addCredit(std::int64_t clientId, Money delta) {
  long id = clientId, cents = delta.centavos();
  try {
    auto st =
        db_.statement("UPDATE clients SET credit = credit + :delta WHERE id = :id", soci::use(cents), soci::use(id));
    st.execute(true);
    if (st.affectedRows() != 1) {
      throw StoreError(StoreError::Kind::kNotFound, "cliente " + std::to_string(clientId) + " não existe");
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("crédito do cliente " + std::to_string(clientId));
  }
}

void ClientRepository::pauseUntil(std::int64_t clientId, Date day) {
  touch(clientId, "UPDATE clients SET paused_until = " + std::to_string(day.daysSinceEpoch()) +
                      ", updated_at = :now WHERE id = :id");
}

void ClientRepository::addTag(std::int64_t clientId, const std::string& tag) {
  touch(clientId, "UPDATE clients SET updated_at = :now WHERE id = :id");
  long id = clientId;
  try {
    db_.run("INSERT INTO client_tags (client_id, tag) VALUES (:id, :tag) ON CONFLICT DO NOTHING", soci::use(id),
            soci::use(tag));
  } catch (const std::exception&) {
    db_.rethrowTranslated("etiqueta do cliente " + std::to_string(clientId));
  }
}

// Runs `update` (placeholders :now and :id) on one client; kNotFound when it is not there.
void ClientRepository::touch(std::int64_t clientId, const std::string& update) {
  long id = clientId;
  const std::string now = Database::nowUtc();
  try {
    auto st = db_.statement(update, soci::use(now), soci::use(id));
    st.execute(true);
    if (st.affectedRows() != 1) {
      throw StoreError(StoreError::Kind::kNotFound, "cliente " + std::to_string(clientId) + " não existe");
    }
  } catch (const StoreError&) {
    throw;
  } catch (const std::exception&) {
    db_.rethrowTranslated("cliente " + std::to_string(clientId));
  }
}

}  // namespace regua::store
