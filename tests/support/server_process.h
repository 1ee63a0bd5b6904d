// Starts the real `lantian` binary for API tests: a fresh SQLite database in
// a temp folder, `init --demo` with a known admin password, then `serve` on
// a free port (the port is read from the line the server prints). The server
// is stopped with SIGTERM when the object goes away.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.h"
#include "support/init_template.h"
#include "support/pg_cluster.h"
#include "support/test_backend.h"

namespace lantian::test {

inline const char* kAdminPassword = "Adm1n!pass2026";

// Runs the binary with args; returns exit code and captured stdout+stderr.
inline int run_lantian(const std::vector<std::string>& args, std::string* output = nullptr) {
  std::string cmd = std::string(LANTIAN_BIN);
  for (const auto& a : args) {
    std::string q = "'";
    for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    cmd += " " + q + "'";
  }
  cmd += " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = pclose(p);
  if (output) *output = out;
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

inline std::filesystem::path make_temp_dir(const std::string& prefix) {
  std::random_device rd;
  auto dir = std::filesystem::temp_directory_path() /
             (prefix + "-" + std::to_string(rd()) + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

// `lantian --db DB <args>`; throws with its output when it fails.
inline void run_init(const std::string& db, const std::vector<std::string>& args, std::string* output) {
  std::vector<std::string> all = {"--db", db};
  all.insert(all.end(), args.begin(), args.end());
  if (run_lantian(all, output) != 0) throw std::runtime_error("lantian init failed: " + *output);
}

class ServerProcess {
 public:
  // demo: seed the 禹王台区 demo data; extra: more `serve` flags.
  explicit ServerProcess(bool demo = true, std::vector<std::string> extra = {}) {
    dir_ = make_temp_dir("lantian-test");
    std::vector<std::string> init = {"init", "--admin-password", kAdminPassword};
    if (demo) init.push_back("--demo");
    // init runs once per build of the binary; each server gets a copy
    // (support/init_template.h).
    std::string out;
    if (on_postgres()) {
      // The same suite on PostgreSQL: a fresh database on the shared throwaway
      // cluster (tests/support/pg_cluster.h) for every server.
      auto& pg = PgCluster::shared();
      if (!pg.ok()) throw std::runtime_error("PostgreSQL for tests: " + pg.error());
      pg_server_ = pg.url();
      InitTemplate tpl(init, pg_server_);
      std::string server = pg_server_;
      auto made =
          tpl.ensure([&](const std::string& name) { return !name.empty() && database_exists(server, name); },
                     [&](std::string* output) {
                       std::string url = fresh_database(server);
                       run_init(url, tpl.args(), output);
                       return pg_detail::database_of(url);
                     });
      out = made.first;
      db_ = database_from_template(pg_server_, made.second);
    } else {
      InitTemplate tpl(init, "sqlite");
      auto files = tpl.dir() / "db";
      out = tpl.ensure([&](const std::string&) { return std::filesystem::exists(files / "test.db"); },
                       [&](std::string* output) {
                         std::filesystem::remove_all(files);
                         std::filesystem::create_directories(files);
                         run_init((files / "test.db").string(), tpl.args(), output);
                         return std::string("test.db");
                       })
                .first;
      std::filesystem::copy(files, dir_, std::filesystem::copy_options::recursive);
      db_ = (dir_ / "test.db").string();
    }
    // Demo passwords are random; keep them for tests that log in as them.
    std::regex line(R"(^\s+(\w+)\s+(\S+)\s+(\w+)\s)");
    std::istringstream in(out);
    for (std::string l; std::getline(in, l);) {
      std::smatch m;
      if (std::regex_search(l, m, line)) passwords[m[1]] = m[2];
    }
    start(extra);
  }
  // Serves an existing database (created and owned by the caller): no init,
  // nothing dropped afterwards.
  struct Existing {
    std::string db;
    // Runs in the server's process before it executes lantian (mounts,
    // privileges: support/fault_injection.h); returns "" or why it failed,
    // and then the constructor throws ChildSetupFailed.
    std::function<std::string()> child_setup = {};
    // Where the server's stderr (its JSON log) goes; "" = as usual.
    std::string log_file = {};
  };
  struct ChildSetupFailed : std::runtime_error {
    using std::runtime_error::runtime_error;
  };
  explicit ServerProcess(Existing existing, std::vector<std::string> extra = {}) {
    dir_ = make_temp_dir("lantian-test");
    db_ = existing.db;
    owns_db_ = false;
    child_setup_ = std::move(existing.child_setup);
    log_file_ = std::move(existing.log_file);
    start(extra);
  }

  ~ServerProcess() {
    stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    if (on_postgres() && owns_db_) {
      try {
        drop_database(pg_server_, db_);
      } catch (...) {
      }
    }
  }
  // "sqlite" or "postgres": the backend this build of the suite runs on.
  static const char* backend() { return on_postgres() ? "postgres" : "sqlite"; }

  void start(const std::vector<std::string>& extra = {}) {
    int pipefd[2];
    if (pipe(pipefd) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ == 0) {
      // If the test process dies (crash, ctest timeout), the server goes too.
      prctl(PR_SET_PDEATHSIG, SIGTERM);
      dup2(pipefd[1], 1);
      int devnull = open("/dev/null", O_WRONLY);
      if (!log_file_.empty())
        dup2(open(log_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644), 2);
      else if (!getenv("LANTIAN_TEST_LOGS"))
        dup2(devnull, 2);
      close(pipefd[0]);
      if (child_setup_) {
        std::string why = child_setup_();
        if (!why.empty()) {
          std::string line = "SETUP FAILED: " + why + "\n";
          (void)!write(1, line.data(), line.size());
          _exit(125);
        }
      }
      std::vector<std::string> args = {LANTIAN_BIN, "--db",        db_,          "serve",
                                       "--listen",  "127.0.0.1:0", "--web-root", dir_.string() + "/no-web"};
      for (const auto& e : extra) args.push_back(e);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(LANTIAN_BIN, argv.data());
      _exit(127);
    }
    close(pipefd[1]);
    FILE* f = fdopen(pipefd[0], "r");
    char line[512];
    std::regex port_re(R"(http://127\.0\.0\.1:(\d+))");
    std::regex hj212_re(R"(HJ 212 on \S+ \(port (\d+)\))");
    while (fgets(line, sizeof line, f)) {
      if (std::strncmp(line, "SETUP FAILED: ", 14) == 0) {
        fclose(f);
        waitpid(pid_, nullptr, 0);
        pid_ = -1;
        throw ChildSetupFailed(line + 14);
      }
      std::cmatch m;
      if (std::regex_search(line, m, hj212_re)) hj212_port_ = uint16_t(std::stoi(m[1]));
      if (std::regex_search(line, m, port_re)) {
        port_ = uint16_t(std::stoi(m[1]));
        break;
      }
    }
    fclose(f);
    if (!port_) throw std::runtime_error("lantian serve did not start");
  }

  // SIGTERM and wait; returns the exit status.
  int stop() {
    if (pid_ <= 0) return 0;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  // SIGKILL, as a crash or a power cut: no shutdown of any kind.
  void crash() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  bool alive() const { return pid_ > 0 && kill(pid_, 0) == 0; }

  uint16_t port() const { return port_; }
  // The HJ 212 listener's port (serve --hj212-listen), 0 when not served.
  uint16_t hj212_port() const { return hj212_port_; }
  pid_t pid() const { return pid_; }
  const std::string& db() const { return db_; }
  const std::filesystem::path& dir() const { return dir_; }
  std::map<std::string, std::string> passwords;

  // Logs in with a bearer token; the returned client sends it on every request.
  std::unique_ptr<HttpClient> client_for(const std::string& username, const std::string& password = "") {
    auto c = std::make_unique<HttpClient>(port_);
    std::string pw =
        password.empty() ? (username == "admin" ? kAdminPassword : passwords.at(username)) : password;
    auto r = c->post_json("/api/v1/auth/login", {{"username", username}, {"password", pw}});
    if (r.status != 200) throw std::runtime_error("login as " + username + " failed: " + r.body);
    c->default_headers["Authorization"] = "Bearer " + std::string(r.obj().at("token").as_string());
    return c;
  }

 private:
  std::filesystem::path dir_;
  std::string db_;
  std::string pg_server_;  // set when the suite runs on PostgreSQL
  bool owns_db_ = true;
  std::function<std::string()> child_setup_;
  std::string log_file_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  uint16_t hj212_port_ = 0;
};

}  // namespace lantian::test
