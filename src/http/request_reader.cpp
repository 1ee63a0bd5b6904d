#include "http/request_reader.h"

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>

#include "obs/log.h"

namespace lantian::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using beast::error_code;

namespace {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// ASCII case-insensitive comparison of header names and values.
using boost::beast::iequals;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses straight into our plain Request, so header names are lower-cased once
// and nothing is copied twice (beast's own message type would allocate every
// field and then we would copy it again).
class RequestParser final : public bhttp::basic_parser<true> {
 public:
  RequestParser(Request& req, const RequestLimits& limits)
      : req_(req), limits_(limits), body_limit_(limits.max_body_bytes) {}
  int version() const { return version_; }
  bool expect_continue() const { return expect_continue_; }
  bool has_host() const { return has_host_; }
  // The body limit of this request (known once its header is in).
  std::size_t limit() const { return body_limit_; }

 private:
  void on_request_impl(bhttp::verb, beast::string_view method, beast::string_view target, int version,
                       error_code&) override {
    req_.method.assign(method.data(), method.size());
    req_.target.assign(target.data(), target.size());
    version_ = version;
  }
  void on_response_impl(int, beast::string_view, int, error_code&) override {}
  void on_field_impl(bhttp::field f, beast::string_view name, beast::string_view value,
                     error_code&) override {
    Header& h = req_.headers.emplace_back();
    h.name.resize(name.size());
    for (std::size_t i = 0; i < name.size(); ++i) h.name[i] = ascii_lower(name[i]);
    h.value.assign(value.data(), value.size());
    if (f == bhttp::field::expect && iequals(h.value, "100-continue")) expect_continue_ = true;
    if (f == bhttp::field::host) has_host_ = true;
  }
  // The request's own body limit (RequestLimits::body_limit_for), checked
  // here against a Content-Length (Beast has checked none: start() leaves
  // its limit open) and handed to Beast for the body as it arrives.
  void on_header_impl(error_code& ec) override {
    if (limits_.body_limit_for) {
      std::string path, query;
      if (!split_target(req_.target, req_.method, path, query))
        if (std::size_t n = limits_.body_limit_for(req_.method, path)) body_limit_ = n;
    }
    if (auto length = content_length(); length && *length > body_limit_) {
      ec = bhttp::error::body_limit;
      return;
    }
    body_limit(static_cast<std::uint64_t>(body_limit_));
  }
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) override {
    // Already checked against body_limit by the parser.
    if (length) req_.body.reserve(static_cast<std::size_t>(*length));
  }
  std::size_t on_body_impl(beast::string_view body, error_code&) override {
    req_.body.append(body.data(), body.size());
    return body.size();
  }
  void on_chunk_header_impl(std::uint64_t, beast::string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, beast::string_view body, error_code&) override {
    req_.body.append(body.data(), body.size());
    return body.size();
  }
  void on_finish_impl(error_code&) override {}

  Request& req_;
  const RequestLimits& limits_;
  std::size_t body_limit_;
  int version_ = 11;
  bool expect_continue_ = false;
  bool has_host_ = false;
};

// Whether the request line at the start of `data` ends in a well-formed
// version, "HTTP/" DIGIT "." DIGIT (RFC 9112 2.3), so that one Beast refuses
// is an unsupported version (505) rather than a malformed request (400).
bool well_formed_version(std::string_view data) {
  auto line = data.substr(0, data.find("\r\n"));
  if (line.size() < 9) return false;
  auto v = line.substr(line.size() - 9);
  return v.substr(0, 6) == " HTTP/" && v[6] >= '0' && v[6] <= '9' && v[7] == '.' && v[8] >= '0' &&
         v[8] <= '9';
}

constexpr std::size_t kMaxBlankBytes = 64;

}  // namespace

struct RequestReader::Impl {
  RequestLimits limits;
  Request* req = nullptr;
  std::optional<RequestParser> parser;
  // Beast checks header_limit against what one put() sees, and consumes
  // complete header lines as it goes, so many short headers fed in pieces
  // would slip past it; the whole header is counted here. Exact because the
  // parser is not eager until the header is done.
  std::size_t header_bytes = 0;
  // Bytes of empty lines skipped before the request line, at most
  // kMaxBlankBytes per request however the reads split them.
  std::size_t blank_bytes = 0;
};

RequestReader::RequestReader(RequestLimits limits) : impl_(std::make_unique<Impl>()) {
  impl_->limits = limits;
}

RequestReader::~RequestReader() = default;

void RequestReader::start(Request& req) {
  impl_->req = &req;
  auto& p = impl_->parser.emplace(req, impl_->limits);
  // Not eager while in the header, so that put() stops right at its end and
  // the bytes it reports are header bytes only (see header_bytes).
  p.eager(false);
  p.header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(impl_->limits.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
  p.body_limit(boost::none);  // until the header says which (RequestParser::on_header_impl)
  impl_->header_bytes = 0;
  impl_->blank_bytes = 0;
  state_ = State::need_more;
  error_ = Response{};
}

std::size_t RequestReader::feed(std::string_view data) {
  if (state_ != State::need_more) return 0;
  auto& p = *impl_->parser;
  const auto& lim = impl_->limits;
  std::size_t total = 0;
  if (!p.got_some()) {
    // RFC 9112 2.2: ignore empty lines before a request-line (some old
    // clients send a CRLF after a POST body).
    // At most kMaxBlankBytes in all, counted across calls: 40 empty lines
    // were refused when they arrived in one read and accepted in several.
    std::size_t skip = 0;
    while (skip < data.size() && (data[skip] == '\r' || data[skip] == '\n') &&
           impl_->blank_bytes < kMaxBlankBytes) {
      ++skip;
      ++impl_->blank_bytes;
    }
    data.remove_prefix(skip);
    total += skip;
    if (data.empty()) return total;
  }
  for (;;) {
    error_code ec;
    const bool in_header = !p.is_header_done();
    std::size_t used = p.put(boost::asio::const_buffer(data.data(), data.size()), ec);
    data.remove_prefix(used);
    total += used;
    if (in_header) {
      impl_->header_bytes += used;
      if (!p.is_header_done()) {
        // Everything buffered belongs to the unfinished header.
        if (impl_->header_bytes + data.size() > lim.max_header_bytes) ec = bhttp::error::header_limit;
      } else {
        if (impl_->header_bytes > lim.max_header_bytes) ec = bhttp::error::header_limit;
        p.eager(true);  // the body may be parsed in as large pieces as arrive
      }
    }
    if (ec == bhttp::error::need_more || (!ec && used == 0 && !p.is_done())) break;
    if (ec == bhttp::error::header_limit) {
      state_ = State::failed;
      error_ = problem(431, "request-header-fields-too-large", "Request Header Fields Too Large",
                       "request headers exceed " + std::to_string(lim.max_header_bytes) + " bytes");
      break;
    }
    if (ec == bhttp::error::body_limit) {
      state_ = State::failed;
      error_ = problem(413, "payload-too-large", "Payload Too Large",
                       "request body exceeds " + std::to_string(p.limit()) + " bytes");
      break;
    }
    if (ec == bhttp::error::bad_version && well_formed_version(data)) {
      // Beast itself refuses versions other than 1.0 and 1.1.
      state_ = State::failed;
      error_ = problem(505, "http-version-not-supported", "HTTP Version Not Supported",
                       "only HTTP/1.0 and HTTP/1.1 are supported");
      break;
    }
    if (ec) {
      state_ = State::failed;
      error_ = problem(400, "bad-request", "Bad Request", "malformed request: " + ec.message());
      break;
    }
    if (p.is_done()) {
      state_ = State::done;
      break;
    }
    if (data.empty()) break;
  }
  return total;
}

bool RequestReader::got_some() const { return impl_->parser->got_some(); }
bool RequestReader::header_done() const { return impl_->parser->is_header_done(); }
bool RequestReader::expect_continue() const { return impl_->parser->expect_continue(); }
int RequestReader::version() const { return impl_->parser->version(); }
bool RequestReader::keep_alive() const { return impl_->parser->keep_alive(); }

std::optional<Response> RequestReader::finish() {
  auto& p = *impl_->parser;
  Request& req = *impl_->req;
  if (p.version() != 10 && p.version() != 11)
    return problem(505, "http-version-not-supported", "HTTP Version Not Supported",
                   "only HTTP/1.0 and HTTP/1.1 are supported");
  if (p.version() == 11 && !p.has_host())
    return problem(400, "bad-request", "Bad Request", "HTTP/1.1 request without a Host header");
  if (const char* err = split_target(req.target, req.method, req.path, req.query))
    return problem(400, "bad-request", "Bad Request", err);
  return std::nullopt;
}

const char* split_target(std::string_view target, std::string_view method, std::string& path,
                         std::string& query) {
  if (target == "*") {
    if (method != "OPTIONS") return "'*' target is only valid for OPTIONS";
    path = "*";
    return nullptr;
  }
  // Absolute form (sent to proxies, allowed for servers by RFC 9112 3.2.2).
  if (target.size() > 7 &&
      (iequals(target.substr(0, 7), "http://") || iequals(target.substr(0, 8), "https://"))) {
    auto after_scheme = target.find("://") + 3;
    auto slash = target.find_first_of("/?", after_scheme);
    if (slash == std::string_view::npos) {
      target = "/";
    } else if (target[slash] == '?') {
      path = "/";
      query.assign(target.substr(slash + 1));
      return nullptr;
    } else {
      target = target.substr(slash);
    }
  }
  if (target.empty() || target[0] != '/') return "request target must start with '/'";
  auto q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  if (q != std::string_view::npos) query.assign(target.substr(q + 1));
  path.reserve(raw_path.size());
  for (std::size_t i = 0; i < raw_path.size(); ++i) {
    char c = raw_path[i];
    if (c == '%') {
      if (i + 2 >= raw_path.size()) return "invalid percent-encoding in path";
      int hi = hex_value(raw_path[i + 1]), lo = hex_value(raw_path[i + 2]);
      if (hi < 0 || lo < 0) return "invalid percent-encoding in path";
      char d = static_cast<char>(hi * 16 + lo);
      if (d == '\0') return "NUL byte in path";
      path.push_back(d);
      i += 2;
    } else {
      path.push_back(c);
    }
  }
  // Refuse dot-dot segments outright (after decoding, so %2e%2e is caught):
  // no route needs them and static file serving must never see one.
  std::string_view p = path;
  std::size_t start = 0;
  while (start <= p.size()) {
    auto end = p.find('/', start);
    if (end == std::string_view::npos) end = p.size();
    if (p.substr(start, end - start) == "..") return "'..' segment in path";
    start = end + 1;
  }
  return nullptr;
}

bool sane_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// 16 hex digits from a per-thread splitmix64 seeded from random_device: cheap,
// unpredictable enough for correlation ids (they are not secrets).
void generate_request_id(std::string& out) {
  thread_local std::uint64_t state = [] {
    std::random_device rd;
    return (static_cast<std::uint64_t>(rd()) << 32) ^ rd() ^
           static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  }();
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  static constexpr char kHex[] = "0123456789abcdef";
  out.resize(16);
  for (int i = 15; i >= 0; --i) {
    out[i] = kHex[z & 0xF];
    z >>= 4;
  }
}

Response problem(int status, std::string_view slug, std::string_view title, std::string_view detail) {
  Response r;
  r.status = status;
  r.headers.push_back({"content-type", "application/problem+json"});
  std::string& b = r.body;
  b.reserve(128 + detail.size());
  b += "{\"type\":\"https://lantian.dev/problems/";
  b += slug;
  b += "\",\"title\":";
  obs::append_json_string(b, title);
  b += ",\"status\":";
  b += std::to_string(status);
  b += ",\"detail\":";
  obs::append_json_string(b, detail);
  // The stable code of core/error_codes.h, as every problem has one.
  b += ",\"code\":\"";
  b += code_for_status(status);
  b += "\"}";
  return r;
}

}  // namespace lantian::http
