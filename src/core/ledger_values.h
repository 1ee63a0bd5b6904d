// The values of a ledger row, checked against its type (core/ledger_type.h):
// what the API, the form and the Excel/CSV import all go through, so a value
// is accepted or refused the same way wherever it comes from.
//
// Input is a raw value as JSON or a spreadsheet cell has it (null, text,
// number, boolean). Accepted forms, normalised:
//   text, long_text  trimmed; refused with control characters or past max_length
//                    (text 200, long_text 2000 characters by default)
//   integer          a whole number or its text ("12", "12.0"), within min/max
//   decimal          a number or its text, within min/max
//   date             "2017-11-30", "2017/11/30", "2017.11.30", "2017年11月30日",
//                    or a spreadsheet date serial (days since 1899-12-30) -> "2017-11-30"
//   boolean          true/false, 1/0, 是/否, 有/无, √/×, yes/no -> bool
//   choice           the code or either label -> the code
//   credit_code      GB 32100 (core/credit_code.h), normalised
//   phone            a mobile or landline number (core/text.h valid_phone)
// An empty text or null is "no value": refused when the field is required.
//
// Errors are coded issues (required, too_long, not_an_integer, not_a_number,
// out_of_range, not_a_date, not_a_boolean, one_of, bad_phone, credit_code_*,
// unknown_field), per field.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "core/error.h"
#include "core/ledger_type.h"
#include "core/workflow.h"

namespace lantian {

using RawValue = std::variant<std::nullptr_t, std::string, double, bool>;
// monostate = no value; text kinds, dates and choices as strings.
using LedgerValue = std::variant<std::monostate, std::string, int64_t, double, bool>;

// One value: the normalised value, or why not.
std::variant<LedgerValue, Issue> check_ledger_value(const LedgerField& field, const RawValue& raw);

// A row's values by field name. `partial` (an edit) checks only the fields
// given; otherwise every required field must have a value. Fields the type
// does not declare are refused (unknown_field). `out` receives the
// normalised values of the fields that passed.
std::vector<FieldError> check_ledger_values(const LedgerType& type,
                                            const std::vector<std::pair<std::string, RawValue>>& values,
                                            bool partial, std::map<std::string, LedgerValue>& out);

// The values a row is filtered by (store: ledger_filters): for each of the
// type's filters that is one of its fields, the row's value as the list
// matches it — a choice's code, "1"/"0" for a boolean, an ISO date; fields
// without a value have none. Built-in filters (unit, status, ...) are the
// row's own columns and not listed.
std::vector<std::pair<std::string, std::string>> ledger_filter_values(
    const LedgerType& type, const std::map<std::string, LedgerValue>& values);

// The guards of `wf`'s actions (LedgerGuard, core/ledger_type.h) that hold
// for a row with `values`. With `asked` — the buttons, before a form asks
// for the values — a guard on a field its own action requires counts as
// holding: the value given with the move is checked when it is taken.
std::set<std::string, std::less<>> ledger_guards_met(const WorkflowDef& wf,
                                                     const std::map<std::string, LedgerValue>& values,
                                                     bool asked = false);

}  // namespace lantian
