// The registry sheet's columns and how their headers are recognised
// (app/enterprise_sheets.h): one table for the import and the export.
#include "app/enterprise_sheets.h"
#include "app/sheet_table.h"

namespace lantian::app::enterprise_sheet {

const std::vector<ColumnDef>& columns() {
  static const std::vector<ColumnDef> kColumns = {
      {Column::name, "name", "企业名称", 34, {"名称", "企业（单位）名称", "单位名称"}},
      {Column::credit_code, "credit_code", "统一社会信用代码", 22, {"信用代码", "社会信用代码"}},
      {Column::legal_rep, "legal_rep", "法定代表人", 12, {"法人代表", "法人"}},
      {Column::phone, "phone", "联系电话", 16, {"电话", "联系方式"}},
      {Column::address, "address", "地址", 36, {"详细地址", "企业地址"}},
      {Column::lng, "lng", "经度", 12, {"longitude"}},
      {Column::lat, "lat", "纬度", 12, {"latitude"}},
      {Column::industry, "industry", "行业代码", 10, {"industry_code", "行业分类代码", "国民经济行业代码"}},
      {Column::unit, "unit", "所属单位", 16, {"unit_name", "所属乡镇（街道）", "所属乡镇", "属地单位"}},
      {Column::grid, "grid", "网格", 16, {"所属网格"}},
      {Column::status, "status", "状态", 12, {"企业状态", "生产状态"}},
      {Column::id, "id", "企业ID（请勿修改）", 14, {"企业ID"}},
  };
  return kColumns;
}

const ColumnDef& column_def(Column c) { return columns()[size_t(c)]; }

std::optional<Column> column_for_header(std::string_view header) {
  const std::string full = sheet_key(header);
  if (full.empty()) return std::nullopt;
  const std::string bare = without_note(full);
  for (const std::string* h : {&full, &bare})
    for (const auto& d : columns()) {
      if (*h == sheet_key(d.header) || *h == sheet_key(d.name) || *h == without_note(sheet_key(d.header)))
        return d.column;
      for (auto a : d.aliases)
        if (*h == sheet_key(a)) return d.column;
    }
  return std::nullopt;
}

}  // namespace lantian::app::enterprise_sheet
