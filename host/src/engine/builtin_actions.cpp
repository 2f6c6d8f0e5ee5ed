#include "engine/builtin_actions.hpp"

#include "store/client_repository.hpp"

namespace regua::engine {

std::string runBuiltinAction(store::Database& db, const std::string& action, const config::ActionSpec* spec,
                             std::int64_t clientId, Date asOf) {
  const config::ActionSpec defaults;
  const config::ActionSpec& args = spec != nullptr ? *spec : defaults;
  store::ClientRepository clients(db);
  if (action == "pause") {
    const Date until = asOf.plusDays(args.pauseDays);
    clients.pauseUntil(clientId, until);
    return "cobrança pausada até " + until.br();
  }
  db.transaction([&] { clients.addTag(clientId, args.flagTag); });
  return "cliente sinalizado com a etiqueta " + args.flagTag;
}

}  // namespace regua::engine
