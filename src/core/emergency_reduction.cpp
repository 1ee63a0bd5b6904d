#include "core/emergency_reduction.h"

#include <algorithm>
#include <cmath>

namespace lantian {
namespace {

// The measures of resources/ledgers/emergency_reduction_list.toml that stop a
// source's emissions (cut 100 %).
constexpr std::string_view kStopMeasures[] = {"stop_lines", "stop_earthwork", "stop_transport"};
constexpr int64_t kWhole = 100'000;  // 100 % in thousandths of a percent

// A decimal value in thousandths, rounded to nearest; nullopt when the row has
// none (or it is not a number: a definition changed under a stored row).
std::optional<int64_t> thousandths(const std::map<std::string, LedgerValue>& values,
                                   const std::string& field) {
  auto it = values.find(field);
  if (it == values.end()) return std::nullopt;
  if (const auto* d = std::get_if<double>(&it->second)) {
    if (!std::isfinite(*d)) return std::nullopt;
    return std::llround(*d * 1000);
  }
  if (const auto* i = std::get_if<int64_t>(&it->second)) return *i * 1000;
  return std::nullopt;
}

std::string text_of(const std::map<std::string, LedgerValue>& values, const std::string& field) {
  auto it = values.find(field);
  if (it == values.end()) return {};
  if (const auto* s = std::get_if<std::string>(&it->second)) return *s;
  return {};
}

}  // namespace

double reduction_tonnes(ReductionAmount a) { return double(a) / double(kReductionAmountPerTonne); }

ReductionRules reduction_rules(const WarningStandard& standard) {
  ReductionRules r;
  for (int p = 0; p < kReductionPollutants; ++p) {
    std::string code(reduction_pollutant_code(ReductionPollutant(p)));
    r.baseline_fields.push_back("baseline_" + code);
    r.pollutants.push_back(std::move(code));
  }
  for (const auto& req : required_reductions(standard)) {
    // A level that requires no cut (the shipped blue) has nothing to check.
    if (std::all_of(req.percent.begin(), req.percent.end(), [](int v) { return v == 0; })) continue;
    ReductionLevelRule l{req.level, {}, req.level + "_measure", req.level + "_cut"};
    for (int v : req.percent) l.required_milli_percent.push_back(int64_t(v) * 1000);
    r.levels.push_back(std::move(l));
  }
  for (auto m : kStopMeasures) r.stop_measures.emplace_back(m);
  return r;
}

ReductionRules emergency_reduction_rules() { return reduction_rules(warning_standard()); }

Status check_reduction_type(const ReductionRules& rules, const LedgerType& t) {
  std::string problems;
  auto want = [&](const std::string& name, FieldType type) -> const LedgerField* {
    const LedgerField* f = t.field(name);
    if (!f)
      problems += "\nthe reduction list needs the field \"" + name + "\"";
    else if (f->type != type)
      problems += "\nfield \"" + name + "\" must be of type " + std::string(field_type_name(type)) +
                  " for the reduction list";
    else
      return f;
    return nullptr;
  };
  for (const auto& b : rules.baseline_fields) want(b, FieldType::decimal);
  for (const auto& l : rules.levels) {
    want(l.cut_field, FieldType::decimal);
    if (const LedgerField* m = want(l.measure_field, FieldType::choice))
      for (const auto& stop : rules.stop_measures)
        if (!m->choice(stop))
          problems += "\nfield \"" + l.measure_field + "\" needs the choice \"" + stop + "\"";
  }
  if (reduction_list_states(t).empty())
    problems += "\nthe reduction list needs a count of rows (the states on the list)";
  if (!problems.empty()) return Error::invalid(problems.substr(1));
  return {};
}

std::vector<std::string> reduction_list_states(const LedgerType& t) {
  for (const auto& g : ledger_count_groups(t))
    if (g.quantity == "rows") return g.states;
  return {};
}

ReductionPlan compute_reduction_plan(const ReductionRules& rules, const std::vector<std::string>& on_list,
                                     const std::vector<ReductionSource>& sources,
                                     const std::vector<std::optional<int64_t>>& inventory_milli) {
  const size_t np = rules.pollutants.size();
  ReductionPlan plan;
  for (const auto& l : rules.levels) {
    ReductionLevelTotals lt;
    lt.level = l.level;
    for (size_t p = 0; p < rules.pollutants.size(); ++p)
      lt.pollutants.push_back(
          {.pollutant = rules.pollutants[p], .required_milli_percent = l.required_milli_percent[p]});
    plan.levels.push_back(std::move(lt));
  }

  for (const auto& s : sources) {
    if (std::find(on_list.begin(), on_list.end(), s.row.status) == on_list.end()) continue;
    ReductionRow row{.row = s.row};
    for (size_t p = 0; p < np; ++p) {
      auto b = thousandths(s.values, rules.baseline_fields[p]);
      if (b && *b < 0) b.reset();  // the type forbids it; a damaged row counts nothing
      row.baseline_milli.push_back(b);
      if (b)
        row.counted = true;
      else
        row.missing.push_back(rules.baseline_fields[p]);
    }
    for (size_t li = 0; li < rules.levels.size(); ++li) {
      const auto& rule = rules.levels[li];
      ReductionRowLevel rl;
      rl.level = rule.level;
      rl.measure = text_of(s.values, rule.measure_field);
      const bool stop = std::find(rules.stop_measures.begin(), rules.stop_measures.end(), rl.measure) !=
                        rules.stop_measures.end();
      if (stop) {
        rl.cut_milli_percent = kWhole;
      } else if (auto cut = thousandths(s.values, rule.cut_field)) {
        rl.cut_milli_percent = std::clamp<int64_t>(*cut, 0, kWhole);
      } else {
        // Nothing to count: a production cut or another measure needs its %,
        // and without a measure the cut is what was asked for.
        row.missing.push_back(rl.measure.empty() ? rule.measure_field : rule.cut_field);
      }
      for (size_t p = 0; p < np; ++p) {
        std::optional<ReductionAmount> r;
        if (row.baseline_milli[p]) r = *row.baseline_milli[p] * rl.cut_milli_percent.value_or(0);
        rl.reductions.push_back(r);
      }
      row.levels.push_back(std::move(rl));
    }
    if (!row.counted) ++plan.rows_not_counted;
    plan.rows.push_back(std::move(row));
  }

  // Totals: the baselines once, the reductions per level.
  std::vector<int64_t> baseline(np, 0), missing(np, 0);
  for (const auto& row : plan.rows)
    for (size_t p = 0; p < np; ++p) {
      if (row.baseline_milli[p])
        baseline[p] += *row.baseline_milli[p];
      else
        ++missing[p];
    }
  for (size_t li = 0; li < plan.levels.size(); ++li) {
    auto& lt = plan.levels[li];
    for (size_t p = 0; p < np; ++p) {
      auto& t = lt.pollutants[p];
      t.baseline_milli = baseline[p];
      t.rows_missing_baseline = missing[p];
      t.basis_inventory = p < inventory_milli.size() && inventory_milli[p].has_value();
      t.basis_milli = t.basis_inventory ? *inventory_milli[p] : baseline[p];
      // 1e-3 t/d × 1e-5 (a thousandth of a percent) = 1e-8 t/d: exact.
      t.required = t.basis_milli * t.required_milli_percent;
      for (const auto& row : plan.rows)
        if (const auto& r = row.levels[li].reductions[p]) t.reduction += *r;
      t.shortfall = std::max<ReductionAmount>(0, t.required - t.reduction);
      t.met = t.shortfall == 0;
      lt.met = lt.met && t.met;
    }
  }

  // Who carries the cut at the highest level first.
  auto carried = [&](const ReductionRow& row) {
    ReductionAmount sum = 0;
    if (!row.levels.empty())
      for (const auto& r : row.levels.back().reductions) sum += r.value_or(0);
    return sum;
  };
  std::stable_sort(plan.rows.begin(), plan.rows.end(), [&](const ReductionRow& a, const ReductionRow& b) {
    ReductionAmount ca = carried(a), cb = carried(b);
    return ca != cb ? ca > cb : a.row.id < b.row.id;
  });
  return plan;
}

}  // namespace lantian
