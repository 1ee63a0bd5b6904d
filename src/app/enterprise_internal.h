// Shared by the enterprise registry's files (enterprise_service.cpp,
// banned_enterprises.cpp, relocation_alerts.cpp, enterprise_import.cpp).
// Not for other services.
#pragma once

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/enterprise_service.h"
#include "core/enterprise.h"
#include "core/error.h"
#include "core/ledger_type.h"
#include "store/db.h"

namespace lantian::app::enterprise_internal {

// `raw` checked as the field `name` of `fields` declares it
// (core/enterprises.h, core/ledger_values.h), normalised; "" when it has no
// value. A phone is made half-width first (typed with a Chinese input
// method); a credit code is normalised by its own check. On a refusal, adds
// the field's error to errs and returns raw.
std::string checked(std::span<const LedgerField> fields, std::string_view name, const std::string& raw,
                    std::vector<FieldError>& errs);

// A field of a request and where its value goes once checked.
struct FieldBinding {
  const char* name;
  const std::optional<std::string>* given;  // unset: left as it is
  std::string* target;
};
// Each given field checked (checked()) into its target.
void apply_fields(std::span<const LedgerField> fields, std::initializer_list<FieldBinding> bindings,
                  std::vector<FieldError>& errs);

// The registration's rules, one set for registering (POST), editing (PATCH)
// and importing the registry (enterprise_import.cpp): `in` applied onto `e`,
// which is either a new enterprise (cur null: e starts as new_enterprise()
// makes it, and a name is required) or a copy of `*cur` as stored. Each field
// given is checked as core/enterprises.h declares it (credit code GB 32100,
// phone, lengths), the industry code as GB/T 4754, the status among
// enterprise_statuses(), a point converted to WGS-84 inside China
// (app/location_input.h), and the unit placed — existing, enabled, in the
// actor's scope — when the enterprise is new or moves. Field mistakes go to
// errs under the API's field names (name, credit_code, legal_rep, phone,
// address, grid, industry_code, status, location, unit_id); the Status
// carries the store's errors only. Whether the credit code is free is
// check_code_free's.
Enterprise new_enterprise(const Actor& a, const EnterpriseInput& in);
Status check_enterprise(store::Tx& tx, const Actor& a, const EnterpriseInput& in, const Enterprise* cur,
                        Enterprise& e, std::vector<FieldError>& errs);
// credit_code_taken (conflict) when another enterprise holds e's credit code.
Status check_code_free(store::Tx& tx, const Enterprise& e);
// A database conflict on writing an enterprise (the credit code's unique
// index, a concurrent registration) as credit_code_taken.
Error taken_if_conflict(Error e);
// Whether the identity the relocation guard matches (name, credit code,
// legal representative, phone, address) is the same.
bool same_identity(const Enterprise& a, const Enterprise& b);

// "a, b, c": a list for the one_of issue.
template <typename List>
std::string codes_of(const List& list) {
  std::string out;
  for (const auto& item : list) out += (out.empty() ? "" : ", ") + std::string(item.code);
  return out;
}

}  // namespace lantian::app::enterprise_internal
