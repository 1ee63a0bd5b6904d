// The emergency reduction list's reductions (应急减排清单减排量核算): what the
// sources on the list cut at each alert level, per pollutant, against the
// share of the district's emissions the level requires — per pollutant, as the
// installed warning standard's levels say (core/warning_standard.h; the shipped
// 2017 standard: yellow ≥ 10 %, orange ≥ 20 %, red ≥ 30 % of SO2, NOx, PM and
// VOCs; a level requiring nothing, like its blue, is not checked) — and the
// shortfall when they cut less.
//
// The rows are the emergency reduction list's ledger rows
// (resources/ledgers/emergency_reduction_list.toml) with their values
// (core/ledger_values.h). A row counts when its status is one of the states
// that mean "on the list": the states of its type's count of rows
// (reduction_list_states()). For each pollutant its baseline (t/d, the
// field baseline_<pollutant>) and at each level its measure
// (<level>_measure: a stop of lines, earthwork or transport cuts 100 %) or
// else its cut (<level>_cut, %):
//   reduction = Σ baseline × cut                    over the rows on the list
//   required  = the level's ratio × basis
//   shortfall = required − reduction, 0 when met
// The basis is the district's emission inventory of the pollutant when one
// is given, else the list's own baseline total.
//
// Arithmetic is exact: the ledger's decimals are taken as thousandths (t/d to
// the kilogram, % to 0.001 %, rounded to nearest) and every amount below is
// an integer number of 1e-8 t/d (a thousandth of a t/d × a thousandth of
// a percent), so "met" at the boundary is decided without rounding.
// Baselines are bounded by the ledger type (≤ 100,000 t/d, 1e13 per row at
// 100 %): a list of 100,000 rows stays within int64.
//
// What a row lacks is reported, not guessed: a pollutant without a baseline
// counts nothing for that pollutant (and is named in `missing`); a row with
// no baseline at all cannot count (`counted` false); a level without a stop
// measure and without a cut cuts nothing (its measure or cut field named).
//
// Errors: check_reduction_type() returns invalid naming each field the type
// lacks or has with another type. Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/ledger_type.h"
#include "core/ledger_values.h"
#include "core/warning_standard.h"

namespace lantian {

// The ledger type of the list.
inline constexpr std::string_view kEmergencyReductionList = "emergency_reduction_list";

// 1e-8 t/d (see above); reduction_tonnes() turns one into t/d for display.
using ReductionAmount = int64_t;
inline constexpr int64_t kReductionAmountPerTonne = 100'000'000;
double reduction_tonnes(ReductionAmount a);

struct ReductionLevelRule {
  std::string level;                            // "yellow", as the warning levels name it
  std::vector<int64_t> required_milli_percent;  // per pollutant; 10 % = 10'000
  std::string measure_field, cut_field;         // "<level>_measure", "<level>_cut"
};

struct ReductionRules {
  std::vector<std::string> pollutants;       // "so2", "nox", "pm", "vocs"
  std::vector<std::string> baseline_fields;  // one per pollutant
  std::vector<ReductionLevelRule> levels;    // lowest first
  std::vector<std::string> stop_measures;    // measure codes that cut 100 %
};

// The rules of a warning standard: the fields of
// emergency_reduction_list.toml (baseline_<pollutant>, <level>_measure,
// <level>_cut) and each level's required cuts, for the levels requiring any.
ReductionRules reduction_rules(const WarningStandard& standard);
// reduction_rules(warning_standard()): the installed standard's.
ReductionRules emergency_reduction_rules();

// Whether `t` has the fields `rules` reads: decimal baselines and cuts, and
// choice measures whose choices include every stop measure. A deployment
// replacing the type is told what it broke (`lantian ledgers check`).
Status check_reduction_type(const ReductionRules& rules, const LedgerType& t);

// The states that mean "on the list": those of the type's first count of
// rows ([[counts]] quantity = "rows"); empty when it has none.
std::vector<std::string> reduction_list_states(const LedgerType& t);

// Which ledger row a source is.
struct ReductionRowRef {
  int64_t id = 0;
  std::string name;
  int64_t unit_id = 0;
  std::string unit_name;
  std::string status;
};

struct ReductionSource {
  ReductionRowRef row;
  std::map<std::string, LedgerValue> values;  // the row's fields
};

// What one row cuts at one level.
struct ReductionRowLevel {
  std::string level;
  std::string measure;                                     // the measure's code, "" if none
  std::optional<int64_t> cut_milli_percent;                // what counts: 100'000 for a stop
  std::vector<std::optional<ReductionAmount>> reductions;  // per pollutant; nullopt = no baseline
};

struct ReductionRow {
  ReductionRowRef row;
  std::vector<std::optional<int64_t>> baseline_milli;  // per pollutant, thousandths of t/d
  std::vector<ReductionRowLevel> levels;
  std::vector<std::string> missing;  // the fields it lacks, in the type's terms
  bool counted = false;              // has a baseline of at least one pollutant
};

struct ReductionPollutantTotals {
  std::string pollutant;
  int64_t required_milli_percent = 0;  // the level's required cut of it
  int64_t baseline_milli = 0;          // Σ of the counted rows' baselines
  int64_t basis_milli = 0;             // the inventory's, or the baseline total
  bool basis_inventory = false;
  ReductionAmount required = 0, reduction = 0, shortfall = 0;
  bool met = true;
  int64_t rows_missing_baseline = 0;  // rows on the list without this baseline
};

struct ReductionLevelTotals {
  std::string level;
  std::vector<ReductionPollutantTotals> pollutants;
  bool met = true;  // every pollutant met
};

struct ReductionPlan {
  std::vector<ReductionLevelTotals> levels;
  // The rows on the list, those carrying the most at the highest level first
  // (by the sum of their reductions there), then by id.
  std::vector<ReductionRow> rows;
  int64_t rows_not_counted = 0;  // on the list without any baseline
};

// `inventory_milli`: the district's emissions per pollutant (thousandths of
// t/d, in the rules' order; nullopt or a shorter vector = not configured).
// Rows whose status is not in `on_list` are left out.
ReductionPlan compute_reduction_plan(const ReductionRules& rules, const std::vector<std::string>& on_list,
                                     const std::vector<ReductionSource>& sources,
                                     const std::vector<std::optional<int64_t>>& inventory_milli);

}  // namespace lantian
