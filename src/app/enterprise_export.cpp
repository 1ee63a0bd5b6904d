// EnterpriseSheetService::export_xlsx: the registry as the import reads it
// (app/enterprise_sheets.h).
#include "app/enterprise_sheets.h"
#include "core/enterprises.h"
#include "io/xlsx_writer.h"

namespace lantian::app {

namespace es = enterprise_sheet;
using es::Column;

namespace {

io::CellValue text_or_empty(const std::string& s) {
  return s.empty() ? io::CellValue(std::monostate{}) : io::CellValue(s);
}

io::CellValue cell_of(const Enterprise& e, Column c) {
  switch (c) {
    case Column::name:
      return e.name;
    case Column::credit_code:
      return text_or_empty(e.credit_code);
    case Column::legal_rep:
      return text_or_empty(e.legal_rep);
    case Column::phone:
      return text_or_empty(e.phone);
    case Column::address:
      return text_or_empty(e.address);
    case Column::lng:
      return e.location ? io::CellValue(e.location->lng) : io::CellValue(std::monostate{});
    case Column::lat:
      return e.location ? io::CellValue(e.location->lat) : io::CellValue(std::monostate{});
    case Column::industry:
      return text_or_empty(e.industry_code);
    case Column::unit:
      return text_or_empty(e.unit_name);
    case Column::grid:
      return text_or_empty(e.grid);
    case Column::status: {
      const EnterpriseStatusDef* s = find_enterprise_status(e.status);
      return std::string(s ? s->label_zh : e.status);
    }
    case Column::id:
      return e.id;
  }
  return std::monostate{};
}

}  // namespace

Result<ExportFile> EnterpriseSheetService::export_xlsx(const Actor& a, const EnterpriseListFilter& f) {
  // One page holding them all (one more shows there are too many).
  store::Page page;
  page.per_page = kMaxExportRows + 1;
  page.sort = "id";
  page.with_total = false;
  LT_ASSIGN(auto list, enterprises_.list(a, f, page));
  if (int64_t(list.items.size()) > kMaxExportRows)
    return Error::make("too_many_rows", {{"rows", "> " + std::to_string(kMaxExportRows)},
                                         {"max", std::to_string(kMaxExportRows)}});

  io::XlsxWriter w;
  std::vector<std::string> headers;
  std::vector<double> widths;
  for (const auto& c : es::columns()) {
    headers.emplace_back(c.header);
    widths.push_back(c.width);
  }
  LT_TRY(w.add_sheet("企业名录", headers));
  LT_TRY(w.set_column_widths(widths));
  std::vector<io::CellValue> cells;
  for (const auto& e : list.items) {
    cells.clear();
    for (const auto& c : es::columns()) cells.push_back(cell_of(e, c.column));
    LT_TRY(w.add_row(cells));
  }
  LT_ASSIGN(std::string bytes, w.finish());
  const std::string today = format_shanghai(clock_.now()).substr(0, 10);
  return ExportFile{"企业名录-" + today + ".xlsx", "enterprises-" + today + ".xlsx", std::move(bytes)};
}

}  // namespace lantian::app
