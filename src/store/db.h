// The narrow storage interface. Repositories (units_repo.h, users_repo.h, ...)
// hold all SQL, written once with $1-style placeholders; a Database runs it
// on SQLite (sqlite_db.cpp) or, later, PostgreSQL. Dialect differences stay
// behind this interface and in the per-dialect migration files.
//
// Usage:
//   db.write([&](Tx& tx) -> Status { LT_TRY(tx.exec(sql, {a, b})); return {}; });
// A write() callback runs in one transaction, committed when it returns OK and
// rolled back when it returns an error (nothing half-written); write()
// returns only once the commit is durable. read() gives a consistent
// snapshot.
//
// Write callbacks (both backends honour this; SQLite relies on it):
//  - A callback runs exactly once, but possibly on another thread that is
//    inside write() at the same time (SQLite's group commit: the callbacks
//    queued behind the writer share one transaction and one commit, each but
//    the first in its own savepoint, so each is still all-or-nothing on its
//    own and sees the effects of the ones before it). Its caller blocks until it is done,
//    so capturing locals by reference is fine; thread-local state is not.
//  - An exception thrown by a callback reaches its own caller; the
//    callback's writes are undone.
//  - A callback that returned OK can still fail (write() returns the error)
//    when the commit fails, its own or its batch's: keep effects outside the
//    database (files, caches, messages) after write() returns, or make them
//    harmless if the write did not happen.
//  - Calling write() on the same Database from inside a callback is an
//    internal error; so is a transaction statement (BEGIN, COMMIT, END,
//    ROLLBACK, SAVEPOINT, RELEASE) run through the Tx on SQLite.
//
// Thread-safety: Database is thread-safe; many read() calls run in parallel,
// write() calls are serialised (on SQLite, batched). A Tx must not escape its
// callback or be used from another thread.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.h"

namespace lantian::store {

// A parameter or column value. Booleans are stored as 0/1 integers.
using Value = std::variant<std::nullptr_t, int64_t, double, std::string>;

inline Value null_if_empty(const std::string& s) { return s.empty() ? Value(nullptr) : Value(s); }
inline Value opt(const std::optional<std::string>& s) { return s ? Value(*s) : Value(nullptr); }
inline Value opt(const std::optional<int64_t>& v) { return v ? Value(*v) : Value(nullptr); }
inline Value opt(const std::optional<int>& v) { return v ? Value(int64_t(*v)) : Value(nullptr); }
inline Value opt(const std::optional<double>& v) { return v ? Value(*v) : Value(nullptr); }

// One result row; typed accessors convert (NULL -> 0 / "").
class Row {
 public:
  explicit Row(std::vector<Value> v) : v_(std::move(v)) {}
  size_t size() const { return v_.size(); }
  bool is_null(size_t i) const { return std::holds_alternative<std::nullptr_t>(v_[i]); }
  int64_t i64(size_t i) const;
  double f64(size_t i) const;
  std::string str(size_t i) const;
  bool boolean(size_t i) const { return i64(i) != 0; }
  // Moves a text value out (the row is read once, field by field): saves a
  // copy per column on list pages.
  std::string take_str(size_t i) {
    if (auto p = std::get_if<std::string>(&v_[i])) return std::move(*p);
    return str(i);
  }
  std::optional<std::string> opt_str(size_t i) const {
    return is_null(i) ? std::nullopt : std::optional<std::string>(str(i));
  }
  std::optional<int64_t> opt_i64(size_t i) const {
    return is_null(i) ? std::nullopt : std::optional<int64_t>(i64(i));
  }
  std::optional<double> opt_f64(size_t i) const {
    return is_null(i) ? std::nullopt : std::optional<double>(f64(i));
  }
  const Value& operator[](size_t i) const { return v_[i]; }
  // Moves the values from column `from` on into a row of their own (this
  // row keeps the columns before): one statement may read two records.
  Row split(size_t from) {
    std::vector<Value> tail(std::make_move_iterator(v_.begin() + std::ptrdiff_t(from)),
                            std::make_move_iterator(v_.end()));
    v_.resize(from);
    return Row(std::move(tail));
  }

 private:
  std::vector<Value> v_;
};

struct Rows {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  bool empty() const { return rows.empty(); }
  size_t size() const { return rows.size(); }
  const Row& operator[](size_t i) const { return rows[i]; }
};

// A transaction (or read snapshot) on one connection.
class Tx {
 public:
  virtual ~Tx() = default;
  // Runs a statement returning rows. Errors: conflict on a unique/foreign-key
  // violation, unavailable when the database is locked, gone, full or
  // read-only, internal on anything else (bad SQL is a bug); the codes are
  // in store/db_errors.h.
  virtual Result<Rows> query(std::string_view sql, const std::vector<Value>& params) = 0;
  // Runs a statement; returns the number of rows changed.
  virtual Result<int64_t> exec(std::string_view sql, const std::vector<Value>& params) = 0;

  Result<Rows> query(std::string_view sql, std::initializer_list<Value> params = {}) {
    return query(sql, std::vector<Value>(params));
  }
  Result<int64_t> exec(std::string_view sql, std::initializer_list<Value> params = {}) {
    return exec(sql, std::vector<Value>(params));
  }
  // First row or nullopt.
  Result<std::optional<Row>> query_one(std::string_view sql, const std::vector<Value>& params);
};

struct DbStats {
  uint64_t reads = 0, writes = 0, errors = 0;
  uint64_t pool_size = 0;         // open connections
  uint64_t write_commits = 0;     // write transactions run (SQLite: batches; writes / commits = batch size)
  double write_wait_seconds = 0;  // total time spent waiting for the writer
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Status read(const std::function<Status(Tx&)>& fn) = 0;
  virtual Status write(const std::function<Status(Tx&)>& fn) = 0;
  // "sqlite" or "postgres".
  virtual std::string_view backend() const = 0;
  // Cheap liveness check for /healthz.
  virtual Status ping() = 0;
  // Runs a multi-statement script (migrations) inside one write transaction.
  virtual Status exec_script(std::string_view sql) = 0;
  // Writes a consistent copy of the whole database to path, while serving.
  virtual Status backup_to(const std::string& path) = 0;
  virtual DbStats stats() const = 0;
};

// Opens a database from a URL: "sqlite:PATH", a plain path (SQLite), or
// "postgres://..." / "postgresql://..." (PostgreSQL, see postgres_db.h). Creates the SQLite
// file and its folder if missing; refuses a SQLite file or folder it cannot
// write (database_read_only). Does not migrate (see migrations.h).
Result<std::unique_ptr<Database>> open_database(const std::string& url);

// Opens an existing database for commands that only read it (`audit
// verify`, `backup`): SQLite read-only, also on read-only media (see
// open_sqlite_read_only in sqlite_db.h); PostgreSQL as open_database.
Result<std::unique_ptr<Database>> open_database_read_only(const std::string& url);

}  // namespace lantian::store
