#include "store/postgres_db.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <mutex>
#include <unordered_map>

#include "store/db_errors.h"

extern char** environ;

namespace lantian::store {
namespace {

constexpr size_t kMaxConnections = 16;
constexpr auto kPoolWait = std::chrono::seconds(30);

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

ResultPtr wrap(PGresult* r) { return ResultPtr(r, &PQclear); }

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

std::string_view sqlstate_of(const PGresult* r) {
  const char* s = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  return s ? s : "";
}

// Maps a failed result (or a failure without one) to our error kinds; see the
// table in postgres_db.h.
Error pg_error(PGconn* c, const PGresult* r, std::string_view what) {
  std::string text;
  if (const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr) {
    text = primary;
    if (const char* detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL))
      text += std::string(" (") + detail + ")";
  } else {
    text = trim(PQerrorMessage(c));
  }
  std::string msg = std::string(what) + ": " + text;
  std::string_view state = sqlstate_of(r);
  if (PQstatus(c) != CONNECTION_OK) return db_error("database_unavailable", msg + " (connection lost)");
  if (state.empty()) return Error::internal(msg);
  msg += " [" + std::string(state) + "]";
  std::string_view cls = state.substr(0, 2);
  if (cls == "23") return db_error("database_conflict", msg);
  if (state == "40001" || state == "40P01")
    return db_error("database_conflict", msg + " (concurrent transactions collided; retry)");
  if (state == "53100") return db_error("database_full", msg);  // disk_full
  // read_only_sql_transaction: a standby, or default_transaction_read_only.
  if (state == "25006") return db_error("database_read_only", msg);
  if (state == "55P03" || state == "57014")
    return db_error("database_busy", msg);  // lock / statement timeout
  if (cls == "08" || cls == "53" || cls == "58" || cls == "XX" || state == "57P01" || state == "57P02" ||
      state == "57P03")
    return db_error("database_unavailable", msg);
  if (state == "22021" || state == "22P05") return db_error("database_bad_text", msg);
  return Error::internal(msg);
}

// The highest $N in sql, outside quoted strings and identifiers.
int max_param(std::string_view sql) {
  int best = 0;
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;  // a doubled quote reopens on the next char
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9' &&
               (i == 0 || !(std::isalnum(static_cast<unsigned char>(sql[i - 1])) || sql[i - 1] == '_'))) {
      int n = 0;
      size_t j = i + 1;
      while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9' && n < 100000) n = n * 10 + (sql[j++] - '0');
      best = std::max(best, n);
      i = j - 1;
    }
  }
  return best;
}

// How a statement's parameters are declared when it is prepared. Tried in
// order until the server accepts the statement.
//   kTyped:   string text, double float8, int int8, null inferred
//   kInferInt: ints inferred too (substr(path, $2) wants int4; int8 has no
//             implicit cast to it)
//   kAllTyped: nulls declared text (a bare `SELECT $1` cannot infer)
//   kInferAll: everything inferred (a string compared with an integer column)
enum class Decl { kTyped, kInferInt, kAllTyped, kInferAll };
constexpr Decl kDecls[] = {Decl::kTyped, Decl::kInferInt, Decl::kAllTyped, Decl::kInferAll};

Oid declared_type(const Value& v, Decl d) {
  constexpr Oid kUnknown = 0, kInt8 = 20, kText = 25, kFloat8 = 701;
  if (d == Decl::kInferAll) return kUnknown;
  if (std::holds_alternative<std::string>(v)) return kText;
  if (std::holds_alternative<double>(v)) return kFloat8;
  if (std::holds_alternative<int64_t>(v)) return d == Decl::kInferInt ? kUnknown : kInt8;
  return d == Decl::kAllTyped ? kText : kUnknown;
}

char kind_char(const Value& v) {
  switch (v.index()) {
    case 0:
      return 'n';
    case 1:
      return 'i';
    case 2:
      return 'd';
    default:
      return 's';
  }
}

// SQLSTATEs that mean "these parameter declarations do not fit": worth
// preparing again with the next declarations.
bool retry_with_other_types(std::string_view state) {
  return state == "42P18" /* indeterminate_datatype */ || state == "42883" /* undefined_function */ ||
         state == "42725" /* ambiguous_function */ || state == "42804" /* datatype_mismatch */ ||
         state == "42P08" /* ambiguous_parameter */;
}

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct Statement {
  std::string signature;  // one kind_char per parameter
  std::string name;       // server-side prepared statement name
};

class Connection {
 public:
  ~Connection() {
    if (pg_) PQfinish(pg_);
  }

  static Result<std::unique_ptr<Connection>> open(const std::string& url) {
    // Defaults first, the URL next (its own settings win), then what must
    // hold whatever the URL says.
    const char* keys[] = {"fallback_application_name", "connect_timeout", "dbname", "client_encoding",
                          nullptr};
    const char* vals[] = {"lantian", "10", url.c_str(), "UTF8", nullptr};
    auto c = std::make_unique<Connection>();
    c->pg_ = PQconnectdbParams(keys, vals, 1);
    if (!c->pg_) return db_error("database_unavailable", "cannot connect to PostgreSQL: out of memory");
    if (PQstatus(c->pg_) != CONNECTION_OK)
      return db_error("database_unavailable",
                      "cannot connect to PostgreSQL: " + trim(PQerrorMessage(c->pg_)));
    // Notices ("relation already exists, skipping") are not errors; libpq
    // would print them on stderr.
    PQsetNoticeProcessor(
        c->pg_, [](void*, const char*) {}, nullptr);
    // Repository SQL writes LIKE ... ESCAPE '\' and relies on this.
    LT_TRY(c->simple("SET standard_conforming_strings = on"));
    return c;
  }

  PGconn* pg() { return pg_; }

  // The statement prepared for sql with these parameter kinds, or nullptr.
  // A NULL fits a parameter of any kind: a multi-row INSERT's NULL pattern
  // changes from batch to batch (a missing pollutant), and preparing one
  // statement per pattern grew the server's memory without bound.
  const Statement* prepared(std::string_view sql, const std::vector<Value>& params) const {
    auto it = cache_.find(sql);
    if (it == cache_.end()) return nullptr;
    for (const auto& s : it->second) {
      bool fits = s.signature.size() == params.size();
      for (size_t i = 0; fits && i < params.size(); ++i) {
        const char k = kind_char(params[i]);
        fits = s.signature[i] == k || k == 'n';
      }
      if (fits) return &s;
    }
    return nullptr;
  }

  // Sends `begin` and the prepared statement together (libpq pipeline mode)
  // and waits once: a read transaction's BEGIN costs no round trip of its
  // own. Returns the statement's result, or the first failure (BEGIN's, or
  // the statement's after a BEGIN that worked: the transaction is then
  // aborted, as after any failed statement).
  Result<ResultPtr> begin_and_exec(const char* begin, const Statement& st,
                                   const std::vector<const char*>& values) {
    if (PQenterPipelineMode(pg_) != 1) return pg_error(pg_, nullptr, "pipeline");
    bool sent = PQsendQueryParams(pg_, begin, 0, nullptr, nullptr, nullptr, nullptr, 0) == 1 &&
                PQsendQueryPrepared(pg_, st.name.c_str(), int(values.size()), values.data(), nullptr, nullptr,
                                    0) == 1 &&
                PQpipelineSync(pg_) == 1;
    // Each query's result then a null; then the sync point. A broken
    // connection ends with nulls alone.
    ResultPtr results[2] = {wrap(nullptr), wrap(nullptr)};
    for (int q = 0; sent && q < 2 && !broken(); ++q) {
      results[q] = wrap(PQgetResult(pg_));
      while (PGresult* more = PQgetResult(pg_)) PQclear(more);
    }
    for (int guard = 0; sent && !broken() && guard < 4; ++guard) {
      ResultPtr r = wrap(PQgetResult(pg_));
      if (r && PQresultStatus(r.get()) == PGRES_PIPELINE_SYNC) break;
    }
    (void)PQexitPipelineMode(pg_);  // fails only with results left: then not idle, and dropped
    auto ok = [](const ResultPtr& r, ExecStatusType want) { return r && PQresultStatus(r.get()) == want; };
    if (!ok(results[0], PGRES_COMMAND_OK)) return pg_error(pg_, results[0].get(), begin);
    auto st1 = results[1] ? PQresultStatus(results[1].get()) : PGRES_FATAL_ERROR;
    if (st1 != PGRES_COMMAND_OK && st1 != PGRES_TUPLES_OK)
      return pg_error(pg_, results[1].get(), "statement");
    return std::move(results[1]);
  }
  bool broken() const { return PQstatus(pg_) != CONNECTION_OK; }
  // No transaction open, or only the unawaited end of one (end_unawaited).
  bool idle() const { return ending_ || PQtransactionStatus(pg_) == PQTRANS_IDLE; }

  // Ends a read-only transaction without waiting for the answer (nothing it
  // read can be lost either way); settle() collects it before the
  // connection's next use, when it has long arrived.
  void end_unawaited(const char* sql) {
    if (PQsendQuery(pg_, sql) == 1)
      ending_ = true;
    else
      (void)simple(sql);
  }
  // Collects the answer of end_unawaited(). False when the transaction did
  // not end cleanly: then the connection is not reused.
  bool settle() {
    if (!ending_) return true;
    ending_ = false;
    bool ok = true;
    while (PGresult* r = PQgetResult(pg_)) {
      ok = ok && PQresultStatus(r) == PGRES_COMMAND_OK;
      PQclear(r);
    }
    return ok && !broken() && PQtransactionStatus(pg_) == PQTRANS_IDLE;
  }

  // Runs sql through the simple query protocol (may hold several
  // statements; stops at the first failure).
  Status simple(const char* sql, std::string_view what = {}) {
    auto r = wrap(PQexec(pg_, sql));
    auto st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return {};
    return pg_error(pg_, r.get(), what.empty() ? std::string_view(sql) : what);
  }

  // The prepared statement for sql with these parameter kinds, preparing it
  // on first use. Must run inside a transaction: a declaration that does not
  // fit is undone with a savepoint.
  Result<const Statement*> prepare(std::string_view sql, const std::vector<Value>& params) {
    if (const Statement* s = prepared(sql, params)) return s;
    std::string sig;
    sig.reserve(params.size());
    for (const auto& v : params) sig += kind_char(v);
    int needed = max_param(sql);
    if (size_t(needed) > params.size())
      return Error::internal("SQL parameter $" + std::to_string(needed) + " has no value");
    std::string name = "lt" + std::to_string(++next_statement_);
    std::string text(sql);
    std::vector<Oid> types(params.size());
    LT_TRY(simple("SAVEPOINT lantian_prepare"));
    std::vector<std::vector<Oid>> tried;
    std::optional<Error> first;
    for (Decl d : kDecls) {
      for (size_t i = 0; i < params.size(); ++i) types[i] = declared_type(params[i], d);
      if (std::find(tried.begin(), tried.end(), types) != tried.end()) continue;
      tried.push_back(types);
      auto r = wrap(PQprepare(pg_, name.c_str(), text.c_str(), int(params.size()), types.data()));
      if (r && PQresultStatus(r.get()) == PGRES_COMMAND_OK) {
        LT_TRY(simple("RELEASE SAVEPOINT lantian_prepare"));
        auto& list = cache_[text];
        // At most kMaxSignatures per statement text: the oldest goes (its
        // server-side statement with it), so no pattern of kinds can grow
        // the session without bound. Callers use a returned pointer at once.
        if (list.size() >= kMaxSignatures) {
          (void)simple(("DEALLOCATE " + list.front().name).c_str());
          list.erase(list.begin());
        }
        list.push_back(Statement{std::move(sig), std::move(name)});
        return &list.back();
      }
      Error e = pg_error(pg_, r.get(), "prepare " + text);
      if (!first) first = e;
      if (broken()) return e;
      if (!retry_with_other_types(sqlstate_of(r.get()))) {
        first = e;
        break;
      }
      LT_TRY(simple("ROLLBACK TO SAVEPOINT lantian_prepare"));
    }
    // No declarations fit (or the SQL is wrong): report the first attempt's
    // error, unless another kind of error came later, and leave the
    // transaction usable as it was.
    (void)simple("ROLLBACK TO SAVEPOINT lantian_prepare; RELEASE SAVEPOINT lantian_prepare");
    return *first;
  }

 private:
  PGconn* pg_ = nullptr;
  bool ending_ = false;  // end_unawaited() sent, answer not collected
  // SQL text -> its statements, one per parameter signature (almost always
  // exactly one).
  std::unordered_map<std::string, std::vector<Statement>, StringHash, std::equal_to<>> cache_;
  static constexpr size_t kMaxSignatures = 8;
  uint64_t next_statement_ = 0;
};

// A transaction on a pooled connection. A read's BEGIN is not sent on its
// own: it goes with the first statement (Connection::begin_and_exec). The
// connection that statement finds broken (the server restarted since it was
// last used) is swapped for a new one through `reconnect`, once.
class PgTx final : public Tx {
 public:
  using Reconnect = std::function<Status(std::unique_ptr<Connection>&)>;
  // A transaction already begun on conn.
  explicit PgTx(std::unique_ptr<Connection>& conn) : conn_(conn) {}
  // A transaction to begin with `begin` at the first statement.
  PgTx(std::unique_ptr<Connection>& conn, const char* begin, Reconnect reconnect)
      : conn_(conn), begin_(begin), reconnect_(std::move(reconnect)) {}

  Result<Rows> query(std::string_view sql, const std::vector<Value>& params) override {
    LT_ASSIGN(auto r, run(sql, params));
    Rows out;
    int nf = PQnfields(r.get()), nt = PQntuples(r.get());
    enum Kind : char { kInt, kDouble, kBool, kText };
    std::vector<Kind> kinds(nf);
    out.columns.reserve(nf);
    for (int i = 0; i < nf; ++i) {
      out.columns.emplace_back(PQfname(r.get(), i));
      switch (PQftype(r.get(), i)) {
        case 20:  // int8
        case 21:  // int2
        case 23:  // int4
        case 26:  // oid
          kinds[i] = kInt;
          break;
        case 700:   // float4
        case 701:   // float8
        case 1700:  // numeric
          kinds[i] = kDouble;
          break;
        case 16:  // bool
          kinds[i] = kBool;
          break;
        default:
          kinds[i] = kText;
      }
    }
    out.rows.reserve(nt);
    for (int t = 0; t < nt; ++t) {
      std::vector<Value> row;
      row.reserve(nf);
      for (int i = 0; i < nf; ++i) {
        if (PQgetisnull(r.get(), t, i)) {
          row.emplace_back(nullptr);
          continue;
        }
        const char* s = PQgetvalue(r.get(), t, i);
        size_t len = size_t(PQgetlength(r.get(), t, i));
        switch (kinds[i]) {
          case kInt: {
            int64_t v = 0;
            std::from_chars(s, s + len, v);
            row.emplace_back(v);
            break;
          }
          case kDouble:
            row.emplace_back(std::strtod(s, nullptr));
            break;
          case kBool:
            row.emplace_back(int64_t(s[0] == 't'));
            break;
          default:
            row.emplace_back(std::string(s, len));
        }
      }
      out.rows.emplace_back(std::move(row));
    }
    return out;
  }

  Result<int64_t> exec(std::string_view sql, const std::vector<Value>& params) override {
    LT_ASSIGN(auto r, run(sql, params));
    const char* n = PQcmdTuples(r.get());
    int64_t changed = 0;
    if (n && *n) std::from_chars(n, n + std::strlen(n), changed);
    return changed;
  }

  // The error of the statement that failed, if one did: PostgreSQL has
  // aborted the transaction then, whatever the callback made of it.
  const std::optional<Error>& failure() const { return failure_; }

 private:
  Result<ResultPtr> run(std::string_view sql, const std::vector<Value>& params) {
    auto r = run_inner(sql, params);
    if (!r.ok() && !failure_ && PQtransactionStatus(c().pg()) != PQTRANS_INTRANS) failure_ = r.error();
    return r;
  }

  Connection& c() { return *conn_; }

  // Sends the pending BEGIN on its own (the statement must be prepared
  // first, and preparing needs the transaction), on a new connection if this
  // one turns out broken.
  Status begin_alone() {
    Status st = c().simple(begin_);
    if (!st.ok() && c().broken() && reconnect_) {
      LT_TRY(reconnect_(conn_));
      st = c().simple(begin_);
    }
    begin_ = nullptr;
    return st;
  }

  Result<ResultPtr> run_inner(std::string_view sql, const std::vector<Value>& params) {
    std::vector<const char*> values(params.size());
    std::vector<std::string> numbers;
    numbers.reserve(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (auto s = std::get_if<std::string>(&v)) {
        if (s->find('\0') != std::string::npos)
          return Error::invalid("text values cannot contain NUL characters");
        values[i] = s->c_str();
      } else if (auto n = std::get_if<int64_t>(&v)) {
        values[i] = numbers.emplace_back(std::to_string(*n)).c_str();
      } else if (auto d = std::get_if<double>(&v)) {
        char buf[64];
        auto res = std::to_chars(buf, buf + sizeof buf, *d);
        values[i] = numbers.emplace_back(buf, res.ptr).c_str();
      } else {
        values[i] = nullptr;
      }
    }
    if (begin_) {
      if (const Statement* ready = c().prepared(sql, params)) {
        auto r = c().begin_and_exec(begin_, *ready, values);
        if (r.ok() || !c().broken() || !reconnect_) {
          begin_ = nullptr;
          if (r.ok()) return r;
          Error e = r.take_error();
          if (e.kind == ErrorKind::internal) e.message += " in: " + std::string(sql.substr(0, 300));
          return e;
        }
        LT_TRY(reconnect_(conn_));
      }
      LT_TRY(begin_alone());
    }
    LT_ASSIGN(const Statement* st, c().prepare(sql, params));
    auto r = wrap(
        PQexecPrepared(c().pg(), st->name.c_str(), int(params.size()), values.data(), nullptr, nullptr, 0));
    auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      // Conflict messages may reach API clients: the SQL goes only into
      // errors that mean a bug.
      Error e = pg_error(c().pg(), r.get(), "statement");
      if (e.kind == ErrorKind::internal) e.message += " in: " + std::string(sql.substr(0, 300));
      return e;
    }
    return r;
  }

  std::unique_ptr<Connection>& conn_;
  const char* begin_ = nullptr;  // BEGIN not sent yet
  Reconnect reconnect_;
  std::optional<Error> failure_;
};

// --- external tools (pg_dump, pg_restore) -----------------------------------

bool executable(const std::filesystem::path& p) { return ::access(p.c_str(), X_OK) == 0; }

// pg_dump must be at least as new as the server: prefer a real binary on
// PATH, then the newest Debian /usr/lib/postgresql/N/bin, then Debian's
// pg_wrapper (which may pick an older version when a local cluster exists).
std::string find_pg_tool(const std::string& name) {
  std::string wrapper;
  if (const char* path = std::getenv("PATH")) {
    std::string_view rest = path;
    while (!rest.empty()) {
      size_t colon = rest.find(':');
      std::string dir(rest.substr(0, colon));
      rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
      if (dir.empty()) continue;
      auto p = std::filesystem::path(dir) / name;
      if (!executable(p)) continue;
      std::error_code ec;
      auto real = std::filesystem::canonical(p, ec);
      if (!ec && real.filename() == "pg_wrapper") {
        if (wrapper.empty()) wrapper = p.string();
        continue;
      }
      return p.string();
    }
  }
  int best_version = -1;
  std::string best;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    auto p = e.path() / "bin" / name;
    int v = std::atoi(e.path().filename().c_str());
    if (v > best_version && executable(p)) best_version = v, best = p.string();
  }
  if (!best.empty()) return best;
  return wrapper;
}

struct ToolRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

Result<ToolRun> run_tool(const std::string& tool, const std::vector<std::string>& args) {
  std::string bin = find_pg_tool(tool);
  if (bin.empty())
    return Error::unavailable(tool + " not found (install postgresql-client or put it on PATH)");
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(bin.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return Error::unavailable("pipe: " + std::string(std::strerror(errno)));
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, bin.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    return Error::unavailable("cannot run " + bin + ": " + std::strerror(rc));
  }
  ToolRun out;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n > 0) {
      if (out.output.size() < 64 * 1024) out.output.append(buf, size_t(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  out.output = trim(out.output);
  return out;
}

// --- the database -------------------------------------------------------------

class PgDatabase final : public Database {
 public:
  explicit PgDatabase(std::string url) : url_(std::move(url)) {}

  ~PgDatabase() override {
    std::lock_guard lock(pool_mu_);
    idle_.clear();
  }

  Status init() {
    LT_ASSIGN(auto c, Connection::open(url_));
    open_++;
    release(std::move(c));
    return {};
  }

  Status read(const std::function<Status(Tx&)>& fn) override {
    reads_++;
    auto conn = acquire();
    if (!conn.ok()) {
      errors_++;
      return conn.take_error();
    }
    PgTx tx(*conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", [this](std::unique_ptr<Connection>& c) {
      release(std::move(c));
      drop_idle();
      auto fresh = acquire();
      if (!fresh.ok()) return Status(fresh.take_error());
      c = std::move(*fresh);
      return Status();
    });
    Status st = fn(tx);
    // Nothing to keep: ending a read-only snapshot either way is the same.
    if (!(*conn)->broken() && !(*conn)->idle()) (*conn)->end_unawaited(tx.failure() ? "ROLLBACK" : "COMMIT");
    release(std::move(*conn));
    if (!st.ok()) errors_++;
    return st;
  }

  Status write(const std::function<Status(Tx&)>& fn) override {
    writes_++;
    auto t0 = std::chrono::steady_clock::now();
    std::lock_guard lock(write_mu_);
    write_wait_ns_ +=
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count();
    auto conn = begin("BEGIN");
    if (!conn.ok()) {
      errors_++;
      return conn.take_error();
    }
    Connection& c = **conn;
    PgTx tx(*conn);
    Status st = fn(tx);
    if (st.ok() && tx.failure()) {
      // The callback went on after a failed statement; PostgreSQL has
      // already aborted the transaction, so nothing can be committed.
      Error e = *tx.failure();
      e.message = "the transaction was rolled back after a failed statement: " + e.message;
      st = e;
    }
    if (st.ok()) st = commit(c);
    if (!st.ok()) {
      errors_++;
      if (!c.broken() && !c.idle()) (void)c.simple("ROLLBACK");
    }
    release(std::move(*conn));
    return st;
  }

  std::string_view backend() const override { return "postgres"; }

  Status ping() override {
    return read([](Tx& tx) -> Status {
      LT_TRY(tx.query("SELECT 1"));
      return {};
    });
  }

  Status exec_script(std::string_view sql) override {
    std::lock_guard lock(write_mu_);
    LT_ASSIGN(auto conn, begin("BEGIN"));
    std::string script(sql);
    Status st = conn->simple(script.c_str(), "script");
    if (st.ok()) st = commit(*conn);
    if (!st.ok() && !conn->broken() && !conn->idle()) (void)conn->simple("ROLLBACK");
    release(std::move(conn));
    return st;
  }

  Status backup_to(const std::string& path) override {
    // pg_dump takes its own consistent snapshot while the server keeps
    // writing; the file appears under its name only when complete.
    std::string tmp = path + ".tmp";
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    LT_ASSIGN(auto run, run_tool("pg_dump", {"--format=custom", "--file=" + tmp, "--dbname=" + url_}));
    if (run.exit_code != 0) {
      std::filesystem::remove(tmp, ec);
      return Error::unavailable("pg_dump failed: " + run.output);
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) return Error::unavailable("rename backup into place: " + ec.message());
    return {};
  }

  DbStats stats() const override {
    DbStats s;
    s.reads = reads_, s.writes = writes_, s.errors = errors_;
    s.write_commits = writes_;  // one transaction per write
    s.pool_size = open_;
    s.write_wait_seconds = double(write_wait_ns_) / 1e9;
    return s;
  }

 private:
  // A pooled connection with a transaction begun. A connection that turns
  // out broken (the server restarted since it was last used) is dropped
  // with all idle ones, which are likely broken too, and a new one tried.
  Result<std::unique_ptr<Connection>> begin(const char* sql) {
    for (int attempt = 0;; ++attempt) {
      LT_ASSIGN(auto c, acquire());
      Status st = c->simple(sql);
      if (st.ok()) return c;
      bool broken = c->broken();
      release(std::move(c));
      if (!broken || attempt == 1) return st.take_error();
      drop_idle();
    }
  }

  Status commit(Connection& c) {
    auto r = wrap(PQexec(c.pg(), "COMMIT"));
    auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK) {
      Error e = pg_error(c.pg(), r.get(), "COMMIT");
      if (e.kind == ErrorKind::unavailable) e.message += "; whether the transaction was committed is unknown";
      return e;
    }
    // COMMIT of an aborted transaction "succeeds" with the tag ROLLBACK.
    if (std::strcmp(PQcmdStatus(r.get()), "COMMIT") != 0)
      return Error::internal("the transaction was rolled back by the server");
    return {};
  }

  Result<std::unique_ptr<Connection>> acquire() {
    std::unique_lock lock(pool_mu_);
    auto deadline = std::chrono::steady_clock::now() + kPoolWait;
    for (;;) {
      while (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        lock.unlock();
        bool usable = c->settle() && !c->broken();
        lock.lock();
        if (usable) return c;
        open_--;
      }
      if (open_ < kMaxConnections) {
        open_++;
        lock.unlock();
        auto c = Connection::open(url_);
        if (!c.ok()) {
          lock.lock();
          open_--;
          pool_cv_.notify_one();
        }
        return c;
      }
      if (pool_cv_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
          open_ >= kMaxConnections)
        return db_error("database_busy", "all " + std::to_string(kMaxConnections) +
                                             " database connections stayed busy for 30 s");
    }
  }

  void release(std::unique_ptr<Connection> c) {
    bool keep = !c->broken() && c->idle();
    std::unique_ptr<Connection> drop;
    {
      std::lock_guard lock(pool_mu_);
      if (keep) {
        idle_.push_back(std::move(c));
      } else {
        drop = std::move(c);
        open_--;
      }
    }
    pool_cv_.notify_one();
  }

  void drop_idle() {
    std::vector<std::unique_ptr<Connection>> drop;
    {
      std::lock_guard lock(pool_mu_);
      drop.swap(idle_);
      open_ -= drop.size();
    }
    pool_cv_.notify_all();
  }

  std::string url_;
  std::mutex write_mu_;
  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::atomic<uint64_t> open_{0};
  std::atomic<uint64_t> reads_{0}, writes_{0}, errors_{0}, write_wait_ns_{0};
};

}  // namespace

Result<std::unique_ptr<Database>> open_postgres(const std::string& url) {
  auto db = std::make_unique<PgDatabase>(url);
  LT_TRY(db->init());
  return std::unique_ptr<Database>(std::move(db));
}

Status postgres_restore(const std::string& backup_file, const std::string& url) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(backup_file, ec))
    return Error::invalid("no such backup file: " + backup_file);
  LT_ASSIGN(auto run, run_tool("pg_restore", {"--clean", "--if-exists", "--no-owner", "--single-transaction",
                                              "--dbname=" + url, backup_file}));
  if (run.exit_code == 0) return {};
  if (run.output.find("not appear to be a valid archive") != std::string::npos ||
      run.output.find("did not find magic string") != std::string::npos)
    return Error::invalid(backup_file + " is not a PostgreSQL backup (pg_dump custom format): " + run.output);
  return Error::unavailable("pg_restore failed: " + run.output);
}

}  // namespace lantian::store
