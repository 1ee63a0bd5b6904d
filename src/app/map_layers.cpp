#include "app/map_layers.h"

#include <algorithm>

#include "app/enterprise_service.h"
#include "app/inspection_service.h"
#include "app/ledger_service.h"
#include "app/problem_service.h"
#include "core/checklist.h"
#include "core/enterprises.h"
#include "core/ledger_type.h"
#include "core/problem.h"
#include "core/workflows.h"

namespace lantian::app {
namespace {

template <typename Defs>
std::vector<MapStatusView> fixed_statuses(const Defs& defs) {
  std::vector<MapStatusView> out;
  for (const auto& d : defs)
    out.push_back(
        {std::string(d.code), Label{std::string(d.label_zh), std::string(d.label_en)}, std::string(d.color)});
  return out;
}

MapLayerView ledger_layer(const LedgerType& t) {
  MapLayerView v{t.name, "ledger", t.label, {}};
  // The type was validated against the installed workflows (core/ledgers.h).
  if (const WorkflowDef* wf = workflows().find(t.workflow))
    for (const auto& s : wf->states) v.statuses.push_back({s.name, s.label, s.color});
  return v;
}

MapLayerView enterprises_layer() {
  return {std::string(kEnterprisesLayer), "enterprises", Label{"企业", "Enterprises"},
          fixed_statuses(enterprise_statuses())};
}

MapLayerView inspections_layer() {
  return {std::string(kInspectionsLayer), "inspections", Label{"检查", "Inspections"},
          fixed_statuses(inspection_results())};
}

MapLayerView problems_layer() {
  MapLayerView v{std::string(kProblemsLayer), "problems", Label{"督办问题", "Supervision problems"}, {}};
  for (const auto& s : problem_workflow().states) v.statuses.push_back({s.name, s.label, s.color});
  return v;
}

bool has_status(const MapLayerView& l, const std::string& code) {
  return std::any_of(l.statuses.begin(), l.statuses.end(), [&](const auto& s) { return s.code == code; });
}

}  // namespace

Result<std::vector<MapLayerView>> MapLayers::layers(const Actor& a) const {
  LT_ASSIGN(auto types, ledgers_.types(a));
  std::vector<MapLayerView> out;
  for (const auto* t : types) out.push_back(ledger_layer(*t));
  if (a.can("enterprises.read")) out.push_back(enterprises_layer());
  out.push_back(inspections_layer());  // the ledgers' readers read the inspections
  if (a.can("problems.read")) out.push_back(problems_layer());
  return out;
}

Result<MapPoints> MapLayers::points(const Actor& a, const std::vector<std::string>& names,
                                    const std::vector<std::string>& statuses, size_t limit) const {
  // Each chosen layer, resolved (and permitted) before anything is read.
  struct Chosen {
    MapLayerView view;
    const LedgerType* type = nullptr;
  };
  std::vector<Chosen> chosen;
  for (const auto& name : names) {
    if (name == kEnterprisesLayer) {
      if (!a.can("enterprises.read"))
        return Error::make("not_permitted", {{"permission", "enterprises.read"}});
      chosen.push_back({enterprises_layer()});
    } else if (name == kInspectionsLayer) {
      chosen.push_back({inspections_layer()});
    } else if (name == kProblemsLayer) {
      if (!a.can("problems.read")) return Error::make("not_permitted", {{"permission", "problems.read"}});
      chosen.push_back({problems_layer()});
    } else {
      LT_ASSIGN(const LedgerType* t, ledgers_.type(a, name));
      chosen.push_back({ledger_layer(*t), t});
    }
  }
  for (const auto& s : statuses)
    if (std::none_of(chosen.begin(), chosen.end(), [&](const Chosen& c) { return has_status(c.view, s); }))
      return Error::make("query_unknown_value", {{"name", "status"}, {"value", s}});

  MapPoints out;
  for (const auto& c : chosen) {
    std::vector<std::string> own;  // the statuses asked for that this layer has
    for (const auto& s : statuses)
      if (has_status(c.view, s)) own.push_back(s);
    if (!statuses.empty() && own.empty()) continue;
    // One more than the room left says whether anything was left out.
    const size_t room = limit - out.items.size();
    LT_ASSIGN(auto pts, c.type                             ? ledgers_.map_points(a, *c.type, own, room + 1)
                        : c.view.kind == kEnterprisesLayer ? enterprises_.map_points(a, own, room + 1)
                        : c.view.kind == kProblemsLayer    ? problems_.map_points(a, own, room + 1)
                                                           : inspections_.map_points(a, own, room + 1));
    if (pts.size() > room) {
      out.truncated = true;
      pts.resize(room);
    }
    for (auto& p : pts)
      out.items.push_back(
          MapPoint{p.id, c.view.name, std::move(p.title), std::move(p.status), std::move(p.unit_name), p.at});
    if (out.truncated) break;
  }
  return out;
}

}  // namespace lantian::app
