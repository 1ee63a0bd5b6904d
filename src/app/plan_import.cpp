#include "app/plan_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include "core/task_rules.h"
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
  if (!is_office(a)) return Error::make("office_only");
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

// A value as the export writes it and a person reads it.
std::string show(const std::optional<double>& v) { return v ? format_quantity(*v) : std::string(); }

bool same(const std::optional<double>& x, const std::optional<double>& y) {
  if (!x || !y) return bool(x) == bool(y);
  return std::fabs(*x - *y) <= 1e-9 * std::max(1.0, std::fabs(*x));
}

}  // namespace

Result<ImportPreview> PlanImportService::preview(const Actor& a, int64_t campaign_id, const std::string& xlsx,
                                                 int sheet) {
  LT_TRY(check_office_and_campaign(db_, a, campaign_id, nullptr));
  ImportPreview out;
  LT_ASSIGN(out.sheets, io::sheet_names(xlsx));
  if (sheet < 0 || size_t(sheet) >= out.sheets.size())
    return Error::make("no_such_sheet",
                       {{"sheets", std::to_string(out.sheets.size())}, {"sheet", std::to_string(sheet + 1)}});
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
  if (!hdr) return Error::make("sheet_empty");
  plan::Mapping mapping = opt.mapping ? *opt.mapping : plan::suggest_mapping(plan::header_texts(sheet, *hdr));
  LT_ASSIGN(auto parsed, plan::parse_plan(sheet, mapping));
  if (parsed.rows.size() > kMaxRows)
    return Error::make("too_many_rows",
                       {{"rows", std::to_string(parsed.rows.size())}, {"max", std::to_string(kMaxRows)}});
  auto col_of = [&](const std::string& key) {
    auto it = mapping.find(key);
    return it == mapping.end() ? -1 : it->second;
  };
  auto mapped = [&](const std::string& key) { return mapping.count(key) > 0; };
  auto label = [](const std::string& key) {
    const auto* f = plan::find_field(key);
    return f ? std::string(f->label_zh) : key;
  };
  std::vector<plan::RowError> errors = std::move(parsed.errors);
  auto& rows = parsed.rows;
  const size_t n = rows.size();
  std::vector<bool> bad(n);
  for (size_t i = 0; i < n; ++i) bad[i] = rows[i].has_errors;
  auto add = [&](size_t i, const std::string& key, Issue is) {
    std::string msg = key.empty() ? is.message : label(key) + ": " + is.message;
    errors.push_back({rows[i].row, key.empty() ? -1 : col_of(key), key, std::move(msg), is.code, is.params});
    bad[i] = true;
  };
  auto parent_failed = [&](size_t i, size_t p) {
    errors.push_back({rows[i].row,
                      col_of("code"),
                      "code",
                      fmt::format("not imported: its parent (row {}) has errors", rows[p].row + 1),
                      "parent_row_failed",
                      {{"row", std::to_string(rows[p].row + 1)}}});
  };

  // The campaign's tasks the caller sees, for rows with a key.
  std::map<int64_t, Task> existing;
  if (std::any_of(rows.begin(), rows.end(), [](const auto& r) { return r.task_id || r.parent_task_id; })) {
    store::tasks::Filter f;
    f.campaign_id = campaign_id;
    LT_ASSIGN(auto all, tasks_.list_all(a, f, TaskExport::kMaxRows));
    for (auto& d : all) existing.emplace(d.task.id, std::move(d.task));
  }

  // Tree order: each row followed by its subtree, roots in sheet order.
  std::vector<size_t> order;
  std::function<void(size_t)> visit = [&](size_t i) {
    order.push_back(i);
    for (size_t k : rows[i].children) visit(k);
  };
  for (size_t i = 0; i < n; ++i)
    if (!rows[i].parent) visit(i);

  auto unit_id = [&](size_t i, const std::string& key, const std::string& name) -> std::optional<int64_t> {
    auto it = names.units.find(name);
    if (it == names.units.end()) {
      add(i, key, issue("unknown_unit", {{"name", name}}));
      return std::nullopt;
    }
    const auto& list = it->second;
    if (list.size() > 1 && list[0].disabled == list[1].disabled) {
      add(i, key, issue("ambiguous_unit", {{"name", name}}));
      return std::nullopt;
    }
    return list[0].id;
  };
  auto area_id = [&](size_t i, const std::string& name) -> std::optional<int64_t> {
    auto it = names.areas.find(name);
    if (it != names.areas.end()) return it->second;
    add(i, "work_area", issue("no_such_area", {{"name", name}}));
    return std::nullopt;
  };

  // Keyed rows: what changes.
  std::vector<std::optional<TaskChange>> change_of(n);
  std::vector<std::vector<FieldChange>> diffs(n);
  std::map<int64_t, size_t> key_row;
  for (size_t i = 0; i < n; ++i) {
    const auto& r = rows[i];
    if (!r.task_id) continue;
    auto [kr, fresh] = key_row.emplace(*r.task_id, i);
    if (!fresh) {
      add(i, "task_id",
          issue("duplicate_task_key", {{"id", std::to_string(*r.task_id)},
                                       {"other_row", std::to_string(rows[kr->second].row + 1)}}));
      continue;
    }
    auto it = existing.find(*r.task_id);
    if (it == existing.end()) {
      add(i, "task_id", issue("unknown_task_key", {{"id", std::to_string(*r.task_id)}}));
      continue;
    }
    if (bad[i]) continue;
    const Task& cur = it->second;
    TaskInput in;
    auto& diff = diffs[i];
    auto text = [&](const std::string& key, const std::string& now, const std::string& then,
                    std::optional<std::string>& slot) {
      if (!mapped(key) || now == then) return;
      diff.push_back({key, then, now});
      slot = now;
    };
    text("code", r.code, cur.code, in.code);
    text("title", r.title, cur.title, in.title);
    text("description", r.description, cur.description, in.description);
    text("start_date", r.start_date, cur.start_date, in.start_date);
    text("deadline", r.deadline, cur.deadline, in.deadline);
    text("measure_unit", r.measure_unit, cur.measure_unit, in.measure_unit);
    if (mapped("work_area") && !cur.parent_id && r.work_area != cur.work_area_name) {
      if (r.work_area.empty()) {
        in.work_area_id = std::optional<int64_t>();
        diff.push_back({"work_area", cur.work_area_name, ""});
      } else if (auto id = area_id(i, r.work_area)) {
        if (id != cur.work_area_id) {
          in.work_area_id = std::optional<int64_t>(*id);
          diff.push_back({"work_area", cur.work_area_name, r.work_area});
        }
      }
    }
    if (mapped("owner_unit") && r.owner_unit != cur.owner_unit_name)
      if (auto id = unit_id(i, "owner_unit", r.owner_unit)) {
        in.owner_unit_id = *id;
        diff.push_back({"owner_unit", cur.owner_unit_name, r.owner_unit});
      }
    if (mapped("lead_unit") && !r.lead_unit.empty() && r.lead_unit != cur.lead_unit_name)
      if (auto id = unit_id(i, "lead_unit", r.lead_unit)) {
        in.lead_unit_id = *id;
        diff.push_back({"lead_unit", cur.lead_unit_name, r.lead_unit});
      }
    if (mapped("responsible_leader") && r.responsible_leader != cur.responsible_leader.name) {
      in.responsible_leader = Person{r.responsible_leader, cur.responsible_leader.phone};
      diff.push_back({"responsible_leader", cur.responsible_leader.name, r.responsible_leader});
    }
    Person person = cur.responsible_person;
    if (mapped("responsible_person") && r.responsible_person != person.name) {
      diff.push_back({"responsible_person", person.name, r.responsible_person});
      person.name = r.responsible_person;
    }
    if (mapped("phone") && r.phone != person.phone) {
      diff.push_back({"phone", person.phone, r.phone});
      person.phone = r.phone;
    }
    if (person.name != cur.responsible_person.name || person.phone != cur.responsible_person.phone) {
      in.responsible_person = person;
      in.responsible_user_id = std::optional<int64_t>();  // a person named in the sheet, not an account
    }
    if (mapped("target_value") && !same(r.target_value, cur.target_value)) {
      in.target_value = r.target_value;
      diff.push_back({"target_value", show(cur.target_value), show(r.target_value)});
    }
    if (bad[i] || diff.empty()) continue;
    if (r.version && *r.version != cur.version) {
      add(i, "version",
          issue("stale_row",
                {{"version", std::to_string(*r.version)}, {"current", std::to_string(cur.version)}}));
      continue;
    }
    in.version = cur.version;
    change_of[i] = TaskChange{cur.id, std::move(in)};
  }

  // New rows: names to ids; a row under a failed new row is skipped.
  std::vector<app::TaskInput> inputs(n);
  std::vector<std::optional<int64_t>> area_of(n);
  std::vector<bool> skipped(n);
  for (size_t i : order) {
    const auto& r = rows[i];
    if (r.task_id) {
      if (auto it = existing.find(*r.task_id); it != existing.end()) area_of[i] = it->second.work_area_id;
      continue;
    }
    std::optional<size_t> new_parent;    // a new row above it
    std::optional<int64_t> task_parent;  // an existing task
    if (r.parent) {
      if (rows[*r.parent].task_id) {
        task_parent = rows[*r.parent].task_id;
      } else {
        new_parent = r.parent;
        if (bad[*r.parent] || skipped[*r.parent]) {
          skipped[i] = true;
          if (!bad[i]) parent_failed(i, *r.parent);
          continue;
        }
      }
    } else if (r.parent_task_id) {
      task_parent = r.parent_task_id;
    }
    if (task_parent && !existing.count(*task_parent)) {
      add(i, "parent_task_id", issue("unknown_task_key", {{"id", std::to_string(*task_parent)}}));
      continue;
    }
    app::TaskInput& in = inputs[i];
    in.campaign_id = campaign_id;
    if (task_parent) in.parent_id = *task_parent;
    if (!r.work_area.empty()) area_of[i] = area_id(i, r.work_area);
    if (new_parent || task_parent) {
      // A subtask belongs to its parent's work area.
      std::optional<int64_t> parent_area =
          new_parent ? area_of[*new_parent] : existing.at(*task_parent).work_area_id;
      if (area_of[i] && area_of[i] != parent_area)
        add(i, "work_area",
            issue("subtask_area",
                  {{"area", parent_area ? names.area_names[*parent_area] : std::string("-")}}));
      area_of[i] = parent_area;
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
  std::vector<TaskChange> updates;
  std::vector<size_t> row_of_update;
  std::vector<NewTask> batch;
  std::vector<size_t> row_of;         // batch index -> row index
  std::map<size_t, size_t> batch_of;  // row index -> batch index
  for (size_t i : order) {
    if (bad[i] || skipped[i]) continue;
    if (rows[i].task_id) {
      if (change_of[i]) {
        row_of_update.push_back(i);
        updates.push_back(*change_of[i]);
      }
      continue;
    }
    NewTask t{inputs[i], std::nullopt};
    if (rows[i].parent && !rows[i].task_id && !rows[*rows[i].parent].task_id)
      t.parent = batch_of.at(*rows[i].parent);
    batch_of[i] = batch.size();
    row_of.push_back(i);
    batch.push_back(std::move(t));
  }
  ImportReport report;
  report.dry_run = opt.dry_run;
  // With row errors already, all-or-nothing only checks what it can.
  bool doomed = opt.mode == BatchMode::all_or_nothing && std::find(bad.begin(), bad.end(), true) != bad.end();
  PlanBatchOutcome outcome;
  if (!batch.empty() || !updates.empty()) {
    LT_ASSIGN(outcome, tasks_.apply_plan(a, updates, batch, opt.mode, opt.dry_run || doomed));
  }
  auto service_error = [&](size_t i, const FieldError& fe) {
    std::string key = plan_key(fe.field);
    Issue is{fe.code.empty() ? std::string("invalid") : fe.code, fe.params, fe.message};
    if (key.empty() && !fe.field.empty()) is.message = fe.field + ": " + fe.message;
    add(i, key, is);
  };
  for (size_t u = 0; u < updates.size(); ++u)
    for (const auto& fe : outcome.update_errors[u]) service_error(row_of_update[u], fe);
  for (size_t b = 0; b < batch.size(); ++b) {
    size_t i = row_of[b];
    for (const auto& fe : outcome.created.errors[b]) {
      if (fe.field == "parent_id" &&
          (fe.code == "parent_failed" || fe.message.rfind("not created", 0) == 0)) {
        skipped[i] = true;
        parent_failed(i, *rows[i].parent);
        continue;
      }
      service_error(i, fe);
    }
  }
  report.created = int(outcome.created.created);
  report.updated = int(outcome.updated);
  report.total_rows = int(n);
  for (size_t i = 0; i < n; ++i) {
    if (bad[i] || skipped[i]) {
      ++report.invalid_rows;
    } else if (!rows[i].task_id) {
      ++report.new_rows;
    } else if (diffs[i].empty()) {
      ++report.unchanged_rows;
    } else {
      ++report.changed_rows;
      if (report.changes.size() < kMaxReportedErrors)
        report.changes.push_back(
            {rows[i].row + 1, *rows[i].task_id, existing.at(*rows[i].task_id).title, diffs[i]});
    }
  }
  report.valid_rows = report.total_rows - report.invalid_rows;

  std::stable_sort(errors.begin(), errors.end(),
                   [](const plan::RowError& x, const plan::RowError& y) { return x.row < y.row; });
  for (const auto& e : errors) {
    if (report.errors.size() >= kMaxReportedErrors) {
      report.errors_truncated = true;
      break;
    }
    report.errors.push_back({e.row + 1, e.col >= 0 ? io::column_letters(e.col) : "", e.field, e.message,
                             e.code.empty() ? std::string("invalid") : e.code, e.params});
  }
  return report;
}

}  // namespace lantian::app
