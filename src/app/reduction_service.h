// ReductionService: the emergency reduction list's reductions per alert
// level (issue 13, 应急减排清单): the rows of the list's ledger
// (core/emergency_reduction.h kEmergencyReductionList) that the reader sees,
// those in a state on the list, with what they cut at yellow, orange and red
// against the share of the district's emissions each level requires, and the
// shortfall. The rule is core/emergency_reduction.h; this reads the rows.
//
// The basis of the required share, per pollutant: the district's emission
// inventory ([reduction] inventory_* in lantian.toml, t/d) when it is
// configured and the answer covers the whole district (a district-wide
// reader, or unit_id the district); otherwise the baselines of the rows
// answered (a township's own list is held to its own share). The answer says
// which (ReductionPollutantTotals::basis_inventory).
//
// Permissions: ledgers.read; the rows are those the reader's ledger list
// shows (app/ledger_service.h), under `unit_id` when given.
//
// Errors: not_permitted, ledger_type_not_found (no reduction list installed),
// not_in_scope (unit_id outside the reader's sight); a stored row whose
// fields cannot be read counts nothing and is reported missing every field.
//
// Thread-safety: thread-safe (reads only; the options are immutable).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "app/actor.h"
#include "app/ledger_service.h"
#include "core/emergency_reduction.h"

namespace lantian::app {

struct ReductionOptions {
  // The district's emissions per pollutant in thousandths of t/d, in the
  // ReductionPollutant order (core/warning_standard.h); nullopt = not known.
  std::vector<std::optional<int64_t>> inventory_milli;
};

struct ReductionAnswer {
  const LedgerType* type = nullptr;
  ReductionRules rules;              // the installed warning standard's
  std::vector<std::string> on_list;  // the states counted
  bool whole_district = false;
  ReductionPlan plan;
};

class ReductionService {
 public:
  ReductionService(LedgerService& ledgers, ReductionOptions options)
      : ledgers_(ledgers), options_(std::move(options)) {}

  Result<ReductionAnswer> plan(const Actor& a, std::optional<int64_t> unit_id);

 private:
  LedgerService& ledgers_;
  const ReductionOptions options_;
};

}  // namespace lantian::app
