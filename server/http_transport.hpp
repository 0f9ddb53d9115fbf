#pragma once
// The MCP Streamable HTTP transport (docs/protocol.md#http): one endpoint, /mcp, on cpp-httplib's server.
//   2025-11-25 and earlier: POST initialize opens a session (Mcp-Session-Id), later POSTs name it, DELETE ends it;
//     no GET stream (405).
//   2026-07-28: stateless; each POST is served by a session of its own, after its mirrored headers
//     (MCP-Protocol-Version, Mcp-Method, Mcp-Name) were checked against the body (-32020 HeaderMismatch).
// A request answered while its POST is read gets a JSON body; one still running (a tool call) gets an SSE stream
// with its progress and log notifications, then its answer. A stream the client closes cancels its requests.
// Every session shares one ServerCore: the same tools, worker pool, budgets and per-call deadlines as stdio.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "server/http_options.hpp"
#include "server/session.hpp"

namespace ca::server {

struct HttpTransportSettings {
  ListenAddress address;
  std::optional<std::string> token;  // required (checked at start) beyond loopback
  std::vector<std::string> allowed_origins;
  std::vector<std::string> allowed_hosts;
  std::size_t max_sessions = 100;
  Millis session_idle{1'800'000};
  std::size_t threads = 64;
  Millis keepalive{15'000};
  std::size_t max_body_bytes = 4u << 20;
  Clock* clock = &system_clock();
};

class HttpTransport {
 public:
  HttpTransport(ServerCore& core, HttpTransportSettings settings);
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // Binds the address; returns the port (the one picked when the address says port 0). Throws std::runtime_error.
  int bind();
  // Serves until stop(); returns false when the server could not run.
  bool serve();
  void stop();
  std::size_t sessions() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ca::server
