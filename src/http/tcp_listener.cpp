#include "http/tcp_listener.h"

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "obs/log.h"

namespace lantian::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

class Connection;

// The connections waiting for their session's reply. They are held here, not
// by the replies, so that none outlives the io_context its socket belongs to
// (a reply may be kept by another thread past the listener): stop() closes
// the gate, after which a reply does nothing, and releases them while the
// io_context still exists.
struct Waiting {
  std::mutex m;
  bool open = true;
  uint64_t next = 0;
  std::unordered_map<uint64_t, std::shared_ptr<Connection>> held;

  // A ticket for c's reply; nullopt once stopped.
  std::optional<uint64_t> hold(std::shared_ptr<Connection> c) {
    std::lock_guard lock(m);
    if (!open) return std::nullopt;
    held.emplace(++next, std::move(c));
    return next;
  }
  // Posts the answer to its connection's strand, once per ticket.
  void answer(uint64_t ticket, std::string bytes);
  // Closes the gate; returns the connections still waiting.
  std::unordered_map<uint64_t, std::shared_ptr<Connection>> close() {
    std::lock_guard lock(m);
    open = false;
    return std::move(held);
  }
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, std::unique_ptr<TcpSession> session, std::chrono::milliseconds idle,
             TcpListenerStats& stats, std::shared_ptr<Waiting> waiting)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        session_(std::move(session)),
        idle_(idle),
        stats_(stats),
        waiting_(std::move(waiting)) {
    stats_.open++;
  }
  ~Connection() { stats_.open--; }

  void start() { read(); }

  // On any thread: runs answered() on this connection's strand.
  void post_answer(std::string bytes) {
    net::post(socket_.get_executor(), [self = shared_from_this(), bytes = std::move(bytes)]() mutable {
      self->answered(std::move(bytes));
    });
  }

 private:
  void read() {
    arm_timer();
    socket_.async_read_some(
        net::buffer(buf_),
        [self = shared_from_this()](boost::system::error_code ec, size_t n) { self->on_read(ec, n); });
  }

  void on_read(boost::system::error_code ec, size_t n) {
    if (ec) return close();
    stats_.bytes_in += n;
    auto ticket = waiting_->hold(shared_from_this());
    if (!ticket) return close();  // stopping
    // Nothing is read until the reply comes: one exchange at a time, as the
    // devices expect, and a session that waits holds no thread.
    session_->on_bytes(
        std::string_view(buf_.data(), n),
        [waiting = waiting_, t = *ticket](std::string answer) { waiting->answer(t, std::move(answer)); });
  }

  void answered(std::string bytes) {
    if (!socket_.is_open()) return;  // closed meanwhile (idle timeout)
    out_ = std::move(bytes);
    if (out_.empty()) return read();
    net::async_write(socket_, net::buffer(out_),
                     [self = shared_from_this()](boost::system::error_code wec, size_t w) {
                       if (wec) return self->close();
                       self->stats_.bytes_out += w;
                       self->read();
                     });
  }

  void arm_timer() {
    timer_.expires_after(idle_);
    timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
      if (ec) return;  // re-armed or cancelled
      if (auto self = weak.lock()) {
        self->stats_.timed_out++;
        self->close();
      }
    });
  }

  void close() {
    boost::system::error_code ignored;
    timer_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  tcp::socket socket_;
  net::steady_timer timer_;
  std::unique_ptr<TcpSession> session_;
  std::chrono::milliseconds idle_;
  TcpListenerStats& stats_;
  std::shared_ptr<Waiting> waiting_;
  std::array<char, 4096> buf_{};
  std::string out_;
};

void Waiting::answer(uint64_t ticket, std::string bytes) {
  std::lock_guard lock(m);
  auto it = held.find(ticket);
  if (!open || it == held.end()) return;
  // Both under the lock, so that stop() cannot let the io_context go in
  // between: the post, and dropping this thread's hold on the connection
  // (the posted handler holds it now).
  it->second->post_answer(std::move(bytes));
  held.erase(it);
}

}  // namespace

struct TcpListener::Impl {
  // Before io: the connections that io's handlers still hold count
  // themselves out of it when io is destroyed.
  TcpListenerStats stats;
  TcpListenerOptions options;
  Factory factory;
  obs::Logger* logger = nullptr;
  std::shared_ptr<Waiting> waiting = std::make_shared<Waiting>();
  net::io_context io;
  tcp::acceptor acceptor{io};
  std::vector<std::thread> threads;
  uint16_t port = 0;

  void accept() {
    // Each connection on a strand of its own: its read, write and idle-timer
    // handlers never run at once, whatever options.threads.
    acceptor.async_accept(net::make_strand(io), [this](boost::system::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      if (!ec) {
        if (stats.open >= int64_t(options.max_connections)) {
          stats.refused++;
          boost::system::error_code ignored;
          socket.close(ignored);
        } else {
          stats.accepted++;
          std::string peer;
          boost::system::error_code pe;
          auto ep = socket.remote_endpoint(pe);
          if (!pe) peer = ep.address().to_string() + ":" + std::to_string(ep.port());
          std::make_shared<Connection>(std::move(socket), factory(peer), options.idle_timeout, stats, waiting)
              ->start();
        }
      }
      accept();
    });
  }
};

TcpListener::TcpListener(TcpListenerOptions options, Factory factory, obs::Logger* logger)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->factory = std::move(factory);
  impl_->logger = logger;
}

TcpListener::~TcpListener() { stop(); }

Status TcpListener::listen() {
  boost::system::error_code ec;
  auto address = net::ip::make_address(impl_->options.host, ec);
  if (ec) return Error::invalid("cannot listen on '" + impl_->options.host + "': not an IP address");
  tcp::endpoint ep(address, impl_->options.port);
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    return Error::unavailable("cannot listen on " + impl_->options.host + ":" +
                              std::to_string(impl_->options.port) + ": " + ec.message());
  impl_->port = a.local_endpoint().port();
  return {};
}

uint16_t TcpListener::port() const { return impl_->port; }

void TcpListener::start() {
  impl_->accept();
  for (unsigned i = 0; i < std::max(1u, impl_->options.threads); ++i)
    impl_->threads.emplace_back([this] { impl_->io.run(); });
}

void TcpListener::stop() {
  if (!impl_) return;
  auto still_waiting = impl_->waiting->close();
  net::post(impl_->io, [this] {
    boost::system::error_code ignored;
    impl_->acceptor.close(ignored);
  });
  impl_->io.stop();
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  impl_->threads.clear();
  still_waiting.clear();  // while their io_context exists
}

const TcpListenerStats& TcpListener::stats() const { return impl_->stats; }

}  // namespace lantian::http
