// Fuzz target: the HTTP request path up to the router, without a network.
// Input: bytes as a client sends them on one connection. They go through the
// server's RequestReader (http/request_reader.h: Beast's parser, the header
// and body limits, the target and version checks) exactly as
// http/server.cpp feeds a connection's input, pipelined requests included,
// and each request the API owns goes through Api::admit (api/api.h): the
// route table's match, client address behind trusted proxies, bearer token
// or session cookie, CSRF, the forced password change and the body's media
// type. No handler runs.
//
// The API stands on a migrated SQLite database in a temporary file, with the
// admin of `lantian init` logged in. In the input, "@T@" stands for that
// session's token and "@C@" for its CSRF token, so the fuzzer can reach the
// authenticated paths.
//
// Checked: parsing does not depend on how the bytes are split into reads
// (the input is fed whole and again in small pieces: a request read whole
// one way must be read the same the other way, not refused);
// what is refused is refused with a 4xx problem in JSON, never a 5xx; an
// admitted request to a route that needs a login carries the session.
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/api.h"
#include "app/demo_data.h"
#include "core/clock.h"
#include "fuzz_check.h"
#include "http/request_reader.h"
#include "store/db.h"
#include "store/migrations.h"

using namespace lantian;

namespace {

constexpr int kMaxRequests = 4;  // per input (pipelining)
const http::RequestLimits kLimits{4 * 1024, 64 * 1024};

struct World {
  std::string path;
  std::unique_ptr<store::Database> db;
  ManualClock clock{TimePoint(std::chrono::milliseconds(1796000000000))};  // 2026-11-30
  std::unique_ptr<api::Api> api;
  std::string token, csrf;
};
World* world = nullptr;

void remove_files() {
  if (!world) return;
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((world->path + suffix).c_str());
}

void die(const char* what, const Error& e) {
  std::fprintf(stderr, "http_request_fuzzer setup: %s: %s\n", what, e.message.c_str());
  std::abort();
}

// A refusal: a 4xx with a problem+json object, or under /open311/ the
// GeoReport v2 error list its clients read (a JSON array of {code,
// description}, or XML <errors> when the path ends in .xml).
void check_problem(const std::string& path, const http::Response& r) {
  FUZZ_CHECK(r.status >= 400 && r.status < 500);
  const bool open311 = path.rfind("/open311/", 0) == 0;
  if (open311 && r.body.rfind("<?xml", 0) == 0) {
    FUZZ_CHECK(r.body.find("<errors>") != std::string::npos);
    return;
  }
  boost::json::error_code ec;
  auto v = boost::json::parse(r.body, ec);
  FUZZ_CHECK(!ec);
  if (!open311) {
    FUZZ_CHECK(v.is_object());
    return;
  }
  FUZZ_CHECK(v.is_array() && !v.as_array().empty());
  for (const auto& e : v.as_array()) FUZZ_CHECK(e.is_object() && e.as_object().contains("code"));
}

void admit(http::Request& req) {
  // What Session::handle_request does before calling the handler.
  if (auto id = req.header("x-request-id"); http::sane_request_id(id))
    req.request_id.assign(id);
  else
    http::generate_request_id(req.request_id);
  req.remote_address = "127.0.0.1";  // a trusted proxy: X-Forwarded-For counts
  if (!api::Api::owns(req.path)) return;
  auto a = world->api->admit(req);
  if (!a.ctx) {
    check_problem(req.path, a.refusal);
    return;
  }
  FUZZ_CHECK(a.route != nullptr);
  FUZZ_CHECK(a.ctx->auth.has_value() == (a.route->access != api::Access::open));
  for (const auto& [k, v] : a.ctx->params) {
    FUZZ_CHECK(!v.empty() && v.find('/') == std::string::npos);
    (void)a.ctx->id(k);
  }
}

// One request as the reader left it, and how it ended.
struct Parsed {
  http::RequestReader::State state;
  int error_status = 0;    // failed: 400, 413, 431 or 505
  int refusal_status = 0;  // done, but refused by finish(): 400 or 505
  http::Request req;
  // The same request read in different pieces. When the input ends before
  // a request does, Beast may see an error in a request line it got whole
  // at once but, in pieces, wait for the rest of the header first: one
  // refusing and the other waiting for more is fine.
  bool operator==(const Parsed& o) const {
    using S = http::RequestReader::State;
    if (state != S::done || o.state != S::done) return state != S::done && o.state != S::done;
    if (refusal_status != o.refusal_status) return false;
    if (req.method != o.req.method || req.target != o.req.target || req.path != o.req.path ||
        req.query != o.req.query || req.body != o.req.body || req.headers.size() != o.req.headers.size())
      return false;
    for (size_t i = 0; i < req.headers.size(); ++i)
      if (req.headers[i].name != o.req.headers[i].name || req.headers[i].value != o.req.headers[i].value)
        return false;
    return true;
  }
};

// Reads up to kMaxRequests requests from `in`, handing the reader at most
// `piece` new bytes per call as a socket read would (0 = all at once), and
// if `to_api`, hands each request that passes finish() to the API.
std::vector<Parsed> read_all(std::string_view in, size_t piece, bool to_api) {
  std::vector<Parsed> out;
  http::RequestReader reader(kLimits);
  std::string buffer;  // received, not yet used
  size_t received = 0;
  while (int(out.size()) < kMaxRequests) {
    Parsed& p = out.emplace_back();
    reader.start(p.req);
    for (;;) {
      if (!buffer.empty()) buffer.erase(0, reader.feed(buffer));
      if (reader.state() != http::RequestReader::State::need_more) break;
      if (received == in.size()) break;  // the client stopped sending
      size_t n = piece == 0 ? in.size() - received : std::min(piece, in.size() - received);
      buffer.append(in.substr(received, n));
      received += n;
    }
    p.state = reader.state();
    if (p.state == http::RequestReader::State::failed) {
      p.error_status = reader.error().status;
      FUZZ_CHECK(p.error_status == 400 || p.error_status == 413 || p.error_status == 431 ||
                 p.error_status == 505);
    }
    if (p.state != http::RequestReader::State::done) break;  // error: the server closes
    if (auto refusal = reader.finish()) {
      p.refusal_status = refusal->status;
      FUZZ_CHECK(p.refusal_status == 400 || p.refusal_status == 505);
      break;  // answered, then the server closes
    }
    if (to_api) admit(p.req);
    if (buffer.empty() && received == in.size()) break;
  }
  return out;
}

std::string substitute(std::string s) {
  for (auto [mark, value] :
       {std::pair<std::string_view, const std::string*>{"@T@", &world->token}, {"@C@", &world->csrf}}) {
    for (size_t at = s.find(mark); at != std::string::npos; at = s.find(mark, at + value->size()))
      s.replace(at, mark.size(), *value);
  }
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  world = new World;
  world->path = "/tmp/lantian-http-fuzz-" + std::to_string(getpid()) + ".db";
  remove_files();
  std::atexit(remove_files);
  auto db = store::open_database("sqlite:" + world->path);
  if (!db.ok()) die("open", db.error());
  world->db = std::move(*db);
  if (auto m = store::migrate(*world->db); !m.ok()) die("migrate", m.error());
  app::AuthConfig auth;
  auth.fast_password_hash = true;
  api::ApiOptions options;
  options.trusted_proxies = {"127.0.0.1"};
  world->api = std::make_unique<api::Api>(*world->db, world->clock, auth, options, nullptr, nullptr);
  auto admin = app::seed_minimal(world->api->org(), world->api->accounts(), "Fuzz-admin-pw-1");
  if (!admin.ok()) die("seed", admin.error());
  auto login = world->api->accounts().login(admin->username, admin->password, "127.0.0.1");
  if (!login.ok()) die("login", login.error());
  world->token = login->token;
  world->csrf = login->session.csrf_token;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in = substitute(std::string(reinterpret_cast<const char*>(data), size));
  auto whole = read_all(in, 0, true);
  // The same bytes arriving in pieces of 1 to 7 bytes must read the same.
  auto pieces = read_all(in, 1 + size % 7, false);
  for (size_t i = 0; i < whole.size() && i < pieces.size(); ++i) {
    FUZZ_CHECK(whole[i] == pieces[i]);
    if (whole[i].state != http::RequestReader::State::done) break;
  }
  return 0;
}
