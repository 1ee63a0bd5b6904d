#include "app/reduction_service.h"

#include "app/ledger_fields.h"

namespace lantian::app {

Result<ReductionAnswer> ReductionService::plan(const Actor& a, std::optional<int64_t> unit_id) {
  LT_ASSIGN(const LedgerType* t, ledgers_.type(a, kEmergencyReductionList));
  ReductionAnswer out;
  out.type = t;
  out.rules = emergency_reduction_rules();
  out.on_list = reduction_list_states(*t);
  LT_ASSIGN(auto scoped, ledgers_.rows_in_scope(a, *t, unit_id, out.on_list));
  out.whole_district = scoped.whole_district;
  std::vector<ReductionSource> sources;
  sources.reserve(scoped.rows.size());
  for (auto& r : scoped.rows) {
    ReductionSource s{{r.id, r.title, r.unit_id, r.unit_name, r.status}, {}};
    // A damaged row keeps no values: it is reported lacking them all.
    if (auto values = decode_ledger_fields(*t, r.fields); values.ok()) s.values = std::move(*values);
    sources.push_back(std::move(s));
  }
  // The district's inventory measures the district's list, not a township's.
  static const std::vector<std::optional<int64_t>> kNone;
  out.plan = compute_reduction_plan(out.rules, out.on_list, sources,
                                    out.whole_district ? options_.inventory_milli : kNone);
  return out;
}

}  // namespace lantian::app
