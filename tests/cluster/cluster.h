// Several `lantian serve` processes on one PostgreSQL database behind nginx,
// for the cluster tests:
//   - LantianInstance: `lantian --db URL serve` on a free loopback port,
//     logs (JSON lines on stderr) in DIR/instance-N.log; kill9() simulates a
//     crash.
//   - Nginx: Debian's nginx as a foreground process (`daemon off`) with a
//     generated config in DIR: round-robin upstream over the instances with
//     keep-alive, a free loopback port, no access log, one worker.
//   - Cluster: a fresh database on the shared test cluster, `lantian init
//     --demo` once, N instances and nginx in front.
// Every process is a child of the test process with PR_SET_PDEATHSIG, and the
// destructors stop them, so a failing or crashing test leaves none behind.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.h"
#include "support/pg_cluster.h"
#include "support/server_process.h"

namespace lantian::test {

// Sends sig and waits up to `grace` for the process to exit, then SIGKILLs.
inline void stop_child(pid_t& pid, int sig, std::chrono::milliseconds grace = std::chrono::seconds(5)) {
  if (pid <= 0) return;
  ::kill(pid, sig);
  auto deadline = std::chrono::steady_clock::now() + grace;
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid = -1;
}

// fork + exec with the child's stdout on a pipe (returned in *out_fd, or
// /dev/null) and stderr into log_file. The child gets death_sig when the
// test process dies.
inline pid_t spawn(const std::vector<std::string>& args, const std::string& log_file, int death_sig,
                   int* out_fd) {
  // Everything the child needs is prepared before fork: the child only makes
  // system calls (the test process may have other threads).
  int pipefd[2] = {-1, -1};
  if (out_fd && ::pipe2(pipefd, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  int log = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, death_sig);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl
    ::setpgid(0, 0);  // a terminal's Ctrl-C goes to the test alone, which then stops us
    ::dup2(devnull, 0);
    ::dup2(out_fd ? pipefd[1] : devnull, 1);
    ::dup2(log >= 0 ? log : devnull, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(devnull);
  if (log >= 0) ::close(log);
  if (out_fd) {
    ::close(pipefd[1]);
    *out_fd = pipefd[0];
  }
  return pid;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream f(p);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

inline uint16_t free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

inline bool port_open(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

class LantianInstance {
 public:
  LantianInstance(const std::string& db_url, const std::filesystem::path& dir, int n)
      : log_(dir / ("instance-" + std::to_string(n) + ".log")) {
    int out = -1;
    pid_ = spawn({LANTIAN_BIN, "--db", db_url, "serve", "--listen", "127.0.0.1:0", "--web-root",
                  (dir / "no-web").string()},
                 log_.string(), SIGKILL, &out);
    FILE* f = ::fdopen(out, "r");
    char line[512];
    std::regex port_re(R"(http://127\.0\.0\.1:(\d+))");
    while (std::fgets(line, sizeof line, f)) {
      std::cmatch m;
      if (std::regex_search(line, m, port_re)) {
        port_ = uint16_t(std::stoi(m[1]));
        break;
      }
    }
    std::fclose(f);
    if (!port_) {
      stop_child(pid_, SIGKILL);
      throw std::runtime_error("lantian serve did not start: " + read_file(log_));
    }
  }
  ~LantianInstance() { stop_child(pid_, SIGTERM); }

  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0; }
  // A crash: no shutdown, the kernel closes its sockets (and so PostgreSQL
  // ends its sessions).
  void kill9() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  std::string log() const { return read_file(log_); }

 private:
  std::filesystem::path log_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

inline std::string find_nginx() {
  for (const char* p : {"/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"})
    if (::access(p, X_OK) == 0) return p;
  return {};
}

class Nginx {
 public:
  Nginx(const std::filesystem::path& dir, const std::vector<uint16_t>& upstreams) : dir_(dir / "nginx") {
    std::filesystem::create_directories(dir_ / "tmp");
    std::string bin = find_nginx();
    if (bin.empty()) throw std::runtime_error("nginx not found");
    // The free port may be taken between probing and nginx binding it: retry.
    for (int attempt = 0; attempt < 5 && !port_; ++attempt) {
      uint16_t port = free_loopback_port();
      write_config(port, upstreams);
      std::string d = dir_.string();
      pid_ = spawn({bin, "-p", d + "/", "-c", d + "/nginx.conf", "-e", d + "/error.log"}, d + "/stderr.log",
                   SIGTERM, nullptr);
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (std::chrono::steady_clock::now() < deadline) {
        if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
          pid_ = -1;
          break;  // exited: port taken or bad config; error.log says which
        }
        if (port_open(port)) {
          port_ = port;
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      if (!port_) stop_child(pid_, SIGTERM);
    }
    if (!port_)
      throw std::runtime_error("nginx did not start: " + read_file(dir_ / "error.log") +
                               read_file(dir_ / "stderr.log"));
  }
  // SIGTERM: fast shutdown, the master stops its worker.
  ~Nginx() { stop_child(pid_, SIGTERM); }

  uint16_t port() const { return port_; }
  std::string error_log() const { return read_file(dir_ / "error.log"); }

 private:
  void write_config(uint16_t port, const std::vector<uint16_t>& upstreams) {
    std::string d = dir_.string();
    std::ofstream f(dir_ / "nginx.conf", std::ios::trunc);
    // As root nginx would run its worker as "nobody"; root keeps the temp
    // dir writable without chown games (the master refuses nothing here).
    if (::geteuid() == 0) f << "user root;\n";
    f << "worker_processes 1;\n"
      << "daemon off;\n"
      << "pid " << d << "/nginx.pid;\n"
      << "error_log " << d << "/error.log warn;\n"
      << "events { worker_connections 1024; }\n"
      << "http {\n"
      << "  access_log off;\n"
      << "  client_body_temp_path " << d << "/tmp/body;\n"
      << "  proxy_temp_path " << d << "/tmp/proxy;\n"
      << "  fastcgi_temp_path " << d << "/tmp/fastcgi;\n"
      << "  uwsgi_temp_path " << d << "/tmp/uwsgi;\n"
      << "  scgi_temp_path " << d << "/tmp/scgi;\n"
      << "  upstream lantian {\n";
    for (uint16_t p : upstreams) f << "    server 127.0.0.1:" << p << " max_fails=1 fail_timeout=5s;\n";
    f << "    keepalive 32;\n"
      << "  }\n"
      << "  server {\n"
      << "    listen 127.0.0.1:" << port << ";\n"
      << "    location / {\n"
      << "      proxy_pass http://lantian;\n"
      << "      proxy_http_version 1.1;\n"
      << "      proxy_set_header Connection \"\";\n"
      << "      proxy_set_header Host $host;\n"
      << "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
      << "      proxy_set_header X-Forwarded-Proto $scheme;\n"
      << "    }\n"
      << "  }\n"
      << "}\n";
  }

  std::filesystem::path dir_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

// One PostgreSQL database, `init --demo` (admin password kAdminPassword),
// `instances` servers on it and nginx in front.
class Cluster {
 public:
  explicit Cluster(int instances) {
    dir_ = make_temp_dir("lantian-cluster");
    try {
      auto& pg = PgCluster::shared();
      if (!pg.ok()) throw std::runtime_error("PostgreSQL for tests: " + pg.error());
      server_ = pg.url();
      db_ = fresh_database(server_);
      std::string out;
      if (run_lantian({"--db", db_, "init", "--demo", "--admin-password", kAdminPassword}, &out) != 0)
        throw std::runtime_error("lantian init failed: " + out);
      std::vector<uint16_t> ports;
      for (int i = 0; i < instances; ++i) {
        nodes_.push_back(std::make_unique<LantianInstance>(db_, dir_, i));
        ports.push_back(nodes_.back()->port());
      }
      nginx_ = std::make_unique<Nginx>(dir_, ports);
    } catch (...) {
      cleanup();  // the destructor does not run when the constructor throws
      throw;
    }
  }
  ~Cluster() { cleanup(); }

  LantianInstance& node(size_t i) { return *nodes_.at(i); }
  size_t size() const { return nodes_.size(); }
  Nginx& nginx() { return *nginx_; }
  uint16_t port() const { return nginx_->port(); }
  const std::string& db() const { return db_; }

  // Every instance's log, for failure messages.
  std::string logs() const {
    std::string s;
    for (size_t i = 0; i < nodes_.size(); ++i)
      s += "--- instance " + std::to_string(i) + "\n" + nodes_[i]->log();
    return nginx_ ? s + "--- nginx\n" + nginx_->error_log() : s;
  }

 private:
  void cleanup() {
    nginx_.reset();
    nodes_.clear();
    if (!db_.empty()) {
      try {
        drop_database(server_, db_);
      } catch (...) {
      }
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::filesystem::path dir_;
  std::string server_, db_;
  std::vector<std::unique_ptr<LantianInstance>> nodes_;
  std::unique_ptr<Nginx> nginx_;
};

}  // namespace lantian::test
