// The import template (PlanImportService::import_template): what a campaign
// office fills in to import a plan. Its headers are the fields' own labels,
// so the importer's suggested mapping (io/plan_sheet.h) finds every column;
// the example row names real things (the campaign office's unit, the first
// work area, the campaign's dates), so the template imports as it is.
#include <fmt/format.h>

#include "app/plan_import.h"
#include "core/calendar.h"
#include "io/xlsx_writer.h"
#include "store/campaigns_repo.h"

namespace lantian::app {

namespace {

// The columns of the template, in order: the plan fields without the keys
// (a ledger export carries those; a new plan has none).
struct TemplateColumn {
  std::string_view key;
  std::string_view note;  // for the 说明 sheet
  double width;
};

const std::vector<TemplateColumn>& columns() {
  static const std::vector<TemplateColumn> c = {
      {"code",
       "任务的层级编号，如 1、1.1、1.1.2。某行序号去掉最后一段（1.1.2 → "
       "1.1）后，若上方已有该序号的行，本行即为其子任务；否则为一级任务（如上方没有“1”行，则“1."
       "8”是一级任务）。",
       8},
      {"work_area", "所属重点领域，须与本攻坚行动的重点领域名称一致；子任务自动归入上级任务的领域，可不填。",
       14},
      {"title", "任务名称（必填）。", 40},
      {"lead_unit", "牵头（验收）单位，可不填；须与组织机构中的单位名称完全一致。", 16},
      {"owner_unit", "责任单位（必填），须与组织机构中的单位名称完全一致（如“南郊乡”）。", 16},
      {"responsible_leader", "责任领导姓名。", 10},
      {"responsible_person", "责任人姓名。", 10},
      {"phone", "责任人联系电话：11 位手机号或 0371-12345678 形式的座机。", 14},
      {"start_date",
       "开始日期，可不填。日期请写成 2017-10-31（或 2017/10/31、2017年10月31日），或设为日期格式的单元格。",
       12},
      {"deadline", "完成时限（必填），日期格式同上；子任务不得晚于上级任务。", 12},
      {"target_value", "量化目标（数字，可不填）。有子任务时，子任务目标值之和须等于上级任务的目标值。", 10},
      {"measure_unit", "目标值的计量单位，如 户、台、吨；填了目标值就须填写（子任务可沿用上级的单位）。", 8},
      {"description", "工作内容或要求，可不填。", 40},
  };
  return c;
}

std::string header_of(std::string_view key) {
  const auto* f = io::plan::find_field(key);
  std::string h(f->label_zh);
  return f->required ? "*" + h : h;  // the importer ignores a leading "*"
}

}  // namespace

Result<ExportFile> PlanImportService::import_template(const Actor& a, int64_t campaign_id) {
  if (!(a.can("campaigns.write") && a.grant.scope == Scope::all)) return Error::make("office_only");
  Campaign campaign;
  std::vector<WorkArea> areas;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto c, store::campaigns::get(tx, campaign_id));
    if (!c) return Error::not_found("no such campaign");
    campaign = std::move(*c);
    LT_ASSIGN(areas, store::campaigns::areas(tx, campaign_id));
    return {};
  }));

  io::XlsxWriter w;
  std::vector<std::string> headers;
  std::vector<double> widths;
  for (const auto& c : columns()) {
    headers.push_back(header_of(c.key));
    widths.push_back(c.width);
  }
  LT_TRY(w.add_sheet("任务分解", headers));
  LT_TRY(w.set_column_widths(widths));
  auto date = [](const std::string& s) -> io::CellValue {
    if (auto d = parse_date(s)) return *d;
    return std::monostate{};
  };
  std::vector<io::CellValue> example(columns().size());
  example[0] = std::string("1");
  if (!areas.empty()) example[1] = areas.front().name;
  example[2] = std::string("（示例）散煤清零，导入前请改写或删除本行");
  example[4] = campaign.office_unit_name;
  example[5] = std::string("张三");
  example[6] = std::string("李四");
  example[7] = std::string("13800000000");
  example[8] = date(campaign.start_date);
  example[9] = date(campaign.end_date);
  example[10] = 100.0;
  example[11] = std::string("户");
  example[12] = std::string("示例：每列的含义见“说明”工作表");
  LT_TRY(w.add_row(example));

  LT_TRY(w.add_sheet("说明", {"列", "说明"}));
  LT_TRY(w.set_column_widths({14, 100}));
  for (const auto& c : columns()) LT_TRY(w.add_row({header_of(c.key), std::string(c.note)}));
  const std::vector<std::pair<std::string, std::string>> general = {
      {"", ""},
      {"必填", "带 * 的列必填：工作任务、责任单位、完成时限。"},
      {"单位名称", "责任单位、牵头单位须与系统组织机构中的单位名称完全一致，且在您的权限范围内。"},
      {"层级", "序号决定层级：先写上级任务行，再写其子任务行（如 1，1.1，1.2）。"},
      {"合并单元格", "责任单位、时限等列可以纵向合并（视为每行相同）；序号、工作任务、目标值不能合并。"},
      {"任务ID",
       "从“任务台账”导出的表格最后几列为 任务ID、上级任务ID、版本（请勿修改）：再次导入时，"
       "带任务ID的行更新原任务（只改有变化的内容），没有任务ID的行新建任务，不会重复。"
       "新建的子任务可在“上级任务ID”列填写已有任务的ID。本模板没有这些列，全部按新任务导入。"},
      {"示例行", "第 2 行是示例，可以直接导入；正式导入前请改写或删除。"},
      {"攻坚行动", fmt::format("{}（{} 至 {}）", campaign.name, campaign.start_date, campaign.end_date)},
  };
  for (const auto& [k, v] : general) LT_TRY(w.add_row({k, v}));
  LT_ASSIGN(auto bytes, w.finish());
  return ExportFile{"任务导入模板.xlsx", "plan-import-template.xlsx", std::move(bytes)};
}

}  // namespace lantian::app
