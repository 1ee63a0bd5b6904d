#include "app/inspection_views.h"

#include "app/ledger_views.h"
#include "app/workflow_views.h"

namespace lantian::app {
namespace json = boost::json;

json::object checklist_view(const Checklist& c) {
  json::array targets, items;
  for (const auto& t : c.targets) targets.push_back(json::value(t));
  for (const auto& i : c.items) {
    json::object o{{"code", i.code}, {"label", label_view(i.label)}};
    o["help"] =
        i.help.zh.empty() && i.help.en.empty() ? json::value(nullptr) : json::value(label_view(i.help));
    items.push_back(std::move(o));
  }
  return json::object{{"name", c.name},
                      {"label", label_view(c.label)},
                      {"targets", std::move(targets)},
                      {"items", std::move(items)}};
}

json::object inspection_view(const Inspection& i, const std::vector<RecordFile>& files) {
  json::array items, fs;
  for (const auto& it : i.items)
    items.push_back(
        json::object{{"code", it.code},
                     {"result", it.result},
                     {"note", it.note},
                     {"open_problem", it.open_problem},
                     {"problem_id", it.problem_id ? json::value(*it.problem_id) : json::value(nullptr)}});
  for (const auto& f : files) fs.push_back(record_file_view(f));
  json::value location = nullptr;
  if (i.location) location = json::object{{"lng", i.location->lng}, {"lat", i.location->lat}};
  auto opt = [](const std::optional<int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); };
  return json::object{{"id", i.id},
                      {"checklist", i.checklist},
                      {"ledger_row_id", opt(i.ledger_row_id)},
                      {"enterprise_id", opt(i.enterprise_id)},
                      {"target_title", i.target_title},
                      {"unit", json::object{{"id", i.unit_id}, {"name", i.unit_name}}},
                      {"inspector", json::object{{"id", i.inspector_id}, {"name", i.inspector_name}}},
                      {"inspected_at", i.inspected_at},
                      {"location", std::move(location)},
                      {"person_met", i.person_met},
                      {"result", i.result},
                      {"note", i.note},
                      {"items", std::move(items)},
                      {"files", std::move(fs)},
                      {"created_at", i.created_at}};
}

}  // namespace lantian::app
