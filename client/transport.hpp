#pragma once
// The seam between the client's logic (pacing, retries, ETags, idempotency: client.cpp) and the wire. The Client
// sends each HTTP attempt through a Transport: real sockets by default (make_socket_transport), or, for tests and
// fuzzers, a function that returns canned responses (make_canned_transport), so "upstream body -> result" can be
// exercised without a socket.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "client/error.hpp"
#include "client/http_headers.hpp"
#include "common/cancellation.hpp"
#include "common/clock.hpp"

namespace ca::api {

struct AttemptRequest {
  std::string method;   // GET or POST
  std::string target;   // path + encoded query
  HttpHeaders headers;  // everything but Host and Content-Length, which the transport adds
  std::string body;
  bool repeatable = false;  // safe to send twice: a transport may resend it at once after a stale connection
};

// Bounds of one attempt, as durations from the moment the transport starts it (on the real steady clock).
struct AttemptLimits {
  Millis connect_timeout{5'000};  // DNS + TCP + TLS handshake
  Millis read_timeout{30'000};    // no byte received (or written) for this long
  Millis total{60'000};           // the whole attempt, connect included
  std::size_t max_body_bytes = 16u << 20;
};

struct AttemptResult {
  bool headers_arrived = false;  // the final status line and header fields are in `status`/`headers`
  int status = 0;
  HttpHeaders headers;
  std::string body;                   // decoded
  std::optional<ErrorKind> failure;   // a transport failure; status/headers may still be set
  std::string failure_detail;

  std::string header(const char* name) const { return headers.get(name); }  // "" when absent
};

class Transport {
 public:
  virtual ~Transport() = default;
  // One attempt. Never throws; every way it can end is in the result (Cancelled included).
  virtual AttemptResult send(const AttemptRequest& request, const AttemptLimits& limits,
                             const CancellationToken& cancel) = 0;
};

struct BaseUrl;
struct ClientConfig;

// Keep-alive connections over POSIX sockets and OpenSSL to `url` (client/socket_transport.cpp).
std::shared_ptr<Transport> make_socket_transport(const BaseUrl& url, const ClientConfig& config);

// What a canned upstream answers: a response, or a transport failure (status/headers then count as arrived only
// when status is non-zero).
struct CannedResponse {
  int status = 200;
  HttpHeaders headers;
  std::string body;
  std::optional<ErrorKind> failure;
  std::string failure_detail;
};
using CannedUpstream = std::function<CannedResponse(const AttemptRequest&)>;

// A transport that calls `upstream` for each attempt (from the calling thread) and applies the same body cap as the
// socket transport. For tests and fuzz targets.
std::shared_ptr<Transport> make_canned_transport(CannedUpstream upstream);

}  // namespace ca::api
