#include "http/server.h"

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/status.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <csignal>
#include <ctime>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "http/request_reader.h"
#include "http/worker_pool.h"
#include "obs/log.h"
#include "obs/metrics.h"

namespace lantian::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using beast::error_code;
using Clock = std::chrono::steady_clock;

namespace {

// How long a connection that is being closed after an error response keeps
// reading (and discarding) what the client still sends. Closing a socket with
// unread input makes the kernel send RST, which can destroy the error response
// before the client reads it (classic "lingering close").
constexpr auto kLingerTime = std::chrono::milliseconds(1000);
constexpr std::size_t kLingerMaxBytes = 4 * 1024 * 1024;
// Size of each socket read. Most requests fit in one read; a body is read in
// larger pieces.
constexpr std::size_t kHeaderReadSize = 4096;
constexpr std::size_t kBodyReadSize = 64 * 1024;
// Per-connection buffers that grew past this (a big upload) are released when
// the request is done so that thousands of idle connections stay cheap.
constexpr std::size_t kKeepCapacity = 64 * 1024;

// ASCII case-insensitive comparison of header names and values.
using boost::beast::iequals;

bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return c != '\0' && std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool valid_header_name(std::string_view n) {
  if (n.empty()) return false;
  for (char c : n)
    if (!is_token_char(c)) return false;
  return true;
}

// Response header values must not smuggle a line break or NUL into the stream.
bool valid_header_value(std::string_view v) {
  for (char c : v)
    if (c == '\r' || c == '\n' || c == '\0') return false;
  return true;
}

// IMF-fixdate for the Date header, cached per thread for the current second.
std::string_view http_date() {
  thread_local std::time_t cached = -1;
  thread_local char buf[40];
  thread_local std::size_t len = 0;
  std::time_t now = std::time(nullptr);
  if (now != cached) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int n = std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday % 7],
                          tm.tm_mday, kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                          tm.tm_sec);
    len = n > 0 ? static_cast<std::size_t>(n) : 0;
    cached = now;
  }
  return {buf, len};
}

std::string peer_address(const tcp::socket& s) {
  error_code ec;
  auto ep = s.remote_endpoint(ec);
  if (ec) return {};
  auto addr = ep.address();
  // Listening on "::" reports IPv4 clients as ::ffff:a.b.c.d; show them plainly.
  if (addr.is_v6() && addr.to_v6().is_v4_mapped())
    return net::ip::make_address_v4(net::ip::v4_mapped, addr.to_v6()).to_string();
  return addr.to_string();
}

class Session;

// One per I/O thread: its own io_context (so a connection's handlers never run
// concurrently and need no strand) and the list of its live sessions, which
// only that thread touches.
struct Worker {
  Session* sessions = nullptr;  // intrusive doubly linked list
  // Declared after `sessions`: destroying the context destroys pending
  // handlers and thus sessions, which unlink themselves from the list.
  net::io_context ctx{1};
  std::optional<net::executor_work_guard<net::io_context::executor_type>> guard;
};

// Figures /metrics reads; shared with the gauges so that a Metrics object
// that outlives the server never reads freed memory.
struct SharedFigures {
  std::atomic<std::size_t> max_connections{0};
  std::atomic<uint64_t> refused{0};

  // One pool per Response::Lane.
  static constexpr std::size_t kLanes = 2;
  static std::size_t index(Response::Lane l) { return static_cast<std::size_t>(l); }

  void set_pool(Response::Lane l, std::unique_ptr<WorkerPool> p) {
    std::lock_guard lock(mu);
    pools[index(l)] = std::move(p);
  }
  // Joins the pools' threads (outside the lock: a render may be waiting).
  void drop_pools() {
    std::unique_ptr<WorkerPool> p[kLanes];
    {
      std::lock_guard lock(mu);
      for (std::size_t i = 0; i < kLanes; ++i) p[i] = std::move(pools[i]);
    }
  }
  WorkerPool::Stats pool_stats(Response::Lane l) {
    std::lock_guard lock(mu);
    const auto& pool = pools[index(l)];
    return pool ? pool->stats() : WorkerPool::Stats{};
  }

 private:
  std::mutex mu;
  std::unique_ptr<WorkerPool> pools[kLanes];
};

struct ServerState {
  ServerOptions opt;
  Handler handler;
  obs::Logger* logger;
  obs::Metrics* metrics;

  std::atomic<bool> stopping{false};
  bool destroying = false;
  std::atomic<std::size_t> open{0};
  uint16_t bound_port = 0;
  std::size_t next_worker = 0;
  std::shared_ptr<SharedFigures> figures = std::make_shared<SharedFigures>();
  WorkerPool* pools[SharedFigures::kLanes] = {};  // by Response::Lane, owned by figures

  std::vector<std::unique_ptr<Worker>> workers;
  // These live on workers[0]'s context and are destroyed before it.
  std::optional<tcp::acceptor> acceptor;
  std::optional<net::signal_set> signals;
  std::optional<net::steady_timer> grace_timer;
  std::optional<net::steady_timer> accept_retry;

  ServerState(ServerOptions o, Handler h, obs::Logger* l, obs::Metrics* m)
      : opt(std::move(o)), handler(std::move(h)), logger(l), metrics(m) {
    unsigned n = opt.threads ? opt.threads : std::thread::hardware_concurrency();
    if (n == 0) n = 1;
    for (unsigned i = 0; i < n; ++i) {
      workers.push_back(std::make_unique<Worker>());
      workers.back()->guard.emplace(workers.back()->ctx.get_executor());
    }
    net::io_context& ctx0 = workers[0]->ctx;
    acceptor.emplace(ctx0);
    grace_timer.emplace(ctx0);
    accept_retry.emplace(ctx0);
    auto slow = std::make_unique<WorkerPool>(opt.pool_threads, opt.pool_queue, opt.pool_nice);
    auto wait = std::make_unique<WorkerPool>(opt.wait_threads ? opt.wait_threads : 64, opt.wait_queue, 0);
    pools[SharedFigures::index(Response::Lane::slow)] = slow.get();
    pools[SharedFigures::index(Response::Lane::wait)] = wait.get();
    figures->set_pool(Response::Lane::slow, std::move(slow));
    figures->set_pool(Response::Lane::wait, std::move(wait));
    figures->max_connections = opt.max_connections;
    if (metrics) register_gauges();
  }

  ~ServerState() {
    destroying = true;
    // Queued tasks run and post their answers; nothing runs them any more,
    // so the sessions go when the contexts do.
    figures->drop_pools();
    for (auto& p : pools) p = nullptr;
    error_code ec;
    acceptor->close(ec);
    acceptor.reset();
    signals.reset();
    grace_timer.reset();
    accept_retry.reset();
    workers.clear();
  }

  Status listen();
  void register_gauges();
  void do_accept();
  void on_accept(Worker& w, error_code ec, tcp::socket sock);
  void begin_shutdown();
  void session_closed();
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(ServerState& srv, Worker& w, tcp::socket sock)
      : srv_(srv),
        worker_(w),
        stream_(std::move(sock)),
        reader_(RequestLimits{srv.opt.max_header_bytes, srv.opt.max_body_bytes, srv.opt.body_limit}) {
    srv_.open.fetch_add(1, std::memory_order_relaxed);
  }

  ~Session() {
    if (linked_) {
      if (prev_) prev_->next_ = next_;
      if (next_) next_->prev_ = prev_;
      if (worker_.sessions == this) worker_.sessions = next_;
    }
    srv_.session_closed();
  }

  Session* next() const { return next_; }

  // Runs on the worker's thread.
  void start() {
    next_ = worker_.sessions;
    if (next_) next_->prev_ = this;
    worker_.sessions = this;
    linked_ = true;
    if (srv_.stopping.load()) {
      close();
      return;
    }
    error_code ec;
    stream_.socket().set_option(tcp::no_delay(true), ec);
    remote_ = peer_address(stream_.socket());
    begin_request(/*first=*/true);
  }

  // Graceful stop: a connection waiting for its next request, or still
  // receiving one, is closed; one handling or answering a request (on this
  // thread or the worker pool) is left to finish.
  void close_unless_handling() {
    if (state_ != State::handling && state_ != State::writing) close();
  }

  void close() {
    error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

 private:
  enum class State { idle, reading, handling, writing, lingering };

  void begin_request(bool first) {
    req_.method.clear();
    req_.target.clear();
    req_.path.clear();
    req_.query.clear();
    req_.headers.clear();
    req_.request_id.clear();
    if (req_.body.capacity() > kKeepCapacity)
      std::string().swap(req_.body);
    else
      req_.body.clear();
    reader_.start(req_);
    continue_sent_ = false;

    if (buffer_.size() > 0) {  // pipelined: the next request has already arrived
      start_request_clock();
      parse();
      return;
    }
    if (buffer_.capacity() > kKeepCapacity) buffer_.shrink_to_fit();
    state_ = State::idle;
    // A brand-new connection gets read_timeout to send its first request, so
    // that connecting and sending nothing is no cheaper than dribbling.
    stream_.expires_after(first ? srv_.opt.read_timeout : srv_.opt.idle_timeout);
    read_more();
  }

  void start_request_clock() {
    state_ = State::reading;
    start_ = Clock::now();
    // One absolute deadline for the whole request, not per read: a client
    // dribbling a byte at a time still runs out of time.
    stream_.expires_after(srv_.opt.read_timeout);
  }

  void read_more() {
    std::size_t n = reader_.header_done() ? kBodyReadSize : kHeaderReadSize;
    stream_.async_read_some(buffer_.prepare(n), [self = shared_from_this()](error_code ec, std::size_t n) {
      self->on_read(ec, n);
    });
  }

  void on_read(error_code ec, std::size_t n) {
    if (ec) {
      // eof or reset between requests is the normal end of a keep-alive
      // connection; a timeout or reset mid-request has nobody left to answer.
      if (state_ == State::reading && ec == beast::error::timeout && srv_.logger &&
          srv_.logger->enabled(obs::LogLevel::debug))
        srv_.logger->debug("request read timed out", {{"remote", remote_}});
      return;  // the session ends when this handler returns
    }
    buffer_.commit(n);
    if (state_ == State::idle) start_request_clock();
    parse();
  }

  void parse() {
    auto data = buffer_.data();
    buffer_.consume(reader_.feed({static_cast<const char*>(data.data()), data.size()}));
    if (reader_.state() == RequestReader::State::failed) return send_error(reader_.error());
    if (reader_.state() == RequestReader::State::done) return handle_request();
    // Need more input. A client that sent "Expect: 100-continue" waits for our
    // go-ahead before sending the body.
    if (reader_.header_done() && reader_.expect_continue() && !continue_sent_ && buffer_.size() == 0 &&
        reader_.version() >= 11) {
      continue_sent_ = true;
      static constexpr std::string_view k100 = "HTTP/1.1 100 Continue\r\n\r\n";
      net::async_write(stream_, net::buffer(k100.data(), k100.size()),
                       [self = shared_from_this()](error_code ec, std::size_t) {
                         if (!ec) self->read_more();
                       });
      return;
    }
    read_more();
  }

  void handle_request() {
    state_ = State::handling;
    keep_alive_ = reader_.keep_alive();
    version_ = reader_.version();
    if (auto refusal = reader_.finish()) return send_error(std::move(*refusal));
    if (auto id = req_.header("x-request-id"); sane_request_id(id))
      req_.request_id.assign(id);
    else
      generate_request_id(req_.request_id);
    req_.remote_address = remote_;

    try {
      res_ = srv_.handler(req_);
    } catch (const std::exception& e) {
      if (srv_.logger)
        srv_.logger->error("handler threw", {{"request_id", req_.request_id}, {"error", e.what()}});
      res_ = problem(500, "internal-error", "Internal Server Error", "unexpected error");
    } catch (...) {
      if (srv_.logger) srv_.logger->error("handler threw", {{"request_id", req_.request_id}});
      res_ = problem(500, "internal-error", "Internal Server Error", "unexpected error");
    }
    if (res_.offload) return offload();
    write_response();
  }

  // Runs the handler's slow part on the pool of its lane; its answer is written
  // from this connection's thread. The tracked executor keeps this thread's
  // context running (run() from returning) until the answer is posted back.
  void offload() {
    auto work = std::move(res_.offload);
    res_.offload = nullptr;
    const Response::Lane lane = res_.lane;
    auto home = net::prefer(worker_.ctx.get_executor(), net::execution::outstanding_work.tracked);
    auto out = std::make_shared<Response>();
    auto run = [self = shared_from_this(), work = std::move(work), out] {
      try {
        *out = work();
      } catch (const std::exception& e) {
        if (self->srv_.logger)
          self->srv_.logger->error("handler threw",
                                   {{"request_id", self->req_.request_id}, {"error", e.what()}});
        *out = problem(500, "internal-error", "Internal Server Error", "unexpected error");
      } catch (...) {
        if (self->srv_.logger)
          self->srv_.logger->error("handler threw", {{"request_id", self->req_.request_id}});
        *out = problem(500, "internal-error", "Internal Server Error", "unexpected error");
      }
      out->offload = nullptr;
    };
    // Posted once the pool counts the thread free (a client told "done" may
    // send the next slow request at once). The session is released on its own
    // thread, never on the pool's.
    auto answer = [self = shared_from_this(), out, home]() mutable {
      net::post(home, [self = std::move(self), out = std::move(out)]() mutable {
        if (out->route.empty()) out->route = std::move(self->res_.route);
        self->res_ = std::move(*out);
        self->write_response();
      });
    };
    if (srv_.pools[SharedFigures::index(lane)]->try_submit(std::move(run), std::move(answer))) return;
    std::string route = std::move(res_.route);
    res_ = problem(503, "service-unavailable", "Service Unavailable",
                   lane == Response::Lane::slow ? "the server is busy with other slow requests; retry shortly"
                                                : "the server is busy with other writes; retry shortly");
    res_.route = std::move(route);
    res_.headers.push_back({"retry-after", "1"});
    write_response();
  }

  // Error responses to requests we could not (fully) parse: always close.
  void send_error(Response r) {
    state_ = State::handling;
    keep_alive_ = false;
    closing_after_error_ = true;
    if (req_.request_id.empty()) {
      if (auto id = req_.header("x-request-id"); sane_request_id(id))
        req_.request_id.assign(id);
      else
        generate_request_id(req_.request_id);
    }
    res_ = std::move(r);
    write_response();
  }

  void write_response() {
    if (res_.status < 200 || res_.status > 999) {
      if (srv_.logger)
        srv_.logger->error("handler returned an invalid status",
                           {{"request_id", req_.request_id}, {"status", res_.status}});
      res_ = problem(500, "internal-error", "Internal Server Error", "unexpected error");
    }
    const bool head = req_.method == "HEAD";
    const bool no_body = res_.status == 204 || res_.status == 304;
    if (srv_.stopping.load(std::memory_order_relaxed)) keep_alive_ = false;

    std::string_view explicit_length;  // a HEAD handler may state the GET length
    bool bad_header = false;
    bool has_nosniff = false;
    for (const auto& h : res_.headers) {
      if (iequals(h.name, "x-content-type-options")) has_nosniff = true;
      if (!valid_header_name(h.name) || !valid_header_value(h.value)) bad_header = true;
      if (iequals(h.name, "connection") && iequals(h.value, "close")) keep_alive_ = false;
      if (head && iequals(h.name, "content-length") && !h.value.empty() && h.value.size() <= 19 &&
          h.value.find_first_not_of("0123456789") == std::string::npos)
        explicit_length = h.value;
    }
    if (bad_header) {
      if (srv_.logger)
        srv_.logger->error("handler returned an invalid header", {{"request_id", req_.request_id}});
      res_ = problem(500, "internal-error", "Internal Server Error", "unexpected error");
      explicit_length = {};
      has_nosniff = false;
    }

    head_.clear();
    head_ += "HTTP/1.1 ";
    char num[24];
    auto r = std::to_chars(num, num + sizeof num, res_.status);
    head_.append(num, r.ptr);
    head_.push_back(' ');
    auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(res_.status));
    if (reason != "<unknown-status>") head_.append(reason.data(), reason.size());
    head_ += "\r\nserver: lantian\r\ndate: ";
    head_ += http_date();
    head_ += "\r\n";
    for (const auto& h : res_.headers) {
      // The server owns framing and these; a handler's copy would conflict.
      if (iequals(h.name, "content-length") || iequals(h.name, "transfer-encoding") ||
          iequals(h.name, "connection") || iequals(h.name, "date") || iequals(h.name, "server") ||
          iequals(h.name, "x-request-id"))
        continue;
      head_ += h.name;
      head_ += ": ";
      head_ += h.value;
      head_ += "\r\n";
    }
    head_ += "x-request-id: ";
    head_ += req_.request_id;
    head_ += "\r\n";
    // Every answer, the API's and the server's own problems included: a
    // browser must never guess a type other than the one declared.
    if (!has_nosniff) head_ += "x-content-type-options: nosniff\r\n";
    if (!no_body) {
      head_ += "content-length: ";
      if (head && res_.body.empty() && !explicit_length.empty()) {
        head_ += explicit_length;
      } else {
        r = std::to_chars(num, num + sizeof num, res_.body.size());
        head_.append(num, r.ptr);
      }
      head_ += "\r\n";
    }
    if (!keep_alive_)
      head_ += "connection: close\r\n";
    else if (version_ == 10)
      head_ += "connection: keep-alive\r\n";
    head_ += "\r\n";

    state_ = State::writing;
    // The write gets the idle timeout: a client that does not read its
    // response at all is dropped, a slow one downloading a big file is not.
    stream_.expires_after(srv_.opt.idle_timeout);
    std::array<net::const_buffer, 2> bufs = {net::buffer(head_), net::const_buffer()};
    if (!head && !no_body) bufs[1] = net::buffer(res_.body);
    net::async_write(stream_, bufs,
                     [self = shared_from_this()](error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(error_code ec) {
    record();
    res_ = Response{};  // release a large body now, not at the next request
    if (ec) return;
    if (closing_after_error_) return linger_close();
    if (srv_.stopping.load()) return close();  // its response is out; don't hold up shutdown
    // Whatever the client pipelined after a "connection: close" is dropped.
    if (!keep_alive_) return linger_close();
    begin_request(false);
  }

  void record() {
    double secs = std::chrono::duration<double>(Clock::now() - start_).count();
    if (srv_.metrics) srv_.metrics->observe_request(res_.route, req_.method, res_.status, secs);
    if (srv_.logger && srv_.logger->enabled(obs::LogLevel::info)) {
      double ms = std::round(secs * 1e6) / 1e3;
      srv_.logger->info("request", {{"request_id", req_.request_id},
                                    {"method", req_.method},
                                    {"route", res_.route.empty() ? std::string_view("unmatched")
                                                                 : std::string_view(res_.route)},
                                    {"path", req_.path.empty() ? req_.target : req_.path},
                                    {"status", res_.status},
                                    {"duration_ms", ms},
                                    {"remote", remote_}});
    }
  }

  void linger_close() {
    state_ = State::lingering;
    error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return;
    stream_.expires_after(kLingerTime);
    buffer_.clear();
    drain();
  }

  void drain() {
    stream_.async_read_some(buffer_.prepare(kBodyReadSize),
                            [self = shared_from_this()](error_code ec, std::size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > kLingerMaxBytes) return;  // done: socket closes
                              self->drain();
                            });
  }

  ServerState& srv_;
  Worker& worker_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  RequestReader reader_;
  Request req_;
  Response res_;
  std::string head_;
  std::string remote_;
  Clock::time_point start_{};
  State state_ = State::idle;
  int version_ = 11;
  bool keep_alive_ = true;
  bool continue_sent_ = false;
  bool closing_after_error_ = false;
  bool linked_ = false;
  std::size_t drained_ = 0;
  Session* prev_ = nullptr;
  Session* next_ = nullptr;
};

void close_sessions(Worker& w, bool all) {
  // close() does not destroy the session synchronously (its pending handler
  // holds a reference), so walking the list while closing is safe.
  for (Session* s = w.sessions; s != nullptr; s = s->next()) {
    if (all)
      s->close();
    else
      s->close_unless_handling();
  }
}

Status ServerState::listen() {
  error_code ec;
  net::ip::address addr = net::ip::make_address(opt.host, ec);
  if (ec) {
    // Not a literal address: resolve it (e.g. "localhost").
    tcp::resolver resolver(workers[0]->ctx);
    auto results = resolver.resolve(opt.host, std::to_string(opt.port), ec);
    if (ec || results.empty())
      return Error::unavailable("cannot resolve listen host '" + opt.host + "': " + ec.message());
    addr = results.begin()->endpoint().address();
  }
  tcp::endpoint ep(addr, opt.port);
  auto fail = [&](const char* what) {
    error_code ignored;
    acceptor->close(ignored);
    return Error::unavailable(std::string(what) + " " + opt.host + ":" + std::to_string(opt.port) + ": " +
                              ec.message());
  };
  acceptor->open(ep.protocol(), ec);
  if (ec) return fail("cannot open socket for");
  acceptor->set_option(net::socket_base::reuse_address(true), ec);
  acceptor->bind(ep, ec);
  if (ec) return fail("cannot bind");
  acceptor->listen(net::socket_base::max_listen_connections, ec);
  if (ec) return fail("cannot listen on");
  bound_port = acceptor->local_endpoint(ec).port();
  // Every connection is a descriptor: stay below the limit, with room for the
  // database, files and logs, so that accept() itself never fails (it would
  // then retry only every 100 ms while new clients wait).
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
    std::size_t soft = static_cast<std::size_t>(rl.rlim_cur);
    std::size_t cap =
        soft > 2 * opt.reserved_fds ? soft - opt.reserved_fds : std::max<std::size_t>(soft / 2, 1);
    if (cap < opt.max_connections) {
      if (logger)
        logger->warn("max_connections lowered to fit the open-file limit",
                     {{"configured", static_cast<unsigned long>(opt.max_connections)},
                      {"max_connections", static_cast<unsigned long>(cap)},
                      {"open_file_limit", static_cast<unsigned long>(soft)}});
      figures->max_connections = cap;
    }
  }
  return Status::success();
}

void ServerState::register_gauges() {
  auto f = figures;
  using S = WorkerPool::Stats;
  struct LaneGauges {
    Response::Lane lane;
    const char* prefix;  // lantian_http_<prefix>_...
    const char* what;
  };
  for (const LaneGauges& g :
       {LaneGauges{Response::Lane::slow, "pool", "Worker pool (slow requests: hashing, .xlsx, files)"},
        LaneGauges{Response::Lane::wait, "wait_pool", "Wait pool (writes waiting for a shared commit)"}}) {
    // (Not a structured binding: clang 14, the fuzzing build's compiler,
    // cannot capture one.)
    auto stat = [f, lane = g.lane](auto member) {
      return [f, lane, member] { return static_cast<double>(f->pool_stats(lane).*member); };
    };
    std::string name = std::string("lantian_http_") + g.prefix;
    std::string w = g.what;
    metrics->add_gauge(name + "_threads", w + ": threads", stat(&S::threads));
    metrics->add_gauge(name + "_queue_limit", w + ": tasks that may wait before 503", stat(&S::max_queue));
    metrics->add_gauge(name + "_queued", w + ": tasks waiting for a thread", stat(&S::queued));
    metrics->add_gauge(name + "_busy", w + ": threads running a task", stat(&S::busy));
    metrics->add_gauge(name + "_completed_total", w + ": tasks finished", stat(&S::completed));
    metrics->add_gauge(name + "_rejected_total", w + ": requests answered 503 because it was full",
                       stat(&S::rejected));
  }
  metrics->add_gauge("lantian_http_max_connections", "Connection limit in force (beyond it: 503)",
                     [f] { return static_cast<double>(f->max_connections.load()); });
  metrics->add_gauge("lantian_http_connections_refused_total",
                     "Connections answered 503 over max_connections",
                     [f] { return static_cast<double>(f->refused.load()); });
}

void ServerState::do_accept() {
  Worker& w = *workers[next_worker++ % workers.size()];
  acceptor->async_accept(w.ctx,
                         [this, &w](error_code ec, tcp::socket sock) { on_accept(w, ec, std::move(sock)); });
}

void ServerState::on_accept(Worker& w, error_code ec, tcp::socket sock) {
  if (ec == net::error::operation_aborted || !acceptor->is_open()) return;
  if (ec) {
    if (logger) logger->warn("accept failed", {{"error", ec.message()}});
    // Out of descriptors or memory: retrying at once would spin; back off.
    accept_retry->expires_after(std::chrono::milliseconds(100));
    accept_retry->async_wait([this](error_code e) {
      if (!e && acceptor->is_open()) do_accept();
    });
    return;
  }
  if (stopping.load()) return;  // sock closes as it goes out of scope
  if (open.load(std::memory_order_relaxed) >= figures->max_connections.load(std::memory_order_relaxed)) {
    figures->refused.fetch_add(1, std::memory_order_relaxed);
    // Best effort, non-blocking: the client learns why instead of seeing a bare reset.
    static const std::string k503 = [] {
      Response r = problem(503, "service-unavailable", "Service Unavailable", "too many open connections");
      return "HTTP/1.1 503 Service Unavailable\r\nserver: lantian\r\ncontent-type: "
             "application/problem+json\r\n"
             "x-content-type-options: nosniff\r\nretry-after: 1\r\nconnection: close\r\ncontent-length: " +
             std::to_string(r.body.size()) + "\r\n\r\n" + r.body;
    }();
    error_code ignored;
    sock.non_blocking(true, ignored);
    sock.send(net::buffer(k503.data(), k503.size()), 0, ignored);
    sock.shutdown(tcp::socket::shutdown_both, ignored);
    sock.close(ignored);
    do_accept();
    return;
  }
  auto s = std::make_shared<Session>(*this, w, std::move(sock));
  net::post(w.ctx, [s] { s->start(); });
  do_accept();
}

void ServerState::begin_shutdown() {
  error_code ec;
  acceptor->close(ec);
  accept_retry->cancel();
  if (signals) signals->cancel(ec);
  if (open.load() > 0) {
    grace_timer->expires_after(opt.shutdown_grace);
    grace_timer->async_wait([this](error_code e) {
      if (e) return;  // cancelled: every connection finished in time
      if (logger)
        logger->warn("shutdown grace period over, closing remaining connections",
                     {{"open", static_cast<unsigned long>(open.load())}});
      for (auto& w : workers) net::post(w->ctx, [&w = *w] { close_sessions(w, true); });
    });
  }
  for (auto& w : workers) {
    net::post(w->ctx, [&w = *w] {
      close_sessions(w, false);
      w.guard.reset();  // the context now ends when its last connection does
    });
  }
}

void ServerState::session_closed() {
  if (open.fetch_sub(1) == 1 && stopping.load() && !destroying) {
    net::post(workers[0]->ctx, [this] { grace_timer->cancel(); });
  }
}

}  // namespace

struct Server::Impl : ServerState {
  using ServerState::ServerState;
};

Server::Server(ServerOptions options, Handler handler, obs::Logger* logger, obs::Metrics* metrics)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), logger, metrics)) {}

Server::~Server() = default;

Status Server::listen() { return impl_->listen(); }

uint16_t Server::port() const { return impl_->bound_port; }

std::size_t Server::max_connections() const { return impl_->figures->max_connections.load(); }

FileLimit raise_open_file_limit() {
  FileLimit out;
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return out;
  constexpr rlim_t kCeiling = 1048576;  // an "unlimited" hard limit still gets a sane number
  out.before = out.after = rl.rlim_cur;
  out.hard = rl.rlim_max;
  rlim_t want = rl.rlim_max == RLIM_INFINITY ? kCeiling : std::min(rl.rlim_max, kCeiling);
  if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
    rl.rlim_cur = want;
    if (setrlimit(RLIMIT_NOFILE, &rl) == 0) out.after = want;
  }
  return out;
}

void Server::stop_on_signals() {
  ServerState* impl = impl_.get();
  impl->signals.emplace(impl->workers[0]->ctx, SIGINT, SIGTERM);
  impl->signals->async_wait([impl](error_code ec, int sig) {
    if (ec) return;
    if (impl->logger) impl->logger->info("signal received, stopping", {{"signal", sig}});
    // Already on workers[0]'s thread, so shut down directly rather than via stop().
    if (!impl->stopping.exchange(true)) impl->begin_shutdown();
  });
}

void Server::run() {
  Impl& impl = *impl_;
  if (impl.acceptor->is_open()) impl.do_accept();
  std::vector<std::thread> threads;
  threads.reserve(impl.workers.size() - 1);
  // An exception escaping a completion handler (only allocation failure is
  // plausible: handler exceptions are caught per request) must not take the
  // process down; the context resumes after logging it.
  auto serve = [&impl](Worker& w) {
    for (;;) {
      try {
        w.ctx.run();
        return;
      } catch (const std::exception& e) {
        if (impl.logger) impl.logger->error("I/O thread caught an exception", {{"error", e.what()}});
      }
    }
  };
  for (std::size_t i = 1; i < impl.workers.size(); ++i)
    threads.emplace_back(serve, std::ref(*impl.workers[i]));
  serve(*impl.workers[0]);
  for (auto& t : threads) t.join();
}

void Server::stop() {
  if (impl_->stopping.exchange(true)) return;
  net::post(impl_->workers[0]->ctx,
            [impl = static_cast<ServerState*>(impl_.get())] { impl->begin_shutdown(); });
}

std::size_t Server::open_connections() const { return impl_->open.load(std::memory_order_relaxed); }

}  // namespace lantian::http
