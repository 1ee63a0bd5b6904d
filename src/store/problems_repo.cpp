#include "store/problems_repo.h"

#include <cstdlib>
#include <set>

#include "core/model.h"
#include "store/list_cache.h"
#include "store/tables.h"

namespace lantian::store::problems {
namespace {

constexpr const Table& T = tables::problems;
constexpr Extra kJoined[] = {{"unit_name", "COALESCE(u.name, '')"},
                             {"enterprise_name", "COALESCE(e.name, '')"},
                             {"verifier_name", "COALESCE(v.name, '')"},
                             {"handler_name", "COALESCE(hu.name, '')"}};
constexpr Selection kSel{T, "p", kJoined};
constexpr std::string_view kJoins =
    " FROM problems p LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN enterprises e ON e.id = "
    "p.enterprise_id LEFT JOIN users v ON v.id = p.verifier_id LEFT JOIN users hu ON hu.id = p.handler_id";

const std::string& select_sql() {
  static const std::string s = "SELECT " + kSel.sql() + std::string(kJoins);
  return s;
}

// What a kept page holds, roughly (list_cache.h's memory bound).
size_t page_bytes(const PageOf<Problem>& page) {
  size_t n = sizeof page;
  for (const auto& p : page.items)
    n += sizeof p + 256 + p.title.size() + p.description.size() + p.standard.size() + p.address.size();
  return n;
}

std::string ids_to_json(const std::vector<int64_t>& ids) {
  std::string out = "[";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out + "]";
}

std::vector<int64_t> ids_from_json(const std::string& text) {
  std::vector<int64_t> out;
  const char* p = text.c_str();
  while (*p) {
    if (*p >= '0' && *p <= '9') {
      char* end = nullptr;
      out.push_back(std::strtoll(p, &end, 10));
      p = end;
    } else {
      ++p;
    }
  }
  return out;
}

Problem from_row(Row& row) {
  constexpr const Selection& c = kSel;
  Problem p;
  p.id = row.i64(c["id"]);
  p.number = row.take_str(c["number"]);
  p.year = int(row.i64(c["year"]));
  p.seq = row.i64(c["seq"]);
  p.source = row.take_str(c["source"]);
  p.problem_type = row.take_str(c["problem_type"]);
  p.status = row.take_str(c["status"]);
  p.title = row.take_str(c["title"]);
  p.description = row.take_str(c["description"]);
  p.standard = row.take_str(c["standard"]);
  p.disposition = disposition_named(row.str(c["disposition"])).value_or(Disposition::rectify);
  p.enterprise_id = row.opt_i64(c["enterprise_id"]);
  p.enterprise_name = row.take_str(c["enterprise_name"]);
  p.ledger_row_id = row.opt_i64(c["ledger_row_id"]);
  p.inspection_id = row.opt_i64(c["inspection_id"]);
  p.site = row.take_str(c["site"]);
  p.address = row.take_str(c["address"]);
  auto lng = row.opt_f64(c["lng"]), lat = row.opt_f64(c["lat"]);
  if (lng && lat) p.location = LngLat{*lng, *lat};
  p.unit_id = row.opt_i64(c["unit_id"]);
  p.unit_path = row.take_str(c["unit_path"]);
  p.unit_name = row.take_str(c["unit_name"]);
  p.leader_party = row.take_str(c["leader_party"]);
  p.leader_government = row.take_str(c["leader_government"]);
  p.person_id = row.opt_i64(c["person_id"]);
  p.person_name = row.take_str(c["person_name"]);
  p.cooperating_unit_ids = ids_from_json(row.str(c["cooperating_units"]));
  p.deadline_kind = deadline_kind_named(row.str(c["deadline_kind"])).value_or(DeadlineKind::date);
  p.deadline_days = int(row.i64(c["deadline_days"]));
  p.deadline = row.take_str(c["deadline"]);
  p.extension_until = row.take_str(c["extension_until"]);
  p.verifier_id = row.opt_i64(c["verifier_id"]);
  p.verifier_name = row.take_str(c["verifier_name"]);
  p.handler_id = row.opt_i64(c["handler_id"]);
  p.handler_name = row.take_str(c["handler_name"]);
  p.reported_at = row.take_str(c["reported_at"]);
  p.parent_id = row.opt_i64(c["parent_id"]);
  p.merged_into_id = row.opt_i64(c["merged_into_id"]);
  p.failed_verifications = int(row.i64(c["failed_verifications"]));
  p.extensions = int(row.i64(c["extensions"]));
  p.escalation = int(row.i64(c["escalation"]));
  p.lookback_due = row.take_str(c["lookback_due"]);
  p.reporter_name = row.take_str(c["reporter_name"]);
  p.reporter_phone = row.take_str(c["reporter_phone"]);
  p.reporter_email = row.take_str(c["reporter_email"]);
  p.external_id = row.take_str(c["external_id"]);
  p.created_by = row.opt_i64(c["created_by"]).value_or(0);
  p.created_at = row.take_str(c["created_at"]);
  p.updated_at = row.take_str(c["updated_at"]);
  p.assigned_at = row.take_str(c["assigned_at"]);
  p.closed_at = row.take_str(c["closed_at"]);
  auto vlng = row.opt_f64(c["verified_lng"]), vlat = row.opt_f64(c["verified_lat"]);
  if (vlng && vlat) p.verified_location = LngLat{*vlng, *vlat};
  p.verified_at = row.take_str(c["verified_at"]);
  p.version = row.i64(c["version"]);
  return p;
}

// The columns that change after registration, alike for insert() and update().
void set_mutable(Fields& f, const Problem& p) {
  f.set(T["status"], p.status)
      .set(T["problem_type"], p.problem_type)
      .set(T["title"], p.title)
      .set(T["description"], p.description)
      .set(T["standard"], p.standard)
      .set(T["disposition"], std::string(disposition_name(p.disposition)))
      .set(T["enterprise_id"], opt(p.enterprise_id))
      .set(T["ledger_row_id"], opt(p.ledger_row_id))
      .set(T["site"], p.site)
      .set(T["address"], p.address)
      .set(T["lng"], p.location ? Value(p.location->lng) : Value(nullptr))
      .set(T["lat"], p.location ? Value(p.location->lat) : Value(nullptr))
      .set(T["place_cell"], p.location ? Value(place_cell(*p.location)) : Value(nullptr))
      .set(T["unit_id"], opt(p.unit_id))
      .set(T["unit_path"], p.unit_path)
      .set(T["leader_party"], p.leader_party)
      .set(T["leader_government"], p.leader_government)
      .set(T["person_id"], opt(p.person_id))
      .set(T["person_name"], p.person_name)
      .set(T["cooperating_units"], ids_to_json(p.cooperating_unit_ids))
      .set(T["deadline_kind"], std::string(deadline_kind_name(p.deadline_kind)))
      .set(T["deadline_days"], int64_t(p.deadline_days))
      .set(T["deadline"], p.deadline)
      .set(T["extension_until"], p.extension_until)
      .set(T["verifier_id"], opt(p.verifier_id))
      .set(T["handler_id"], opt(p.handler_id))
      .set(T["reported_at"], p.reported_at)
      .set(T["merged_into_id"], opt(p.merged_into_id))
      .set(T["failed_verifications"], int64_t(p.failed_verifications))
      .set(T["extensions"], int64_t(p.extensions))
      .set(T["escalation"], int64_t(p.escalation))
      .set(T["lookback_due"], p.lookback_due)
      .set(T["assigned_at"], p.assigned_at)
      .set(T["closed_at"], p.closed_at);
}

// The units that see a problem: every id of its unit's path and of each
// cooperating unit's path ("/1/13/1302/"), once.
Status write_scopes(Tx& tx, const Problem& p, bool fresh) {
  if (!fresh) LT_TRY(tx.exec("DELETE FROM problem_scopes WHERE problem_id = $1", {p.id}));
  std::set<int64_t> units;
  auto add_path = [&](const std::string& path) {
    for (size_t b = 1, e; (e = path.find('/', b)) != std::string::npos; b = e + 1)
      units.insert(std::strtoll(path.substr(b, e - b).c_str(), nullptr, 10));
  };
  add_path(p.unit_path);
  for (int64_t u : p.cooperating_unit_ids) {
    LT_ASSIGN(auto row, tx.query_one("SELECT path FROM units WHERE id = $1", {u}));
    if (row) add_path(row->str(0));
  }
  if (units.empty()) return {};
  std::string sql = "INSERT INTO problem_scopes (unit_id, problem_id) VALUES ";
  std::vector<Value> params{p.id};
  for (int64_t u : units) {
    params.emplace_back(u);
    sql += (params.size() > 2 ? ", ($" : "($") + std::to_string(params.size()) + ", $1)";
  }
  LT_TRY(tx.exec(sql, params));
  return {};
}

Result<int64_t> decode_cursor(const Page& p) {
  auto bad = [&] { return Error::make("query_unknown_value", {{"name", "after"}, {"value", p.after}}); };
  if (p.after.size() < 2 || p.after.size() > 20 || p.after[0] != 'p') return bad();
  char* end = nullptr;
  int64_t id = std::strtoll(p.after.c_str() + 1, &end, 10);
  if (*end || id <= 0) return bad();
  return id;
}

// The list's FROM and WHERE for f: through the scope rows when the reader
// sees a subtree only.
std::string from_where(const Filter& f, Where& w) {
  std::string from = std::string(kJoins);
  if (f.scope_unit_id) {
    from = " FROM problem_scopes s JOIN problems p ON p.id = s.problem_id" +
           from.substr(from.find(" LEFT JOIN"));
    w.add("s.unit_id = ?", {f.scope_unit_id});
  }
  w.add_in("p.status", f.statuses);
  if (!f.unit_path.empty()) w.add("p.unit_path LIKE ?", {f.unit_path + "%"});
  if (!f.source.empty()) w.add("p.source = ?", {f.source});
  if (!f.problem_type.empty()) w.add("p.problem_type = ?", {f.problem_type});
  if (f.enterprise_id) w.add("p.enterprise_id = ?", {*f.enterprise_id});
  if (f.parent_id) w.add("p.parent_id = ?", {*f.parent_id});
  if (f.person_id) w.add("p.person_id = ?", {*f.person_id});
  if (f.verifier_id) w.add("p.verifier_id = ?", {*f.verifier_id});
  if (f.created_by) w.add("p.created_by = ?", {*f.created_by});
  if (f.overdue) {
    // "> ''" rather than "<> ''": a range on the index's deadline that skips
    // the problems not assigned yet (no deadline; registrations pile up there).
    w.add("p.deadline > '' AND p.deadline < ?", {f.today});
    w.add_in("p.status", f.open_states);
  }
  if (!f.created_from.empty()) w.add("p.created_at >= ?", {f.created_from});
  if (!f.created_to.empty()) w.add("p.created_at < ?", {f.created_to});
  if (!f.text.empty()) {
    std::string like = "%" + f.text + "%";
    w.add("(p.number LIKE ? OR p.title LIKE ? OR p.address LIKE ?)", {like, like, like});
  }
  return from;
}

}  // namespace

Result<int64_t> draw_number(Tx& tx, const std::string& source, int year) {
  LT_ASSIGN(auto row,
            tx.query_one("INSERT INTO problem_number_counters (source, year, last_seq) VALUES ($1, $2, 1) "
                         "ON CONFLICT (source, year) DO UPDATE SET last_seq = "
                         "problem_number_counters.last_seq + 1 RETURNING last_seq",
                         {source, int64_t(year)}));
  if (!row) return Error::internal("problem number counter: no row returned");
  return row->i64(0);
}

Result<Problem> insert(Tx& tx, Problem p, const std::string& now) {
  Fields f(T);
  set_mutable(f, p);
  f.set(T["number"], p.number)
      .set(T["year"], int64_t(p.year))
      .set(T["seq"], p.seq)
      .set(T["source"], p.source)
      .set(T["inspection_id"], opt(p.inspection_id))
      .set(T["parent_id"], opt(p.parent_id))
      .set(T["reporter_name"], p.reporter_name)
      .set(T["reporter_phone"], p.reporter_phone)
      .set(T["reporter_email"], p.reporter_email)
      .set(T["external_id"], p.external_id)
      .set(T["created_by"], p.created_by ? Value(p.created_by) : Value(nullptr))
      .set(T["created_at"], now)
      .set(T["updated_at"], now)
      .set(T["version"], int64_t(1));
  Statement st = f.insert(" RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  p.id = row->i64(0);
  p.version = 1;
  p.created_at = p.updated_at = now;
  LT_TRY(write_scopes(tx, p, true));
  return p;
}

Result<std::optional<Problem>> get(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(select_sql() + " WHERE p.id = $1", {id}));
  if (!row) return std::optional<Problem>();
  return std::optional<Problem>(from_row(*row));
}

namespace {

// The problems whose `column` is one of `values`, in groups (in_groups), with
// `extra` ("p.source = ?" and its value) added to each query.
Result<std::vector<Problem>> with_values(Tx& tx, std::string_view column,
                                         const std::vector<std::string>& values, std::string_view extra,
                                         const std::vector<Value>& extra_params) {
  std::vector<Problem> out;
  LT_TRY(in_groups(values.size(), [&](size_t first, size_t count) -> Status {
    Where w;
    if (!extra.empty()) w.add(extra, extra_params);
    w.add_in(column,
             std::vector<std::string>(values.begin() + long(first), values.begin() + long(first + count)));
    LT_ASSIGN(auto rows, tx.query(select_sql() + w.sql(), w.params()));
    for (auto& r : rows.rows) out.push_back(from_row(r));
    return {};
  }));
  return out;
}

}  // namespace

Result<std::vector<Problem>> with_numbers(Tx& tx, const std::vector<std::string>& numbers) {
  return with_values(tx, "p.number", numbers, "", {});
}

Result<std::vector<Problem>> with_external_ids(Tx& tx, const std::string& source,
                                               const std::vector<std::string>& ids) {
  return with_values(tx, "p.external_id", ids, "p.source = ?", {source});
}

Result<bool> update(Tx& tx, const Problem& before, const Problem& p, const std::string& now) {
  Fields old(T), next(T);
  set_mutable(old, before);
  set_mutable(next, p);
  // Only what changed: a move rewrites the status indexes, not all nine.
  Fields f = next.changed_from(old);
  f.set(T["updated_at"], now).set_sql(T["version"], "version + 1");
  Statement st = f.update("id = $1 AND version = $2", {p.id, p.version});
  LT_ASSIGN(int64_t n, tx.exec(st.sql, st.params));
  if (n == 0) return false;
  if (p.unit_path != before.unit_path || p.cooperating_unit_ids != before.cooperating_unit_ids)
    LT_TRY(write_scopes(tx, p, false));
  return true;
}

Result<PageOf<Problem>> list(Tx& tx, const Filter& f, const Page& page) {
  Where w;
  from_where(f, w);  // the WHERE; the page names its own FROM
  // The problems matching, without the joined names (the WHERE reads p and s only).
  const std::string matches = f.scope_unit_id
                                  ? " FROM problem_scopes s JOIN problems p ON p.id = s.problem_id"
                                  : std::string(" FROM problems p");
  // Totals and pages are kept under the "problems" generation (migration
  // 0022), which every change to what they count or show moves.
  LT_ASSIGN(auto gens, read_generations(tx, {"problems"}));
  PageOf<Problem> out;
  out.total = -1;
  if (page.with_total) {
    LT_ASSIGN(out.total,
              cached_count(tx, gens, "problems", "SELECT COUNT(*)" + matches + w.sql(), w.params()));
    if (out.total == 0) return out;
  }
  const bool by_deadline = page.sort == "deadline";
  if (!by_deadline && !page.after.empty()) {
    LT_ASSIGN(int64_t after, decode_cursor(page));
    w.add("p.id < ?", {after});
  }
  // The page's ids first, from the filter alone, then their rows: a page that
  // needs a sort (the matches are not walked in page order: the overdue
  // list, several statuses) sorts ids, not every match's whole row, and an
  // index holding the filtered columns answers it without reading a problem
  // row (bench/run_problems.sh: the overdue list read and sorted ~7,000 rows
  // per page of 25).
  const std::string order =
      by_deadline ? std::string(" ORDER BY p.deadline ") + (page.desc ? "DESC" : "ASC") + ", p.id DESC"
                  : std::string(" ORDER BY p.id DESC");
  std::string ids = "SELECT p.id" + matches + w.sql() + order + " LIMIT " + w.bind(page.per_page);
  if (by_deadline || page.after.empty()) ids += " OFFSET " + w.bind(page.offset());
  std::string sql = "SELECT " + kSel.sql() + std::string(kJoins) + " WHERE p.id IN (" + ids + ")" + order;
  LT_ASSIGN(auto cached, cached_result<PageOf<Problem>>(
                             gens, "problems", sql, w.params(),
                             [&]() -> Result<PageOf<Problem>> {
                               PageOf<Problem> p;
                               LT_ASSIGN(auto rows, tx.query(sql, w.params()));
                               for (auto& r : rows.rows) p.items.push_back(from_row(r));
                               if (!by_deadline && int64_t(p.items.size()) == page.per_page)
                                 p.next_cursor = "p" + std::to_string(p.items.back().id);
                               return p;
                             },
                             &page_bytes));
  out.items = cached->items;
  out.next_cursor = cached->next_cursor;
  return out;
}

Result<int64_t> reroot_unit_paths(Tx& tx, const std::string& old_path, const std::string& new_path) {
  LT_ASSIGN(int64_t n, reroot_paths(tx, tables::problems["unit_path"], old_path, new_path));
  // A scope row names a unit of the moved subtree only when the problem's own
  // or a cooperating unit is in it (scope rows are those units and the units
  // above them): those problems see through the new ancestors now.
  LT_ASSIGN(auto rows, tx.query("SELECT DISTINCT s.problem_id FROM problem_scopes s JOIN units u ON u.id = "
                                "s.unit_id WHERE u.path >= $1 AND u.path < $2",
                                {new_path, path_upper(new_path)}));
  for (auto& r : rows.rows) {
    LT_ASSIGN(auto p, get(tx, r.i64(0)));
    if (p) LT_TRY(write_scopes(tx, *p, false));
  }
  return n;
}

Result<std::vector<UnitLateness>> lateness_by_unit(Tx& tx, const Filter& f) {
  Where w;
  std::string from = " FROM problems p JOIN units u ON u.id = p.unit_id";
  if (f.scope_unit_id) {
    from = " FROM problem_scopes s JOIN problems p ON p.id = s.problem_id JOIN units u ON u.id = p.unit_id";
    w.add("s.unit_id = ?", {f.scope_unit_id});
  }
  w.add_in("p.status", f.open_states);
  const std::string today = w.bind(f.today);
  LT_ASSIGN(auto rows, tx.query("SELECT p.unit_id, MIN(u.name), COUNT(*), "
                                "SUM(CASE WHEN p.deadline <> '' AND p.deadline < " +
                                    today +
                                    " THEN 1 ELSE 0 END), "
                                    "MIN(CASE WHEN p.deadline <> '' AND p.deadline < " +
                                    today + " THEN p.deadline END)" + from + w.sql() + " GROUP BY p.unit_id",
                                w.params()));
  std::vector<UnitLateness> out;
  for (auto& r : rows.rows)
    out.push_back({r.i64(0), r.take_str(1), r.i64(2), r.i64(3), r.is_null(4) ? "" : r.take_str(4)});
  return out;
}

Result<std::vector<Problem>> open_for_enterprise(Tx& tx, int64_t enterprise_id,
                                                 const std::vector<std::string>& open_states,
                                                 int64_t except_id) {
  Where w;
  w.add("p.enterprise_id = ?", {enterprise_id});
  w.add("p.id <> ?", {except_id});
  w.add_in("p.status", open_states);
  LT_ASSIGN(auto rows, tx.query(select_sql() + w.sql() + " ORDER BY p.id DESC LIMIT 20", w.params()));
  std::vector<Problem> out;
  for (auto& r : rows.rows) out.push_back(from_row(r));
  return out;
}

Result<std::vector<Problem>> open_of_type_in_box(Tx& tx, const std::string& problem_type, LngLat min,
                                                 LngLat max, const std::vector<std::string>& open_states,
                                                 int64_t except_id) {
  Where w;
  w.add("p.problem_type = ?", {problem_type});
  // The cells the box covers (problems_type_place), then the box itself.
  const auto cells = place_cells(min, max);
  if (!cells.empty()) {
    std::string in = "p.place_cell IN (";
    std::vector<Value> v;
    for (size_t i = 0; i < cells.size(); ++i) {
      in += i ? ", ?" : "?";
      v.emplace_back(cells[i]);
    }
    w.add(in + ")", std::move(v));
  }
  w.add("p.lat BETWEEN ? AND ?", {min.lat, max.lat});
  w.add("p.lng BETWEEN ? AND ?", {min.lng, max.lng});
  w.add("p.id <> ?", {except_id});
  w.add_in("p.status", open_states);
  LT_ASSIGN(auto rows, tx.query(select_sql() + w.sql() + " ORDER BY p.id DESC LIMIT 20", w.params()));
  std::vector<Problem> out;
  for (auto& r : rows.rows) out.push_back(from_row(r));
  return out;
}

Result<std::vector<int64_t>> lookbacks_due(Tx& tx, const std::string& state, const std::string& today,
                                           int64_t limit) {
  LT_ASSIGN(auto rows, tx.query("SELECT id FROM problems WHERE lookback_due <> '' AND lookback_due <= $1 AND "
                                "status = $2 ORDER BY lookback_due, id LIMIT $3",
                                {today, state, limit}));
  std::vector<int64_t> out;
  for (auto& r : rows.rows) out.push_back(r.i64(0));
  return out;
}

Result<std::vector<int64_t>> late_ids(Tx& tx, const std::vector<std::string>& open_states,
                                      const std::string& today, int below_step) {
  Where w;
  w.add("p.deadline > '' AND p.deadline < ?", {today});
  w.add("p.escalation < ?", {int64_t(below_step)});
  w.add_in("p.status", open_states);
  LT_ASSIGN(auto rows, tx.query("SELECT p.id FROM problems p" + w.sql() + " ORDER BY p.id", w.params()));
  std::vector<int64_t> out;
  out.reserve(rows.rows.size());
  for (auto& r : rows.rows) out.push_back(r.i64(0));
  return out;
}

Result<std::vector<Problem>> due_between(Tx& tx, const std::vector<std::string>& open_states,
                                         const std::string& from, const std::string& to, int64_t after,
                                         int64_t limit) {
  Where w;
  w.add("p.deadline >= ? AND p.deadline <= ?", {from, to});
  w.add("p.id > ?", {after});
  w.add_in("p.status", open_states);
  LT_ASSIGN(auto rows,
            tx.query(select_sql() + w.sql() + " ORDER BY p.id LIMIT " + w.bind(limit), w.params()));
  std::vector<Problem> out;
  for (auto& r : rows.rows) out.push_back(from_row(r));
  return out;
}

Result<bool> add_escalation(Tx& tx, int64_t problem_id, const Escalation& e) {
  LT_ASSIGN(int64_t n,
            tx.exec("INSERT INTO problem_escalations (problem_id, deadline, step, days_overdue, at) VALUES "
                    "($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                    {problem_id, e.deadline, int64_t(e.step), int64_t(e.days_overdue), e.at}));
  return n > 0;
}

Result<std::vector<Escalation>> escalations(Tx& tx, int64_t problem_id) {
  LT_ASSIGN(auto rows, tx.query("SELECT deadline, step, days_overdue, at FROM problem_escalations WHERE "
                                "problem_id = $1 ORDER BY at, step",
                                {problem_id}));
  std::vector<Escalation> out;
  for (auto& r : rows.rows) out.push_back({r.take_str(0), int(r.i64(1)), int(r.i64(2)), r.take_str(3)});
  return out;
}

Result<std::vector<int64_t>> problems_with_content(Tx& tx, const std::string& sha256, int64_t except_id) {
  LT_ASSIGN(auto rows, tx.query("SELECT DISTINCT record_id FROM record_files WHERE sha256 = $1 AND "
                                "record_kind = 'problem' AND record_id <> $2 ORDER BY record_id",
                                {sha256, except_id}));
  std::vector<int64_t> out;
  for (auto& r : rows.rows) out.push_back(r.i64(0));
  return out;
}

Result<std::vector<Located>> points(Tx& tx, const Filter& f, int64_t limit) {
  Where w;
  std::string from = from_where(f, w);
  w.add("p.lng IS NOT NULL AND p.lat IS NOT NULL");
  LT_ASSIGN(auto rows,
            tx.query("SELECT p.id, p.status, p.number || ' ' || p.title, COALESCE(u.name, ''), p.lng, "
                     "p.lat" +
                         from + w.sql() + " ORDER BY p.id DESC LIMIT " + w.bind(limit),
                     w.params()));
  std::vector<Located> out;
  for (auto& r : rows.rows)
    out.push_back(Located{r.i64(0), r.take_str(1), r.take_str(2), r.take_str(3), LngLat{r.f64(4), r.f64(5)}});
  return out;
}

}  // namespace lantian::store::problems
