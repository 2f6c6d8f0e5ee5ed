#include "config/policy.hpp"

#include <algorithm>
#include <map>
#include <system_error>

#include <regua/negotiation.hpp>

#include "common/clock_time.hpp"
#include "config/yaml_reader.hpp"

namespace regua::config {

namespace {

constexpr std::array<std::string_view, 7> kDayNames{"dom", "seg", "ter", "qua", "qui", "sex", "sab"};

// A list of scalars, or one scalar taken as a list of one.
std::vector<std::string> stringList(YamlReader& reader, const YAML::Node& map, std::string_view key) {
  std::vector<std::string> out;
  const YAML::Node node = map[std::string(key)];
  if (!node) return out;
  if (node.IsScalar()) return {node.Scalar()};
  if (!node.IsSequence()) {
    reader.error(node, "'" + std::string(key) + "' deve ser um texto ou uma lista de textos");
    return out;
  }
  for (const auto& item : node) {
    if (item.IsScalar()) {
      out.push_back(item.Scalar());
    } else {
      reader.error(item, "cada item de '" + std::string(key) + "' deve ser um texto");
    }
  }
  return out;
}

std::optional<Money> money(YamlReader& reader, const YAML::Node& map, std::string_view key) {
  const YAML::Node node = map[std::string(key)];
  if (!node) return std::nullopt;
  auto value = node.IsScalar() ? Money::parse(node.Scalar(), MoneyFormat::kText) : std::nullopt;
  if (!value || *value < Money()) {
    reader.error(node, "'" + std::string(key) + "' deve ser um valor em reais não negativo (\"1.234,56\" ou 1234.56)");
    return std::nullopt;
  }
  return value;
}

// "08:00-18:00" -> minutes after midnight.
std::optional<std::pair<int, int>> parseHours(const std::string& text) {
  const auto dash = text.find('-');
  if (dash == std::string::npos) return std::nullopt;
  auto from = parseClockMinutes(std::string_view(text).substr(0, dash));
  auto to = parseClockMinutes(std::string_view(text).substr(dash + 1));
  if (!from || !to || *from >= *to) return std::nullopt;
  return std::make_pair(*from, *to);
}

// grace_days from a flattened penalties section; 0 when absent or not a day count (the
// quote plugin's check reports a bad value).
int graceDaysIn(const std::vector<std::pair<std::string, std::string>>& penalties) {
  for (const auto& [key, value] : penalties) {
    if (key != "grace_days") continue;
    if (value.empty() || value.size() > 3 || value.find_first_not_of("0123456789") != std::string::npos) return 0;
    return std::stoi(value);
  }
  return 0;
}

void flatten(YamlReader& reader, const YAML::Node& node, const std::string& prefix,
             std::vector<std::pair<std::string, std::string>>& out) {
  if (node.IsMap()) {
    for (const auto& entry : node) {
      flatten(reader, entry.second, prefix.empty() ? entry.first.Scalar() : prefix + "." + entry.first.Scalar(), out);
    }
  } else if (node.IsSequence()) {
    std::size_t index = 0;
    for (const auto& item : node) flatten(reader, item, prefix + "." + std::to_string(index++), out);
  } else if (node.IsScalar()) {
    out.emplace_back(prefix, node.Scalar());
  }
}

class PolicyReader {
 public:
  PolicyReader(YamlReader& reader, const PolicyContext& context) : r_(reader), context_(context) {}

  std::optional<Policy> read() {
    const YAML::Node& root = r_.root();
    if (!r_.ok()) return std::nullopt;
    if (!r_.expectMap(root, "política", {"id", "name", "default", "applies_to", "channel", "penalties",
                                         "negotiation", "sending_window", "limits", "stages"})) {
      return std::nullopt;
    }
    Policy policy;
    policy.file = r_.file();
    policy.id = r_.string(root, "id").value_or("");
    if (policy.id.empty() && !root["id"]) {
      r_.error(root, "falta 'id': o nome estável da política (ex.: padrao), usado nas intents já registradas");
    } else if (!policy.id.empty() && policy.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_") !=
                                         std::string::npos) {
      r_.error(root["id"], "'id' aceita letras minúsculas sem acento, dígitos, '-' e '_'; veio '" + policy.id + "'");
    }
    policy.name = r_.string(root, "name").value_or(policy.id);
    policy.isDefault = r_.boolean(root, "default").value_or(false);
    if (const YAML::Node applies = root["applies_to"];
        applies && r_.expectMap(applies, "applies_to", {"segments", "clients", "agreements"})) {
      policy.segments = stringList(r_, applies, "segments");
      policy.clients = stringList(r_, applies, "clients");
      policy.forAgreements = r_.boolean(applies, "agreements").value_or(false);
    }
    if (!policy.isDefault && policy.segments.empty() && policy.clients.empty() && !policy.forAgreements) {
      r_.error(root, "a política não se aplica a ninguém: marque 'default: true' ou diga em 'applies_to' "
                     "os segmentos ('segments'), clientes ('clients') ou 'agreements: true' (parcelas de acordos)");
    }
    if (auto channel = r_.string(root, "channel")) {
      if (checkChannel(root["channel"], *channel)) policy.defaultChannel = *channel;
    }
    if (const YAML::Node penalties = root["penalties"]) {
      if (penalties.IsMap()) {
        flatten(r_, penalties, "", policy.penalties);
        policy.graceDays = graceDaysIn(policy.penalties);
        if (context_.checkPenalties) {
          if (const std::string why = context_.checkPenalties(policy.penalties); !why.empty()) {
            r_.error(penalties, "penalties recusado pelo plugin de encargos: " + why);
          }
        }
      } else {
        r_.error(penalties, "'penalties' deve ser um mapa (multa, juros, desconto...), entregue ao plugin de encargos");
      }
    }
    if (const YAML::Node negotiation = root["negotiation"]) {
      if (negotiation.IsMap()) {
        flatten(r_, negotiation, "", policy.negotiation);
        std::vector<std::string> errors;
        negotiation::parseTerms(policy.negotiation, errors);
        for (const auto& error : errors) r_.error(negotiation, "negotiation." + error);
      } else {
        r_.error(negotiation, "'negotiation' deve ser um mapa (desconto à vista, planos de parcelamento, mínimos)");
      }
    }
    readWindow(root["sending_window"], policy.window);
    if (const YAML::Node limits = root["limits"];
        limits && r_.expectMap(limits, "limits", {"min_gap_days", "max_per_week"})) {
      policy.limits.minGapDays = static_cast<int>(r_.integer(limits, "min_gap_days", 0, 365).value_or(0));
      policy.limits.maxPerWeek = static_cast<int>(r_.integer(limits, "max_per_week", 0, 100).value_or(0));
    }
    const YAML::Node stages = root["stages"];
    if (!stages) {
      r_.error(root, "falta 'stages': a lista de estágios (D-5, D0, D+3...) da régua");
    } else if (r_.expectSequence(stages, "stages")) {
      std::map<std::string, int> seen;
      for (const auto& item : stages) {
        auto stage = readStage(item);
        if (!stage) continue;
        if (auto [at, inserted] = seen.emplace(stage->id, stage->line); !inserted) {
          r_.error(item, "estágio '" + stage->id + "' repetido (já definido na linha " + std::to_string(at->second) +
                             "); dê um 'id' diferente a cada estágio");
          continue;
        }
        policy.stages.push_back(std::move(*stage));
      }
      std::stable_sort(policy.stages.begin(), policy.stages.end(),
                       [](const Stage& a, const Stage& b) { return a.offset < b.offset; });
    }
    return policy;
  }

 private:
  bool checkChannel(const YAML::Node& at, const std::string& channel) {
    if (isMessageChannel(channel)) return true;
    r_.error(at, "canal desconhecido '" + channel + "'; use email, sms ou whatsapp");
    return false;
  }

  void readWindow(const YAML::Node& node, SendingWindow& window) {
    if (!node || !r_.expectMap(node, "sending_window", {"days", "hours", "holidays"})) return;
    if (node["days"]) {
      window.days.fill(false);
      for (const auto& day : stringList(r_, node, "days")) {
        auto it = std::find(kDayNames.begin(), kDayNames.end(), day);
        if (it == kDayNames.end()) {
          r_.error(node["days"], "dia desconhecido '" + day + "' em 'days'; use dom, seg, ter, qua, qui, sex e sab");
          continue;
        }
        window.days[static_cast<std::size_t>(it - kDayNames.begin())] = true;
      }
      if (std::none_of(window.days.begin(), window.days.end(), [](bool b) { return b; })) {
        r_.error(node["days"], "'days' não tem nenhum dia: nenhuma mensagem sairia");
      }
    }
    if (auto hours = r_.string(node, "hours")) {
      if (auto parsed = parseHours(*hours)) {
        std::tie(window.fromMinute, window.toMinute) = *parsed;
      } else {
        r_.error(node["hours"], "'hours' deve ser HH:MM-HH:MM com o início antes do fim (ex.: 08:00-18:00), veio '" +
                                    *hours + "'");
      }
    }
    window.holidays = r_.boolean(node, "holidays").value_or(false);
  }

  std::optional<Stage> readStage(const YAML::Node& item) {
    if (!r_.expectMap(item, "estágio", {"id", "at", "on", "business_days", "catch_up", "when", "actions"})) {
      return std::nullopt;
    }
    Stage stage;
    stage.line = item.Mark().line + 1;
    if (const auto event = r_.string(item, "on")) {
      // An event stage fires when the event happens, not on a day.
      if (*event != kPromiseBroken) {
        r_.error(item["on"], "evento desconhecido '" + *event + "' em 'on'; use " + std::string(kPromiseBroken));
        return std::nullopt;
      }
      if (item["at"]) {
        r_.error(item["at"], "um estágio tem 'at' (um dia) ou 'on' (um evento), não os dois");
        return std::nullopt;
      }
      stage.event = *event;
      stage.id = r_.string(item, "id").value_or(*event);
      if (item["when"]) readConditions(item["when"], stage);
      readActions(item, stage);
      return stage;
    }
    const auto at = r_.string(item, "at");
    if (!at) {
      if (!item["at"]) {
        r_.error(item, "falta 'at': o dia do estágio em relação ao vencimento (D-5, D0, D+3), ou 'on' com um evento "
                       "(" + std::string(kPromiseBroken) + ")");
      }
      return std::nullopt;
    }
    const auto offset = parseOffset(*at);
    if (!offset) {
      r_.error(item["at"], "'at' inválido '" + *at + "'; use D-N, D0 ou D+N (ex.: D-5, D0, D+3), com N até 3650");
      return std::nullopt;
    }
    stage.offset = *offset;
    stage.dayCount = r_.boolean(item, "business_days").value_or(false) ? DayCount::kBusiness : DayCount::kCalendar;
    stage.id = r_.string(item, "id").value_or(*at);
    stage.catchUp = r_.boolean(item, "catch_up").value_or(false);
    if (const YAML::Node when = item["when"]) readConditions(when, stage);
    readActions(item, stage);
    return stage;
  }

  void readActions(const YAML::Node& item, Stage& stage) {
    const YAML::Node actions = item["actions"];
    if (!actions || (actions.IsSequence() && actions.size() == 0)) {
      r_.error(actions ? actions : item, "o estágio '" + stage.id + "' não tem ações ('actions')");
    } else if (r_.expectSequence(actions, "actions")) {
      for (const auto& action : actions) readAction(action, stage);
    }
  }

  void readConditions(const YAML::Node& when, Stage& stage) {
    if (!r_.expectMap(when, "when", {"kind", "segments", "tags_any", "tags_all", "tags_none", "amount", "days_late",
                                     "profile", "delay"})) {
      return;
    }
    Conditions& c = stage.when;
    if (auto kind = r_.string(when, "kind")) {
      if (*kind == "person" || *kind == "pf") {
        c.kind = domain::PartyKind::kPerson;
      } else if (*kind == "company" || *kind == "pj") {
        c.kind = domain::PartyKind::kCompany;
      } else {
        r_.error(when["kind"], "'kind' deve ser person (pessoa física) ou company (pessoa jurídica), veio '" + *kind + "'");
      }
    }
    c.segments = stringList(r_, when, "segments");
    c.tagsAny = stringList(r_, when, "tags_any");
    c.tagsAll = stringList(r_, when, "tags_all");
    c.tagsNone = stringList(r_, when, "tags_none");
    if (const YAML::Node amount = when["amount"]; amount && r_.expectMap(amount, "amount", {"min", "max"})) {
      c.amountMin = money(r_, amount, "min");
      c.amountMax = money(r_, amount, "max");
      if (c.amountMin && c.amountMax && *c.amountMin > *c.amountMax) {
        r_.error(amount, "condição impossível: 'amount.min' (" + c.amountMin->toBrl() + ") maior que 'amount.max' (" +
                             c.amountMax->toBrl() + ")");
      }
    }
    if (const YAML::Node late = when["days_late"]; late && r_.expectMap(late, "days_late", {"min", "max"})) {
      if (auto v = r_.integer(late, "min", 0, 36500)) c.daysLateMin = static_cast<int>(*v);
      if (auto v = r_.integer(late, "max", 0, 36500)) c.daysLateMax = static_cast<int>(*v);
      if (c.daysLateMin && c.daysLateMax && *c.daysLateMin > *c.daysLateMax) {
        r_.error(late, "condição impossível: 'days_late.min' maior que 'days_late.max'");
      } else if (c.daysLateMax && stage.dayCount == DayCount::kCalendar && stage.offset > *c.daysLateMax) {
        r_.error(late, "condição impossível: o estágio " + stage.offsetText() + " só chega com " +
                           std::to_string(stage.offset) + " dias de atraso ou mais, mas 'days_late.max' é " +
                           std::to_string(*c.daysLateMax));
      }
    }
    for (const auto& name : stringList(r_, when, "profile")) {
      if (name == "pontual") {
        c.profiles.push_back(domain::PaymentProfileKind::kPontual);
      } else if (name == "ocasional") {
        c.profiles.push_back(domain::PaymentProfileKind::kOcasional);
      } else if (name == "recorrente") {
        c.profiles.push_back(domain::PaymentProfileKind::kRecorrente);
      } else {
        r_.error(when["profile"], "perfil desconhecido '" + name + "'; use pontual, ocasional ou recorrente");
      }
    }
    if (auto delay = r_.string(when, "delay")) {
      if (*delay == "first") {
        c.delay = DelayKind::kFirst;
      } else if (*delay == "repeat") {
        c.delay = DelayKind::kRepeat;
      } else {
        r_.error(when["delay"], "'delay' deve ser first (primeiro atraso) ou repeat (atraso repetido), veio '" + *delay +
                                    "'");
      }
    }
    // A first delay means no delay in the last 12 months: the client is `pontual`.
    if (c.delay == DelayKind::kFirst && !c.profiles.empty() &&
        std::find(c.profiles.begin(), c.profiles.end(), domain::PaymentProfileKind::kPontual) == c.profiles.end()) {
      r_.error(when["delay"], "condição impossível: 'delay: first' (nenhum atraso em 12 meses) só vale para o perfil "
                              "pontual, mas 'profile' não o inclui");
    }
    for (const auto& tag : c.tagsNone) {
      const bool required = std::find(c.tagsAll.begin(), c.tagsAll.end(), tag) != c.tagsAll.end() ||
                            (c.tagsAny.size() == 1 && c.tagsAny.front() == tag);
      if (required) r_.error(when["tags_none"], "condição impossível: a etiqueta '" + tag + "' é exigida e proibida");
    }
  }

  void readAction(const YAML::Node& node, Stage& stage) {
    if (!node.IsMap() || !node["action"]) {
      r_.error(node, "cada ação é um mapa com 'action' (o nome da ação, ex.: remind) e seus argumentos");
      return;
    }
    ActionSpec action;
    YAML::Node templateNode;  // where `template:` was written, for messages
    bool hasTemplate = false;
    action.line = node.Mark().line + 1;
    for (const auto& entry : node) {
      const std::string key = entry.first.Scalar();
      if (!entry.second.IsScalar()) {
        r_.error(entry.second, "o argumento '" + key + "' deve ser um valor simples (texto ou número)");
        continue;
      }
      const std::string value = entry.second.Scalar();
      if (key == "action") {
        action.name = value;
      } else if (key == "channel") {
        if (checkChannel(entry.second, value)) action.channel = value;
      } else {
        if (key == "template") {
          templateNode = entry.second;
          hasTemplate = true;
        }
        action.args.emplace_back(key, value);
      }
    }
    if (action.name.empty()) return;
    if (builtinActions().count(action.name) > 0 && !readBuiltinArgs(node, action)) return;
    if (!context_.knownActions.empty() && context_.knownActions.count(action.name) == 0) {
      std::string known;
      for (const auto& name : context_.knownActions) known += (known.empty() ? "" : ", ") + name;
      r_.error(node["action"], "ação desconhecida '" + action.name + "'; nenhum plugin carregado a oferece "
                               "(disponíveis: " + known + "); confira 'plugins' em regua.yaml");
      return;
    }
    if (context_.actionTraits) action.traits = context_.actionTraits(action.name);
    const auto verdict = context_.checkAction ? context_.checkAction(action.name, action.args) : std::nullopt;
    if (verdict && !verdict->empty()) {
      r_.error(hasTemplate ? templateNode : node["action"],
               "a ação '" + action.name + "' não aceita estes argumentos: " + *verdict);
    } else if (hasTemplate) {
      checkTemplate(templateNode, action.name, templateNode.Scalar());
    }
    for (const auto& other : stage.actions) {
      if (other.name == action.name) {
        r_.error(node, "a ação '" + action.name + "' aparece duas vezes no estágio '" + stage.id +
                           "' e só pode disparar uma vez; separe-a em outro estágio");
        return;
      }
    }
    stage.actions.push_back(std::move(action));
  }

  // pause: {days: 1..3650}; flag: {tag: text}. False (and the error reported) otherwise.
  bool readBuiltinArgs(const YAML::Node& node, ActionSpec& action) {
    const std::string allowed = action.name == "pause" ? "days" : "tag";
    bool ok = true;
    for (const auto& [key, value] : action.args) {
      if (key != allowed) {
        r_.error(node[key], "a ação '" + action.name + "' não tem o argumento '" + key + "'; use '" + allowed + "'");
        ok = false;
      }
    }
    if (!ok) return false;
    if (action.name == "pause" && node["days"]) {
      const auto days = r_.integer(node, "days", 1, 3650);
      if (!days) return false;
      action.pauseDays = static_cast<int>(*days);
    } else if (action.name == "flag" && node["tag"]) {
      action.flagTag = node["tag"].Scalar();
      if (action.flagTag.empty()) {
        r_.error(node["tag"], "'tag' da ação flag não pode ser vazia");
        return false;
      }
    }
    return true;
  }

  // Only the plugin knows its templates' files: it is asked (ABI 1.8 has_template).
  void checkTemplate(const YAML::Node& at, const std::string& action, const std::string& name) {
    if (!context_.checkTemplate) return;
    const auto problem = context_.checkTemplate(action, name);
    if (!problem || problem->empty()) return;
    r_.error(at, "modelo desconhecido '" + name + "' para a ação '" + action + "': " + *problem);
  }

  YamlReader& r_;
  const PolicyContext& context_;
};

}  // namespace

bool isMessageChannel(std::string_view channel) {
  return channel == "email" || channel == "sms" || channel == "whatsapp";
}

std::optional<int> parseOffset(std::string_view text) {
  if (text == "D0") return 0;
  if (text.size() < 3 || text[0] != 'D' || (text[1] != '+' && text[1] != '-') || text.size() > 6) return std::nullopt;
  int value = 0;
  for (char c : text.substr(2)) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value > 3650) return std::nullopt;
  return text[1] == '-' ? -value : value;
}

std::string Stage::offsetText() const {
  if (!event.empty()) return "em " + event;
  std::string out = offset == 0 ? "D0" : (offset > 0 ? "D+" : "D-") + std::to_string(offset > 0 ? offset : -offset);
  if (dayCount == DayCount::kBusiness) out += " úteis";
  return out;
}

const Stage* Policy::stage(const std::string& stageId) const {
  for (const auto& s : stages) {
    if (s.id == stageId) return &s;
  }
  return nullptr;
}

const Stage* Policy::stageOn(std::string_view event) const {
  for (const auto& s : stages) {
    if (s.event == event) return &s;
  }
  return nullptr;
}

PolicySet::PolicySet(std::vector<Policy> policies) : policies_(std::move(policies)) {}

const Policy* PolicySet::byId(const std::string& id) const {
  for (const auto& p : policies_) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

const Policy* PolicySet::select(const std::string& receivablePolicy, const std::string& clientExternalId,
                                const std::string& segment) const {
  if (!receivablePolicy.empty()) {
    if (const Policy* own = byId(receivablePolicy)) return own;
  }
  const Policy* bySegment = nullptr;
  const Policy* fallback = nullptr;
  for (const auto& p : policies_) {
    if (std::find(p.clients.begin(), p.clients.end(), clientExternalId) != p.clients.end()) return &p;
    if (!segment.empty() && std::find(p.segments.begin(), p.segments.end(), segment) != p.segments.end()) {
      bySegment = &p;
    }
    if (p.isDefault) fallback = &p;
  }
  return bySegment != nullptr ? bySegment : fallback;
}

std::size_t PolicySet::stageCount() const {
  std::size_t count = 0;
  for (const auto& p : policies_) count += p.stages.size();
  return count;
}

std::vector<std::filesystem::path> policyFiles(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".yaml" || entry.path().extension() == ".yml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

namespace {

// The policy `id` among the other files of `file`'s folder, for a reference when only
// some files are checked (`regua policy check default.yaml`); read without plugin checks.
std::optional<Policy> siblingPolicy(const std::filesystem::path& file, const std::string& id) {
  for (const auto& other : policyFiles(file.parent_path())) {
    YamlReader reader(other);
    if (!reader.ok()) continue;
    auto policy = PolicyReader(reader, PolicyContext{}).read();
    if (policy && policy->id == id) return policy;
  }
  return std::nullopt;
}

}  // namespace

PolicySet loadPolicies(const std::vector<std::filesystem::path>& files, const PolicyContext& context) {
  std::vector<Diagnostic> diagnostics;
  std::vector<Policy> policies;
  for (const auto& file : files) {
    YamlReader reader(file);
    PolicyReader policyReader(reader, context);
    auto policy = policyReader.read();
    diagnostics.insert(diagnostics.end(), reader.diagnostics().begin(), reader.diagnostics().end());
    if (policy) policies.push_back(std::move(*policy));
  }
  // Rules across files: ids, defaults and segments are the office's, one owner each.
  std::map<std::string, const Policy*> ids, segments, clients;
  const Policy* defaultPolicy = nullptr;
  for (const auto& p : policies) {
    if (auto [at, inserted] = ids.emplace(p.id, &p); !inserted) {
      diagnostics.push_back({p.file, 1, 1, "id de política '" + p.id + "' repetido (também em " +
                                               at->second->file.string() + "); cada política precisa de um id próprio"});
    }
    if (p.isDefault && defaultPolicy != nullptr) {
      diagnostics.push_back({p.file, 1, 1, "mais de uma política padrão ('" + defaultPolicy->id + "' e '" + p.id +
                                               "'); só uma pode ter 'default: true'"});
    }
    if (p.isDefault && defaultPolicy == nullptr) defaultPolicy = &p;
    for (const auto& segment : p.segments) {
      if (auto [at, inserted] = segments.emplace(segment, &p); !inserted) {
        diagnostics.push_back({p.file, 1, 1, "o segmento '" + segment + "' está em duas políticas ('" +
                                                 at->second->id + "' e '" + p.id + "'); deixe-o em uma só"});
      }
    }
    for (const auto& client : p.clients) {
      if (auto [at, inserted] = clients.emplace(client, &p); !inserted) {
        diagnostics.push_back({p.file, 1, 1, "o cliente '" + client + "' está em duas políticas ('" + at->second->id +
                                                 "' e '" + p.id + "'); deixe-o em uma só"});
      }
    }
  }
  // The policy that collects an agreement's installments must exist and say so.
  for (const auto& p : policies) {
    for (const auto& [key, value] : p.negotiation) {
      if (key != "policy") continue;
      auto it = ids.find(value);
      const auto sibling = it == ids.end() ? siblingPolicy(p.file, value) : std::nullopt;
      if (it == ids.end() && !sibling) {
        diagnostics.push_back({p.file, 1, 1, "negotiation.policy: a política '" + value +
                                                 "' (das parcelas dos acordos) não existe em " +
                                                 p.file.parent_path().string()});
      } else if (sibling ? !sibling->forAgreements && !sibling->isDefault
                         : !it->second->forAgreements && !it->second->isDefault) {
        diagnostics.push_back({p.file, 1, 1, "negotiation.policy: a política '" + value +
                                                 "' precisa de 'applies_to: {agreements: true}' para cobrar parcelas"});
      }
    }
  }
  if (!diagnostics.empty()) throw ConfigError(std::move(diagnostics));
  return PolicySet(std::move(policies));
}

}  // namespace regua::config
