#include "services/client_actions.hpp"

#include "services/service_error.hpp"
#include "store/client_repository.hpp"
#include "store/history_repository.hpp"

namespace regua::services {

namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

ServiceError refused(const std::string& why) { return ServiceError(ServiceError::Kind::kRefused, why); }

}  // namespace

Date pauseClient(store::Database& db, const domain::Client& client, Date until, const std::string& reason,
                 const std::string& actor, Date today) {
  const std::string why = trimmed(reason);
  if (until <= today) throw refused("a pausa precisa terminar depois de hoje (" + today.br() + "); escolha uma data futura");
  if (why.empty()) throw refused("diga o motivo da pausa; ele vai ao histórico do cliente");
  if (why.size() > kMaxNoteLength) throw refused("o motivo passa de 2000 caracteres; resuma-o");
  db.transaction([&] {
    store::ClientRepository(db).pauseUntil(client.id, until.plusDays(1));  // the first day it runs again
    store::HistoryRepository(db).append(client.id, "status", actor,
                                        "cobrança pausada até " + until.br() + " (volta em " +
                                            until.plusDays(1).br() + "): " + why);
  });
  return until;
}

void addCallNote(store::Database& db, const domain::Client& client, const std::string& text, const std::string& actor) {
  const std::string note = trimmed(text);
  if (note.empty()) throw refused("a nota está vazia; escreva o que foi conversado");
  if (note.size() > kMaxNoteLength) throw refused("a nota passa de 2000 caracteres; resuma-a");
  store::HistoryRepository(db).append(client.id, "note", actor, note);
}

}  // namespace regua::services
