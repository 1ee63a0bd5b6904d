// PostgreSQL for tests. PgCluster::shared() is the server a test process
// uses: the one named by the environment variable LANTIAN_TEST_PG (a server
// URL such as postgres://postgres@127.0.0.1:5432/postgres; the user must be
// allowed to create databases) or else a throwaway cluster run by
// tests/support/pg_cluster.sh (`shared` mode) in /tmp. The test processes of
// one checkout share that cluster (ctest runs every test in its own
// process; starting a cluster each time would cost ~1.5 s a test): the first
// starts it, and the script's watchdog stops it and removes its folder a few
// seconds after the last of them has exited, crashed or not.
// fresh_database() gives each test an empty database of its own.
//
//   auto& pg = test::PgCluster::shared();
//   if (!pg.ok()) GTEST_SKIP() << pg.error();   // or FAIL(), see skippable()
//   std::string url = test::fresh_database(pg.url());
//   ... test::drop_database(pg.url(), url);
//
// Thread-safety: shared() is safe to call from any thread; the helpers
// open their own connections.
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>

namespace lantian::test {

class PgCluster {
 public:
  static PgCluster& shared() {
    static PgCluster cluster;
    return cluster;
  }

  bool ok() const { return !url_.empty(); }
  // Why there is no server: no LANTIAN_TEST_PG and no PostgreSQL binaries
  // installed (skippable), or the cluster failed to start (a failure).
  const std::string& error() const { return error_; }
  bool skippable() const { return skippable_; }
  // The server URL (its maintenance database "postgres").
  const std::string& url() const { return url_; }
  // Seconds it took to start or join the cluster (0 with LANTIAN_TEST_PG).
  double start_seconds() const { return start_seconds_; }

  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

 private:
  PgCluster() {
    if (const char* env = std::getenv("LANTIAN_TEST_PG"); env && *env) {
      url_ = env;
      return;
    }
    if (!binaries_installed()) {
      skippable_ = true;
      error_ = "PostgreSQL is not installed (no initdb) and LANTIAN_TEST_PG is not set";
      return;
    }
    // One folder per user and checkout; short enough for a socket path.
    char dir[96];
    std::snprintf(dir, sizeof dir, "/tmp/lantian-pg-%u-%08zx", unsigned(getuid()),
                  std::hash<std::string>{}(LANTIAN_SOURCE_DIR)&0xffffffffu);
    std::string cmd = "'" + script() + "' shared '" + dir + "' " + std::to_string(getpid()) + " 2>&1";
    auto t0 = std::chrono::steady_clock::now();
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) {
      error_ = "cannot run " + script();
      return;
    }
    std::string out;
    char buf[1024];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    int rc = pclose(p);
    start_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    std::string last = out.substr(out.rfind('\n') == std::string::npos ? 0 : out.rfind('\n') + 1);
    if (rc != 0 || last.rfind("postgres://", 0) != 0) {
      error_ = "pg_cluster.sh shared failed: " + out;
      return;
    }
    url_ = last;
  }

  static std::string script() { return std::string(LANTIAN_SOURCE_DIR) + "/tests/support/pg_cluster.sh"; }

  static bool binaries_installed() {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator("/usr/lib/postgresql", ec))
      if (std::filesystem::exists(e.path() / "bin" / "initdb")) return true;
    return std::system("command -v initdb >/dev/null 2>&1") == 0;
  }

  std::string url_, error_;
  bool skippable_ = false;
  double start_seconds_ = 0;
};

namespace pg_detail {

// url with its database (the path) replaced by name; query kept.
inline std::string with_database(const std::string& url, const std::string& name) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t query = url.find('?', start);
  size_t slash = url.find('/', start);
  if (slash == std::string::npos || (query != std::string::npos && slash > query))
    slash = query == std::string::npos ? url.size() : query;
  std::string out = url.substr(0, slash) + "/" + name;
  if (query != std::string::npos) out += url.substr(query);
  return out;
}

inline std::string database_of(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t slash = url.find('/', start);
  if (slash == std::string::npos) return {};
  size_t query = url.find('?', slash);
  return url.substr(slash + 1, query == std::string::npos ? std::string::npos : query - slash - 1);
}

// Runs one statement on the server's maintenance database; throws on error.
inline void admin_exec(const std::string& server_url, const std::string& sql) {
  PGconn* c = PQconnectdb(server_url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string m = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("connect " + server_url + ": " + m);
  }
  PGresult* r = PQexec(c, sql.c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  std::string m = ok ? "" : PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error(sql + ": " + m);
}

}  // namespace pg_detail

// Creates an empty, uniquely named database on the server and returns its
// URL (server_url with the database replaced). Throws std::runtime_error.
inline std::string fresh_database(const std::string& server_url) {
  static std::atomic<int> counter{0};
  std::string name = "lantian_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter) + "_" +
                     std::to_string(std::random_device{}() % 1000000);
  pg_detail::admin_exec(server_url, "CREATE DATABASE \"" + name + "\"");
  return pg_detail::with_database(server_url, name);
}

// Like fresh_database(), a copy of the database `template_name` on the same
// server (CREATE DATABASE … TEMPLATE: no one may be connected to it).
inline std::string database_from_template(const std::string& server_url, const std::string& template_name) {
  static std::atomic<int> counter{0};
  std::string name = "lantian_test_" + std::to_string(getpid()) + "_t" + std::to_string(++counter) + "_" +
                     std::to_string(std::random_device{}() % 1000000);
  pg_detail::admin_exec(server_url, "CREATE DATABASE \"" + name + "\" TEMPLATE \"" + template_name + "\"");
  return pg_detail::with_database(server_url, name);
}

// Whether the server has a database called `name`.
inline bool database_exists(const std::string& server_url, const std::string& name) {
  PGconn* c = PQconnectdb(server_url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    PQfinish(c);
    return false;
  }
  const char* params[] = {name.c_str()};
  PGresult* r = PQexecParams(c, "SELECT 1 FROM pg_database WHERE datname = $1", 1, nullptr, params, nullptr,
                             nullptr, 0);
  bool found = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
  PQclear(r);
  PQfinish(c);
  return found;
}

// Drops a database made by fresh_database() (closing its connections).
inline void drop_database(const std::string& server_url, const std::string& db_url) {
  std::string name = pg_detail::database_of(db_url);
  if (name.empty()) return;
  pg_detail::admin_exec(server_url, "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
}

}  // namespace lantian::test
