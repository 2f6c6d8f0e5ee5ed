#include "engine/builtin_actions.hpp"

#include <algorithm>
#include <stdexcept>

#include "store/client_repository.hpp"

namespace regua::engine {

std::string runBuiltinAction(store::Database& db, const std::string& action, const config::ActionSpec* spec,
                             std::int64_t clientId, Date asOf) {
  const config::ActionSpec defaults;
  const config::ActionSpec& args = spec != nullptr ? *spec : defaults;
  store::ClientRepository clients(db);
  auto client = clients.findById(clientId);
  if (!client) throw std::runtime_error("cliente " + std::to_string(clientId) + " não existe");
  std::string note;
  if (action == "pause") {
    client->pausedUntil = asOf.plusDays(args.pauseDays);
    note = "cobrança pausada até " + client->pausedUntil->br();
  } else {
    if (std::find(client->tags.begin(), client->tags.end(), args.flagTag) == client->tags.end()) {
      client->tags.push_back(args.flagTag);
    }
    note = "cliente sinalizado com a etiqueta " + args.flagTag;
  }
  db.transaction([&] { clients.save(*client); });
  return note;
}

}  // namespace regua::engine
