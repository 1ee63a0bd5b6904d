// Helpers for the HTTP tests: a Server running on port 0 in a background
// thread, and a raw TCP client (POSIX sockets) that reads HTTP responses
// byte-exactly, so framing bugs (a HEAD body, a wrong Content-Length) show up.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "http/server.h"

namespace lantian::http::testing {

using namespace std::chrono_literals;

class RunningServer {
 public:
  RunningServer(ServerOptions opt, Handler handler, obs::Logger* logger = nullptr,
                obs::Metrics* metrics = nullptr) {
    opt.host = "127.0.0.1";
    opt.port = 0;
    if (opt.threads == 0) opt.threads = 2;
    server_ = std::make_unique<Server>(opt, std::move(handler), logger, metrics);
    auto st = server_->listen();
    if (!st) throw std::runtime_error("listen failed: " + st.error().message);
    thread_ = std::thread([this] {
      server_->run();
      returned_ = true;
    });
  }
  ~RunningServer() {
    server_->stop();
    if (thread_.joinable()) thread_.join();
  }
  uint16_t port() const { return server_->port(); }
  Server& server() { return *server_; }
  bool run_returned() const { return returned_; }
  // Waits for run() to return; false on timeout.
  bool join_within(std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!returned_ && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
    if (!returned_) return false;
    thread_.join();
    return true;
  }

 private:
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::atomic<bool> returned_{false};
};

struct RawResponse {
  std::string version;
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  std::string header(std::string_view name) const {
    for (const auto& [k, v] : headers)
      if (k == name) return v;
    return {};
  }
  bool has_header(std::string_view name) const {
    for (const auto& [k, v] : headers)
      if (k == name) return true;
    return false;
  }
};

class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket: " + std::string(std::strerror(errno)));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      fd_ = -1;
      throw std::runtime_error("connect: " + std::string(std::strerror(errno)));
    }
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~Client() {
    if (fd_ >= 0) ::close(fd_);
  }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends everything; false if the peer is gone.
  bool send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Reads one response. head: the request was HEAD (no body follows despite
  // Content-Length). nullopt on timeout, EOF or a malformed response.
  std::optional<RawResponse> read_response(bool head = false, std::chrono::milliseconds timeout = 2000ms) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos)
      if (!fill(deadline)) return std::nullopt;
    RawResponse r;
    std::string_view head_text(buf_.data(), end);
    auto line_end = head_text.find("\r\n");
    std::string_view status_line = head_text.substr(0, line_end);
    if (status_line.size() < 12) return std::nullopt;
    r.version = std::string(status_line.substr(0, 8));
    r.status = std::stoi(std::string(status_line.substr(9, 3)));
    std::size_t pos = line_end == std::string_view::npos ? head_text.size() : line_end + 2;
    while (pos < head_text.size()) {
      auto e = head_text.find("\r\n", pos);
      if (e == std::string_view::npos) e = head_text.size();
      std::string_view line = head_text.substr(pos, e - pos);
      auto colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string name(line.substr(0, colon));
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        r.headers.emplace_back(std::move(name), std::string(value));
      }
      pos = e + 2;
    }
    buf_.erase(0, end + 4);
    std::size_t length = 0;
    bool no_body = head || r.status == 204 || r.status == 304 || (r.status >= 100 && r.status < 200);
    if (!no_body && r.has_header("content-length")) length = std::stoul(r.header("content-length"));
    while (buf_.size() < length)
      if (!fill(deadline)) return std::nullopt;
    r.body = buf_.substr(0, length);
    buf_.erase(0, length);
    return r;
  }

  // True if the server closes the connection (EOF or reset) within timeout;
  // any bytes that arrive meanwhile are kept for read_response().
  bool closed_within(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      int left = static_cast<int>(
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now())
              .count());
      if (left <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      int rc = ::poll(&p, 1, left);
      if (rc == 0) return false;
      if (rc < 0) continue;
      char tmp[4096];
      ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
      if (n <= 0) return true;
      buf_.append(tmp, static_cast<std::size_t>(n));
    }
  }

  const std::string& pending() const { return buf_; }

 private:
  bool fill(std::chrono::steady_clock::time_point deadline) {
    int left = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now())
            .count());
    if (left <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, left) <= 0) return false;
    char tmp[16384];
    ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string buf_;
};

inline std::string get(std::string_view target, std::string_view extra_headers = {}) {
  std::string s = "GET ";
  s += target;
  s += " HTTP/1.1\r\nHost: test\r\n";
  s += extra_headers;
  s += "\r\n";
  return s;
}

}  // namespace lantian::http::testing
