// LedgerSheetService: a ledger as .xlsx in the type's declared layout, with
// Chinese headers, the header frozen and filtered (io/xlsx_writer.h), values
// as an office writes them: choices by label, 是/否, real dates.
#include <cmath>

#include "app/ledger_fields.h"
#include "app/ledger_sheets.h"
#include "app/task_export.h"
#include "core/calendar.h"
#include "core/ledgers.h"
#include "core/workflows.h"
#include "io/xlsx_writer.h"

namespace lantian::app {
namespace {

constexpr int64_t kMaxExportRows = 200000;

io::CellValue field_cell(const LedgerField& f, const LedgerValue& v) {
  if (std::holds_alternative<std::monostate>(v)) return std::monostate{};
  if (auto b = std::get_if<bool>(&v)) return std::string(*b ? "是" : "否");
  if (auto i = std::get_if<int64_t>(&v)) return *i;
  if (auto d = std::get_if<double>(&v)) return *d;
  const std::string& s = std::get<std::string>(v);
  if (f.type == FieldType::choice)
    if (const FieldChoice* c = f.choice(s)) return c->label.zh;
  if (f.type == FieldType::date)
    if (auto day = parse_date(s)) return *day;
  return s;
}

std::string point_text(const LngLat& p) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f,%.6f", p.lng, p.lat);
  return buf;
}

}  // namespace

Result<ExportFile> LedgerSheetService::export_xlsx(const Actor& a, const LedgerListQuery& q) {
  LT_ASSIGN(const LedgerType* t, ledgers_.type(a, q.ledger_type));
  const WorkflowDef& wf = *workflows().find(t->workflow);
  io::XlsxWriter w;
  std::vector<std::string> headers;
  std::vector<double> widths;
  for (const auto& c : t->excel_columns) {
    headers.push_back(ledger_column_label(*t, c).zh);
    widths.push_back(std::max(10.0, std::min(40.0, double(headers.back().size()))));
  }
  std::string sheet = t->label.zh.size() > 90 ? t->label.zh.substr(0, 90) : t->label.zh;
  LT_TRY(w.add_sheet(sheet.empty() ? t->name : sheet, headers));
  LT_TRY(w.set_column_widths(widths));
  store::Page page;
  page.per_page = 200;
  page.with_total = false;
  int64_t written = 0;
  for (;;) {
    LT_ASSIGN(auto p, ledgers_.list(a, q, page));
    for (const auto& item : p.items) {
      if (++written > kMaxExportRows)
        return Error::make("too_many_rows", {{"max", std::to_string(kMaxExportRows)}});
      const LedgerRow& r = item.row;
      auto decoded = decode_ledger_fields(*t, r.fields);
      std::map<std::string, LedgerValue> values;  // a damaged row exports its built-ins only
      if (decoded.ok()) values = std::move(decoded).value();
      std::vector<io::CellValue> cells;
      for (const auto& c : t->excel_columns) {
        if (const LedgerField* f = t->field(c)) {
          auto it = values.find(c);
          cells.push_back(it != values.end() ? field_cell(*f, it->second) : io::CellValue(std::monostate{}));
        } else if (c == "unit") {
          cells.push_back(r.unit_name);
        } else if (c == "enterprise") {
          cells.push_back(r.enterprise_name);
        } else if (c == "location") {
          cells.push_back(r.location ? io::CellValue(point_text(*r.location)) : std::monostate{});
        } else if (c == "status") {
          const WorkflowState* s = wf.state(r.status);
          cells.push_back(s ? s->label.zh : r.status);
        } else if (c == "updated_at") {
          auto tp = parse_time(r.updated_at);
          cells.push_back(tp ? format_shanghai(*tp).substr(0, 16) : r.updated_at);
        } else {
          cells.push_back(std::monostate{});
        }
      }
      LT_TRY(w.add_row(cells));
    }
    if (p.next_cursor.empty()) break;
    page.after = p.next_cursor;
  }
  LT_ASSIGN(std::string bytes, w.finish());
  std::string today = format_shanghai(clock_.now()).substr(0, 10);
  return ExportFile{t->label.zh + "-" + today + ".xlsx", "ledger-" + t->name + "-" + today + ".xlsx",
                    std::move(bytes)};
}

}  // namespace lantian::app
