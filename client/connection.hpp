#pragma once
// One client connection to the API: a non-blocking TCP socket (TCP_NODELAY), TLS on top for https. Opening it
// resolves the host, tries each address in turn and does the TLS handshake; every wait on the way, and every read
// and write afterwards, ends at an absolute deadline on the real steady clock or on cancellation.
#include <openssl/ssl.h>

#include <memory>
#include <string>
#include <string_view>

#include "client/base_url.hpp"
#include "client/error.hpp"
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
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Writes all of `data`, or stops at `until` / cancellation / an error (then the connection is unusable).
  IoResult write_all(std::string_view data, SteadyTime until, const CancellationToken& cancel);
  // Reads what is available (waiting until at least one byte is), up to `capacity` bytes. Eof when the peer closed.
  IoResult read_some(char* buffer, std::size_t capacity, SteadyTime until, const CancellationToken& cancel);

  // For an idle connection about to be reused: true when nothing is waiting to be read and the peer has not
  // closed. Anything readable on an idle connection (a FIN, a reset, unsolicited bytes) rules it out.
  bool idle_and_open();

  int requests_sent = 0;  // on this connection; above 1 it was reused

 private:
  Connection(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {}
  IoStatus wait_for_tls(int ssl_result, SteadyTime until, const CancellationToken& cancel, std::string& detail);

  int fd_;
  SSL* ssl_;  // nullptr for plain http
};

}  // namespace ca::api
