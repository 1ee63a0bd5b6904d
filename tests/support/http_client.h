// A minimal blocking HTTP/1.1 client for tests: one request per call over a
// fresh or kept-alive loopback connection, Content-Length bodies only (which
// is all the server sends). Header-only so every test binary can use it.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace lantian::test {

struct HttpResponse {
  int status = 0;
  std::multimap<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  boost::json::value json() const {
    boost::json::error_code ec;
    auto v = boost::json::parse(body, ec);
    if (ec) throw std::runtime_error("response is not JSON: " + body.substr(0, 200));
    return v;
  }
  boost::json::object obj() const { return json().as_object(); }
};

// The error codes docs/openapi.yaml documents (components/schemas/ErrorCode,
// between "# BEGIN error codes" and "# END error codes").
inline const std::set<std::string>& documented_error_codes() {
  static const std::set<std::string> codes = [] {
    std::set<std::string> out;
#ifdef LANTIAN_SOURCE_DIR
    std::ifstream in(LANTIAN_SOURCE_DIR "/docs/openapi.yaml");
    std::string line;
    bool inside = false;
    while (std::getline(in, line)) {
      if (line.find("# BEGIN error codes") != std::string::npos)
        inside = true;
      else if (line.find("# END error codes") != std::string::npos)
        break;
      else if (inside) {
        auto dash = line.find("- ");
        if (dash == std::string::npos) continue;
        auto rest = line.substr(dash + 2);
        out.insert(rest.substr(0, rest.find_first_of(" #")));
      }
    }
#endif
    return out;
  }();
  return codes;
}

// Every problem response the tests see must carry a documented code, and so
// must each of its field errors: an undocumented code (which the web app
// cannot translate either) fails the test that met it.
inline void check_problem_codes(const HttpResponse& r) {
  if (r.header("content-type").rfind("application/problem+json", 0) != 0) return;
  const auto& codes = documented_error_codes();
  if (codes.empty()) return;  // built outside the source tree
  boost::json::error_code ec;
  auto v = boost::json::parse(r.body, ec);
  if (ec || !v.is_object()) throw std::runtime_error("problem body is not a JSON object: " + r.body);
  const auto& o = v.as_object();
  auto need = [&](const boost::json::value* c, const std::string& where) {
    if (!c || !c->is_string() || !codes.count(std::string(c->as_string())))
      throw std::runtime_error("undocumented or missing error code " + where + " in " + r.body);
  };
  need(o.if_contains("code"), "at the top");
  if (auto* errs = o.if_contains("errors"))
    for (const auto& e : errs->as_array()) need(e.as_object().if_contains("code"), "of a field error");
}

class HttpClient {
 public:
  explicit HttpClient(uint16_t port) : port_(port) {}
  ~HttpClient() { close_conn(); }

  // Headers added to every request (e.g. Authorization).
  std::map<std::string, std::string> default_headers;

  HttpResponse request(const std::string& method, const std::string& target, const std::string& body = "",
                       std::map<std::string, std::string> headers = {}) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (fd_ < 0) open_conn();
      std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
      auto all = default_headers;
      for (auto& [k, v] : headers) all[k] = v;
      if (!body.empty() && !all.count("Content-Type")) all["Content-Type"] = "application/json";
      for (auto& [k, v] : all) req += k + ": " + v + "\r\n";
      if (!body.empty() || method == "POST" || method == "PATCH" || method == "PUT")
        req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
      req += "\r\n" + body;
      if (!send_all(req)) {
        close_conn();
        continue;  // the server closed an idle keep-alive connection; retry once
      }
      HttpResponse r;
      if (!read_response(method == "HEAD", &r)) {
        close_conn();
        // No answer in time: the server may still be working on it, so the
        // request is not sent again (an import would run twice).
        if (timed_out_)
          throw std::runtime_error("no response within " + std::to_string(kTimeoutSeconds) + " s");
        if (attempt == 0) continue;
        throw std::runtime_error("connection closed without a response");
      }
      if (r.header("connection") == "close") close_conn();
      check_problem_codes(r);
      return r;
    }
    throw std::runtime_error("request failed");
  }
  HttpResponse get(const std::string& t, std::map<std::string, std::string> h = {}) {
    return request("GET", t, "", h);
  }
  HttpResponse post(const std::string& t, const std::string& b, std::map<std::string, std::string> h = {}) {
    return request("POST", t, b, h);
  }
  HttpResponse patch(const std::string& t, const std::string& b, std::map<std::string, std::string> h = {}) {
    return request("PATCH", t, b, h);
  }
  HttpResponse post_json(const std::string& t, const boost::json::value& v,
                         std::map<std::string, std::string> h = {}) {
    return request("POST", t, boost::json::serialize(v), h);
  }
  HttpResponse patch_json(const std::string& t, const boost::json::value& v,
                          std::map<std::string, std::string> h = {}) {
    return request("PATCH", t, boost::json::serialize(v), h);
  }

  // Sends raw bytes on a fresh connection and returns whatever comes back
  // until the server closes or timeout_ms passes.
  std::string raw(const std::string& bytes, int timeout_ms = 2000) {
    int fd = connect_fd();
    ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::string out;
    char buf[8192];
    for (;;) {
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, size_t(n));
    }
    ::close(fd);
    return out;
  }

 private:
  int connect_fd() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port_);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      ::close(fd);
      throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port_));
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    timeval tv{kTimeoutSeconds, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
  }
  void open_conn() {
    fd_ = connect_fd();
    buf_.clear();
  }
  void close_conn() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buf_.clear();
  }
  bool send_all(const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
      ssize_t n = ::send(fd_, s.data() + off, s.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += size_t(n);
    }
    return true;
  }
  // How long a request may take: generous, because on a 2-core CI machine
  // running other suites beside it a large import can take several times its
  // usual 10 s; a test that hangs still fails well inside ctest's limit.
  static constexpr int kTimeoutSeconds = 120;
  bool timed_out_ = false;
  bool fill() {
    char tmp[16384];
    ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    timed_out_ = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    if (n <= 0) return false;
    buf_.append(tmp, size_t(n));
    return true;
  }
  bool read_response(bool head, HttpResponse* r) {
    size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos)
      if (!fill()) return false;
    std::string head_text = buf_.substr(0, end);
    buf_.erase(0, end + 4);
    size_t line_end = head_text.find("\r\n");
    std::string status_line = head_text.substr(0, line_end);
    r->status = std::atoi(status_line.substr(9, 3).c_str());
    size_t pos = line_end == std::string::npos ? head_text.size() : line_end + 2;
    while (pos < head_text.size()) {
      size_t e = head_text.find("\r\n", pos);
      if (e == std::string::npos) e = head_text.size();
      std::string line = head_text.substr(pos, e - pos);
      auto colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (auto& ch : name) ch = char(std::tolower(ch));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      r->headers.emplace(name, value);
      pos = e + 2;
    }
    size_t len = head ? 0 : size_t(std::atoll(r->header("content-length").c_str()));
    while (buf_.size() < len)
      if (!fill()) return false;
    r->body = buf_.substr(0, len);
    buf_.erase(0, len);
    return true;
  }

  uint16_t port_;
  int fd_ = -1;
  std::string buf_;
};

}  // namespace lantian::test
