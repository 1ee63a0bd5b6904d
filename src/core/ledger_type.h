// A ledger type (台账类型) as data: the fields of its rows, the workflow its
// rows run, the columns and filters of its list, its Excel layout and which
// task quantity its rows count toward. Definitions are TOML files
// (resources/ledgers/*.toml, one per work area's ledger); adding a field is a
// change of that file, not of code. This header parses and validates them.
//
//   name = "scattered_enterprises"          # lower_snake_case, the file's name
//   work_area = "scattered_polluting"        # core/work_areas.h
//   workflow = "ledger_scattered"            # a workflow definition (core/workflows.h)
//   title_field = "enterprise_name"          # what names a row
//   label = { zh-CN = "…", en = "…" }
//   [[fields]]  name, label, type, required, unit, min, max, max_length,
//               choices = [{ code, label }], help = { zh-CN, en }
//   [list]      columns = [..], filters = [..]      (fields or built-ins)
//   [excel]     columns = [..], key = [..]           (the sheet's columns in order;
//                                                     the fields a re-import matches rows by)
//   [[counts]]  state, quantity = "rows" | a number field, label
//                                                    (what a row in that state adds to
//                                                     the task quantity of its unit)
//
// Field types: text, long_text, integer, decimal, date, boolean, choice,
// credit_code (GB 32100, core/credit_code.h), phone. Every row also has the
// built-ins unit (the responsible unit), enterprise (a registry link),
// location (a WGS-84 point), status (its workflow state) and updated_at,
// which lists, filters and Excel layouts may name as well.
//
// Errors: parse_ledger_type() returns invalid with one line per problem,
// each naming the source and, where known, line:column, e.g.
//   scattered_enterprises.toml:40:3: list: unknown field "dispositon"
//
// Thread-safety: definitions are immutable values; functions are pure.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/workflow.h"

namespace lantian {

enum class FieldType { text, long_text, integer, decimal, date, boolean, choice, credit_code, phone };
std::optional<FieldType> field_type_named(std::string_view name);
std::string_view field_type_name(FieldType t);

struct FieldChoice {
  std::string code;  // stored and exported as the label, matched on import by code or label
  Label label;
};

struct LedgerField {
  std::string name;
  Label label;
  FieldType type = FieldType::text;
  bool required = false;
  std::string unit;                  // shown after the value: "t/h", "户"
  std::optional<double> min, max;    // integer, decimal
  int max_length = 0;                // text, long_text (0 = the type's default)
  std::vector<FieldChoice> choices;  // choice
  Label help;                        // optional

  const FieldChoice* choice(std::string_view code) const;
};

// What a row in `state` adds to its unit's task quantity: 1 ("rows") or the
// value of a number field.
struct LedgerCount {
  std::string state;
  std::string quantity;  // "rows" or a field name
  Label label;
};

struct LedgerType {
  std::string name;
  Label label;
  std::string work_area;
  std::string workflow;
  std::string title_field;
  std::vector<LedgerField> fields;
  std::vector<std::string> list_columns, filters;
  std::vector<std::string> excel_columns, excel_key;
  std::vector<LedgerCount> counts;

  const LedgerField* field(std::string_view name) const;
};

// What a task can count from a ledger: the [[counts]] entries with the same
// quantity and label taken together (a permit counts when issued, checked
// or being rectified), numbered by their first entry.
struct LedgerCountGroup {
  int index = 0;  // of the group's first entry in LedgerType::counts
  std::string quantity;
  Label label;
  std::vector<std::string> states;
};
std::vector<LedgerCountGroup> ledger_count_groups(const LedgerType& t);

// The built-in columns of every ledger row, in this order, and their labels.
const std::vector<std::string_view>& ledger_builtins();
Label ledger_builtin_label(std::string_view name);
// The label of a column: a field's, or a built-in's.
Label ledger_column_label(const LedgerType& t, std::string_view column);

// Which column each header of a sheet is (an import): the field or built-in
// whose zh-CN or English label, or name, the header is (ignoring spaces,
// full-width forms and case), else "" (ignored). A column is claimed once,
// by the first header naming it.
std::vector<std::string> match_ledger_headers(const LedgerType& t, const std::vector<std::string>& headers);

// A guard of a ledger workflow's action (core/workflow.h guards): the row's
// field must have one of the values — a choice's code, or true/false for a
// boolean. Written "field=value" or "field=value|value"; e.g. the 散乱污
// ban path's first step has guards = ["disposition=ban"]. A guard on a field
// its own action requires is checked against the value given with the move
// (a forced-true check: "coal_cleared=true").
struct LedgerGuard {
  std::string field;
  std::vector<std::string> values;
};
// nullopt when `guard` is not of that form (names are not checked here).
std::optional<LedgerGuard> parse_ledger_guard(std::string_view guard);

// Parses and validates a definition. `source` names it in errors
// ("resources/ledgers/scattered_enterprises.toml"); `workflow_of` finds a
// workflow definition by name (null = none). Checks: TOML syntax; required
// keys and their types, and no unknown keys; names lower_snake_case and
// unique; known field types and work area; labels in both languages; a
// choice field has choices with unique codes; min <= max; list columns,
// filters, Excel columns and keys name fields or built-ins (filters only
// choice, boolean, date and built-in columns); the title field is a required
// text field; the workflow exists, every field its actions require is a
// field, every guard of its actions is a LedgerGuard on a choice or boolean
// field with values it can have, and every counted state is one of its states; a counted quantity is
// "rows" or a number field.
Result<LedgerType> parse_ledger_type(std::string_view text, const std::string& source,
                                     const std::function<const WorkflowDef*(std::string_view)>& workflow_of);

}  // namespace lantian
