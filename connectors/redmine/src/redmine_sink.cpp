// connectors/redmine (task_sink): the office's follow-up tasks as Redmine issues.
// Task type → a tracker (trackers map, else the default tracker) and a list custom field;
// responsible → assigned_to_id (assignees map from the office's login or e-mail to a
// Redmine login, e-mail or id; unmapped people are looked up by login/e-mail, then fall
// back to default_assignee, and the host's history says so); client → a custom field
// with the CPF/CNPJ. Idempotent: a task without an issue id is first looked up by client
// and type among the project's open issues, so a push repeated after a crash or an
// outage never opens a second issue. Notes become journal entries; a closed task closes
// the issue. Configuration: connectors/redmine/README.md.
#include <map>
#include <optional>
#include <string>

#include <Poco/JSON/Array.h>

#include <regua/plugin.hpp>
#include <regua/utf8.hpp>

#include "redmine_api.hpp"

namespace {

using regua::redmine::Api;
using regua::redmine::query;
using regua::redmine::RedmineRefused;

bool allDigits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

class RedmineSink {
 public:
  explicit RedmineSink(regua::Host host)
      : host_(host),
        api_(std::string(host.requireConfig("url")), std::string(host.requireConfig("api_key")),
             timeoutFrom(host), host),
        project_(host.requireConfig("project")) {
    // A wrong key is found now, so the connector starts disabled with the reason; a
    // Redmine that is down is not an error yet (tasks wait for it).
    try {
      api_.get("/users/current.json");
    } catch (const regua::RetryLater& e) {
      host_.warning(std::string(e.what()) + "; as tarefas esperam até ele voltar");
    }
  }

  regua::TaskResult upsertTask(const regua::Task& task) {
    resolve();
    std::string note;
    const std::optional<int> assignee = assigneeFor(std::string(regua::view(task.responsible)), note);
    std::string id(regua::view(task.external_id));
    const std::string type(regua::view(task.type));
    const std::string document(regua::view(task.client_document));
    const std::string comment(regua::view(task.comment));

    // An earlier push may have created the issue and died before the host kept its id.
    if (id.empty() && regua::detail::read(task, &regua_task::first_push) == 0) id = findOpenIssue(document, type);
    Poco::JSON::Object issue;
    issue.set("subject", std::string(regua::utf8::prefix(regua::view(task.title), 255)));
    issue.set("description", std::string(regua::view(task.description)));
    // Redmine refuses a due date before the start date (422), and a task may have been
    // due before it reached Redmine: the start is never after the due date.
    const regua::Date due = regua::Date::fromAbi(task.due_date);
    const regua::Date start = std::min(regua::Date::fromAbi(task.start_date), due);
    issue.set("start_date", start.iso());
    issue.set("due_date", due.iso());
    if (assignee) issue.set("assigned_to_id", *assignee);
    Poco::JSON::Array fields;
    auto field = [&](int fieldId, const std::string& value) {
      Poco::JSON::Object f;
      f.set("id", fieldId);
      f.set("value", value);
      fields.add(f);
    };
    field(*clientField_, document);
    if (typeField_) field(*typeField_, type);
    issue.set("custom_fields", fields);
    if (task.closed != 0) issue.set("status_id", *closedStatus_);

    if (!id.empty()) {
      if (!comment.empty()) issue.set("notes", comment);
      Poco::JSON::Object body;
      body.set("issue", issue);
      if (api_.put("/issues/" + id + ".json", body).status != 404) {
        if (task.closed != 0) requireClosed(id);
        return {id, note};
      }
      // Deleted in Redmine meanwhile: open it again (unless the task is closed anyway).
      if (task.closed != 0) return {id, "a issue #" + id + " não existe mais no Redmine; nada a encerrar"};
      issue.remove("notes");
    }
    issue.set("project_id", project_);
    issue.set("tracker_id", trackerFor(type));
    Poco::JSON::Object body;
    body.set("issue", issue);
    const auto created = api_.post("/issues.json", body);
    if (!created.body || !created.body->has("issue")) {
      throw std::runtime_error("o Redmine criou a issue mas não devolveu o id (status " + std::to_string(created.status) + ")");
    }
    id = std::to_string(created.body->getObject("issue")->getValue<int>("id"));
    if (!comment.empty()) {  // what happened before it reached Redmine, as its first journal entry
      Poco::JSON::Object notes, wrapper;
      notes.set("notes", comment);
      wrapper.set("issue", notes);
      api_.put("/issues/" + id + ".json", wrapper);
    }
    return {id, note};
  }

 private:
  static int timeoutFrom(const regua::Host& host) {
    const std::string text(host.configOr("timeout_seconds", "10"));
    if (!allDigits(text) || text.size() > 4 || std::stoi(text) == 0) {
      throw regua::ConfigError("timeout_seconds: '" + text + "' não é um número de segundos maior que zero");
    }
    return std::stoi(text);
  }

  // Redmine ignores a status change its workflow does not allow, without an error: check.
  void requireClosed(const std::string& id) {
    const auto r = api_.get("/issues/" + id + ".json");
    const bool closed = r.body && r.body->has("issue") &&
                        r.body->getObject("issue")->getObject("status")->optValue<bool>("is_closed", false);
    if (!closed) {
      throw RedmineRefused(422, "o Redmine não deixou fechar a issue #" + id +
                                    ": o fluxo de trabalho do tracker não permite ir para a situação fechada; "
                                    "ajuste-o em Administração > Fluxo de trabalho ou escolha closed_status");
    }
  }

  // Names in the config become ids once, on the first push (Redmine may be down at start).
  void resolve() {
    if (clientField_) return;
    clientField_ = fieldId(std::string(host_.requireConfig("client_field")), "client_field");
    if (const auto type = host_.config("type_field")) typeField_ = fieldId(std::string(*type), "type_field");
    closedStatus_ = statusId(std::string(host_.configOr("closed_status", "")));
    if (const auto tracker = host_.config("tracker")) defaultTracker_ = trackerId(std::string(*tracker), "tracker");
  }

  // Lists every item of `what` ("trackers", "issue_statuses", "custom_fields").
  Poco::JSON::Array::Ptr list(const std::string& what) {
    const auto r = api_.get("/" + what + ".json");
    if (!r.body || !r.body->has(what)) throw regua::ConfigError("o Redmine não listou " + what);
    return r.body->getArray(what);
  }

  int idByName(const std::string& what, const std::string& value, const std::string& key) {
    if (allDigits(value)) return std::stoi(value);
    Poco::JSON::Array::Ptr items;
    try {
      items = list(what);
    } catch (const regua::ConfigError&) {  // 403: the key is not an administrator's
      throw regua::ConfigError(key + ": '" + value + "' precisa ser o id numérico (esta chave da API não pode listar " +
                               what + " do Redmine)");
    }
    std::string known;
    for (std::size_t i = 0; i < items->size(); ++i) {
      const auto item = items->getObject(static_cast<unsigned>(i));
      const std::string name = item->getValue<std::string>("name");
      if (name == value) return item->getValue<int>("id");
      known += (known.empty() ? "" : ", ") + name;
    }
    throw regua::ConfigError(key + ": '" + value + "' não existe no Redmine (há: " + known + ")");
  }
  int fieldId(const std::string& value, const std::string& key) { return idByName("custom_fields", value, key); }
  int trackerId(const std::string& value, const std::string& key) { return idByName("trackers", value, key); }
  int statusId(const std::string& value) {
    if (!value.empty()) return idByName("issue_statuses", value, "closed_status");
    const auto items = list("issue_statuses");
    for (std::size_t i = 0; i < items->size(); ++i) {
      const auto item = items->getObject(static_cast<unsigned>(i));
      if (item->optValue<bool>("is_closed", false)) return item->getValue<int>("id");
    }
    throw regua::ConfigError("closed_status: o Redmine não tem situação fechada; informe uma");
  }

  int trackerFor(const std::string& type) {
    auto it = trackers_.find(type);
    if (it != trackers_.end()) return it->second;
    int id = 0;
    if (const auto named = host_.config("trackers." + type)) {
      id = trackerId(std::string(*named), "trackers." + type);
    } else if (defaultTracker_) {
      id = *defaultTracker_;
    } else {
      throw regua::ConfigError("sem tracker para o tipo '" + type + "': defina 'tracker' ou 'trackers." + type + "'");
    }
    trackers_[type] = id;
    return id;
  }

  // The project's open issue for this client (and type), if a push got it there before.
  std::string findOpenIssue(const std::string& document, const std::string& type) {
    std::string q = query({{"project_id", project_},
                           {"status_id", "open"},
                           {"cf_" + std::to_string(*clientField_), document},
                           {"sort", "id"}});
    if (typeField_) {
      q += "&cf_" + std::to_string(*typeField_) + "=" + regua::redmine::encode(type);
    } else {
      q += "&tracker_id=" + std::to_string(trackerFor(type));
    }
    const auto found = api_.get("/issues.json" + q);
    if (found.status == 404) {
      throw regua::ConfigError("project: o projeto '" + project_ + "' não existe no Redmine");
    }
    if (!found.body || !found.body->has("issues")) return "";
    const auto issues = found.body->getArray("issues");
    if (issues->size() == 0) return "";
    return std::to_string(issues->getObject(0)->getValue<int>("id"));
  }

  // A Redmine user id by login or e-mail, cached; nothing when there is no such user.
  std::optional<int> lookupUser(const std::string& who) {
    if (allDigits(who)) return std::stoi(who);
    auto it = users_.find(who);
    if (it != users_.end()) return it->second;
    std::optional<int> id;
    try {
      const auto r = api_.get("/users.json" + query({{"name", who}}));
      if (r.body && r.body->has("users")) {
        const auto users = r.body->getArray("users");
        for (std::size_t i = 0; i < users->size() && !id; ++i) {
          const auto user = users->getObject(static_cast<unsigned>(i));
          if (user->optValue<std::string>("login", "") == who || user->optValue<std::string>("mail", "") == who) {
            id = user->getValue<int>("id");
          }
        }
      }
    } catch (const regua::ConfigError&) {  // 403: not an administrator's key; only the map works
    }
    users_[who] = id;
    return id;
  }

  std::optional<int> assigneeFor(const std::string& responsible, std::string& note) {
    if (!responsible.empty()) {
      const auto mapped = host_.config("assignees." + responsible);
      if (const auto id = lookupUser(mapped ? std::string(*mapped) : responsible)) return id;
    }
    const std::string fallback(host_.configOr("default_assignee", ""));
    const std::optional<int> id = fallback.empty() ? std::nullopt : lookupUser(fallback);
    if (!responsible.empty()) {
      note = "responsável '" + responsible + "' sem usuário no Redmine (mapeie em 'assignees'); " +
             (id ? "atribuída a " + fallback + " (default_assignee)" : "ficou sem atribuição");
    }
    return id;
  }

  regua::Host host_;
  Api api_;
  std::string project_;
  std::optional<int> clientField_, typeField_, closedStatus_, defaultTracker_;
  std::map<std::string, int> trackers_;
  std::map<std::string, std::optional<int>> users_;
};

}  // namespace

REGUA_PLUGIN(RedmineSink, "br.regua.redmine", "1.0.0", "Tarefas de acompanhamento como issues do Redmine (API REST)")
