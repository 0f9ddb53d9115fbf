#pragma once
// One request over a plain TCP socket, for what an HTTP client library would hide: a connection dropped with no
// bytes, or a response that arrives a few bytes at a time.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>

namespace ca::sandbox::testing {

struct RawReply {
  std::string bytes;    // everything the server sent before it closed
  std::size_t reads = 0;  // recv() calls that returned data
};

// Waits (up to 10 s per read) until the server closes the connection.
inline RawReply raw_exchange(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size()));
  RawReply reply;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0; ++reply.reads) reply.bytes.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return reply;
}

inline std::string raw_get(const std::string& target, const std::string& key = "sandbox-key") {
  return "GET /v2" + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key + "\r\n\r\n";
}

// The raw bytes of a POST /v2/accounts that creates a TikTok account named `username`.
inline std::string create_request(const std::string& username) {
  const std::string body = R"({"platform":"tiktok","username":")" + username + "\"}";
  return "POST /v2/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sandbox-key\r\n"
         "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace ca::sandbox::testing
