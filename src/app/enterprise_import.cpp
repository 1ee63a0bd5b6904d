// EnterpriseSheetService::import: a registry file read and its header found,
// every row checked with the registration's rules
// (enterprise_internal::check_enterprise) and — all or nothing — written in
// the same transaction with the relocation guard (app/enterprise_sheets.h).
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "app/audit.h"
#include "app/enterprise_internal.h"
#include "app/enterprise_sheets.h"
#include "app/enterprise_views.h"
#include "app/location_input.h"
#include "app/relocation_guard.h"
#include "app/sheet_table.h"
#include "core/credit_code.h"
#include "core/enterprises.h"
#include "core/text.h"
#include "store/banned_enterprises_repo.h"
#include "store/enterprises_repo.h"
#include "store/relocation_alerts_repo.h"
#include "store/units_repo.h"

namespace lantian::app {

namespace es = enterprise_sheet;
using es::Column;
using namespace enterprise_internal;

namespace {

// Rows a file may have at all (title, header and blank rows included); the
// data rows are limited to kMaxRows after reading.
constexpr size_t kReadLimit = 50000;
// Points closer than this (degrees, ~1 cm) are the same point: a sheet
// holds 15 significant digits, a double 17.
constexpr double kSamePoint = 1e-7;

// The file's data rows below its header, and which sheet column holds which
// of the registry's columns.
struct ReadSheet {
  std::string format;
  int header_row = 0;
  std::vector<std::string> headers, mapping, ignored;
  std::vector<int> col_of = std::vector<int>(es::kColumnCount, -1);  // 0-based sheet column, -1 = none
  struct Row {
    int number = 0;
    std::vector<SheetCell> cells;
  };
  std::vector<Row> rows;
};

bool names_the_name_column(const std::vector<SheetCell>& cells) {
  for (const auto& c : cells)
    if (es::column_for_header(c.text) == Column::name) return true;
  return false;
}

Result<ReadSheet> read_rows(const std::string& bytes, const EnterpriseImportOptions& o) {
  LT_ASSIGN(SheetTable table, SheetTable::read(bytes, o.delimiter, kReadLimit));
  ReadSheet s;
  s.format = table.format;
  std::vector<SheetCell> cells;
  int number = 0;
  bool found = false;
  for (int seen = 0; !found && seen < es::kHeaderSearchRows && table.next(cells, number); ++seen)
    found = names_the_name_column(cells);
  if (!found)
    return Error::field("file",
                        issue("enterprise_no_header", {{"rows", std::to_string(es::kHeaderSearchRows)}}));
  s.header_row = number;
  for (size_t i = 0; i < cells.size(); ++i) {
    std::string text = trim(cells[i].text);
    auto c = es::column_for_header(text);
    // A column fills one field: the first header naming it wins.
    if (c && s.col_of[size_t(*c)] < 0) {
      s.col_of[size_t(*c)] = int(i);
      s.mapping.emplace_back(es::column_def(*c).name);
    } else {
      s.mapping.emplace_back();
      if (!text.empty()) s.ignored.push_back(text);
    }
    s.headers.push_back(std::move(text));
  }
  cells = {};
  while (table.next(cells, number)) {
    if (!blank_row(cells)) s.rows.push_back({number, std::move(cells)});
    cells = {};
  }
  if (s.rows.size() > size_t(EnterpriseSheetService::kMaxRows))
    return Error::field(
        "file", issue("import_too_many_rows", {{"rows", std::to_string(s.rows.size())},
                                               {"max", std::to_string(EnterpriseSheetService::kMaxRows)}}));
  return s;
}

// The column a registration field error is about (enterprise_internal's
// field names); nullopt: the row as a whole.
std::optional<Column> column_of_field(const std::string& field) {
  static const std::map<std::string, Column> m = {
      {"name", Column::name},     {"credit_code", Column::credit_code}, {"legal_rep", Column::legal_rep},
      {"phone", Column::phone},   {"address", Column::address},         {"location", Column::lng},
      {"grid", Column::grid},     {"industry_code", Column::industry},  {"unit_id", Column::unit},
      {"status", Column::status},
  };
  auto it = m.find(field);
  return it == m.end() ? std::nullopt : std::optional<Column>(it->second);
}

// A status cell as its code: the code itself or a label; else as written
// (the registration's check refuses it, naming the codes).
std::string status_code(const std::string& text) {
  const std::string key = sheet_key(text);
  for (const auto& s : enterprise_statuses())
    if (key == sheet_key(s.code) || key == sheet_key(s.label_zh) || key == sheet_key(s.label_en))
      return std::string(s.code);
  return text;
}

std::string_view status_label(const std::string& code) {
  const EnterpriseStatusDef* s = find_enterprise_status(code);
  return s ? s->label_zh : std::string_view(code);
}

std::string point_text(const std::optional<LngLat>& p) {
  if (!p) return {};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f,%.6f", p->lng, p->lat);
  return buf;
}

bool same_point(const LngLat& a, const LngLat& b) {
  return std::fabs(a.lng - b.lng) <= kSamePoint && std::fabs(a.lat - b.lat) <= kSamePoint;
}

// The fields `next` changes of `cur`, as a person reads them.
std::vector<EnterpriseImportChange> changes_of(const Enterprise& cur, const Enterprise& next) {
  std::vector<EnterpriseImportChange> out;
  auto text = [&](const char* field, const std::string& from, const std::string& to) {
    if (from != to) out.push_back({field, from, to});
  };
  text("name", cur.name, next.name);
  text("credit_code", cur.credit_code, next.credit_code);
  text("legal_rep", cur.legal_rep, next.legal_rep);
  text("phone", cur.phone, next.phone);
  text("address", cur.address, next.address);
  text("location", point_text(cur.location), point_text(next.location));
  text("industry", cur.industry_code, next.industry_code);
  text("unit", cur.unit_name, next.unit_name);
  text("grid", cur.grid, next.grid);
  text("status", std::string(status_label(cur.status)), std::string(status_label(next.status)));
  return out;
}

// A row that will be written: a new enterprise, or one as it changes.
struct PlanItem {
  size_t detail = 0;              // index into the report's details
  std::optional<Enterprise> cur;  // the enterprise as stored (changed rows)
  Enterprise next;                // as it will be
};

// Checks each row of a sheet against the registry, in the import's
// transaction, into the report and the items to write.
class RowChecker {
 public:
  RowChecker(const Actor& a, const ReadSheet& sheet, const EnterpriseImportOptions& o,
             EnterpriseImportReport& rep, std::vector<PlanItem>& items)
      : a_(a), sheet_(sheet), o_(o), rep_(rep), items_(items) {}

  // The enterprises the rows name (by id and credit code) and the units of
  // the importer's scope, read once.
  Status load(store::Tx& tx) {
    std::vector<int64_t> ids;
    std::vector<std::string> codes;
    for (const auto& r : sheet_.rows) {
      if (auto id = id_of(text(r, Column::id))) ids.push_back(*id);
      if (std::string c = normalise_credit_code(text(r, Column::credit_code)); !c.empty()) codes.push_back(c);
    }
    LT_ASSIGN(auto by_id, store::enterprises::with_ids(tx, ids));
    for (auto& e : by_id) by_id_.emplace(e.id, std::move(e));
    LT_ASSIGN(auto by_code, store::enterprises::with_credit_codes(tx, codes));
    for (auto& e : by_code) by_code_.emplace(e.credit_code, std::move(e));
    LT_ASSIGN(auto units, store::units::all(tx, a_.scope_path(), true));
    for (auto& u : units) units_[u.name].push_back(std::move(u));
    return {};
  }

  Status check(store::Tx& tx, const ReadSheet::Row& r) {
    EnterpriseImportRow out;
    out.row = r.number;
    auto bad = [&](std::optional<Column> c, Issue i) { out.issues.push_back(issue_at(c, std::move(i))); };

    // Which enterprise the row is: by 企业ID, else by credit code.
    const Enterprise* cur = nullptr;
    const std::string id_text = text(r, Column::id);
    const std::string code = normalise_credit_code(text(r, Column::credit_code));
    if (!id_text.empty()) {
      auto id = id_of(id_text);
      auto it = id ? by_id_.find(*id) : by_id_.end();
      if (!id)
        bad(Column::id, issue("not_an_integer"));
      else if (it == by_id_.end() || !a_.sees_path(it->second.unit_path))
        bad(Column::id, issue("enterprise_not_found"));
      else
        cur = &it->second;
    } else if (auto it = by_code_.find(code); !code.empty() && it != by_code_.end()) {
      if (a_.sees_path(it->second.unit_path))
        cur = &it->second;
      else
        bad(Column::credit_code, issue("credit_code_taken"));  // as registering it would say
    }
    bool twice = cur && !ids_seen_.insert(cur->id).second;

    // The row's values: blank cells give nothing.
    auto given = [&](Column c) -> std::optional<std::string> {
      std::string t = text(r, c);
      return t.empty() ? std::nullopt : std::optional<std::string>(std::move(t));
    };
    EnterpriseInput in;
    in.name = given(Column::name);
    in.credit_code = given(Column::credit_code);
    in.legal_rep = given(Column::legal_rep);
    in.phone = given(Column::phone);
    in.address = given(Column::address);
    in.industry_code = given(Column::industry);
    in.grid = given(Column::grid);
    if (auto s = given(Column::status)) in.status = status_code(*s);
    if (auto unit = given(Column::unit); unit && !(cur && *unit == cur->unit_name)) {
      auto it = units_.find(*unit);
      if (it == units_.end())
        bad(Column::unit, issue("not_in_scope"));
      else if (it->second.size() > 1)
        bad(Column::unit, issue("ambiguous_name", {{"name", *unit}}));
      else
        in.unit_id = it->second[0].id;
    }
    if (!text(r, Column::lng).empty() || !text(r, Column::lat).empty()) {
      auto lng = sheet_number(cell(r, Column::lng)), lat = sheet_number(cell(r, Column::lat));
      if (!lng) bad(Column::lng, issue(text(r, Column::lng).empty() ? "required" : "not_a_number"));
      if (!lat) bad(Column::lat, issue(text(r, Column::lat).empty() ? "required" : "not_a_number"));
      if (lng && lat) in.location = LocationInput{LngLat{*lng, *lat}, o_.datum};
    }

    // Checked as a registration (new) or an edit (an enterprise found) is.
    Enterprise e = cur ? *cur : new_enterprise(a_, in);
    std::vector<FieldError> errs;
    LT_TRY(check_enterprise(tx, a_, in, cur, e, errs));
    for (auto& f : errs) bad(column_of_field(f.field), Issue{f.code, f.params, f.message});
    if (cur && cur->location && e.location && same_point(*cur->location, *e.location))
      e.location = cur->location;
    if (!e.credit_code.empty() && !codes_seen_.insert(e.credit_code).second) twice = true;
    if (twice) bad(id_text.empty() ? Column::credit_code : Column::id, issue("duplicate_in_file"));
    if (cur && out.issues.empty() && e.credit_code != cur->credit_code) {
      auto free = check_code_free(tx, e);
      if (!free.ok() && free.error().code != "credit_code_taken") return free.take_error();
      if (!free.ok()) bad(Column::credit_code, issue("credit_code_taken"));
    }

    out.name = e.name;
    if (cur) out.id = cur->id;
    if (!out.issues.empty()) {
      out.outcome = "error";
      ++rep_.errors;
    } else if (!cur) {
      out.outcome = "new";
      ++rep_.new_rows;
    } else if (enterprise_view(e) == enterprise_view(*cur)) {
      out.outcome = "unchanged";
      ++rep_.unchanged;
    } else {
      out.outcome = "changed";
      out.changes = changes_of(*cur, e);
      ++rep_.changed;
    }
    if (out.outcome == "new" || out.outcome == "changed")
      items_.push_back(
          {rep_.details.size(), cur ? std::optional<Enterprise>(*cur) : std::nullopt, std::move(e)});
    rep_.details.push_back(std::move(out));
    return {};
  }

 private:
  static std::optional<int64_t> id_of(const std::string& text) {
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    return std::stoll(text);
  }
  const SheetCell& cell(const ReadSheet::Row& r, Column c) const {
    static const SheetCell kEmpty;
    int i = sheet_.col_of[size_t(c)];
    return i >= 0 && size_t(i) < r.cells.size() ? r.cells[size_t(i)] : kEmpty;
  }
  std::string text(const ReadSheet::Row& r, Column c) const { return trim(cell(r, c).text); }
  EnterpriseImportIssue issue_at(std::optional<Column> c, Issue i) const {
    EnterpriseImportIssue out;
    if (c) {
      int col = sheet_.col_of[size_t(*c)];
      out.column = col + 1;
      out.column_name = col >= 0 ? sheet_.headers[size_t(col)] : std::string(es::column_def(*c).header);
      out.field = std::string(es::column_def(*c).name);
    }
    out.code = std::move(i.code);
    out.message = std::move(i.message);
    out.params = std::move(i.params);
    return out;
  }

  const Actor& a_;
  const ReadSheet& sheet_;
  const EnterpriseImportOptions& o_;
  EnterpriseImportReport& rep_;
  std::vector<PlanItem>& items_;
  std::map<int64_t, Enterprise> by_id_;
  std::map<std::string, Enterprise> by_code_;
  std::map<std::string, std::vector<Unit>> units_;
  std::set<int64_t> ids_seen_;
  std::set<std::string> codes_seen_;
};

EnterpriseImportAlert alert_of(int row, const RelocationAlert& a) {
  return {row,
          a.id,
          a.enterprise_id,
          a.candidate.name,
          a.banned_enterprise_id,
          a.banned_name,
          a.banned_origin,
          a.score,
          a.reasons};
}

// The suspected relocations a dry run's row would raise: its suspects
// without the pairs raised before.
Status would_raise(store::Tx& tx, const RelocationIndex& banned, int row, const Enterprise& e,
                   std::vector<EnterpriseImportAlert>& out) {
  auto suspects = suspects_for_enterprise(banned, e);
  if (suspects.empty()) return {};
  std::set<int64_t> raised;
  if (e.id) {
    store::relocation_alerts::Filter f;
    f.enterprise_id = e.id;
    store::Page page;
    page.per_page = 1000;
    page.with_total = false;
    LT_ASSIGN(auto before, store::relocation_alerts::list(tx, f, page));
    for (const auto& a : before.items) raised.insert(a.banned_enterprise_id);
  }
  for (const auto& s : suspects) {
    if (raised.count(s.banned_enterprise_id)) continue;
    LT_ASSIGN(auto b, store::banned_enterprises::get(tx, s.banned_enterprise_id));
    EnterpriseImportAlert alert;
    alert.row = row;
    if (e.id) alert.enterprise_id = e.id;  // a new one has none yet
    alert.name = e.name;
    alert.banned_enterprise_id = s.banned_enterprise_id;
    if (b) alert.banned_name = b->name, alert.banned_origin = b->origin;
    alert.score = s.match.score;
    alert.reasons = s.match.reasons;
    out.push_back(std::move(alert));
  }
  return {};
}

}  // namespace

Result<EnterpriseImportReport> EnterpriseSheetService::import(const Actor& a, const std::string& bytes,
                                                              const EnterpriseImportOptions& o) {
  if (!a.can("enterprises.write")) return Error::make("not_permitted", {{"permission", "enterprises.write"}});
  LT_ASSIGN(ReadSheet sheet, read_rows(bytes, o));
  const std::string now = format_utc(clock_.now());
  EnterpriseImportReport rep;
  auto run = [&](store::Tx& tx) -> Status {
    // From the start each time: a transaction may be run again.
    rep = EnterpriseImportReport{};
    rep.format = sheet.format;
    rep.datum = std::string(datum_name(o.datum));
    rep.header_row = sheet.header_row;
    rep.headers = sheet.headers;
    rep.mapping = sheet.mapping;
    rep.ignored_columns = sheet.ignored;
    rep.dry_run = o.dry_run;
    std::vector<PlanItem> items;
    RowChecker checker(a, sheet, o, rep, items);
    LT_TRY(checker.load(tx));
    for (const auto& r : sheet.rows) {
      ++rep.rows;
      LT_TRY(checker.check(tx, r));
    }
    if (rep.errors > 0) return {};  // all or nothing: nothing written

    LT_ASSIGN(auto banned, banned_index(tx));
    for (auto& item : items) {
      EnterpriseImportRow& row = rep.details[item.detail];
      const bool identity_changes = !item.cur || !same_identity(*item.cur, item.next);
      if (o.dry_run) {
        if (identity_changes) LT_TRY(would_raise(tx, banned, row.row, item.next, rep.alerts));
        continue;
      }
      Enterprise stored;
      if (!item.cur) {
        auto ins = store::enterprises::insert(tx, item.next, now);
        if (!ins.ok()) return taken_if_conflict(ins.take_error());
        stored = std::move(*ins);
        LT_TRY(record_audit(tx, a, "create", "enterprise", std::to_string(stored.id), nullptr,
                            enterprise_view(stored), now));
      } else {
        auto ok = store::enterprises::update(tx, item.next, now);
        if (!ok.ok()) return taken_if_conflict(ok.take_error());
        if (!*ok) return Error::make("stale_version");
        LT_ASSIGN(auto again, store::enterprises::get(tx, item.next.id));
        stored = std::move(*again);
        LT_TRY(record_audit(tx, a, "update", "enterprise", std::to_string(stored.id),
                            enterprise_view(*item.cur), enterprise_view(stored), now));
      }
      row.id = stored.id;
      if (identity_changes) {
        LT_ASSIGN(auto raised, raise_alerts(tx, a, suspects_for_enterprise(banned, stored), now));
        for (const auto& alert : raised) rep.alerts.push_back(alert_of(row.row, alert));
      }
    }
    if (o.dry_run) return {};
    boost::json::object summary{{"file", o.filename},         {"format", rep.format},
                                {"datum", rep.datum},         {"rows", rep.rows},
                                {"new", rep.new_rows},        {"changed", rep.changed},
                                {"unchanged", rep.unchanged}, {"alerts", int64_t(rep.alerts.size())}};
    LT_TRY(record_audit(tx, a, "import", "enterprise", "registry", nullptr, summary, now));
    rep.written = true;
    return {};
  };
  if (o.dry_run)
    LT_TRY(db_.read(run));
  else
    LT_TRY(db_.write(run));
  return rep;
}

}  // namespace lantian::app
