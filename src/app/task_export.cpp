#include "app/task_export.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "core/calendar.h"
#include "core/task_rules.h"
#include "core/task_workflow.h"
#include "io/xlsx_writer.h"

namespace lantian::app {

namespace {

// "1.10" after "1.9": dotted (or slashed) numbers compare by their numeric
// parts; other text compares as text, after numbers.
bool natural_less(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    bool da = a[i] >= '0' && a[i] <= '9', db = b[j] >= '0' && b[j] <= '9';
    if (da && db) {
      size_t ei = i, ej = j;
      while (ei < a.size() && a[ei] >= '0' && a[ei] <= '9') ++ei;
      while (ej < b.size() && b[ej] >= '0' && b[ej] <= '9') ++ej;
      std::string_view na(a.data() + i, ei - i), nb(b.data() + j, ej - j);
      while (na.size() > 1 && na.front() == '0') na.remove_prefix(1);
      while (nb.size() > 1 && nb.front() == '0') nb.remove_prefix(1);
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      i = ei;
      j = ej;
    } else {
      if (da != db) return da;
      if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

io::CellValue date_cell(const std::string& s) {
  if (auto d = parse_date(s)) return *d;
  if (s.empty()) return std::monostate{};
  return s;
}

std::vector<io::CellValue> row_of(const TaskDetail& d) {
  const Task& t = d.task;
  const TaskStatusDef* st = find_task_status(t.status);
  // Filled by index: GCC 12 warns (wrongly) about uninitialised variants
  // when temporaries are pushed one by one.
  std::vector<io::CellValue> r(20);
  auto text = [&](size_t i, const std::string& s) {
    if (!s.empty()) r[i] = s;
  };
  text(0, t.code);
  text(1, t.work_area_name);
  r[2] = t.title;
  text(3, t.lead_unit_name);
  text(4, t.owner_unit_name);
  text(5, t.responsible_leader.name);
  text(6, t.responsible_person.name);
  text(7, t.responsible_person.phone);
  r[8] = date_cell(t.start_date);
  r[9] = date_cell(t.deadline);
  if (t.target_value) r[10] = *t.target_value;
  text(11, t.measure_unit);
  if (t.target_value || t.achieved_value != 0) r[12] = t.achieved_value;
  r[13] = percent_shown(t.progress);  // 0..100, one decimal, truncated
  r[14] = st ? st->label.zh : t.status;
  r[15] = std::string(d.facts.overdue ? "是" : "否");
  if (d.facts.overdue) r[16] = int64_t(d.facts.overdue_working_days);
  // The keys a re-import matches rows by (app/plan_import.h).
  r[17] = t.id;
  if (t.parent_id) r[18] = *t.parent_id;
  r[19] = t.version;
  return r;
}

Result<std::string> workbook(const std::string& sheet, const std::vector<TaskDetail>& rows,
                             const std::vector<size_t>& order) {
  io::XlsxWriter w;
  LT_TRY(w.add_sheet(sheet, export_headers()));
  LT_TRY(w.set_column_widths({8, 14, 40, 16, 16, 10, 10, 14, 12, 12, 10, 8, 10, 8, 14, 8, 10, 18, 20, 16}));
  for (size_t i : order) LT_TRY(w.add_row(row_of(rows[i])));
  return w.finish();
}

}  // namespace

const std::vector<std::string>& export_headers() {
  static const std::vector<std::string> h = {"序号",
                                             "重点领域",
                                             "工作任务",
                                             "牵头单位",
                                             "责任单位",
                                             "责任领导",
                                             "责任人",
                                             "联系电话",
                                             "开始时间",
                                             "完成时限",
                                             "目标值",
                                             "计量单位",
                                             "已完成",
                                             "进度(%)",
                                             "状态",
                                             "是否逾期",
                                             "逾期工作日",
                                             "任务ID（请勿修改）",
                                             "上级任务ID（请勿修改）",
                                             "版本（请勿修改）"};
  return h;
}

Result<ExportFile> TaskExport::ledger(const Actor& a, const store::tasks::Filter& f) {
  LT_ASSIGN(auto rows, tasks_.list_all(a, f, kMaxRows));
  // Tree order with siblings by 序号: a task whose parent is not in the
  // export (filtered out, or outside the caller's scope) starts a tree.
  std::map<int64_t, size_t> index;
  for (size_t i = 0; i < rows.size(); ++i) index[rows[i].task.id] = i;
  std::vector<size_t> roots;
  std::vector<std::vector<size_t>> kids(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& p = rows[i].task.parent_id;
    auto it = p ? index.find(*p) : index.end();
    if (it == index.end())
      roots.push_back(i);
    else
      kids[it->second].push_back(i);
  }
  auto by_code = [&](size_t x, size_t y) {
    const Task &a1 = rows[x].task, &b1 = rows[y].task;
    if (a1.code != b1.code) {
      if (a1.code.empty() || b1.code.empty()) return b1.code.empty();  // numbered first
      return natural_less(a1.code, b1.code);
    }
    return a1.id < b1.id;
  };
  std::vector<size_t> order;
  order.reserve(rows.size());
  std::function<void(size_t)> visit = [&](size_t i) {
    order.push_back(i);
    std::sort(kids[i].begin(), kids[i].end(), by_code);
    for (size_t k : kids[i]) visit(k);
  };
  std::sort(roots.begin(), roots.end(), by_code);
  for (size_t r : roots) visit(r);
  LT_ASSIGN(auto bytes, workbook("任务台账", rows, order));
  return ExportFile{"任务台账-" + tasks_.today() + ".xlsx", "tasks-" + tasks_.today() + ".xlsx",
                    std::move(bytes)};
}

Result<ExportFile> TaskExport::overdue(const Actor& a, std::optional<int64_t> campaign_id) {
  store::tasks::Filter f;
  f.campaign_id = campaign_id;
  f.overdue = true;
  LT_ASSIGN(auto rows, tasks_.list_all(a, f, kMaxRows));
  std::vector<size_t> order(rows.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const Task &a1 = rows[x].task, &b1 = rows[y].task;
    if (a1.owner_unit_path != b1.owner_unit_path) return natural_less(a1.owner_unit_path, b1.owner_unit_path);
    if (a1.deadline != b1.deadline) return a1.deadline < b1.deadline;
    if (a1.code != b1.code) return natural_less(a1.code, b1.code);
    return a1.id < b1.id;
  });
  LT_ASSIGN(auto bytes, workbook("逾期任务", rows, order));
  return ExportFile{"逾期任务-" + tasks_.today() + ".xlsx", "overdue-tasks-" + tasks_.today() + ".xlsx",
                    std::move(bytes)};
}

}  // namespace lantian::app
