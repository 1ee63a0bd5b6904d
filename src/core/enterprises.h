// The enterprise registry's rules (一企一档), as data:
//  - the statuses an enterprise is in (operating, stopped, banned,
//    relocated) with their zh/en labels, and those of a suspected
//    relocation (open, confirmed, dismissed);
//  - the GB/T 4754-2017 industry code (国民经济行业分类): a section letter A..T
//    with 2 to 4 digits ("C2927"), or the digits alone ("2927"); the first
//    two digits (the division) must belong to the section;
//  - the fields of an enterprise's identity and of a banned enterprise, as
//    ledger fields (core/ledger_type.h), so the API and the CSV import check
//    a value the same way (core/ledger_values.h) with the same zh/en labels.
//
// Thread-safety: immutable tables; pure functions.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/ledger_type.h"

namespace lantian {

struct EnterpriseStatusDef {
  std::string_view code;  // "operating"
  std::string_view label_zh;
  std::string_view label_en;
  std::string_view color;  // CSS hex, as a workflow state's (the map colours by it)
};

// Every enterprise status, the first the one a new enterprise starts in.
std::span<const EnterpriseStatusDef> enterprise_statuses();
const EnterpriseStatusDef* find_enterprise_status(std::string_view code);

// A suspected relocation's statuses: open (raised), then confirmed or
// dismissed by the campaign office.
std::span<const EnterpriseStatusDef> relocation_alert_statuses();
const EnterpriseStatusDef* find_relocation_alert_status(std::string_view code);

// The code as written to be checked: blanks trimmed, full-width made
// half-width, the letter in upper case.
std::string normalise_industry_code(std::string_view input);
// nullopt when `code` (normalised) is a GB/T 4754 code, else why not:
//   industry_code_format                      not a letter A..T + 2..4 digits, nor 2..4 digits,
//                                             or a division no section has
//   industry_code_section {division, section} the division belongs to another section
std::optional<Issue> check_industry_code(std::string_view code);

// The fields by their API names: an enterprise's name, credit_code,
// legal_rep, phone, address and grid; a banned enterprise's name,
// credit_code, legal_rep, phone, address, origin, banned_on and reason.
std::span<const LedgerField> enterprise_fields();
std::span<const LedgerField> banned_enterprise_fields();
// The field called `name` of a list above; nullptr if none.
const LedgerField* find_field(std::span<const LedgerField> fields, std::string_view name);

}  // namespace lantian
