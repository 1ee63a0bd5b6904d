// GET /api/v1/aq/reduction-plan: the emergency reduction list's reductions
// per alert level (app/reduction_service.h, core/emergency_reduction.h). The
// answer is all the web's reduction panel shows: per level and pollutant the
// baseline, the basis and where it comes from, what is required, what the
// list cuts and the shortfall, and per row what it carries at each level and
// what it lacks. Amounts travel in t/d (rounded to 1e-8 t/d, exact as
// computed); "met" is decided on the exact amounts, never on these numbers.
#include <algorithm>

#include "api/api.h"
#include "api/handler_util.h"
#include "api/query.h"

namespace lantian::api {

namespace json = boost::json;

namespace {

json::value tonnes(std::optional<ReductionAmount> a) {
  return a ? json::value(reduction_tonnes(*a)) : json::value(nullptr);
}
json::value milli(std::optional<int64_t> v) {
  return v ? json::value(double(*v) / 1000.0) : json::value(nullptr);
}

json::object plan_json(const app::ReductionAnswer& a) {
  const auto& rules = a.rules;
  const auto& plan = a.plan;
  json::array pollutants;
  for (size_t p = 0; p < rules.pollutants.size(); ++p)
    pollutants.push_back(json::object{{"code", rules.pollutants[p]}, {"field", rules.baseline_fields[p]}});
  json::array levels;
  for (size_t li = 0; li < plan.levels.size(); ++li) {
    const auto& l = plan.levels[li];
    json::array totals;
    for (const auto& t : l.pollutants)
      totals.push_back(json::object{{"pollutant", t.pollutant},
                                    {"required_percent", double(t.required_milli_percent) / 1000.0},
                                    {"baseline", milli(t.baseline_milli)},
                                    {"basis", milli(t.basis_milli)},
                                    {"basis_source", t.basis_inventory ? "inventory" : "list"},
                                    {"required", tonnes(t.required)},
                                    {"reduction", tonnes(t.reduction)},
                                    {"shortfall", tonnes(t.shortfall)},
                                    {"met", t.met},
                                    {"rows_missing_baseline", t.rows_missing_baseline}});
    // One share for the level when the standard requires the same of every
    // pollutant (the shipped one does); else null, and each pollutant has its own.
    json::value share = nullptr;
    if (!l.pollutants.empty() && std::all_of(l.pollutants.begin(), l.pollutants.end(), [&](const auto& t) {
          return t.required_milli_percent == l.pollutants.front().required_milli_percent;
        }))
      share = double(l.pollutants.front().required_milli_percent) / 1000.0;
    levels.push_back(json::object{{"level", l.level},
                                  {"required_percent", share},
                                  {"measure_field", rules.levels[li].measure_field},
                                  {"cut_field", rules.levels[li].cut_field},
                                  {"met", l.met},
                                  {"pollutants", std::move(totals)}});
  }
  json::array rows;
  for (const auto& r : plan.rows) {
    json::object baselines;
    for (size_t p = 0; p < rules.pollutants.size(); ++p)
      baselines[rules.pollutants[p]] = milli(r.baseline_milli[p]);
    json::array row_levels;
    for (const auto& rl : r.levels) {
      json::object reductions;
      for (size_t p = 0; p < rules.pollutants.size(); ++p)
        reductions[rules.pollutants[p]] = tonnes(rl.reductions[p]);
      row_levels.push_back(json::object{
          {"level", rl.level},
          {"measure", rl.measure.empty() ? json::value(nullptr) : json::value(rl.measure)},
          {"cut_percent",
           rl.cut_milli_percent ? json::value(double(*rl.cut_milli_percent) / 1000.0) : json::value(nullptr)},
          {"reductions", std::move(reductions)}});
    }
    json::array missing;
    for (const auto& m : r.missing) missing.push_back(json::value(m));
    rows.push_back(json::object{{"id", r.row.id},
                                {"name", r.row.name},
                                {"unit_id", r.row.unit_id},
                                {"unit", r.row.unit_name},
                                {"status", r.row.status},
                                {"counted", r.counted},
                                {"baselines", std::move(baselines)},
                                {"levels", std::move(row_levels)},
                                {"missing", std::move(missing)}});
  }
  json::array states;
  for (const auto& s : a.on_list) states.push_back(json::value(s));
  return {{"ledger_type", a.type->name},
          {"states", std::move(states)},
          {"whole_district", a.whole_district},
          {"pollutants", std::move(pollutants)},
          {"levels", std::move(levels)},
          {"rows", std::move(rows)},
          {"rows_not_counted", plan.rows_not_counted}};
}

}  // namespace

void add_aq_reduction_routes(Router& r, Services& s) {
  r.add("GET", "/api/v1/aq/reduction-plan", Access::user, "ledgers.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto unit_id, q.integer("unit_id"));
    API_ASSIGN(auto answer, s.reduction.plan(c.actor(), unit_id));
    return json_response(200, plan_json(answer));
  });
}

}  // namespace lantian::api
