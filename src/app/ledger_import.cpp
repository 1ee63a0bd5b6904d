// LedgerSheetService: importing a ledger from .xlsx or CSV — reading the
// sheet, mapping its columns, checking every row, matching rows already in
// the ledger, and writing the result (app/ledger_sheets.h).
#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "app/audit.h"
#include "app/ledger_fields.h"
#include "app/ledger_sheets.h"
#include "app/ledger_views.h"
#include "app/sheet_table.h"
#include "app/workflow_records.h"
#include "core/crypto.h"
#include "core/error_codes.h"
#include "core/ledgers.h"
#include "core/text.h"
#include "core/workflows.h"
#include "store/ledger_import_jobs_repo.h"
#include "store/ledger_rows_repo.h"
#include "store/units_repo.h"
#include "store/workflow_events_repo.h"

namespace lantian::app {
namespace {

constexpr size_t kMaxRows = 200000;
constexpr size_t kDetailsShown = 200;

// The raw value a field gets from a cell: text kinds take the text as read
// (a phone number or a date typed into a text column), dates a date-formatted
// number's text, numbers and booleans the native value.
RawValue raw_for(const LedgerField& f, const SheetCell& c) {
  if (std::holds_alternative<std::nullptr_t>(c.raw)) return nullptr;
  switch (f.type) {
    case FieldType::integer:
    case FieldType::decimal:
    case FieldType::boolean:
      return c.raw;
    case FieldType::date:
      return c.is_date ? RawValue(c.text) : c.raw;
    default:
      return RawValue(c.text);
  }
}

// "114.37,34.78" (or with a full-width comma or a space) as a point.
std::optional<LngLat> parse_point(std::string s) {
  s = halfwidth_ascii(trim(s));
  for (char& ch : s)
    if (ch == ' ' || ch == ';') ch = ',';
  auto comma = s.find(',');
  if (comma == std::string::npos) return std::nullopt;
  try {
    size_t a = 0, b = 0;
    double lng = std::stod(s.substr(0, comma), &a);
    std::string rest = trim(s.substr(comma + 1));
    double lat = std::stod(rest, &b);
    if (a != comma || b != rest.size()) return std::nullopt;
    return LngLat{lng, lat};
  } catch (...) {
    return std::nullopt;
  }
}

std::string value_key(const LedgerValue& v) { return encode_ledger_fields({{"v", v}}); }

LedgerImportIssue issue_at(int column, const std::string& field, const Issue& i) {
  return LedgerImportIssue{column, field, i.code, i.message, i.params};
}

}  // namespace

struct LedgerSheetService::Plan {
  LedgerImportReport report;
  struct Item {
    size_t detail = 0;                        // index into report.details
    LedgerRow row;                            // as it will be written
    std::unique_ptr<const LedgerRow> before;  // a changed row as it was (most items are new)
    std::vector<LedgerFilterValue> filters;
  };
  std::vector<Item> items;  // rows to write: new and changed, valid
  std::string filename;
};

Result<LedgerSheetService::Plan> LedgerSheetService::check(const Actor& a, const LedgerType& t,
                                                           const std::string& bytes,
                                                           const LedgerImportOptions& o) {
  LT_ASSIGN(SheetTable table, SheetTable::read(bytes, o.delimiter, kMaxRows + 1));
  Plan plan;
  plan.filename = o.filename;
  LedgerImportReport& rep = plan.report;
  rep.ledger_type = t.name;
  rep.format = table.format;
  std::vector<SheetCell> cells;
  int number = 0;
  table.next(cells, number);  // the header: the first row (the file has one at least)
  for (const auto& c : cells) rep.headers.push_back(trim(c.text));
  rep.mapping = match_ledger_headers(t, rep.headers);
  for (const auto& [col, name] : o.mapping) {
    if (col < 0 || size_t(col) >= rep.mapping.size())
      return Error::field("mapping",
                          issue("out_of_range", {{"min", "0"}, {"max", std::to_string(rep.mapping.size())}}));
    const auto& b = ledger_builtins();
    if (!name.empty() && !t.field(name) && std::find(b.begin(), b.end(), name) == b.end())
      return Error::field("mapping", issue("unknown_field", {{"name", name}}));
    for (auto& m : rep.mapping)
      if (!name.empty() && m == name) m.clear();  // a column is filled once
    rep.mapping[size_t(col)] = name;
  }
  for (const auto& m : rep.mapping)
    if (m == "status" || m == "updated_at" || m == "enterprise") rep.ignored_columns.push_back(m);
  auto column_of = [&](const std::string& name) -> int {
    for (size_t i = 0; i < rep.mapping.size(); ++i)
      if (rep.mapping[i] == name) return int(i);
    return -1;
  };
  const int unit_col = column_of("unit"), location_col = column_of("location");

  // What the ledger holds already, in the importer's scope.
  std::map<std::string, std::vector<Unit>> units_by_name;
  std::optional<Unit> default_unit;
  std::vector<LedgerRow> existing;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto units, store::units::all(tx, a.scope_path(), false));
    for (auto& u : units) units_by_name[u.name].push_back(u);
    if (o.default_unit) {
      LT_ASSIGN(auto u, store::units::get(tx, *o.default_unit));
      if (!u || !a.sees_path(u->path)) return Error::field("unit_id", issue("not_in_scope"));
      default_unit = *u;
    }
    int64_t scope = a.unit_id;
    if (a.grant.scope == Scope::all) {
      LT_ASSIGN(auto root, store::units::root_id(tx));
      scope = root.value_or(0);
    }
    LT_ASSIGN(existing, store::ledger_rows::all_in_scope(tx, t.name, scope));
    return {};
  }));
  const WorkflowDef& wf = *workflows().find(t.workflow);

  // Keys of the rows already there: the re-import key, credit codes, title + address.
  const LedgerField* address = t.field("address");
  std::vector<const LedgerField*> codes;
  for (const auto& f : t.fields)
    if (f.type == FieldType::credit_code) codes.push_back(&f);
  auto key_of = [&](const std::map<std::string, LedgerValue>& v) -> std::string {
    if (t.excel_key.empty()) return {};
    std::string k;
    for (const auto& name : t.excel_key) {
      auto it = v.find(name);
      if (it == v.end() || std::holds_alternative<std::monostate>(it->second)) return {};
      k += value_key(it->second) + "\x1f";
    }
    return k;
  };
  auto text_of = [](const std::map<std::string, LedgerValue>& v, const std::string& name) -> std::string {
    auto it = v.find(name);
    if (it == v.end()) return {};
    auto s = std::get_if<std::string>(&it->second);
    return s ? *s : std::string();
  };
  std::map<std::string, size_t> by_key;           // re-import key -> existing index
  std::map<std::string, std::string> seen_codes;  // credit code -> "#id" or "第N行"
  std::map<std::string, std::string> seen_names;  // title|address -> the same
  std::vector<std::map<std::string, LedgerValue>> existing_values(existing.size());
  for (size_t i = 0; i < existing.size(); ++i) {
    auto v = decode_ledger_fields(t, existing[i].fields);
    if (!v.ok()) continue;
    existing_values[i] = std::move(*v);
    std::string k = key_of(existing_values[i]);
    if (!k.empty()) by_key.emplace(k, i);
  }
  auto remember = [&](const std::map<std::string, LedgerValue>& v, const std::string& title,
                      const std::string& who) {
    for (const auto* f : codes)
      if (auto c = text_of(v, f->name); !c.empty()) seen_codes.emplace(c, who);
    if (address && !title.empty())
      if (auto ad = text_of(v, address->name); !ad.empty()) seen_names.emplace(title + "|" + ad, who);
  };
  for (size_t i = 0; i < existing.size(); ++i)
    remember(existing_values[i], existing[i].title, "#" + std::to_string(existing[i].id));
  std::set<std::string> keys_in_file;

  // The declared fields of the mapped columns.
  std::vector<std::pair<const LedgerField*, int>> mapped;
  std::map<std::string, int> col_of_field;
  for (size_t c = 0; c < rep.mapping.size(); ++c)
    if (const LedgerField* f = t.field(rep.mapping[c])) {
      mapped.emplace_back(f, int(c));
      col_of_field[f->name] = int(c);
    }

  std::vector<std::pair<std::string, RawValue>> raw;
  while (table.next(cells, number)) {
    if (blank_row(cells)) continue;
    ++rep.rows;
    LedgerImportRow out;
    out.row = number;
    auto cell = [&](int col) -> const SheetCell* {
      static const SheetCell kEmpty;
      return col >= 0 && size_t(col) < cells.size() ? &cells[size_t(col)] : &kEmpty;
    };
    raw.clear();
    for (const auto& [f, c] : mapped) raw.emplace_back(f->name, raw_for(*f, *cell(c)));
    std::map<std::string, LedgerValue> given;
    for (auto& e : check_ledger_values(t, raw, true, given)) {
      auto it = col_of_field.find(e.field);
      out.issues.push_back(
          {it == col_of_field.end() ? -1 : it->second, e.field, e.code, e.message, e.params});
    }
    // The unit: its name in the importer's scope, else the default.
    LedgerRow row;
    row.ledger_type = t.name;
    std::string unit_name = trim(cell(unit_col)->text);
    if (!unit_name.empty()) {
      auto it = units_by_name.find(unit_name);
      if (it == units_by_name.end())
        out.issues.push_back(issue_at(unit_col, "unit", issue("not_in_scope")));
      else if (it->second.size() > 1)
        out.issues.push_back(issue_at(unit_col, "unit", issue("ambiguous_name", {{"name", unit_name}})));
      else
        row.unit_id = it->second[0].id, row.unit_path = it->second[0].path;
    } else if (default_unit) {
      row.unit_id = default_unit->id, row.unit_path = default_unit->path;
    } else {
      out.issues.push_back(issue_at(unit_col, "unit", issue("required")));
    }
    std::optional<LngLat> location;
    if (std::string loc = trim(cell(location_col)->text); !loc.empty()) {
      auto p = parse_point(loc);
      if (p && valid_lnglat(*p) && in_china_box(to_wgs84(*p, o.datum)))
        location = to_wgs84(*p, o.datum);
      else
        out.issues.push_back(issue_at(location_col, "location", issue("not_a_location")));
    }
    // A row already in the ledger (same key), or a new one.
    std::string key = key_of(given);
    std::optional<size_t> match;
    if (!key.empty()) {
      if (!keys_in_file.insert(key).second)
        out.issues.push_back(issue_at(-1, t.excel_key.front(), issue("duplicate_in_file")));
      if (auto it = by_key.find(key); it != by_key.end()) match = it->second;
    }
    std::map<std::string, LedgerValue> values;
    if (match) {
      values = existing_values[*match];
      for (auto& [k, v] : given) values[k] = std::move(v);
    } else {
      values = std::move(given);
    }
    for (const auto& f : t.fields)
      if (f.required && (!values.count(f.name) || std::holds_alternative<std::monostate>(values[f.name])) &&
          !col_of_field.count(f.name))
        out.issues.push_back(issue_at(-1, f.name, issue("required")));
    out.title = text_of(values, t.title_field);
    if (match) {
      const LedgerRow& cur = existing[*match];
      out.id = cur.id;
      const WorkflowState* s = wf.state(cur.status);
      row = cur;
      std::string fields = encode_ledger_fields(values);
      bool unit_changed = false;
      if (!unit_name.empty()) {
        auto it = units_by_name.find(unit_name);
        if (it != units_by_name.end() && it->second.size() == 1 && it->second[0].id != cur.unit_id) {
          row.unit_id = it->second[0].id, row.unit_path = it->second[0].path;
          unit_changed = true;
        }
      }
      bool loc_changed = location_col >= 0 && location.has_value() != cur.location.has_value();
      if (location && cur.location)
        loc_changed = std::abs(location->lng - cur.location->lng) > 1e-7 ||
                      std::abs(location->lat - cur.location->lat) > 1e-7;
      if (location_col >= 0) row.location = location;
      const bool changed = fields != cur.fields || unit_changed || loc_changed;
      row.fields = std::move(fields);
      row.title = out.title;
      if (changed && s && s->frozen)
        out.issues.push_back(issue_at(-1, "status", issue("ledger_row_frozen", {{"status", cur.status}})));
      out.outcome = changed ? "changed" : "unchanged";
    } else {
      row.status = wf.initial;
      row.location = location;
      row.fields = encode_ledger_fields(values);
      row.title = out.title;
      row.created_by = a.user_id ? std::optional<int64_t>(a.user_id) : std::nullopt;
      // Duplicates of rows in the ledger or earlier in the file.
      for (const auto* f : codes)
        if (auto c = text_of(values, f->name); !c.empty())
          if (auto it = seen_codes.find(c); it != seen_codes.end())
            out.issues.push_back(issue_at(col_of_field.count(f->name) ? col_of_field[f->name] : -1, f->name,
                                          issue("duplicate_of", {{"other", it->second}})));
      if (address && !out.title.empty())
        if (auto ad = text_of(values, address->name); !ad.empty())
          if (auto it = seen_names.find(out.title + "|" + ad); it != seen_names.end())
            out.issues.push_back(issue_at(-1, t.title_field, issue("duplicate_of", {{"other", it->second}})));
      remember(values, out.title, "第" + std::to_string(out.row) + "行");
      out.outcome = "new";
    }
    if (!out.issues.empty()) {
      out.outcome = "error";
      ++rep.errors;
    } else if (out.outcome == "new") {
      ++rep.new_rows;
    } else if (out.outcome == "changed") {
      ++rep.changed;
    } else {
      ++rep.unchanged;
    }
    const bool show = !out.issues.empty() || rep.details.size() < kDetailsShown;
    if (out.outcome == "new" || out.outcome == "changed") {
      Plan::Item item;
      item.row = std::move(row);
      if (match) item.before = std::make_unique<const LedgerRow>(existing[*match]);
      item.filters = ledger_filter_values(t, values);
      item.detail = show ? rep.details.size() : SIZE_MAX;
      plan.items.push_back(std::move(item));
    }
    if (show) rep.details.push_back(std::move(out));
  }
  return plan;
}

Status LedgerSheetService::write_all(const Actor& a, const LedgerType& t, Plan& plan, LedgerImportJob* job) {
  // A job's chunks each commit with their undo log (log_chunk); should one
  // fail, or the end, its caller takes the job back (take_back).
  const size_t chunk = job ? size_t(kChunkRows) : plan.items.size() + 1;
  for (size_t first = 0; first < plan.items.size(); first += chunk) {
    const size_t last = std::min(plan.items.size(), first + chunk);
    std::string now = format_utc(clock_.now());
    LT_TRY(db_.write([&](store::Tx& tx) -> Status {
      std::vector<int64_t> inserted;
      std::vector<LedgerRow> updated;
      // New rows and their "create" events many per statement
      // (store::ledger_rows::insert_many); changed rows one by one.
      std::vector<store::ledger_rows::NewRow> fresh;
      for (size_t i = first; i < last; ++i) {
        auto& item = plan.items[i];
        if (item.before) {
          LT_ASSIGN(bool ok, store::ledger_rows::update(tx, item.row, item.filters, now));
          if (!ok) return Error::make("stale_version", {{"version", std::to_string(item.row.version)}});
          updated.push_back(*item.before);
        } else {
          fresh.push_back({&item.row, &item.filters});
        }
      }
      LT_TRY(store::ledger_rows::insert_many(tx, fresh, now));
      std::vector<store::workflow_events::Event> events;
      events.reserve(fresh.size());
      for (const auto& f : fresh) {
        events.push_back(
            workflow_event(a, kLedgerRowRecord, f.row->id, "create", "", f.row->status, "导入", now));
        inserted.push_back(f.row->id);
      }
      LT_TRY(store::workflow_events::insert_many(tx, events));
      if (job) return log_chunk(tx, *job, inserted, updated, int64_t(last), now);
      // One transaction: the counts and the audit go with it.
      std::vector<LedgerService::Changed> rows;
      for (const auto& item : plan.items) rows.push_back({item.row.id, item.row.title, item.row.unit_path});
      for (const auto& item : plan.items)
        if (item.before && item.before->unit_path != item.row.unit_path)
          rows.push_back({item.row.id, item.before->title, item.before->unit_path});
      return ledgers_.recount(tx, a, t, rows, now);
    }));
  }
  std::vector<LedgerService::Changed> changed;
  for (const auto& item : plan.items) {
    changed.push_back({item.row.id, item.row.title, item.row.unit_path});
    if (item.before && item.before->unit_path != item.row.unit_path)
      changed.push_back({item.row.id, item.before->title, item.before->unit_path});
    if (item.detail != SIZE_MAX && !item.before) plan.report.details[item.detail].id = item.row.id;
  }
  plan.report.written = true;
  std::string now = format_utc(clock_.now());
  return db_.write([&](store::Tx& tx) -> Status {
    if (job) LT_TRY(ledgers_.recount(tx, a, t, changed, now));
    boost::json::object summary{{"ledger_type", t.name},
                                {"file", plan.filename},
                                {"format", plan.report.format},
                                {"rows", plan.report.rows},
                                {"new", plan.report.new_rows},
                                {"changed", plan.report.changed},
                                {"unchanged", plan.report.unchanged},
                                {"errors", plan.report.errors}};
    LT_TRY(record_audit(tx, a, "import", std::string(kLedgerRowRecord), t.name, nullptr, summary, now));
    if (!job) return {};
    // Done: its undo log goes, its report stays for any instance to answer.
    LT_TRY(store::ledger_import_jobs::clear_undo(tx, job->id));
    return store::ledger_import_jobs::finish(tx, job->id, "done",
                                             boost::json::serialize(ledger_import_report_view(plan.report)),
                                             std::nullopt, now);
  });
}

Result<LedgerSheetService::Started> LedgerSheetService::import(const Actor& a, std::string_view ledger_type,
                                                               const std::string& bytes,
                                                               const LedgerImportOptions& o) {
  if (!a.can("ledgers.write")) return Error::make("not_permitted", {{"permission", "ledgers.write"}});
  LT_ASSIGN(const LedgerType* t, ledgers_.type(a, ledger_type));
  LT_ASSIGN(Plan plan, check(a, *t, bytes, o));
  Started out;
  const bool blocked = plan.report.errors > 0 && !o.valid_rows_only;
  if (o.dry_run || blocked || plan.items.empty()) {
    out.report = std::move(plan.report);
    return out;
  }
  if (int64_t(plan.items.size()) <= kSyncRows) {
    LT_TRY(write_all(a, *t, plan, nullptr));
    out.report = std::move(plan.report);
    return out;
  }
  // A large file: written by the background job, reported when it is done.
  LedgerImportJob job{random_hex(12)};
  out.report = plan.report;
  out.report.details.clear();
  {
    std::lock_guard lock(mu_);
    if (queue_.size() >= kMaxQueuedJobs) return Error::make("import_busy");
  }
  // Not under mu_: a worker's chunk takes mu_ inside its transaction.
  const std::string now = format_utc(clock_.now());
  LT_TRY(db_.write([&](store::Tx& tx) {
    return store::ledger_import_jobs::insert(tx, {.id = job.id,
                                                  .user_id = a.user_id,
                                                  .ledger_type = t->name,
                                                  .state = "queued",
                                                  .total = int64_t(plan.items.size()),
                                                  .heartbeat_at = now,
                                                  .created_at = now});
  }));
  std::unique_lock lock(mu_);
  live_.push_back(job.id);
  auto shared_plan = std::make_shared<Plan>(std::move(plan));
  queue_.push_back([this, job, shared_plan, actor = a, type = t]() mutable {
    Status st = write_all(actor, *type, *shared_plan, &job);
    // Whatever it wrote goes if it did not finish; an interrupted job was
    // taken back already (take_back does nothing then).
    // Should taking back fail too, recover_interrupted() does it once the
    // heartbeat is stale.
    if (!st.ok()) (void)take_back(job.id, st.error());
    std::lock_guard done(mu_);
    live_.erase(std::remove(live_.begin(), live_.end(), job.id), live_.end());
  });
  lock.unlock();
  cv_.notify_one();
  out.job_id = job.id;
  return out;
}

}  // namespace lantian::app
