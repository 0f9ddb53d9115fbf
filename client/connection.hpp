#pragma once
// One client connection to the API: a non-blocking TCP socket (TCP_NODELAY), TLS on top for https. Opening it
// resolves the host, tries each address in turn and does the TLS handshake; every wait on the way, and every read
// and write afterwards, ends at an absolute deadline on the real steady clock or on cancellation.
#include <openssl/ssl.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/base_url.hpp"
#include "client/error.hpp"
#include "client/host_resolver.hpp"
#include "client/tls_context.hpp"
#include "common/cancellation.hpp"
#include "common/clock.hpp"

namespace ca::api {

enum class IoStatus { Ok, Eof, TimedOut, Cancelled, Failed };

struct IoResult {
  IoStatus status = IoStatus::Ok;
  std::size_t bytes = 0;  // read or written
  std::string detail;     // for Failed
};

class Connection {
 public:
  // DNS, TCP and (for https, with `tls` set) the TLS handshake, all before `until`. Errors: ConnectionFailed,
  // Timeout, Tls, Cancelled.
  static Result<std::unique_ptr<Connection>> open(const BaseUrl& url, const TlsContext* tls, SteadyTime until,
                                                  const CancellationToken& cancel);
  // The steps of open() one at a time, for a caller that reports each (creatoraudit-mcp doctor).
  // TCP to the first of `addresses` that accepts, each given an equal share of the time left. Errors:
  // ConnectionFailed, Timeout, Cancelled (`url` only names the endpoint in messages).
  static Result<std::unique_ptr<Connection>> connect_tcp(const BaseUrl& url, const std::vector<SocketAddress>& addresses,
                                                         SteadyTime until, const CancellationToken& cancel);
  // The TLS handshake on a connection from connect_tcp, verifying the certificate for url.host. Errors: Tls,
  // Timeout, Cancelled; nullopt when the session is up.
  std::optional<ApiError> handshake(const BaseUrl& url, const TlsContext* tls, SteadyTime until,
                                    const CancellationToken& cancel);
  // The negotiated protocol ("TLSv1.3"), or "" for plain http or before the handshake.
  std::string tls_version() const;
  // The numeric address connected to ("127.0.0.1", "::1").
  const std::string& peer_address() const { return peer_; }
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Writes all of `data`, or stops at `until` / cancellation / an error (then the connection is unusable).
  IoResult write_all(std::string_view data, SteadyTime until, const CancellationToken& cancel);
  // Reads what is available (waiting until at least one byte is), up to `capacity` bytes. Eof when the peer closed.
  // `expect_wait`: nothing is usually there yet (the first read after sending a request), so it waits before
  // reading instead of trying a read that would mostly say "not yet": one system call less per request.
  IoResult read_some(char* buffer, std::size_t capacity, SteadyTime until, const CancellationToken& cancel,
                     bool expect_wait = false);

  // For an idle connection about to be reused: true when nothing is waiting to be read and the peer has not
  // closed. Anything readable on an idle connection (a FIN, a reset, unsolicited bytes) rules it out.
  bool idle_and_open();

  int requests_sent = 0;  // on this connection; above 1 it was reused

 private:
  Connection(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {}
  IoStatus wait_for_tls(int ssl_result, SteadyTime until, const CancellationToken& cancel, std::string& detail);

  int fd_;
  SSL* ssl_;  // nullptr for plain http
  std::string peer_;
};

}  // namespace ca::api
