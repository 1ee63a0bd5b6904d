#include "app/plan_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <set>

#include "core/text.h"
#include "store/campaigns_repo.h"
#include "store/units_repo.h"

namespace lantian::app {

namespace {

namespace plan = io::plan;

bool is_office(const Actor& a) { return a.can("campaigns.write") && a.grant.scope == Scope::all; }

bool blank_row(const io::Sheet& s, int row) {
  for (int c = 0; c < s.cols; ++c) {
    const auto& cell = s.cell(row, c);
    if (cell.type != io::Cell::Type::empty && !trim(cell.as_text()).empty()) return false;
  }
  return true;
}

// What the campaign and the caller's units offer for name matching.
struct Names {
  std::map<std::string, std::vector<Unit>> units;  // by name, enabled first
  std::map<std::string, int64_t> areas;            // by name and by code
  std::map<int64_t, std::string> area_names;
};

// The plan field a TaskService field error is about.
std::string plan_key(const std::string& field) {
  static const std::map<std::string, std::string> k = {
      {"code", "code"},
      {"title", "title"},
      {"description", "description"},
      {"work_area_id", "work_area"},
      {"owner_unit_id", "owner_unit"},
      {"lead_unit_id", "lead_unit"},
      {"responsible_leader.name", "responsible_leader"},
      {"responsible_leader.phone", "responsible_leader"},
      {"responsible_person.name", "responsible_person"},
      {"responsible_person.phone", "phone"},
      {"start_date", "start_date"},
      {"deadline", "deadline"},
      {"measure_unit", "measure_unit"},
      {"target_value", "target_value"},
      {"parent_id", "code"},
  };
  auto it = k.find(field);
  return it == k.end() ? std::string() : it->second;
}

Status check_office_and_campaign(store::Database& db, const Actor& a, int64_t campaign_id, Names* names) {
  if (!is_office(a)) return Error::forbidden("only the campaign office may import a plan");
  return db.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto c, store::campaigns::get(tx, campaign_id));
    if (!c) return Error::not_found("no such campaign");
    if (!names) return {};
    LT_ASSIGN(auto areas, store::campaigns::areas(tx, campaign_id));
    for (const auto& w : areas) {
      names->areas.emplace(w.name, w.id);
      names->areas.emplace(w.code, w.id);
      names->area_names[w.id] = w.name;
    }
    LT_ASSIGN(auto units, store::units::all(tx, a.scope_path(), true));
    for (auto& u : units) names->units[u.name].push_back(std::move(u));
    for (auto& [name, list] : names->units)
      std::stable_sort(list.begin(), list.end(),
                       [](const Unit& x, const Unit& y) { return !x.disabled && y.disabled; });
    return {};
  });
}

}  // namespace

Result<ImportPreview> PlanImportService::preview(const Actor& a, int64_t campaign_id, const std::string& xlsx,
                                                 int sheet) {
  LT_TRY(check_office_and_campaign(db_, a, campaign_id, nullptr));
  ImportPreview out;
  LT_ASSIGN(out.sheets, io::sheet_names(xlsx));
  if (sheet < 0 || size_t(sheet) >= out.sheets.size())
    return Error::invalid(fmt::format(
        "sheet {} does not exist: the workbook has {} sheet(s), numbered from 0", sheet, out.sheets.size()));
  out.sheet = sheet;
  LT_ASSIGN(auto s, io::read_sheet(xlsx, sheet));
  auto hdr = plan::header_row(s);
  if (!hdr) return out;
  out.header_row = *hdr + 1;
  out.headers = plan::header_texts(s, *hdr);
  out.suggested_mapping = plan::suggest_mapping(out.headers);
  for (int r = *hdr + 1; r < s.rows; ++r) {
    if (blank_row(s, r)) continue;
    ++out.row_count;
    if (out.rows.size() >= 20) continue;
    std::vector<std::string> row;
    for (int c = 0; c < s.cols; ++c)
      row.push_back(s.cell(r, c).type == io::Cell::Type::empty ? "" : s.cell(r, c).as_text());
    out.rows.push_back(std::move(row));
  }
  return out;
}

Result<ImportReport> PlanImportService::import(const Actor& a, int64_t campaign_id, const std::string& xlsx,
                                               const ImportOptions& opt) {
  Names names;
  LT_TRY(check_office_and_campaign(db_, a, campaign_id, &names));
  LT_ASSIGN(auto sheet, io::read_sheet(xlsx, opt.sheet));
  auto hdr = plan::header_row(sheet);
  if (!hdr) return Error::invalid("the sheet is empty");
  plan::Mapping mapping = opt.mapping ? *opt.mapping : plan::suggest_mapping(plan::header_texts(sheet, *hdr));
  LT_ASSIGN(auto parsed, plan::parse_plan(sheet, mapping));
  if (parsed.rows.size() > kMaxRows)
    return Error::invalid(fmt::format("the sheet has {} task rows; at most {} can be imported at once",
                                      parsed.rows.size(), kMaxRows));
  auto col_of = [&](const std::string& key) {
    auto it = mapping.find(key);
    return it == mapping.end() ? -1 : it->second;
  };
  auto label = [](const std::string& key) {
    const auto* f = plan::find_field(key);
    return f ? std::string(f->label_zh) : key;
  };
  std::vector<plan::RowError> errors = std::move(parsed.errors);
  auto& rows = parsed.rows;
  const size_t n = rows.size();
  std::vector<bool> bad(n);
  for (size_t i = 0; i < n; ++i) bad[i] = rows[i].has_errors;
  auto add = [&](size_t i, const std::string& key, std::string msg) {
    errors.push_back({rows[i].row, key.empty() ? -1 : col_of(key), key, std::move(msg)});
    bad[i] = true;
  };

  // Tree order: each row followed by its subtree, roots in sheet order.
  std::vector<size_t> order;
  std::function<void(size_t)> visit = [&](size_t i) {
    order.push_back(i);
    for (size_t k : rows[i].children) visit(k);
  };
  for (size_t i = 0; i < n; ++i)
    if (!rows[i].parent) visit(i);

  // Names to ids; a row under a failed row is skipped.
  std::vector<app::TaskInput> inputs(n);
  std::vector<std::optional<int64_t>> area_of(n);
  std::vector<bool> skipped(n);
  auto unit_id = [&](size_t i, const std::string& key, const std::string& name) -> std::optional<int64_t> {
    auto it = names.units.find(name);
    if (it == names.units.end()) {
      add(i, key,
          fmt::format("{}: there is no unit named \"{}\" (among the units you can see)", label(key), name));
      return std::nullopt;
    }
    const auto& list = it->second;
    if (list.size() > 1 && list[0].disabled == list[1].disabled) {
      add(i, key,
          fmt::format("{}: {} units are named \"{}\"; rename one of them first", label(key), list.size(),
                      name));
      return std::nullopt;
    }
    return list[0].id;
  };
  for (size_t i : order) {
    const auto& r = rows[i];
    if (r.parent && (bad[*r.parent] || skipped[*r.parent])) {
      skipped[i] = true;
      if (!bad[i])
        errors.push_back(
            {r.row, col_of("code"), "code",
             fmt::format("not imported: its parent (row {}) has errors", rows[*r.parent].row + 1)});
      continue;
    }
    app::TaskInput& in = inputs[i];
    in.campaign_id = campaign_id;
    if (!r.work_area.empty()) {
      auto it = names.areas.find(r.work_area);
      if (it == names.areas.end())
        add(i, "work_area",
            fmt::format("{}: the campaign has no work area \"{}\"", label("work_area"), r.work_area));
      else
        area_of[i] = it->second;
    }
    if (r.parent) {
      // A subtask belongs to its parent's work area.
      if (area_of[i] && area_of[*r.parent] != area_of[i])
        add(i, "work_area",
            fmt::format("{}: a subtask belongs to its parent's work area ({})", label("work_area"),
                        area_of[*r.parent] ? names.area_names[*area_of[*r.parent]] : std::string("none")));
      area_of[i] = area_of[*r.parent];
    } else if (area_of[i]) {
      in.work_area_id = std::optional<int64_t>(area_of[i]);
    }
    if (auto id = unit_id(i, "owner_unit", r.owner_unit)) in.owner_unit_id = *id;
    if (!r.lead_unit.empty())
      if (auto id = unit_id(i, "lead_unit", r.lead_unit)) in.lead_unit_id = *id;
    in.code = r.code;
    in.title = r.title;
    in.description = r.description;
    if (!r.responsible_leader.empty()) in.responsible_leader = Person{r.responsible_leader, ""};
    if (!r.responsible_person.empty() || !r.phone.empty())
      in.responsible_person = Person{r.responsible_person, r.phone};
    if (!r.start_date.empty()) in.start_date = r.start_date;
    in.deadline = r.deadline;
    in.measure_unit = r.measure_unit;
    if (r.target_value) in.target_value = std::optional<double>(r.target_value);
  }

  // Everything TaskService checks, in one transaction with the writes.
  std::vector<NewTask> batch;
  std::vector<size_t> row_of;         // batch index -> row index
  std::map<size_t, size_t> batch_of;  // row index -> batch index
  for (size_t i : order) {
    if (bad[i] || skipped[i]) continue;
    NewTask t{inputs[i], std::nullopt};
    if (rows[i].parent) t.parent = batch_of.at(*rows[i].parent);
    batch_of[i] = batch.size();
    row_of.push_back(i);
    batch.push_back(std::move(t));
  }
  ImportReport report;
  report.dry_run = opt.dry_run;
  // With row errors already, all-or-nothing only checks what it can.
  bool doomed = opt.mode == BatchMode::all_or_nothing && std::find(bad.begin(), bad.end(), true) != bad.end();
  BatchOutcome outcome;
  if (!batch.empty()) {
    LT_ASSIGN(outcome, tasks_.create_many(a, batch, opt.mode, opt.dry_run || doomed));
  }
  for (size_t b = 0; b < batch.size(); ++b) {
    size_t i = row_of[b];
    for (const auto& fe : outcome.errors[b]) {
      if (fe.field == "parent_id" && fe.message.rfind("not created", 0) == 0) {
        skipped[i] = true;
        errors.push_back(
            {rows[i].row, col_of("code"), "code",
             fmt::format("not imported: its parent (row {}) has errors", rows[*rows[i].parent].row + 1)});
        continue;
      }
      std::string key = plan_key(fe.field);
      add(i, key, key.empty() ? fe.field + ": " + fe.message : label(key) + ": " + fe.message);
    }
  }
  report.created = int(outcome.created);
  report.total_rows = int(n);
  for (size_t i = 0; i < n; ++i)
    if (bad[i] || skipped[i]) ++report.invalid_rows;
  report.valid_rows = report.total_rows - report.invalid_rows;

  std::stable_sort(errors.begin(), errors.end(),
                   [](const plan::RowError& x, const plan::RowError& y) { return x.row < y.row; });
  for (const auto& e : errors) {
    if (report.errors.size() >= kMaxReportedErrors) {
      report.errors_truncated = true;
      break;
    }
    report.errors.push_back({e.row + 1, e.col >= 0 ? io::column_letters(e.col) : "", e.field, e.message});
  }
  return report;
}

}  // namespace lantian::app
