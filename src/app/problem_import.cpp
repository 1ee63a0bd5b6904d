// ProblemSheetService::import: reading a 督办清单 or a re-imported 整改台账 and
// finding its header, then — once problem_import_check.cpp has checked every
// row — writing the plan in one transaction (app/problem_sheets.h).
#include <set>
#include <utility>

#include "app/audit.h"
#include "app/problem_import_internal.h"
#include "app/problem_views.h"
#include "core/text.h"
#include "store/problems_repo.h"

namespace lantian::app {

namespace ps = problem_sheet;

namespace problem_import {
namespace {

// Rows a file may have at all (title, header, blank lines included); the
// data rows are limited to kMaxRows after reading.
constexpr size_t kReadLimit = 20000;

}  // namespace

Result<ReadSheet> read_rows(const std::string& bytes, const ProblemImportOptions& o) {
  LT_ASSIGN(SheetTable table, SheetTable::read(bytes, o.delimiter, kReadLimit));
  std::vector<std::vector<SheetCell>> head;
  std::vector<int> numbers;
  std::vector<SheetCell> cells;
  int number = 0;
  while (head.size() < size_t(ps::kHeaderSearchRows) && table.next(cells, number)) {
    head.push_back(std::move(cells));
    numbers.push_back(number);
    cells = {};
  }
  auto h = ps::header_row(head);
  if (!h)
    return Error::field("file", issue("no_header_row", {{"rows", std::to_string(ps::kHeaderSearchRows)}}));
  ReadSheet s;
  s.format = table.format;
  s.header_row = numbers[*h];
  for (const auto& c : head[*h]) {
    s.headers.push_back(trim(c.text));
    auto col = ps::column_for_header(c.text);
    s.mapping.push_back(col ? column_name(*col) : std::string());
  }
  bool first = true;
  auto take = [&](std::vector<SheetCell>&& row, int n) {
    // A second header row under headers merged over both (经度/纬度 under 坐标).
    if (std::exchange(first, false) && ps::continues_header(s.headers, row)) {
      for (size_t i = 0; i < row.size() && i < s.headers.size(); ++i) {
        std::string text = trim(row[i].text);
        if (text.empty() || text == s.headers[i]) continue;
        s.headers[i] = text;
        auto col = ps::column_for_header(text);
        s.mapping[i] = col ? column_name(*col) : std::string();
      }
      return;
    }
    if (blank_row(row)) return;
    s.rows.push_back({n, std::move(row)});
  };
  for (size_t r = *h + 1; r < head.size(); ++r) take(std::move(head[r]), numbers[r]);
  while (table.next(cells, number)) {
    take(std::move(cells), number);
    cells = {};
  }
  if (s.rows.size() > size_t(ProblemSheetService::kMaxRows))
    return Error::make("import_too_many_rows", {{"rows", std::to_string(s.rows.size())},
                                                {"max", std::to_string(ProblemSheetService::kMaxRows)}});
  // A column fills one field: the first header naming it wins.
  std::set<std::string> taken;
  for (auto& m : s.mapping)
    if (!m.empty() && !taken.insert(m).second) m.clear();
  return s;
}

}  // namespace problem_import

Status ProblemSheetService::write(const Actor& a, Plan& plan, const ProblemImportOptions& o) {
  const std::string note = o.filename.empty() ? "导入" : "导入：" + shorten_text(o.filename, 100);
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    const std::string now = format_utc(clock_.now());
    for (auto& item : plan.items) {
      ProblemImportRow& row = plan.report.details[item.detail];
      Problem p;
      if (!item.id) {
        LT_ASSIGN(p, problems_.register_in(tx, a, item.input, note));
      } else {
        LT_ASSIGN(auto found, store::problems::get(tx, *item.id));
        if (!found || found->version != item.version)
          return Error::make("stale_version", {{"version", std::to_string(found ? found->version : 0)}});
        p = std::move(*found);
        if (item.update) {
          Problem next = p;
          LT_TRY(check_problem_input(tx, item.input, next));
          LT_ASSIGN(bool ok, store::problems::update(tx, p, next, now));
          if (!ok) return Error::make("stale_version", {{"version", std::to_string(p.version)}});
          LT_ASSIGN(auto stored, store::problems::get(tx, p.id));
          LT_TRY(record_audit(tx, a, "update", kProblemRecord, std::to_string(p.id), problem_audit_view(p),
                              problem_audit_view(*stored), now));
          p = std::move(*stored);
        }
      }
      if (item.assign) {
        ProblemActionInput act;
        act.action = "assign";
        act.version = p.version;
        act.note = note;
        act.assignment = *item.assign;
        LT_ASSIGN(p, problems_.act_in(tx, a, p.id, act));
      }
      row.id = p.id;
      row.number = p.number;
      row.title = p.title;
    }
    const auto& r = plan.report;
    boost::json::object summary{{"file", o.filename},
                                {"format", r.format},
                                {"rows", r.rows},
                                {"new", r.new_rows},
                                {"changed", r.changed},
                                {"unchanged", r.unchanged},
                                {"in_progress", r.in_progress},
                                {"assigned", r.assigned},
                                {"errors", r.errors}};
    return record_audit(tx, a, "import", kProblemRecord, "list", nullptr, summary, now);
  }));
  plan.report.written = true;
  return {};
}

Result<ProblemImportReport> ProblemSheetService::import(const Actor& a, const std::string& bytes,
                                                        const ProblemImportOptions& o) {
  if (!a.can("problems.manage")) return Error::make("not_permitted", {{"permission", "problems.manage"}});
  if (!a.can("problems.register")) return Error::make("not_permitted", {{"permission", "problems.register"}});
  LT_ASSIGN(Plan plan, check(a, bytes, o));
  const bool blocked = plan.report.errors > 0 && !o.valid_rows_only;
  if (o.dry_run || blocked || plan.items.empty()) return std::move(plan.report);
  LT_TRY(write(a, plan, o));
  return std::move(plan.report);
}
}  // namespace lantian::app
