#include "app/workflow_views.h"

namespace lantian::app {
namespace json = boost::json;
json::object label_view(const Label& l) { return json::object{{"zh-CN", l.zh}, {"en", l.en}}; }

namespace {

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::value(s));
  return a;
}

json::array party_names(PartySet s) {
  json::array a;
  for (unsigned bit = 1; bit <= unsigned(Party::system); bit <<= 1)
    if (s & bit) a.push_back(json::value(party_name(Party(bit))));
  return a;
}

}  // namespace

json::object workflow_view(const WorkflowDef& d) {
  json::array states, actions, timers;
  for (const auto& s : d.states)
    states.push_back(json::object{{"name", s.name},
                                  {"label", label_view(s.label)},
                                  {"color", s.color},
                                  {"open", s.open},
                                  {"done", s.done},
                                  {"frozen", s.frozen},
                                  {"final", s.final}});
  for (const auto& t : d.transitions)
    actions.push_back(json::object{{"name", t.name},
                                   {"label", label_view(t.label)},
                                   {"from", strings(t.from)},
                                   {"to", t.to},
                                   {"parties", party_names(t.parties)},
                                   {"note_required", t.note_required},
                                   {"required_fields", strings(t.required_fields)},
                                   {"evidence", strings(t.evidence)}});
  for (const auto& t : d.timers)
    timers.push_back(json::object{
        {"state", t.state}, {"action", t.action}, {"days", t.days}, {"working_days", t.working_days}});
  return json::object{{"name", d.name},
                      {"initial", d.initial},
                      {"states", std::move(states)},
                      {"actions", std::move(actions)},
                      {"timers", std::move(timers)}};
}

json::object workflow_event_view(const store::workflow_events::Event& e) {
  json::value actor = nullptr;
  if (e.actor_user_id) actor = json::object{{"id", *e.actor_user_id}, {"name", e.actor_name}};
  // Evidence is stored as a JSON list; anything else is shown as one text.
  json::value evidence = json::array();
  if (!e.evidence.empty()) {
    boost::system::error_code ec;
    json::value v = json::parse(e.evidence, ec);
    if (!ec && v.is_array())
      evidence = std::move(v);
    else
      evidence = json::array{json::value(e.evidence)};
  }
  return json::object{{"id", e.id},
                      {"action", e.action},
                      {"from", e.from_state.empty() ? json::value(nullptr) : json::value(e.from_state)},
                      {"to", e.to_state},
                      {"actor", std::move(actor)},
                      {"at", e.at},
                      {"note", e.note},
                      {"evidence", std::move(evidence)}};
}

}  // namespace lantian::app
