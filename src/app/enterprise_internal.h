// Shared by the enterprise service's files (enterprise_service.cpp,
// banned_enterprises.cpp, relocation_alerts.cpp). Not for other services.
#pragma once

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/ledger_type.h"

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

// "a, b, c": a list for the one_of issue.
template <typename List>
std::string codes_of(const List& list) {
  std::string out;
  for (const auto& item : list) out += (out.empty() ? "" : ", ") + std::string(item.code);
  return out;
}

}  // namespace lantian::app::enterprise_internal
