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

void ClientRepository::save(domain::Client& client) {
  db_.transaction([&] { saveOne(client, "cliente " + client.externalId); });
}

void ClientRepository::saveAll(std::vector<domain::Client>& clients) {
  db_.transaction([&] {
    for (std::size_t i = 0; i < clients.size(); ++i) {
      saveOne(clients[i], "cliente " + clients[i].externalId + " (item " + std::to_string(i + 1) + " do lote)");
    }
  });
}

void ClientRepository::saveOne(domain::Client& c, const std::string& context) {
  std::string why;
  const auto document = domain::Document::parse(c.document, &why);
  if (!document) throw StoreError(StoreError::Kind::kInvalid, context + ": documento inválido: " + why);
  if (c.name.empty()) throw StoreError(StoreError::Kind::kInvalid, context + ": o nome é obrigatório");
  if (c.externalId.empty()) throw StoreError(StoreError::Kind::kInvalid, context + ": o id externo é obrigatório");
  c.document = document->normalized();
  c.kind = document->party();

  const std::string kind(domain::toString(c.kind));
  const std::string optedOut = joinComma(c.optedOutChannels);
  int since = c.clientSince ? c.clientSince->daysSinceEpoch() : 0;
  int paused = c.pausedUntil ? c.pausedUntil->daysSinceEpoch() : 0;
  soci::indicator sinceInd = c.clientSince ? soci::i_ok : soci::i_null;
  soci::indicator pausedInd = c.pausedUntil ? soci::i_ok : soci::i_null;
  const std::string now = Database::nowUtc();
  auto& sql = db_.sql();
  try {
    long id = 0;
    sql << kUpsertClient, soci::use(c.source), soci::use(c.externalId), soci::use(c.name), soci::use(c.document),
        soci::use(kind), soci::use(c.preferredChannel), soci::use(optedOut), soci::use(c.responsible),
        soci::use(c.segment), soci::use(since, sinceInd), soci::use(paused, pausedInd), soci::use(now),
        soci::use(now), soci::into(id);
    c.id = id;

    // Children are replaced as a whole: the source of truth sends the full list.
    sql << "DELETE FROM client_contacts WHERE client_id = :id", soci::use(id);
    sql << "DELETE FROM client_tags WHERE client_id = :id", soci::use(id);
    sql << "DELETE FROM client_dates WHERE client_id = :id", soci::use(id);
    for (std::size_t i = 0; i < c.contacts.size(); ++i) {
      const auto& contact = c.contacts[i];
      int position = static_cast<int>(i), payment = contact.paymentContact, optedOutFlag = contact.optedOut;
      sql << "INSERT INTO client_contacts (client_id, position, channel, address, name, role, payment_contact, "
             "opted_out) VALUES (:id, :position, :channel, :address, :name, :role, :payment, :opted_out)",
          soci::use(id), soci::use(position), soci::use(contact.channel), soci::use(contact.address),
          soci::use(contact.name), soci::use(contact.role), soci::use(payment), soci::use(optedOutFlag);
    }
    for (const auto& tag : c.tags) {
      sql << "INSERT INTO client_tags (client_id, tag) VALUES (:id, :tag) ON CONFLICT DO NOTHING", soci::use(id),
          soci::use(tag);
    }
    for (const auto& date : c.importantDates) {
      int day = date.date.daysSinceEpoch();
      sql << "INSERT INTO client_dates (client_id, label, day) VALUES (:id, :label, :day)", soci::use(id),
          soci::use(date.label), soci::use(day);
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated(context + " (" + document->typeName().data() + " " + document->masked() + ")");
  }
}

std::optional<domain::Client> ClientRepository::findWhere(const std::string& condition,
                                                          const std::vector<std::string>& params) {
  auto& sql = db_.sql();
  domain::Client c;
  long id = 0, credit = 0;
  int since = 0, paused = 0;
  soci::indicator sinceInd = soci::i_ok, pausedInd = soci::i_ok;
  std::string kind, optedOut;
  try {
    soci::statement st(sql);
    st.alloc();
    st.prepare(std::string("SELECT ") + kClientColumns + " FROM clients WHERE " + condition);
    st.exchange(soci::into(id));
    st.exchange(soci::into(c.source));
    st.exchange(soci::into(c.externalId));
    st.exchange(soci::into(c.name));
    st.exchange(soci::into(c.document));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(c.preferredChannel));
    st.exchange(soci::into(optedOut));
    st.exchange(soci::into(c.responsible));
    st.exchange(soci::into(c.segment));
    st.exchange(soci::into(since, sinceInd));
    st.exchange(soci::into(paused, pausedInd));
    st.exchange(soci::into(credit));
    for (const auto& param : params) st.exchange(soci::use(param));
    st.define_and_bind();
    if (!st.execute(true)) return std::nullopt;

    c.id = id;
    c.kind = kind == "person" ? domain::PartyKind::kPerson : domain::PartyKind::kCompany;
    c.optedOutChannels = splitComma(optedOut);
    if (sinceInd == soci::i_ok) c.clientSince = Date::fromDaysSinceEpoch(since);
    if (pausedInd == soci::i_ok) c.pausedUntil = Date::fromDaysSinceEpoch(paused);
    c.credit = Money::fromCentavos(credit);

    domain::Contact contact;
    int payment = 0, optedOutFlag = 0;
    soci::statement contacts =
        (sql.prepare << "SELECT channel, address, name, role, payment_contact, opted_out FROM client_contacts "
                        "WHERE client_id = :id ORDER BY position",
         soci::into(contact.channel), soci::into(contact.address), soci::into(contact.name), soci::into(contact.role),
         soci::into(payment), soci::into(optedOutFlag), soci::use(id));
    contacts.execute();
    while (contacts.fetch()) {
      contact.paymentContact = payment != 0;
      contact.optedOut = optedOutFlag != 0;
      c.contacts.push_back(contact);
    }
    std::string tag;
    soci::statement tags =
        (sql.prepare << "SELECT tag FROM client_tags WHERE client_id = :id ORDER BY tag", soci::into(tag), soci::use(id));
    tags.execute();
    while (tags.fetch()) c.tags.push_back(tag);
    std::string label;
    int day = 0;
    soci::statement dates = (sql.prepare << "SELECT label, day FROM client_dates WHERE client_id = :id ORDER BY label",
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

std::optional<domain::Client> ClientRepository::findByDocument(const std::string& document) {
  const auto parsed = domain::Document::parse(document);
  if (!parsed) return std::nullopt;
  return findWhere("document = :document", {parsed->normalized()});
}

std::vector<std::int64_t> ClientRepository::idsWithTag(const std::string& tag) {
  std::vector<std::int64_t> ids;
  long id = 0;
  try {
    soci::statement st = (db_.sql().prepare << "SELECT client_id FROM client_tags WHERE tag = :tag ORDER BY client_id",
                          soci::into(id), soci::use(tag));
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
    soci::statement st = (db_.sql().prepare << "UPDATE clients SET credit = credit + :delta WHERE id = :id",
                          soci::use(cents), soci::use(id));
    st.execute(true);
    if (st.get_affected_rows() != 1) {
      throw StoreError(StoreError::Kind::kNotFound, "cliente " + std::to_string(clientId) + " não existe");
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("crédito do cliente " + std::to_string(clientId));
  }
}

}  // namespace regua::store
