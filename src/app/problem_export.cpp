// ProblemSheetService: the rectification ledger (整改台账) as .xlsx and the
// import template (app/problem_sheets.h). The ledger's columns are
// problem_sheet::export_columns(); a re-import matches its rows by 编号.
#include <algorithm>
#include <map>

#include "app/problem_sheet_format.h"
#include "app/problem_sheets.h"
#include "core/calendar.h"
#include "core/workflows.h"
#include "io/xlsx_writer.h"
#include "store/workflow_events_repo.h"

namespace lantian::app {

namespace ps = problem_sheet;
using ps::Column;

namespace {

// What the ledger shows of a problem's history: the latest report's note
// (整改措施) and the verifier's note on closing.
struct History {
  std::string measures, verified_note;
};

std::string beijing_day(const std::string& instant) {
  auto t = parse_time(instant);
  return t ? format_shanghai(*t).substr(0, 10) : instant.substr(0, 10);
}

std::string joined(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts)
    if (!p.empty()) out += (out.empty() ? "" : std::string(sep)) + p;
  return out;
}

// 核查情况/销号时间
std::string verification_text(const Problem& p, const History& h) {
  std::vector<std::string> parts;
  if (!p.closed_at.empty()) {
    std::string s = beijing_day(p.closed_at) + " 核查通过销号";
    if (!p.verifier_name.empty()) s += "（核查人：" + p.verifier_name + "）";
    parts.push_back(s);
    parts.push_back(h.verified_note);
  } else if (p.status == "verifying") {
    parts.push_back("核查中" + (p.verifier_name.empty() ? "" : "（核查人：" + p.verifier_name + "）"));
  }
  if (p.failed_verifications > 0)
    parts.push_back("核查未通过" + std::to_string(p.failed_verifications) + "次");
  return joined(parts, "；");
}

// 回头看
std::string lookback_text(const Problem& p) {
  if (p.status == "closed" && !p.lookback_due.empty()) return p.lookback_due + " 到期";
  if (p.status == "lookback_due") return "待回头看（" + p.lookback_due + " 到期）";
  if (p.status == "lookback_passed") return "回头看通过";
  if (p.status == "rebound") return "发现反弹，已重新交办";
  if (p.status == "referred") return "发现反弹，已移交问责";
  return {};
}

// 备注: what the other columns do not say.
std::string remarks_text(const Problem& p, const std::string& today) {
  std::vector<std::string> parts;
  if (!p.deadline.empty() && p.deadline_kind != DeadlineKind::date)
    parts.push_back(p.deadline_kind == DeadlineKind::immediate
                        ? "立行立改"
                        : std::to_string(p.deadline_days) + "个工作日");
  const WorkflowState* s = problem_workflow().state(p.status);
  if (auto day = parse_date(today); day && s && s->open)
    if (int late = days_overdue(p.deadline, *day); late > 0)
      parts.push_back("逾期" + std::to_string(late) + "天");
  if (p.extensions > 0) parts.push_back("延期" + std::to_string(p.extensions) + "次");
  if (!p.extension_until.empty()) parts.push_back("申请延期至" + p.extension_until);
  if (!p.enterprise_name.empty()) parts.push_back("企业：" + p.enterprise_name);
  if (p.disposition != Disposition::rectify)
    parts.push_back("处置方式：" + std::string(ps::disposition_label(p.disposition)));
  if (!p.external_id.empty()) parts.push_back("清单序号：" + p.external_id);
  return joined(parts, "；");
}

io::CellValue text_or_empty(const std::string& s) {
  return s.empty() ? io::CellValue(std::monostate{}) : io::CellValue(s);
}

}  // namespace

Result<ExportFile> ProblemSheetService::export_xlsx(const Actor& a, const ProblemListQuery& q) {
  // The problems of the list, newest first as listed; the ledger runs oldest first.
  std::vector<Problem> problems;
  store::Page page;
  page.per_page = 200;
  page.with_total = false;
  for (;;) {
    LT_ASSIGN(auto p, problems_.list(a, q, page));
    for (auto& item : p.items) {
      if (int64_t(problems.size()) >= kMaxExportRows)
        return Error::make("too_many_rows", {{"rows", "> " + std::to_string(kMaxExportRows)},
                                             {"max", std::to_string(kMaxExportRows)}});
      problems.push_back(std::move(item));
    }
    if (p.next_cursor.empty()) break;
    page.after = p.next_cursor;
  }
  std::sort(problems.begin(), problems.end(), [](const Problem& x, const Problem& y) { return x.id < y.id; });
  problems.erase(std::unique(problems.begin(), problems.end(),
                             [](const Problem& x, const Problem& y) { return x.id == y.id; }),
                 problems.end());
  std::map<int64_t, History> history;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    std::vector<int64_t> ids;
    for (const auto& p : problems) ids.push_back(p.id);
    LT_ASSIGN(auto events, store::workflow_events::of_actions(tx, std::string(kProblemRecord), ids,
                                                              {"report", "pass_verification"}));
    for (const auto& e : events)  // oldest first: the latest wins
      (e.action == "report" ? history[e.record_id].measures : history[e.record_id].verified_note) = e.note;
    return {};
  }));

  const ProblemRules& rules = problem_rules();
  const WorkflowDef& wf = problem_workflow();
  const std::string today = problems_.today();
  io::XlsxWriter w;
  std::vector<std::string> headers;
  std::vector<double> widths;
  for (Column c : ps::export_columns()) {
    headers.emplace_back(ps::column_def(c).header);
    widths.push_back(ps::column_def(c).width);
  }
  LT_TRY(w.add_sheet("整改台账", headers));
  LT_TRY(w.set_column_widths(widths));
  int64_t seq = 0;
  for (const auto& p : problems) {
    const History& h = history[p.id];
    std::vector<io::CellValue> cells;
    for (Column c : ps::export_columns()) {
      switch (c) {
        case Column::seq:
          cells.emplace_back(++seq);
          break;
        case Column::number:
          cells.emplace_back(p.number);
          break;
        case Column::source: {
          const ProblemSource* s = rules.source(p.source);
          cells.emplace_back(s ? s->label.zh : p.source);
          break;
        }
        case Column::type: {
          const ProblemType* t = rules.type(p.problem_type);
          cells.emplace_back(t ? t->label.zh : p.problem_type);
          break;
        }
        case Column::description:
          cells.emplace_back(p.description.empty() ? p.title : p.description);
          break;
        case Column::address:
          cells.push_back(text_or_empty(p.address.empty() ? p.site : p.address));
          break;
        case Column::unit:
          cells.push_back(text_or_empty(p.unit_name));
          break;
        case Column::leaders:
          cells.push_back(text_or_empty(joined({p.leader_party, p.leader_government}, "、")));
          break;
        case Column::person:
          cells.push_back(text_or_empty(p.person_name));
          break;
        case Column::deadline:
          if (auto d = parse_date(p.deadline))
            cells.emplace_back(*d);
          else
            cells.emplace_back(std::monostate{});
          break;
        case Column::measures:
          cells.push_back(text_or_empty(h.measures));
          break;
        case Column::status: {
          const WorkflowState* s = wf.state(p.status);
          cells.emplace_back(s ? s->label.zh : p.status);
          break;
        }
        case Column::verification:
          cells.push_back(text_or_empty(verification_text(p, h)));
          break;
        case Column::lookback:
          cells.push_back(text_or_empty(lookback_text(p)));
          break;
        case Column::remarks:
          cells.push_back(text_or_empty(remarks_text(p, today)));
          break;
        default:
          cells.emplace_back(std::monostate{});
      }
    }
    LT_TRY(w.add_row(cells));
  }
  LT_ASSIGN(std::string bytes, w.finish());
  return ExportFile{"整改台账-" + today + ".xlsx", "problems-" + today + ".xlsx", std::move(bytes)};
}

Result<ExportFile> ProblemSheetService::import_template(const Actor& a) {
  if (!a.can("problems.manage")) return Error::make("not_permitted", {{"permission", "problems.manage"}});
  if (!a.can("problems.register")) return Error::make("not_permitted", {{"permission", "problems.register"}});
  struct TemplateColumn {
    Column column;
    std::string_view note;
  };
  static const std::vector<TemplateColumn> kColumns = {
      {Column::seq,
       "督导组清单中的序号。同一来源再次导入同一清单时，按“问题来源 + 序号”识别已导入的问题，不会重复登记。"},
      {Column::source, "必填（或在导入时选定统一的来源）。填写下方“问题来源”之一。"},
      {Column::type, "必填。填写下方“问题类型”之一。"},
      {Column::description, "必填。问题的完整描述；第一行（最多 200 字）作为问题标题。"},
      {Column::address, "问题所在地或详细地址。"},
      {Column::enterprise,
       "涉及的企业：与企业档案中的名称（唯一）或统一社会信用代码一致时关联该企业，否则作为问题点位名称保存"
       "。"},
      {Column::unit,
       "责任单位，须与组织机构中的单位名称完全一致（如“南郊乡”）。与整改时限同时填写时，导入即交办。"},
      {Column::person, "责任人姓名（交办时保存）。"},
      {Column::deadline,
       "整改时限：日期（2017-11-30、2017/11/"
       "30、2017年11月30日，或日期格式的单元格），“N个工作日”（自导入之日起按工作日计算，"
       "含调休），或“立行立改”。"},
      {Column::standard, "整改要求或整改标准。"},
      {Column::lng,
       "经度（可不填）。默认按 WGS-84；高德、腾讯地图的坐标（GCJ-02）在导入时选择对应坐标系即可。"},
      {Column::lat, "纬度（可不填），与经度同时填写。"},
      {Column::disposition, "处置方式：整改、取缔或搬迁；不填为整改。"},
  };
  io::XlsxWriter w;
  std::vector<std::string> headers;
  std::vector<double> widths;
  for (const auto& c : kColumns) {
    headers.emplace_back(ps::column_def(c.column).header);
    widths.push_back(ps::column_def(c.column).width);
  }
  LT_TRY(w.add_sheet("督办清单", headers));
  LT_TRY(w.set_column_widths(widths));

  LT_TRY(w.add_sheet("说明", {"列", "说明"}));
  LT_TRY(w.set_column_widths({16, 100}));
  for (const auto& c : kColumns)
    LT_TRY(w.add_row({std::string(ps::column_def(c.column).header), std::string(c.note)}));
  const ProblemRules& rules = problem_rules();
  std::vector<std::string> sources, types;
  for (const auto& s : rules.sources) sources.push_back(s.label.zh);
  for (const auto& t : rules.types) types.push_back(t.label.zh);
  const std::vector<std::pair<std::string, std::string>> general = {
      {"", ""},
      {"问题来源", joined(sources, "、")},
      {"问题类型", joined(types, "、")},
      {"表头",
       "第一张工作表的表头行可以在标题行下方（前 10 "
       "行内）；表头文字可用常见写法（如“交办来源”“问题”“地址”“完成时限”），"
       "也可在导入时逐列指定。合并单元格视为其范围内每格相同。"},
      {"示例",
       "1 | 强化督查 | 施工扬尘 | 某工地西侧裸土未覆盖，车辆未冲洗驶出 | 南郊乡某村 | | 南郊乡 | 张三 | "
       "5个工作日 | "
       "裸土全部覆盖，冲洗设施正常使用 | 114.3478 | 34.7921 | 整改"},
      {"整改台账",
       "从“整改台账”导出的表格可改后再导入：按“编号”更新原问题，仅“已登记”的问题可改；已交办的问题只报告差异"
       "，不作修改。"},
      {"导入方式", "默认全部无误才导入；也可选择只导入无误的行。导入前可预览每行的检查结果。"},
  };
  for (const auto& [k, v] : general) LT_TRY(w.add_row({k, v}));
  LT_ASSIGN(auto bytes, w.finish());
  return ExportFile{"督办清单导入模板.xlsx", "problem-import-template.xlsx", std::move(bytes)};
}

}  // namespace lantian::app
