// A blocking TCP client for tests of the plain-TCP listeners
// (http/tcp_listener.h, serve --hj212-listen): connect to 127.0.0.1, send
// all, read until a condition or a timeout, see the peer close.
// Failures are reported with EXPECT/ADD_FAILURE; the test goes on to fail
// at its own assertions.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace lantian::test {

inline int tcp_connect(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0) << "connecting to port " << port;
  return fd;
}

inline void tcp_send(int fd, std::string_view s) {
  EXPECT_EQ(::send(fd, s.data(), s.size(), MSG_NOSIGNAL), ssize_t(s.size()));
}

// What arrives until done(all so far) holds, the peer closes, or timeout_ms.
inline std::string tcp_read_until(int fd, const std::function<bool(const std::string&)>& done,
                                  int timeout_ms = 5000) {
  std::string got;
  char buf[1024];
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!done(got) && std::chrono::steady_clock::now() < until) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, size_t(n));
  }
  return got;
}

// What arrives until it holds `lines` newlines (or as tcp_read_until stops).
inline std::string tcp_read_lines(int fd, size_t lines, int timeout_ms = 5000) {
  return tcp_read_until(
      fd, [lines](const std::string& s) { return size_t(std::count(s.begin(), s.end(), '\n')) >= lines; },
      timeout_ms);
}

// True when the peer closes within `ms`.
inline bool tcp_closed_within(int fd, int ms) {
  char c;
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, ms) <= 0) return false;
  return ::recv(fd, &c, 1, 0) == 0;
}

}  // namespace lantian::test
