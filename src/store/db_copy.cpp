#include "store/db_copy.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <set>
#include <string_view>
#include <unordered_map>

#include "core/crypto.h"

namespace lantian::store {
namespace {

// --- The tables, as data ------------------------------------------------------
// Every table of the schema except schema_migrations (each database keeps its
// own), parents before children. All SQL below is built from these constants
// only, never from input. A migration that adds a table or column must add
// it here too: copy_database() refuses a schema that does not match.

enum class Type { integer, real, text };

struct Column {
  std::string_view name;
  Type type;
};

struct TableSpec {
  std::string_view name;
  // The primary key, the first column (integer or text). "" for a link table
  // with a composite key: read whole, ordered by every column.
  std::string_view key;
  std::vector<Column> columns;
  // A column referencing this table's own key (units.parent_id): such rows
  // are inserted parents first, whatever their ids.
  std::string_view self_parent;
  // true: the installation's data (counted by the "target not empty" check);
  // false: a single bookkeeping row every migrated database has, replaced.
  bool holds_data;
  // PostgreSQL: the key is a BIGSERIAL whose sequence must pass the copied ids.
  bool serial;
};

constexpr Type I = Type::integer;
constexpr Type T = Type::text;
constexpr Type R = Type::real;

const std::vector<TableSpec>& table_specs() {
  static const std::vector<TableSpec> specs = {
      {"units",
       "id",
       {{"id", I},
        {"parent_id", I},
        {"path", T},
        {"name", T},
        {"kind", T},
        {"division_code", T},
        {"party_secretary_name", T},
        {"party_secretary_phone", T},
        {"government_head_name", T},
        {"government_head_phone", T},
        {"contacts", T},
        {"disabled", I},
        {"version", I},
        {"created_at", T},
        {"updated_at", T}},
       "parent_id",
       true,
       true},
      {"users",
       "id",
       {{"id", I},
        {"username", T},
        {"name", T},
        {"phone", T},
        {"unit_id", I},
        {"position", T},
        {"roles", T},
        {"password_hash", T},
        {"must_change_password", I},
        {"disabled", I},
        {"failed_logins", I},
        {"locked_until", T},
        {"last_login_at", T},
        {"version", I},
        {"created_at", T},
        {"updated_at", T}},
       "",
       true,
       true},
      {"sessions",
       "id",
       {{"id", I},
        {"token_hash", T},
        {"user_id", I},
        {"kind", T},
        {"name", T},
        {"csrf_token", T},
        {"client_address", T},
        {"created_at", T},
        {"last_seen_at", T},
        {"expires_at", T},
        {"revoked", I}},
       "",
       true,
       true},
      {"audit_log",
       "id",
       {{"id", I},
        {"at", T},
        {"actor_id", I},
        {"actor_name", T},
        {"action", T},
        {"entity", T},
        {"entity_id", T},
        {"before_json", T},
        {"after_json", T},
        {"client_address", T},
        {"prev_hash", T},
        {"hash", T}},
       "",
       true,
       false},
      {"audit_head", "id", {{"id", I}, {"last_id", I}, {"last_hash", T}}, "", false, false},
      {"tree_lock", "id", {{"id", I}, {"n", I}}, "", false, false},
      // The holiday arrangement: every migrated installation is seeded with
      // the shipped one, so it is replaced by the source's, not counted as data.
      {"calendar_days",
       "day",
       {{"day", T}, {"kind", T}, {"holiday", T}, {"notice", T}, {"updated_at", T}},
       "",
       false,
       false},
      {"calendar_years", "year", {{"year", I}, {"source", T}, {"updated_at", T}}, "", false, false},
      {"campaigns",
       "id",
       {{"id", I},
        {"name", T},
        {"start_date", T},
        {"end_date", T},
        {"jurisdiction_unit_id", I},
        {"office_unit_id", I},
        {"description", T},
        {"targets", T},
        {"documents", T},
        {"status", T},
        {"version", I},
        {"created_at", T},
        {"updated_at", T}},
       "",
       true,
       true},
      {"work_areas",
       "id",
       {{"id", I},
        {"campaign_id", I},
        {"code", T},
        {"name", T},
        {"sort_order", I},
        {"lead_unit_id", I},
        {"leader_name", T},
        {"leader_phone", T},
        {"description", T},
        {"version", I},
        {"created_at", T},
        {"updated_at", T}},
       "",
       true,
       true},
      {"work_area_units", "", {{"work_area_id", I}, {"unit_id", I}}, "", true, false},
      {"tasks",
       "id",
       {{"id", I},
        {"campaign_id", I},
        {"work_area_id", I},
        {"parent_id", I},
        {"path", T},
        {"depth", I},
        {"code", T},
        {"title", T},
        {"description", T},
        {"owner_unit_id", I},
        {"owner_unit_path", T},
        {"lead_unit_id", I},
        {"lead_unit_path", T},
        {"responsible_leader_name", T},
        {"responsible_leader_phone", T},
        {"responsible_user_id", I},
        {"responsible_person_name", T},
        {"responsible_person_phone", T},
        {"start_date", T},
        {"deadline", T},
        {"deadline_working_days", I},
        {"deadline_unverified", I},
        {"measure_unit", T},
        {"target_value", R},
        {"achieved_value", R},
        {"weight", R},
        {"progress", R},
        {"status", T},
        {"status_note", T},
        {"assigned_at", T},
        {"completed_at", T},
        {"accepted_at", T},
        {"last_report_at", T},
        {"child_count", I},
        {"created_by", I},
        {"version", I},
        {"created_at", T},
        {"updated_at", T}},
       "parent_id",
       true,
       true},
      {"task_cooperating_units", "", {{"task_id", I}, {"unit_id", I}}, "", true, false},
      {"milestones",
       "id",
       {{"id", I}, {"task_id", I}, {"title", T}, {"deadline", T}, {"done_at", T}, {"sort_order", I}},
       "",
       true,
       true},
      {"progress_reports",
       "id",
       {{"id", I},
        {"task_id", I},
        {"report_date", T},
        {"achieved_value", R},
        {"percent", R},
        {"narrative", T},
        {"reported_by", I},
        {"unit_id", I},
        {"created_at", T}},
       "",
       true,
       true},
      {"attachments",
       "id",
       {{"id", I},
        {"report_id", I},
        {"task_id", I},
        {"filename", T},
        {"content_type", T},
        {"size_bytes", I},
        {"sha256", T},
        {"uploaded_by", I},
        {"created_at", T}},
       "",
       true,
       true},
      {"attachment_data", "attachment_id", {{"attachment_id", I}, {"data_base64", T}}, "", true, false},
      {"report_requests",
       "id",
       {{"id", I},
        {"task_id", I},
        {"unit_id", I},
        {"unit_path", T},
        {"message", T},
        {"due_date", T},
        {"requested_by", I},
        {"requested_at", T},
        {"fulfilled_at", T},
        {"fulfilled_report_id", I}},
       "",
       true,
       true},
      {"notifications",
       "id",
       {{"id", I},
        {"user_id", I},
        {"kind", T},
        {"task_id", I},
        {"title", T},
        {"body", T},
        {"dedup_key", T},
        {"created_at", T},
        {"read_at", T},
        {"template", T},
        {"params", T}},
       "",
       true,
       true},
      {"webhook_deliveries",
       "id",
       {{"id", I},
        {"notification_id", I},
        {"payload", T},
        {"status", T},
        {"attempts", I},
        {"next_attempt_at", T},
        {"last_error", T},
        {"created_at", T},
        {"delivered_at", T}},
       "",
       true,
       true},
      {"workflow_events",
       "id",
       {{"id", I},
        {"workflow", T},
        {"record_id", I},
        {"action", T},
        {"from_state", T},
        {"to_state", T},
        {"actor_user_id", I},
        {"at", T},
        {"note", T},
        {"evidence", T}},
       "",
       true,
       true},
      // Failed-login counters: transient, copied as they are, not data.
      {"login_throttle",
       "key",
       {{"key", T}, {"failures", I}, {"window_start", T}, {"locked_until", T}},
       "",
       false,
       false},
  };
  return specs;
}

constexpr std::string_view kOwnTable = "schema_migrations";

std::string column_list(const TableSpec& t) {
  std::string out;
  for (const auto& c : t.columns) {
    if (!out.empty()) out += ", ";
    out += c.name;
  }
  return out;
}

std::string select_batch_sql(const TableSpec& t, int64_t batch_rows) {
  if (t.key.empty())
    return "SELECT " + column_list(t) + " FROM " + std::string(t.name) + " ORDER BY " + column_list(t);
  std::string key(t.key);
  return "SELECT " + column_list(t) + " FROM " + std::string(t.name) + " WHERE " + key + " > $1 ORDER BY " +
         key + " LIMIT " + std::to_string(batch_rows);
}

// INSERT for n rows: VALUES ($1, ..), ($k+1, ..), ...
std::string insert_sql(const TableSpec& t, size_t n) {
  std::string sql = "INSERT INTO " + std::string(t.name) + " (" + column_list(t) + ") VALUES ";
  size_t p = 1;
  for (size_t r = 0; r < n; ++r) {
    sql += r ? ", (" : "(";
    for (size_t c = 0; c < t.columns.size(); ++c) sql += (c ? ", $" : "$") + std::to_string(p++);
    sql += ")";
  }
  return sql;
}

// Rows per multi-row INSERT: stays under 999 parameters (the oldest SQLite
// limit) whatever the column count.
size_t insert_rows_per_statement(const TableSpec& t) { return std::max<size_t>(1, 900 / t.columns.size()); }

// --- Values: one representation on both dialects ------------------------------

// An integer column holds int64, a text column a string, whatever the driver
// handed back (SQLite may return an integer-looking text as text or the
// reverse). A value that does not convert losslessly is kept as it is, so a
// real difference still shows in the checksum.
Value normalise(const Value& v, Type type) {
  if (type == Type::real) {
    if (auto i = std::get_if<int64_t>(&v)) return double(*i);
    if (auto s = std::get_if<std::string>(&v)) {
      char* end = nullptr;
      double d = std::strtod(s->c_str(), &end);
      if (!s->empty() && end == s->c_str() + s->size()) return d;
    }
    return v;
  }
  if (type == Type::integer) {
    if (auto s = std::get_if<std::string>(&v)) {
      int64_t n = 0;
      auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), n);
      // Only the canonical spelling ("12", not "012" or "+12") converts back.
      if (ec == std::errc() && end == s->data() + s->size() && std::to_string(n) == *s) return n;
    }
    return v;
  }
  if (auto i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  return v;
}

// Type-tagged, unambiguous encoding of one value.
void encode(const Value& v, std::string& out) {
  if (std::holds_alternative<std::nullptr_t>(v)) {
    out += "N;";
  } else if (auto i = std::get_if<int64_t>(&v)) {
    out += 'I';
    out += std::to_string(*i);
    out += ';';
  } else if (auto d = std::get_if<double>(&v)) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "D%.17g;", *d);
    out += buf;
  } else {
    const auto& s = std::get<std::string>(v);
    out += 'S';
    out += std::to_string(s.size());
    out += ':';
    out += s;
  }
}

// SHA-256 over the encodings of a table's rows in key order, hashed in
// chunks (state = sha256(state || chunk)); the chunk boundaries depend only
// on the data, so equal rows give equal checksums.
class Checksum {
 public:
  explicit Checksum(std::string_view table)
      : state_(sha256_hex("lantian db copy v1 " + std::string(table))) {}
  void add_row(const std::vector<Value>& row) {
    for (const auto& v : row) encode(v, buf_);
    buf_ += '\n';
    rows_++;
    if (buf_.size() >= 64 * 1024) flush();
  }
  int64_t rows() const { return rows_; }
  std::string finish() {
    flush();
    return state_;
  }

 private:
  void flush() {
    state_ = sha256_hex(state_ + buf_);
    buf_.clear();
  }
  std::string state_, buf_;
  int64_t rows_ = 0;
};

std::vector<Value> normalised_row(const TableSpec& t, const Row& r) {
  std::vector<Value> out;
  out.reserve(t.columns.size());
  for (size_t c = 0; c < t.columns.size(); ++c) out.push_back(normalise(r[c], t.columns[c].type));
  return out;
}

// Reads a table in key order, batch by batch; fn gets each batch's rows.
Status for_each_batch(Tx& tx, const TableSpec& t, int64_t batch_rows,
                      const std::function<Status(std::vector<std::vector<Value>>&)>& fn) {
  const std::string sql = select_batch_sql(t, batch_rows);
  const bool text_key = t.columns[0].type == Type::text;
  // Keys start above the smallest value of their type: "" sorts first.
  Value last = text_key ? Value(std::string()) : Value(std::numeric_limits<int64_t>::min());
  for (;;) {
    LT_ASSIGN(auto rows, t.key.empty() ? tx.query(sql, std::vector<Value>{}) : tx.query(sql, {last}));
    if (rows.empty()) return {};
    std::vector<std::vector<Value>> batch;
    batch.reserve(rows.size());
    for (const auto& r : rows.rows) batch.push_back(normalised_row(t, r));
    if (t.key.empty()) return fn(batch);
    last = text_key ? Value(rows.rows.back().str(0)) : Value(rows.rows.back().i64(0));
    LT_TRY(fn(batch));
    if (int64_t(rows.size()) < batch_rows) return {};
  }
}

struct TableSum {
  int64_t rows = 0;
  std::string checksum;
};

Result<TableSum> checksum_table(Tx& tx, const TableSpec& t, int64_t batch_rows) {
  Checksum sum(t.name);
  LT_TRY(for_each_batch(tx, t, batch_rows, [&](std::vector<std::vector<Value>>& batch) -> Status {
    for (const auto& row : batch) sum.add_row(row);
    return {};
  }));
  return TableSum{sum.rows(), sum.finish()};
}

// Buffers rows and writes them with multi-row INSERTs.
class Inserter {
 public:
  Inserter(Tx& tx, const TableSpec& t)
      : tx_(tx),
        t_(t),
        per_stmt_(insert_rows_per_statement(t)),
        many_sql_(insert_sql(t, per_stmt_)),
        one_sql_(insert_sql(t, 1)) {}
  Status add(std::vector<Value> row) {
    pending_.push_back(std::move(row));
    if (pending_.size() == per_stmt_) return write(pending_.size());
    return {};
  }
  Status finish() { return write(pending_.size()); }

 private:
  Status write(size_t n) {
    if (n == 0) return {};
    std::vector<Value> params;
    params.reserve(n * t_.columns.size());
    // A full statement, or the few leftover rows one by one (two statement
    // texts per table for the statement caches).
    if (n == per_stmt_) {
      for (auto& row : pending_)
        for (auto& v : row) params.push_back(std::move(v));
      LT_TRY(tx_.exec(many_sql_, params));
    } else {
      for (auto& row : pending_) LT_TRY(tx_.exec(one_sql_, row));
    }
    pending_.clear();
    return {};
  }

  Tx& tx_;
  const TableSpec& t_;
  size_t per_stmt_;
  std::string many_sql_, one_sql_;
  std::vector<std::vector<Value>> pending_;
};

// Orders rows so that a row referencing another row of the same table
// (column self_col) comes after it; otherwise keeps key order. Rows whose
// parent is not in the table keep their place (the target's foreign key will
// report them). Errors: internal on a cycle.
Result<std::vector<size_t>> parents_first(const std::vector<std::vector<Value>>& rows, size_t self_col) {
  std::unordered_map<int64_t, size_t> by_key;
  for (size_t i = 0; i < rows.size(); ++i)
    if (auto k = std::get_if<int64_t>(&rows[i][0])) by_key[*k] = i;
  std::vector<char> state(rows.size(), 0);  // 0 new, 1 on the current chain, 2 placed
  std::vector<size_t> order;
  order.reserve(rows.size());
  std::vector<size_t> chain;
  for (size_t i = 0; i < rows.size(); ++i) {
    // Climb to the first ancestor already placed (or a root), then place the
    // chain top-down.
    chain.clear();
    size_t cur = i;
    while (state[cur] == 0) {
      state[cur] = 1;
      chain.push_back(cur);
      auto p = std::get_if<int64_t>(&rows[cur][self_col]);
      if (!p) break;
      auto it = by_key.find(*p);
      if (it == by_key.end()) break;
      if (state[it->second] == 1) return Error::internal("the parent references form a cycle");
      cur = it->second;
    }
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      state[*it] = 2;
      order.push_back(*it);
    }
  }
  return order;
}

// Copies one table; returns the count and checksum of the source rows.
Result<TableSum> copy_table(Tx& src, Tx& dst, const TableSpec& t, int64_t batch_rows) {
  Checksum sum(t.name);
  Inserter ins(dst, t);
  if (t.self_parent.empty()) {
    LT_TRY(for_each_batch(src, t, batch_rows, [&](std::vector<std::vector<Value>>& batch) -> Status {
      for (auto& row : batch) {
        sum.add_row(row);
        LT_TRY(ins.add(std::move(row)));
      }
      return {};
    }));
  } else {
    // A move can give a parent a larger id than its child: read the whole
    // table (the org tree is small), then insert parents first.
    size_t self_col = 0;
    while (self_col < t.columns.size() && t.columns[self_col].name != t.self_parent) ++self_col;
    std::vector<std::vector<Value>> all;
    LT_TRY(for_each_batch(src, t, batch_rows, [&](std::vector<std::vector<Value>>& batch) -> Status {
      for (auto& row : batch) {
        sum.add_row(row);
        all.push_back(std::move(row));
      }
      return {};
    }));
    auto order = parents_first(all, self_col);
    if (!order.ok()) {
      Error e = order.take_error();
      e.message = std::string(t.name) + ": " + e.message;
      return e;
    }
    for (size_t i : *order) LT_TRY(ins.add(std::move(all[i])));
  }
  LT_TRY(ins.finish());
  return TableSum{sum.rows(), sum.finish()};
}

// --- Checks before copying -----------------------------------------------------

Result<std::set<std::string>> applied_migrations(Database& db) {
  std::set<std::string> out;
  LT_TRY(db.read([&](Tx& tx) -> Status {
    LT_ASSIGN(auto rows, tx.query("SELECT name FROM schema_migrations"));
    for (const auto& r : rows.rows) out.insert(r.str(0));
    return {};
  }));
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "none" : out;
}

// The schema holds exactly the tables and columns of table_specs() (plus
// schema_migrations): anything else would be silently left behind.
Status check_tables(Database& db, const std::string& role) {
  return db.read([&](Tx& tx) -> Status {
    const bool pg = db.backend() == "postgres";
    LT_ASSIGN(
        auto rows,
        tx.query(pg ? "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                      "current_schema() AND table_type = 'BASE TABLE'"
                    : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"));
    std::set<std::string> present;
    for (const auto& r : rows.rows) present.insert(r.str(0));
    std::vector<std::string> unknown, missing;
    for (const auto& name : present) {
      bool known = name == kOwnTable;
      for (const auto& t : table_specs()) known = known || t.name == name;
      if (!known) unknown.push_back(name);
    }
    for (const auto& t : table_specs())
      if (!present.count(std::string(t.name))) missing.emplace_back(t.name);
    if (!unknown.empty())
      return Error::invalid("the " + role +
                            " database has tables this version of lantian cannot copy: " + join(unknown));
    if (!missing.empty())
      return Error::invalid("the " + role + " database lacks the tables " + join(missing));
    for (const auto& t : table_specs()) {
      LT_ASSIGN(auto r, tx.query("SELECT * FROM " + std::string(t.name) + " LIMIT 0"));
      std::set<std::string> have(r.columns.begin(), r.columns.end()), want;
      for (const auto& c : t.columns) want.emplace(c.name);
      if (have != want) {
        std::vector<std::string> extra, lacking;
        for (const auto& c : have)
          if (!want.count(c)) extra.push_back(c);
        for (const auto& c : want)
          if (!have.count(c)) lacking.push_back(c);
        return Error::invalid("table " + std::string(t.name) + " in the " + role +
                              " database does not have the expected columns (unknown: " + join(extra) +
                              "; missing: " + join(lacking) + ")");
      }
    }
    return {};
  });
}

Status check_schemas(Database& from, Database& to) {
  LT_ASSIGN(auto a, applied_migrations(from));
  LT_ASSIGN(auto b, applied_migrations(to));
  if (a != b) {
    std::vector<std::string> only_a, only_b;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only_a));
    std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(only_b));
    return Error::invalid(
        "the source and target databases are at different schema versions (migrations only in the "
        "source: " +
        join(only_a) + "; only in the target: " + join(only_b) +
        "); migrate both with the same version of lantian first");
  }
  LT_TRY(check_tables(from, "source"));
  LT_TRY(check_tables(to, "target"));
  return {};
}

// Refuses a target holding data unless force.
Status check_target_empty(Tx& dst, bool force) {
  std::string found;
  for (const auto& t : table_specs()) {
    if (!t.holds_data) continue;
    LT_ASSIGN(auto r, dst.query_one("SELECT COUNT(*) FROM " + std::string(t.name), {}));
    int64_t n = r ? r->i64(0) : 0;
    if (n > 0) found += (found.empty() ? "" : ", ") + std::string(t.name) + ": " + std::to_string(n);
  }
  if (found.empty() || force) return {};
  Error e = Error::conflict("the target database is not empty (" + found + " rows)");
  e.code = "target_not_empty";
  return e;
}

// Children before parents; the bookkeeping rows are replaced by the source's.
Status clear_target(Tx& dst) {
  const auto& specs = table_specs();
  for (auto it = specs.rbegin(); it != specs.rend(); ++it)
    LT_TRY(dst.exec("DELETE FROM " + std::string(it->name), {}));
  return {};
}

// PostgreSQL only: the next id handed out by a BIGSERIAL follows the largest
// copied id (ids were given explicitly, which does not move the sequence).
Status advance_sequences(Tx& dst) {
  for (const auto& t : table_specs()) {
    if (!t.serial) continue;
    std::string name(t.name), key(t.key);
    LT_TRY(dst.query("SELECT setval(pg_get_serial_sequence('" + name + "', '" + key + "'), COALESCE(MAX(" +
                         key + "), 0) + 1, false) FROM " + name,
                     {}));
  }
  return {};
}

}  // namespace

bool CopyReport::tables_match() const {
  for (const auto& t : tables)
    if (!t.match()) return false;
  return true;
}

Status verification_error(const CopyReport& report) {
  if (report.ok()) return {};
  std::string m = "verification of the copy failed:";
  for (const auto& t : report.tables) {
    if (t.match()) continue;
    m += "\n  " + t.table + ": " + std::to_string(t.source_rows) + " rows read from the source (checksum " +
         t.source_checksum.substr(0, 16) + "), " + std::to_string(t.target_rows) +
         " read back from the target (checksum " + t.target_checksum.substr(0, 16) + ")";
  }
  if (!report.audit.ok)
    m += "\n  audit chain on the target: first bad entry #" + std::to_string(report.audit.first_bad_id) +
         " (" + report.audit.reason + ")";
  return Error::internal(m);
}

Result<CopyReport> copy_database(Database& from, Database& to, const CopyOptions& opts) {
  if (opts.batch_rows < 1) return Error::invalid("batch_rows must be at least 1");
  LT_TRY(check_schemas(from, to));
  CopyReport rep;
  rep.from_backend = std::string(from.backend());
  rep.to_backend = std::string(to.backend());
  // The source snapshot is taken first and held for the whole copy; the
  // target is written in one transaction, rolled back on any error.
  std::vector<TableCopyReport> tables;
  LT_TRY(from.read([&](Tx& src) -> Status {
    return to.write([&](Tx& dst) -> Status {
      tables.clear();
      LT_TRY(check_target_empty(dst, opts.force));
      LT_TRY(clear_target(dst));
      for (const auto& t : table_specs()) {
        auto sum = copy_table(src, dst, t, opts.batch_rows);
        if (!sum.ok()) {
          Error e = sum.take_error();
          e.message = "copying table " + std::string(t.name) + ": " + e.message;
          return e;
        }
        TableCopyReport tr;
        tr.table = std::string(t.name);
        tr.source_rows = sum->rows;
        tr.source_checksum = sum->checksum;
        tables.push_back(std::move(tr));
      }
      if (to.backend() == "postgres") LT_TRY(advance_sequences(dst));
      return {};
    });
  }));
  rep.tables = std::move(tables);
  // Read back what was committed.
  LT_TRY(to.read([&](Tx& tx) -> Status {
    for (auto& tr : rep.tables) {
      const TableSpec* spec = nullptr;
      for (const auto& t : table_specs())
        if (t.name == tr.table) spec = &t;
      LT_ASSIGN(auto sum, checksum_table(tx, *spec, opts.batch_rows));
      tr.target_rows = sum.rows;
      tr.target_checksum = sum.checksum;
    }
    LT_ASSIGN(rep.audit, audit::verify(tx));
    return {};
  }));
  return rep;
}

}  // namespace lantian::store
