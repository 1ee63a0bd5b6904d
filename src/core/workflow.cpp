#include "core/workflow.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <map>

#include "core/toml_reader.h"

namespace lantian {
namespace {

using namespace toml_reader;

constexpr std::pair<std::string_view, Party> kParties[] = {
    {"owner", Party::owner},       {"lead", Party::lead},           {"office", Party::office},
    {"verifier", Party::verifier}, {"inspector", Party::inspector}, {"reporter", Party::reporter},
    {"system", Party::system},
};

bool hex_color(std::string_view s) {
  if (s.size() != 7 || s[0] != '#') return false;
  return std::all_of(s.begin() + 1, s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

WorkflowState read_state(const toml::table& t, const WorkflowRegistry& reg, Problems& p) {
  WorkflowState s;
  Reader r{t, p, ""};
  s.name = r.str("name", true);
  r.where = fmt::format("state \"{}\": ", s.name);
  check_keys(t, {"name", "label", "color", "open", "done", "frozen", "final", "stamp"}, p, r.where);
  if (!s.name.empty() && !snake_name(s.name))
    p.add(t.get("name"), r.where + "name must be lower_snake_case (a-z, 0-9, _)");
  if (!s.name.empty() && !reg.states.empty() && !reg.states.count(s.name)) {
    std::string known;
    for (const auto& k : reg.states) known += (known.empty() ? "" : ", ") + k;
    p.add(t.get("name"), r.where + "the store accepts only these states: " + known);
  }
  s.label = r.label();
  s.color = r.str("color", true);
  if (!s.color.empty() && !hex_color(s.color))
    p.add(t.get("color"), r.where + fmt::format("colour \"{}\" is not #rrggbb", s.color));
  s.open = r.boolean("open");
  s.done = r.boolean("done");
  s.frozen = r.boolean("frozen");
  s.final = r.boolean("final");
  if (s.open && s.done) p.add(&t, r.where + "a state cannot be both open and done");
  s.stamp = r.str("stamp", false);
  if (!s.stamp.empty() && !reg.stamps.count(s.stamp))
    p.add(t.get("stamp"), r.where + fmt::format("unknown stamp \"{}\"", s.stamp));
  return s;
}

WorkflowTransition read_action(const toml::table& t, const WorkflowRegistry& reg, Problems& p) {
  WorkflowTransition a;
  Reader r{t, p, ""};
  a.name = r.str("name", true);
  r.where = fmt::format("action \"{}\": ", a.name);
  check_keys(t,
             {"name", "label", "from", "to", "parties", "guards", "effects", "required_fields", "evidence",
              "note_required", "notify", "notice"},
             p, r.where);
  if (!a.name.empty() && !snake_name(a.name))
    p.add(t.get("name"), r.where + "name must be lower_snake_case (a-z, 0-9, _)");
  a.label = r.label();
  a.from = r.list("from");
  if (a.from.empty()) p.add(&t, r.where + "\"from\" must name at least one state");
  a.to = r.str("to", true);
  for (const auto& name : r.list("parties")) {
    if (auto party = party_from_name(name)) {
      if (reg.parties && !holds(reg.parties, *party))
        p.add(t.get("parties"), r.where + fmt::format("party \"{}\" does not exist for a {}", name,
                                                      reg.record.empty() ? "record" : reg.record));
      a.parties |= unsigned(*party);
    } else
      p.add(t.get("parties"), r.where + fmt::format("unknown party \"{}\"", name));
  }
  if (!t.get("parties")) p.add(&t, r.where + "missing \"parties\"");
  a.guards = r.list("guards");
  for (const auto& g : a.guards)
    if (reg.guards_by_type ? g.empty() : !reg.guards.count(g))
      p.add(t.get("guards"), r.where + fmt::format("unknown guard \"{}\"", g));
  a.effects = r.list("effects");
  for (const auto& e : a.effects)
    if (!reg.effects.count(e)) p.add(t.get("effects"), r.where + fmt::format("unknown effect \"{}\"", e));
  a.required_fields = r.list("required_fields");
  for (const auto& f : a.required_fields)
    if (!reg.fields_by_type && !reg.fields.count(f))
      p.add(t.get("required_fields"), r.where + fmt::format("unknown required field \"{}\"", f));
  a.evidence = r.list("evidence");
  for (const auto& e : a.evidence)
    if (!reg.evidence_kinds.count(e))
      p.add(t.get("evidence"), r.where + fmt::format("unknown evidence kind \"{}\"", e));
  a.note_required = r.boolean("note_required");
  a.notify = r.list("notify");
  for (const auto& n : a.notify)
    if (!reg.recipients.count(n))
      p.add(t.get("notify"), r.where + fmt::format("unknown recipient \"{}\"", n));
  a.notice = r.str("notice", false);
  if (!a.notify.empty() && a.notice.empty())
    p.add(&t, r.where + "\"notify\" needs a \"notice\" (the notification template)");
  else if (a.notify.empty() && !a.notice.empty())
    p.add(t.get("notice"), r.where + "\"notice\" without \"notify\" tells nobody");
  else if (!a.notice.empty() && !snake_name(a.notice))
    p.add(t.get("notice"), r.where + "notice must be lower_snake_case (a-z, 0-9, _)");
  return a;
}

WorkflowTimer read_timer(const toml::table& t, Problems& p) {
  WorkflowTimer tm;
  Reader r{t, p, "timer: "};
  check_keys(t, {"state", "action", "days", "working_days"}, p, r.where);
  tm.state = r.str("state", true);
  tm.action = r.str("action", true);
  auto days = r.integer("days");
  if (!days)
    p.add(t.get("days") ? t.get("days") : &t, "timer: \"days\" must be a whole number 1..365");
  else if (*days < 1 || *days > 365)
    p.add(t.get("days"), "timer: \"days\" must be 1..365");
  else
    tm.days = int(*days);
  tm.working_days = r.boolean("working_days");
  return tm;
}

// Structural checks over the whole definition.
void check_graph(const WorkflowDef& d, const toml::table& root,
                 const std::vector<const toml::table*>& action_tables,
                 const std::vector<const toml::table*>& timer_tables, Problems& p) {
  std::set<std::string> seen;
  for (const auto& s : d.states)
    if (!s.name.empty() && !seen.insert(s.name).second)
      p.add(nullptr, fmt::format("state \"{}\" is defined twice", s.name));
  seen.clear();
  for (const auto& a : d.transitions)
    if (!a.name.empty() && !seen.insert(a.name).second)
      p.add(nullptr, fmt::format("action \"{}\" is defined twice", a.name));
  if (d.states.empty()) p.add(nullptr, "no states ([[states]])");
  if (!d.initial.empty() && !d.state(d.initial))
    p.add(root.get("initial"), fmt::format("initial: unknown state \"{}\"", d.initial));
  for (size_t i = 0; i < d.transitions.size(); ++i) {
    const auto& a = d.transitions[i];
    const toml::table& t = *action_tables[i];
    for (const auto& f : a.from)
      if (!d.state(f)) p.add(t.get("from"), fmt::format("action \"{}\": unknown state \"{}\"", a.name, f));
    if (!a.to.empty() && !d.state(a.to))
      p.add(t.get("to"), fmt::format("action \"{}\": unknown state \"{}\"", a.name, a.to));
  }
  for (size_t i = 0; i < d.timers.size(); ++i) {
    const auto& tm = d.timers[i];
    const toml::table& t = *timer_tables[i];
    if (!tm.state.empty() && !d.state(tm.state))
      p.add(t.get("state"), fmt::format("timer: unknown state \"{}\"", tm.state));
    const WorkflowTransition* a = d.transition(tm.action);
    if (!tm.action.empty() && !a)
      p.add(t.get("action"), fmt::format("timer: unknown action \"{}\"", tm.action));
    else if (a && !holds(a->parties, Party::system))
      p.add(t.get("action"), fmt::format("timer: action \"{}\" is not open to the system party", tm.action));
    else if (a && d.state(tm.state) && !a->applies_to(tm.state))
      p.add(t.get("action"),
            fmt::format("timer: action \"{}\" does not apply to state \"{}\"", tm.action, tm.state));
  }
  // Reachability from the initial state, and a way out of every state that
  // is not final.
  if (d.state(d.initial)) {
    std::set<std::string> reached{d.initial};
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& a : d.transitions)
        if (d.state(a.to) && !reached.count(a.to) &&
            std::any_of(a.from.begin(), a.from.end(), [&](const auto& f) { return reached.count(f) > 0; })) {
          reached.insert(a.to);
          grew = true;
        }
    }
    for (const auto& s : d.states)
      if (!s.name.empty() && !reached.count(s.name))
        p.add(nullptr, fmt::format("state \"{}\" is unreachable from \"{}\"", s.name, d.initial));
  }
  for (const auto& s : d.states) {
    if (s.final || s.name.empty()) continue;
    bool out = std::any_of(d.transitions.begin(), d.transitions.end(),
                           [&](const auto& a) { return a.applies_to(s.name) && a.to != s.name; });
    if (!out)
      p.add(nullptr, fmt::format("state \"{}\" is a dead end: no action leaves it (mark it final = true "
                                 "if that is intended)",
                                 s.name));
  }
}

}  // namespace

std::optional<Party> party_from_name(std::string_view name) {
  for (const auto& [n, p] : kParties)
    if (n == name) return p;
  return std::nullopt;
}

std::string_view party_name(Party p) {
  for (const auto& [n, q] : kParties)
    if (q == p) return n;
  return "";
}

bool WorkflowTransition::applies_to(std::string_view state) const {
  return std::find(from.begin(), from.end(), state) != from.end();
}

const WorkflowState* WorkflowDef::state(std::string_view n) const {
  for (const auto& s : states)
    if (s.name == n) return &s;
  return nullptr;
}

const WorkflowTransition* WorkflowDef::transition(std::string_view action) const {
  for (const auto& t : transitions)
    if (t.name == action) return &t;
  return nullptr;
}

std::vector<std::string> WorkflowDef::open_states() const {
  std::vector<std::string> out;
  for (const auto& s : states)
    if (s.open) out.push_back(s.name);
  return out;
}

std::vector<std::string> WorkflowDef::done_states() const {
  std::vector<std::string> out;
  for (const auto& s : states)
    if (s.done) out.push_back(s.name);
  return out;
}

std::vector<std::string> WorkflowDef::stamps() const {
  std::vector<std::string> out;
  for (const auto& s : states)
    if (!s.stamp.empty() && std::find(out.begin(), out.end(), s.stamp) == out.end()) out.push_back(s.stamp);
  return out;
}

Result<WorkflowDef> parse_workflow(std::string_view text, std::string_view source,
                                   const WorkflowRegistry& reg) {
  Problems p(source);
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    return Error::invalid(
        fmt::format("{}:{}:{}: {}", source, e.source().begin.line, e.source().begin.column, e.description()));
  }
  WorkflowDef d;
  Reader r{root, p, ""};
  check_keys(root, {"name", "initial", "states", "actions", "timers"}, p, "");
  d.name = r.str("name", true);
  if (!d.name.empty() && !snake_name(d.name)) p.add(root.get("name"), "name must be lower_snake_case");
  d.initial = r.str("initial", true);
  for (const toml::table* t : tables(root, "states", p)) d.states.push_back(read_state(*t, reg, p));
  auto action_tables = tables(root, "actions", p);
  for (const toml::table* t : action_tables) d.transitions.push_back(read_action(*t, reg, p));
  auto timer_tables = tables(root, "timers", p);
  for (const toml::table* t : timer_tables) d.timers.push_back(read_timer(*t, p));
  check_graph(d, root, action_tables, timer_tables, p);
  if (!p.empty()) return p.error();
  return d;
}

Verdict check_action(const WorkflowDef& def, std::string_view action, const ActionCheck& c) {
  Verdict v;
  v.transition = def.transition(action);
  if (!v.transition) {
    v.refusal = Refusal::unknown_action;
    return v;
  }
  const WorkflowTransition& t = *v.transition;
  if ((t.parties & c.parties) == 0)
    v.refusal = Refusal::not_a_party;
  else if (!t.applies_to(c.state))
    v.refusal = Refusal::wrong_state;
  else if (t.note_required && !c.has_note)
    v.refusal = Refusal::note_missing;
  if (v.refusal) return v;
  for (const auto& g : t.guards)
    if (!c.guards_met.count(g)) {
      v.refusal = Refusal::guard_failed;
      v.detail = g;
      return v;
    }
  for (const auto& f : t.required_fields)
    if (!c.fields.count(f)) {
      v.refusal = Refusal::field_missing;
      v.detail = f;
      return v;
    }
  for (const auto& e : t.evidence)
    if (!c.evidence.count(e)) {
      v.refusal = Refusal::evidence_missing;
      v.detail = e;
      return v;
    }
  return v;
}

std::vector<std::string> available_actions(const WorkflowDef& def, const ActionCheck& c) {
  std::vector<std::string> out;
  for (const auto& t : def.transitions) {
    if ((t.parties & c.parties) == 0 || !t.applies_to(c.state)) continue;
    if (!std::all_of(t.guards.begin(), t.guards.end(),
                     [&](const auto& g) { return c.guards_met.count(g) > 0; }))
      continue;
    out.push_back(t.name);
  }
  return out;
}

const WorkflowTransition* transition_between(const WorkflowDef& def, std::string_view from,
                                             std::string_view to, PartySet parties) {
  for (const auto& t : def.transitions)
    if (t.to == to && t.applies_to(from) && !t.system_only() && (t.parties & parties)) return &t;
  return nullptr;
}

}  // namespace lantian
