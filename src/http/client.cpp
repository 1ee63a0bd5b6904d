#include "http/client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <optional>

#include "core/version.h"

namespace lantian::http {

namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using boost::system::error_code;

Result<Url> parse_http_url(const std::string& url) {
  auto lower = url;
  for (auto& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
  if (lower.rfind("https://", 0) == 0)
    return Error::invalid(
        "https webhook URLs are not supported: point the webhook at a gateway on the local network over "
        "http:// and let it forward over TLS");
  if (lower.rfind("http://", 0) != 0) return Error::invalid("the webhook URL must start with http://");
  for (unsigned char c : url)
    if (c <= 0x20 || c >= 0x7f)
      return Error::invalid("the webhook URL must not contain spaces or control characters");
  std::string rest = url.substr(7);
  auto slash = rest.find_first_of("/?");
  std::string authority = rest.substr(0, slash);
  Url u;
  u.target = slash == std::string::npos ? "/" : rest.substr(slash);
  if (u.target[0] == '?') u.target = "/" + u.target;
  if (authority.find('@') != std::string::npos)
    return Error::invalid("the webhook URL must not contain credentials (user@host)");
  std::string port;
  if (!authority.empty() && authority[0] == '[') {
    auto close = authority.find(']');
    if (close == std::string::npos) return Error::invalid("the webhook URL has a bad IPv6 address");
    u.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return Error::invalid("the webhook URL has a bad host");
      port = authority.substr(close + 2);
    }
  } else {
    auto colon = authority.find(':');
    u.host = authority.substr(0, colon);
    if (colon != std::string::npos) port = authority.substr(colon + 1);
  }
  if (u.host.empty()) return Error::invalid("the webhook URL has no host");
  if (port.empty()) port = "80";
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) < 1 ||
      std::stoi(port) > 65535)
    return Error::invalid("the webhook URL has a bad port");
  u.port = port;
  return u;
}

Result<int> post_json(const std::string& url, const std::string& body, std::chrono::milliseconds timeout) {
  LT_ASSIGN(auto u, parse_http_url(url));
  net::io_context ioc;
  tcp::resolver resolver(ioc);
  tcp::socket socket(ioc);
  net::steady_timer deadline(ioc);
  boost::beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024);

  bhttp::request<bhttp::string_body> req{bhttp::verb::post, u.target, 11};
  std::string host_header = u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
  if (u.port != "80") host_header += ":" + u.port;
  req.set(bhttp::field::host, host_header);
  req.set(bhttp::field::user_agent, std::string("lantian/") + LANTIAN_VERSION);
  req.set(bhttp::field::content_type, "application/json; charset=utf-8");
  req.set(bhttp::field::connection, "close");
  req.body() = body;
  req.prepare_payload();

  // One deadline for the whole exchange: when it fires, everything pending
  // is cancelled and its handler records the error.
  bool timed_out = false;
  std::optional<Error> failure;
  int status = 0;
  auto fail = [&](const char* step, const error_code& ec) {
    if (failure) return;
    if (timed_out)
      failure = Error::unavailable("webhook " + u.host + ":" + u.port + ": no answer within " +
                                   std::to_string(timeout.count()) + " ms");
    else
      failure = Error::unavailable(std::string("webhook ") + u.host + ":" + u.port + ": " + step + ": " +
                                   ec.message());
  };
  deadline.expires_after(timeout);
  deadline.async_wait([&](const error_code& ec) {
    if (ec) return;  // cancelled: the exchange finished first
    timed_out = true;
    resolver.cancel();
    error_code ignored;
    socket.close(ignored);
  });
  resolver.async_resolve(
      u.host, u.port, [&](const error_code& ec, const tcp::resolver::results_type& results) {
        if (ec || timed_out) {
          fail("resolve", ec);
          deadline.cancel();
          return;
        }
        net::async_connect(socket, results, [&](const error_code& ec, const tcp::endpoint&) {
          if (ec) {
            fail("connect", ec);
            deadline.cancel();
            return;
          }
          bhttp::async_write(socket, req, [&](const error_code& ec, std::size_t) {
            if (ec) {
              fail("send", ec);
              deadline.cancel();
              return;
            }
            bhttp::async_read_header(socket, buffer, parser, [&](const error_code& ec, std::size_t) {
              if (ec) {
                fail("read the answer", ec);
                deadline.cancel();
                return;
              }
              status = int(parser.get().result_int());
              deadline.cancel();
            });
          });
        });
      });
  ioc.run();
  error_code ignored;
  socket.close(ignored);
  if (failure) return *failure;
  if (status < 100 || status > 999)
    return Error::unavailable("webhook " + u.host + ": the answer is not HTTP");
  return status;
}

}  // namespace lantian::http
