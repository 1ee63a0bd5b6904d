// The server's request reader on byte buffers (http/request_reader.h): what
// server_test.cpp checks over sockets, at the lowest layer, plus that the
// way bytes are split into reads never changes the outcome.
#include "http/request_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lantian::http {
namespace {

using State = RequestReader::State;

struct Outcome {
  State state;
  int status = 0;  // failed: the error's; done: finish()'s refusal, 0 if none
  Request req;
};

// Feeds `in` to a fresh reader in pieces of `piece` bytes (0 = whole) and
// reads one request. `rest` gets what is left for the next one.
Outcome read_one(const std::string& in, size_t piece, std::string* rest = nullptr,
                 RequestLimits limits = {}) {
  Outcome o;
  RequestReader r(limits);
  r.start(o.req);
  std::string buf;
  size_t given = 0;
  for (;;) {
    if (!buf.empty()) buf.erase(0, r.feed(buf));
    if (r.state() != State::need_more || given == in.size()) break;
    size_t n = piece == 0 ? in.size() : std::min(piece, in.size() - given);
    buf += in.substr(given, n);
    given += n;
  }
  o.state = r.state();
  if (o.state == State::failed) o.status = r.error().status;
  if (o.state == State::done)
    if (auto refusal = r.finish()) o.status = refusal->status;
  if (rest) *rest = buf + in.substr(given);
  return o;
}

TEST(RequestReader, ReadsARequestWhateverTheSizeOfTheReads) {
  const std::string in =
      "POST /api/v1/x%20y?a=%20b HTTP/1.1\r\nHost: h\r\nX-Thing: One\r\nContent-Length: 5\r\n\r\nhello";
  for (size_t piece : {0, 1, 2, 3, 7, 64}) {
    auto o = read_one(in, piece);
    ASSERT_EQ(o.state, State::done) << piece;
    EXPECT_EQ(o.status, 0);
    EXPECT_EQ(o.req.method, "POST");
    EXPECT_EQ(o.req.path, "/api/v1/x y");
    EXPECT_EQ(o.req.query, "a=%20b");
    EXPECT_EQ(o.req.header("x-thing"), "One");
    EXPECT_EQ(o.req.body, "hello");
  }
}

TEST(RequestReader, ChunkedBody) {
  auto o = read_one(
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", 1);
  ASSERT_EQ(o.state, State::done);
  EXPECT_EQ(o.req.body, "abcde");
}

TEST(RequestReader, PipelinedRequestsAreLeftForTheNextOne) {
  std::string rest;
  auto a = read_one("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n", 0, &rest);
  ASSERT_EQ(a.state, State::done);
  EXPECT_EQ(a.req.path, "/a");
  EXPECT_EQ(rest, "GET /b HTTP/1.1\r\nHost: h\r\n\r\n");
}

TEST(RequestReader, HeaderLimitHoldsForHeadersArrivingInPieces) {
  std::string in = "GET / HTTP/1.1\r\nHost: h\r\n";
  for (int i = 0; i < 100; ++i) in += "X-" + std::to_string(i) + ": v\r\n";
  in += "\r\n";
  RequestLimits small{512, 1024};
  for (size_t piece : {0, 1, 10}) EXPECT_EQ(read_one(in, piece, nullptr, small).status, 431) << piece;
  EXPECT_EQ(read_one(in, 0).state, State::done);  // within the default 16 KB
}

TEST(RequestReader, BodyLimit) {
  RequestLimits small{1024, 4};
  EXPECT_EQ(
      read_one("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello", 0, nullptr, small).status,
      413);
  EXPECT_EQ(
      read_one("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 3,
               nullptr, small)
          .status,
      413);
}

// A request's own limit (RequestLimits::body_limit_for, by method and
// decoded path: the API's ledger import) replaces max_body_bytes for it, up
// or down, for a Content-Length (refused before any of the body arrives) and
// for chunks alike; every other request keeps max_body_bytes.
TEST(RequestReader, ARouteMayTakeALargerOrASmallerBody) {
  RequestLimits limits{1024, 4, [](std::string_view method, std::string_view path) -> std::size_t {
                         if (method == "POST" && path == "/import") return 8;
                         if (path == "/tiny") return 2;
                         return 0;
                       }};
  auto post = [](const std::string& target, const std::string& body) {
    return "POST " + target + " HTTP/1.1\r\nHost: h\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
  };
  auto chunked = [](const std::string& target, const std::string& body) {
    return "POST " + target + " HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" +
           std::to_string(body.size()) + "\r\n" + body + "\r\n0\r\n\r\n";
  };
  for (size_t piece : {0, 1, 5}) {
    auto big = read_one(post("/import", "12345678"), piece, nullptr, limits);
    ASSERT_EQ(big.state, State::done) << piece;
    EXPECT_EQ(big.req.body, "12345678");
    EXPECT_EQ(read_one(post("/imp%6frt", "hello"), piece, nullptr, limits).state, State::done);  // decoded
    EXPECT_EQ(read_one(chunked("/import", "12345678"), piece, nullptr, limits).state, State::done);
    EXPECT_EQ(read_one(post("/import", "123456789"), piece, nullptr, limits).status, 413);
    EXPECT_EQ(read_one(chunked("/import", "123456789"), piece, nullptr, limits).status, 413);
    EXPECT_EQ(read_one(post("/other", "hello"), piece, nullptr, limits).status, 413);
    EXPECT_EQ(read_one(post("/other", "1234"), piece, nullptr, limits).state, State::done);
    EXPECT_EQ(read_one(post("/tiny", "123"), piece, nullptr, limits).status, 413);
    EXPECT_EQ(read_one(chunked("/tiny", "123"), piece, nullptr, limits).status, 413);
    EXPECT_EQ(read_one(post("/imp%zzrt", "hello"), piece, nullptr, limits).status, 413);  // no path: 4
    EXPECT_EQ(
        read_one("GET /import HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello", piece, nullptr, limits)
            .status,
        413);  // another method
  }
  // Refused from the header alone, saying the limit that applied.
  Request req;
  RequestReader r(limits);
  r.start(req);
  std::string head = "POST /import HTTP/1.1\r\nHost: h\r\nContent-Length: 9\r\n\r\n";
  EXPECT_EQ(r.feed(head), head.size());
  ASSERT_EQ(r.state(), State::failed);
  EXPECT_EQ(r.error().status, 413);
  EXPECT_NE(r.error().body.find("exceeds 8 bytes"), std::string::npos) << r.error().body;
}

TEST(RequestReader, RefusalsBeforeAHandler) {
  EXPECT_EQ(read_one("GET / HTTP/1.1\r\n\r\n", 0).status, 400);  // no Host
  EXPECT_EQ(read_one("GET / HTTP/1.0\r\n\r\n", 0).status, 0);    // 1.0 needs none
  EXPECT_EQ(read_one("GET / HTTP/1.2\r\nHost: h\r\n\r\n", 0).status, 505);
  EXPECT_EQ(read_one("GET / HTTP/2.0\r\nHost: h\r\n\r\n", 3).status, 505);
  EXPECT_EQ(read_one("GET / HTTP/1.x\r\nHost: h\r\n\r\n", 0).status, 400);
  EXPECT_EQ(read_one("GET /a/%2e%2e/b HTTP/1.1\r\nHost: h\r\n\r\n", 0).status, 400);
  EXPECT_EQ(read_one("GET /a%00 HTTP/1.1\r\nHost: h\r\n\r\n", 0).status, 400);
  EXPECT_EQ(read_one("GET * HTTP/1.1\r\nHost: h\r\n\r\n", 0).status, 400);
  EXPECT_EQ(read_one("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n", 0).status, 0);
  EXPECT_EQ(read_one("GE(T / HTTP/1.1\r\nHost: h\r\n\r\n", 0).status, 400);
}

TEST(RequestReader, EmptyLinesBeforeTheRequestLineAreSkipped) {
  auto o = read_one("\r\n\r\nGET /x HTTP/1.1\r\nHost: h\r\n\r\n", 1);
  ASSERT_EQ(o.state, State::done);
  EXPECT_EQ(o.req.path, "/x");
}

// Seen while writing the split check of fuzz/http_request_fuzzer.cpp (its
// input blank_lines_80b fails it before the fix): up to 64 bytes of
// empty lines were skipped per read, so 40 empty lines were refused when
// they came in one read and accepted when they came in several.
TEST(RequestReader, EmptyLinesAreLimitedWhateverTheReads) {
  std::string few, many;
  for (int i = 0; i < 30; ++i) few += "\r\n";
  for (int i = 0; i < 40; ++i) many += "\r\n";
  for (size_t piece : {0, 1, 5}) {
    EXPECT_EQ(read_one(few + "GET / HTTP/1.1\r\nHost: h\r\n\r\n", piece).state, State::done) << piece;
    auto o = read_one(many + "GET / HTTP/1.1\r\nHost: h\r\n\r\n", piece);
    EXPECT_EQ(o.state, State::failed) << piece;
    EXPECT_EQ(o.status, 400) << piece;
  }
}

}  // namespace
}  // namespace lantian::http
