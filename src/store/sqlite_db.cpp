#include "store/sqlite_db.h"

#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <unordered_map>

#include "store/db_errors.h"
#include "store/sqlite_sql.h"
#include "store/write_queue.h"

namespace lantian::store {
namespace {

// See the table in store/db_errors.h.
Error sqlite_error(sqlite3* db, int rc, std::string_view what) {
  std::string msg = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xFF) {
    case SQLITE_CONSTRAINT:
      return db_error("database_conflict", msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return db_error("database_busy", msg);
    case SQLITE_FULL:
      return db_error("database_full", msg);
    case SQLITE_READONLY:
      return db_error("database_read_only", msg);
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:
    case SQLITE_IOERR:
    case SQLITE_CORRUPT:
      return db_error("database_unavailable", msg);
    default:
      return Error::internal(msg);
  }
}

// How a connection opens the file: read_write for the server and the
// administration commands (a read-only file is refused); read_only and
// immutable for commands that only read (`audit verify`, `backup`), the
// latter for read-only media where SQLite cannot create the -shm file.
enum class OpenMode { read_write, read_only, immutable };

// "file:" URI for a read-only open; ?, # and % in the path are escaped.
std::string read_only_uri(const std::string& path, bool immutable) {
  std::string uri = "file:";
  for (char ch : path) {
    if (ch == '?' || ch == '#' || ch == '%') {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", (unsigned char)ch);
      uri += hex;
    } else {
      uri += ch;
    }
  }
  return uri + (immutable ? "?mode=ro&immutable=1" : "?mode=ro");
}

std::string folder_of(const std::string& path) {
  auto dir = std::filesystem::path(path).parent_path();
  return dir.empty() ? std::string(".") : dir.string();
}

// A prepared statement plus the mapping from its parameter slots to our
// $N-numbered values (prepared as ?N: store/sqlite_sql.h).
struct Prepared {
  sqlite3_stmt* stmt = nullptr;
  std::vector<int> slot_to_param;  // slot i (1-based) -> index into params
};

class Connection {
 public:
  ~Connection() {
    for (auto& [sql, p] : cache_) sqlite3_finalize(p.stmt);
    if (db_) sqlite3_close_v2(db_);
  }

  static Result<std::unique_ptr<Connection>> open(const std::string& path, bool writer, OpenMode mode) {
    // SQLite's memory statistics take a process-wide mutex on every
    // allocation, which serialises reader threads; we do not use them.
    static const bool configured = [] {
      sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
      return true;
    }();
    (void)configured;
    auto c = std::make_unique<Connection>();
    const bool rw = mode == OpenMode::read_write;
    int flags = SQLITE_OPEN_NOMUTEX |
                (rw ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
    std::string target = rw ? path : read_only_uri(path, mode == OpenMode::immutable);
    int rc = sqlite3_open_v2(target.c_str(), &c->db_, flags, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(c->db_, rc, "open " + path);
    // SQLite opens a file it may not write read-only without a word, and
    // every write would then fail: refuse it at once, saying why.
    if (rw && sqlite3_db_readonly(c->db_, "main") == 1)
      return db_error("database_read_only",
                      "the database file " + path +
                          " is read-only (see its permissions and owner, and whether its file system is "
                          "mounted read-only); the server needs to write it");
    sqlite3_extended_result_codes(c->db_, 1);
    sqlite3_busy_timeout(c->db_, 5000);
    // The writer's temporary files on disk: its sub-journal then spills to
    // one past 64 KiB instead of growing in memory, where truncating it
    // costs a walk from its start (SqliteDatabase::run_batch).
    const char* pragmas = writer
                              ? "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA temp_store=FILE; "
                                "PRAGMA cache_size=-4000;"
                              : "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA temp_store=MEMORY; "
                                "PRAGMA cache_size=-4000;";
    rc = sqlite3_exec(c->db_, pragmas, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(c->db_, rc, "configure " + path);
    if (writer && rw) {
      rc = sqlite3_exec(c->db_, "PRAGMA journal_mode=WAL;", nullptr, nullptr, nullptr);
      if (rc != SQLITE_OK) return sqlite_error(c->db_, rc, "enable WAL on " + path);
    }
    return c;
  }

  sqlite3* handle() { return db_; }

  Result<Prepared*> prepare(std::string_view sql) {
    auto it = cache_.find(std::string(sql));
    if (it != cache_.end()) {
      sqlite3_reset(it->second.stmt);
      sqlite3_clear_bindings(it->second.stmt);
      return &it->second;
    }
    Prepared p;
    const std::string text = numbered_placeholders(sql);
    int rc =
        sqlite3_prepare_v3(db_, text.data(), int(text.size()), SQLITE_PREPARE_PERSISTENT, &p.stmt, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc, "prepare");
    // Slot i is "?i" (a "?N" slot's number is N); a gap has no name.
    int n = sqlite3_bind_parameter_count(p.stmt);
    p.slot_to_param.assign(n + 1, -1);
    for (int i = 1; i <= n; ++i) p.slot_to_param[i] = i - 1;
    return &cache_.emplace(std::string(sql), p).first->second;
  }

  // Runs a parameterless statement through the statement cache (BEGIN,
  // COMMIT, ROLLBACK run for every transaction; parsing them each time shows).
  Status exec_cached(std::string_view sql) {
    LT_ASSIGN(Prepared * p, prepare(sql));
    int rc = sqlite3_step(p->stmt);
    sqlite3_reset(p->stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return sqlite_error(db_, rc, std::string(sql));
    return {};
  }

  Status exec_plain(const char* sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string m = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      auto e = sqlite_error(nullptr, rc, m);
      return e;
    }
    return {};
  }

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, Prepared> cache_;
};

// Errors after which SQLite may have rolled back the whole transaction, not
// just the statement (https://sqlite.org/lang_transaction.html, "Response To
// Errors Within A Transaction"): a batch that saw one commits nothing.
bool ends_transaction(int rc) {
  switch (rc & 0xFF) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOMEM:
    case SQLITE_INTERRUPT:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
      return true;
    default:
      return false;
  }
}

// BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT, RELEASE: the transaction (and a
// write's savepoint) belong to the Database, not to its callbacks. A COMMIT
// run by one callback would commit its batch's earlier writes behind their
// backs.
bool controls_transaction(std::string_view sql) {
  size_t i = sql.find_first_not_of(" \t\r\n(");
  if (i == std::string_view::npos) return false;
  std::string word;
  for (; i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])) && word.size() < 10; ++i)
    word += char(std::toupper(static_cast<unsigned char>(sql[i])));
  return word == "BEGIN" || word == "COMMIT" || word == "END" || word == "ROLLBACK" || word == "SAVEPOINT" ||
         word == "RELEASE";
}

class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(Connection& c) : c_(c) {}

  // The first statement error that may have ended the transaction (see
  // ends_transaction), even if the callback went on after it.
  const std::optional<Error>& fatal() const { return fatal_; }

  Result<Rows> query(std::string_view sql, const std::vector<Value>& params) override {
    Rows out;
    LT_TRY(run(sql, params, &out));
    return out;
  }
  Result<int64_t> exec(std::string_view sql, const std::vector<Value>& params) override {
    LT_TRY(run(sql, params, nullptr));
    return int64_t(sqlite3_changes(c_.handle()));
  }

 private:
  Status run(std::string_view sql, const std::vector<Value>& params, Rows* out) {
    if (controls_transaction(sql))
      return Error::internal("transaction control inside a database callback: " + std::string(sql));
    auto prepared = c_.prepare(sql);
    if (!prepared.ok()) {
      if (ends_transaction(sqlite3_errcode(c_.handle())) && !fatal_) fatal_ = prepared.error();
      return prepared.take_error();
    }
    Prepared* p = *prepared;
    sqlite3_stmt* st = p->stmt;
    for (size_t slot = 1; slot < p->slot_to_param.size(); ++slot) {
      int idx = p->slot_to_param[slot];
      if (idx < 0 || size_t(idx) >= params.size())
        return Error::internal("SQL parameter $" + std::to_string(idx + 1) + " has no value");
      const Value& v = params[idx];
      int rc;
      if (std::holds_alternative<std::nullptr_t>(v))
        rc = sqlite3_bind_null(st, int(slot));
      else if (auto i = std::get_if<int64_t>(&v))
        rc = sqlite3_bind_int64(st, int(slot), *i);
      else if (auto d = std::get_if<double>(&v))
        rc = sqlite3_bind_double(st, int(slot), *d);
      else {
        const auto& s = std::get<std::string>(v);
        rc = sqlite3_bind_text(st, int(slot), s.data(), int(s.size()), SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK) return sqlite_error(c_.handle(), rc, "bind");
    }
    int ncol = sqlite3_column_count(st);
    if (out) {
      out->columns.reserve(ncol);
      for (int i = 0; i < ncol; ++i) out->columns.emplace_back(sqlite3_column_name(st, i));
    }
    for (;;) {
      int rc = sqlite3_step(st);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        auto e = sqlite_error(c_.handle(), rc, "step");
        sqlite3_reset(st);
        if (ends_transaction(rc) && !fatal_) fatal_ = e;
        return e;
      }
      if (!out) continue;
      std::vector<Value> row;
      row.reserve(ncol);
      for (int i = 0; i < ncol; ++i) {
        switch (sqlite3_column_type(st, i)) {
          case SQLITE_NULL:
            row.emplace_back(nullptr);
            break;
          case SQLITE_INTEGER:
            row.emplace_back(int64_t(sqlite3_column_int64(st, i)));
            break;
          case SQLITE_FLOAT:
            row.emplace_back(sqlite3_column_double(st, i));
            break;
          default:
            row.emplace_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, i)),
                                         size_t(sqlite3_column_bytes(st, i))));
        }
      }
      out->rows.emplace_back(std::move(row));
    }
    sqlite3_reset(st);
    return {};
  }

  Connection& c_;
  std::optional<Error> fatal_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, OpenMode mode) : path_(std::move(path)), mode_(mode) {}

  // A read-only database's "writer" is read-only too: a write is refused
  // with database_read_only.
  Status init() {
    LT_ASSIGN(writer_, Connection::open(path_, true, mode_));
    return {};
  }

  Status read(const std::function<Status(Tx&)>& fn) override {
    reads_++;
    LT_ASSIGN(auto conn, acquire_reader());
    Status st = conn->exec_cached("BEGIN");
    if (st.ok()) {
      SqliteTx tx(*conn);
      st = fn(tx);
      (void)conn->exec_cached("COMMIT");
    }
    release_reader(std::move(conn));
    if (!st.ok()) errors_++;
    return st;
  }

  // Group commit (see write_queue.h and the contract in sqlite_db.h).
  Status write(const std::function<Status(Tx&)>& fn) override {
    writes_++;
    Status st = queue_.submit(fn, [this](WriteBatch& b) { run_batch(b); });
    if (!st.ok()) errors_++;
    return st;
  }

  std::string_view backend() const override { return "sqlite"; }

  Status ping() override {
    return read([](Tx& tx) -> Status {
      LT_TRY(tx.query("SELECT 1"));
      return {};
    });
  }

  Status exec_script(std::string_view sql) override {
    return queue_.exclusive([&]() -> Status {
      LT_TRY(writer_->exec_plain("BEGIN IMMEDIATE"));
      std::string s(sql);
      Status st = writer_->exec_plain(s.c_str());
      if (st.ok()) st = writer_->exec_plain("COMMIT");
      if (!st.ok()) (void)writer_->exec_plain("ROLLBACK");
      return st;
    });
  }

  Status backup_to(const std::string& path) override {
    // The backup API copies a consistent snapshot from a reader connection
    // while the server keeps writing (WAL readers are not blocked).
    LT_ASSIGN(auto conn, acquire_reader());
    std::error_code ec;
    std::filesystem::remove(path + ".tmp", ec);
    sqlite3* dest = nullptr;
    int rc = sqlite3_open((path + ".tmp").c_str(), &dest);
    Status st;
    if (rc != SQLITE_OK) {
      st = sqlite_error(dest, rc, "open backup file " + path);
    } else {
      sqlite3_backup* b = sqlite3_backup_init(dest, "main", conn->handle(), "main");
      if (!b) {
        st = sqlite_error(dest, sqlite3_errcode(dest), "start backup");
      } else {
        rc = sqlite3_backup_step(b, -1);
        sqlite3_backup_finish(b);
        if (rc != SQLITE_DONE) st = sqlite_error(dest, rc, "backup");
      }
    }
    sqlite3_close(dest);
    release_reader(std::move(conn));
    if (st.ok()) {
      std::filesystem::rename(path + ".tmp", path, ec);
      if (ec) st = Error::unavailable("rename backup into place: " + ec.message());
    } else {
      std::filesystem::remove(path + ".tmp", ec);
    }
    return st;
  }

  DbStats stats() const override {
    DbStats s;
    s.reads = reads_, s.writes = writes_, s.errors = errors_;
    s.pool_size = open_readers_ + 1;
    auto q = queue_.stats();
    s.write_commits = q.batches;
    s.write_wait_seconds = double(q.wait_ns) / 1e9;
    return s;
  }

 private:
  // The leader's side of write(): BEGIN IMMEDIATE, the queued callbacks,
  // one COMMIT. The first callback of the transaction runs without a
  // savepoint (rolling the transaction back undoes it alone), each later one
  // in SAVEPOINT w. A callback's error undoes only its own work (the
  // transaction, for a first one: the next callback begins another); an
  // error that may have ended the transaction (or a failed COMMIT) fails
  // every callback in it, none of them applied.
  //
  // Why the first needs none: while a savepoint is open, SQLite copies every
  // page the write changes into the sub-journal, and each statement that
  // opens a statement journal (a trigger, a multi-row insert) truncates it
  // back when it ends; an in-memory sub-journal is truncated by walking it
  // from the start, so a long write inside a savepoint took time quadratic
  // in its size (docs/benchmarks.md, bench/sqlite_subjournal.py). The writer
  // also keeps its temporary files on disk (temp_store=FILE, Connection::
  // open), where the sub-journal spills past 64 KiB and truncates in
  // constant time: a long write queued behind another stays linear.
  void run_batch(WriteBatch& b) {
    if (!b.next()) return;
    bool open = false;     // a transaction is open
    bool pending = false;  // callbacks in it returned OK: COMMIT is due
    do {
      if (!open) {
        if (Status st = writer_->exec_cached("BEGIN IMMEDIATE"); !st.ok()) {
          b.finish(std::move(st));  // the others stay queued for the next batch
          return;
        }
        open = true;
      }
      std::optional<Error> fatal;
      Status st = run_one(b, pending, fatal);
      const bool ok = st.ok();
      b.finish(std::move(st));
      if (fatal) {
        // Keeps the cause's database_* code (what /healthz watches for).
        Error e = *fatal;
        e.message = "rolled back with its write batch: " + e.message;
        b.fail_succeeded(std::move(e));
        rollback();
        return;
      }
      if (ok) {
        pending = true;
      } else if (!pending) {
        rollback();  // the first callback's work, and nothing else
        open = false;
      }
    } while (b.next());
    if (!pending) {
      if (open) rollback();  // nothing to keep
      return;
    }
    Status st = writer_->exec_cached("COMMIT");
    if (!st.ok()) {
      b.fail_succeeded(st.error());
      rollback();
    }
  }

  // Runs the batch's current callback, inside SAVEPOINT w when `savepoint`.
  // Sets `fatal` when the transaction cannot be committed any more.
  Status run_one(WriteBatch& b, bool savepoint, std::optional<Error>& fatal) {
    sqlite3* h = writer_->handle();
    if (savepoint)
      if (Status st = writer_->exec_cached("SAVEPOINT w"); !st.ok()) {
        fatal = st.error();
        return st;
      }
    SqliteTx tx(*writer_);
    Status st = b.call(tx);
    if (tx.fatal() || sqlite3_get_autocommit(h)) {
      // SQLite may have rolled back the whole transaction (disk full, I/O
      // error, ...), taking the earlier callbacks' work with it.
      fatal = tx.fatal() ? *tx.fatal()
                         : db_error("database_unavailable", "the database rolled back the write transaction");
      return st.ok() ? Status(*fatal) : st;
    }
    if (!savepoint) return st;
    Status end = st.ok() ? writer_->exec_cached("RELEASE w") : writer_->exec_cached("ROLLBACK TO w");
    if (end.ok() && !st.ok()) end = writer_->exec_cached("RELEASE w");
    if (!end.ok()) {
      fatal = end.error();
      return st.ok() ? end : st;
    }
    return st;
  }

  void rollback() {
    if (!sqlite3_get_autocommit(writer_->handle())) (void)writer_->exec_cached("ROLLBACK");
  }

  Result<std::unique_ptr<Connection>> acquire_reader() {
    {
      std::lock_guard lock(pool_mu_);
      if (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        return c;
      }
    }
    auto c = Connection::open(path_, false, mode_);
    if (c.ok()) open_readers_++;
    return c;
  }
  void release_reader(std::unique_ptr<Connection> c) {
    std::lock_guard lock(pool_mu_);
    idle_.push_back(std::move(c));
  }

  std::string path_;
  OpenMode mode_;
  std::unique_ptr<Connection> writer_;
  WriteQueue queue_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::atomic<uint64_t> reads_{0}, writes_{0}, errors_{0}, open_readers_{0};
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path) {
  std::error_code ec;
  auto dir = std::filesystem::path(path).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  // WAL mode keeps PATH-wal and PATH-shm beside the file, created on demand.
  if (::access(folder_of(path).c_str(), W_OK) != 0)
    return db_error("database_read_only", "the folder " + folder_of(path) + " of the database " + path +
                                              " is not writable (" + std::strerror(errno) +
                                              "); the server keeps its -wal and -shm files there");
  auto db = std::make_unique<SqliteDatabase>(path, OpenMode::read_write);
  LT_TRY(db->init());
  return std::unique_ptr<Database>(std::move(db));
}

Result<std::unique_ptr<Database>> open_sqlite_read_only(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return db_error("database_unavailable", "no SQLite database file at " + path);
  // Where the folder cannot hold the -shm file (read-only media, a folder
  // we may not write), SQLite can read a WAL-mode file only as immutable;
  // that is exact when no -wal file holds commits the file lacks.
  auto wal = std::filesystem::file_size(path + "-wal", ec);
  bool wal_pending = !ec && wal > 0;
  bool folder_writable = ::access(folder_of(path).c_str(), W_OK) == 0;
  auto db = std::make_unique<SqliteDatabase>(
      path, folder_writable || wal_pending ? OpenMode::read_only : OpenMode::immutable);
  LT_TRY(db->init());
  // Read the schema now: a file that is not a database fails here.
  LT_TRY(db->read([](Tx& tx) -> Status {
    LT_TRY(tx.query("SELECT count(*) FROM sqlite_master"));
    return {};
  }));
  return std::unique_ptr<Database>(std::move(db));
}

Status sqlite_restore(const std::string& from, const std::string& to) {
  sqlite3 *src = nullptr, *dst = nullptr;
  Status st;
  int rc = sqlite3_open_v2(from.c_str(), &src, SQLITE_OPEN_READONLY, nullptr);
  if (rc != SQLITE_OK) {
    st = sqlite_error(src, rc, "open " + from);
  } else if ((rc = sqlite3_exec(src, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr)) !=
             SQLITE_OK) {
    st = Error::invalid(from + " is not a Lantian SQLite backup: " + sqlite3_errmsg(src));
  } else if ((rc = sqlite3_open(to.c_str(), &dst)) != SQLITE_OK) {
    st = sqlite_error(dst, rc, "open " + to);
  } else {
    sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b) {
      st = sqlite_error(dst, sqlite3_errcode(dst), "start restore");
    } else {
      rc = sqlite3_backup_step(b, -1);
      sqlite3_backup_finish(b);
      if (rc != SQLITE_DONE) st = sqlite_error(dst, rc, "restore");
    }
  }
  sqlite3_close(src);
  sqlite3_close(dst);
  return st;
}

Result<std::unique_ptr<Database>> open_database(const std::string& url) {
  // Declared in store/postgres_db.h (defined in postgres_db.cpp).
  Result<std::unique_ptr<Database>> open_postgres(const std::string& url);
  if (url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0) return open_postgres(url);
  std::string path = url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url;
  if (path.empty()) return Error::invalid("empty database path");
  return open_sqlite(path);
}

Result<std::unique_ptr<Database>> open_database_read_only(const std::string& url) {
  Result<std::unique_ptr<Database>> open_postgres(const std::string& url);
  if (url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0) return open_postgres(url);
  std::string path = url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url;
  if (path.empty()) return Error::invalid("empty database path");
  return open_sqlite_read_only(path);
}

}  // namespace lantian::store
