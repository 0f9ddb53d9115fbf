#include "client/connection.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "client/host_resolver.hpp"
#include "client/socket_wait.hpp"

namespace ca::api {
namespace {

ApiError connect_error(ErrorKind kind, std::string detail) {
  ApiError e;
  e.kind = kind;
  e.detail = std::move(detail);
  return e;
}

IoStatus from_wait(WaitResult w) {
  switch (w) {
    case WaitResult::Ready: return IoStatus::Ok;
    case WaitResult::TimedOut: return IoStatus::TimedOut;
    case WaitResult::Cancelled: return IoStatus::Cancelled;
    case WaitResult::Failed: break;
  }
  return IoStatus::Failed;
}

std::string endpoint(const BaseUrl& url) {
  return (url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host) + ":" + std::to_string(url.port);
}

int clamp_int(std::size_t n) { return static_cast<int>(std::min<std::size_t>(n, INT_MAX)); }

}  // namespace

Result<std::unique_ptr<Connection>> Connection::open(const BaseUrl& url, const TlsContext* tls, SteadyTime until,
                                                     const CancellationToken& cancel) {
  auto addresses = resolve_host(url.host, url.port, until, cancel);
  if (!addresses.ok()) return addresses.error();
  auto connection = connect_tcp(url, addresses.value(), until, cancel);
  if (!connection.ok() || !url.https()) return connection;
  if (auto failed = connection.value()->handshake(url, tls, until, cancel)) return *failed;
  return connection;
}

Result<std::unique_ptr<Connection>> Connection::connect_tcp(const BaseUrl& url, const std::vector<SocketAddress>& list,
                                                            SteadyTime until, const CancellationToken& cancel) {
  ErrorKind last_kind = ErrorKind::ConnectionFailed;
  std::string last_error = "no address";
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) {
      last_kind = ErrorKind::Timeout;
      last_error = "timed out";
      break;
    }
    // Each address left gets an equal share of the time left, so one that never answers cannot use it all.
    const SteadyTime address_until = now + (until - now) / static_cast<long>(list.size() - i);
    const int fd = ::socket(list[i].family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      last_kind = ErrorKind::ConnectionFailed;  // whatever the previous address did
      last_error = std::strerror(errno);
      continue;
    }
    std::unique_ptr<Connection> connection(new Connection(fd, nullptr));
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&list[i].storage), list[i].length) != 0) {
      if (errno != EINPROGRESS) {
        last_kind = ErrorKind::ConnectionFailed;
        last_error = std::strerror(errno);
        continue;
      }
      const WaitResult w = wait_for_socket(fd, POLLOUT, address_until, cancel);
      if (w == WaitResult::Cancelled) return connect_error(ErrorKind::Cancelled, "cancelled while connecting");
      if (w == WaitResult::TimedOut) {
        last_kind = ErrorKind::Timeout;
        last_error = "timed out";
        continue;
      }
      int so_error = 0;
      socklen_t length = sizeof so_error;
      if (w == WaitResult::Failed || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &length) != 0 || so_error) {
        last_kind = ErrorKind::ConnectionFailed;
        last_error = std::strerror(so_error ? so_error : errno);
        continue;
      }
    }
    // A request goes out in one write, but TLS records and a slow peer's window can still split it: no Nagle delay.
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    connection->peer_ = format_address(list[i]);
    return connection;
  }
  return connect_error(last_kind, "cannot connect to " + endpoint(url) + ": " + last_error);
}

std::optional<ApiError> Connection::handshake(const BaseUrl& url, const TlsContext* tls, SteadyTime until,
                                              const CancellationToken& cancel) {
  if (!tls) return connect_error(ErrorKind::Tls, "no TLS context");
  ssl_ = tls->new_session(fd_, url.host);
  if (!ssl_) return connect_error(ErrorKind::Tls, openssl_error_text("cannot start a TLS session"));
  while (true) {
    ERR_clear_error();
    const int rc = SSL_do_handshake(ssl_);
    if (rc == 1) return std::nullopt;
    std::string detail;
    const IoStatus status = wait_for_tls(rc, until, cancel, detail);
    if (status == IoStatus::Ok) continue;
    if (status == IoStatus::Cancelled) return connect_error(ErrorKind::Cancelled, "cancelled during the TLS handshake");
    if (status == IoStatus::TimedOut)
      return connect_error(ErrorKind::Timeout, "the TLS handshake with " + endpoint(url) + " timed out");
    if (const long verify = SSL_get_verify_result(ssl_); verify != X509_V_OK)
      detail = std::string("certificate verification failed: ") + X509_verify_cert_error_string(verify);
    return connect_error(ErrorKind::Tls, "TLS handshake with " + endpoint(url) + " failed: " +
                                             (detail.empty() ? "connection closed" : detail));
  }
}

std::string Connection::tls_version() const { return ssl_ && SSL_is_init_finished(ssl_) ? SSL_get_version(ssl_) : ""; }

Connection::~Connection() {
  if (ssl_) {
    // Best effort close_notify: one non-blocking attempt, never a wait.
    if (SSL_is_init_finished(ssl_)) {
      ERR_clear_error();
      SSL_shutdown(ssl_);
    }
    SSL_free(ssl_);
    ERR_clear_error();
  }
  ::close(fd_);
}

IoStatus Connection::wait_for_tls(int ssl_result, SteadyTime until, const CancellationToken& cancel,
                                  std::string& detail) {
  const int saved_errno = errno;
  switch (SSL_get_error(ssl_, ssl_result)) {
    case SSL_ERROR_WANT_READ: return from_wait(wait_for_socket(fd_, POLLIN, until, cancel));
    case SSL_ERROR_WANT_WRITE: return from_wait(wait_for_socket(fd_, POLLOUT, until, cancel));
    case SSL_ERROR_ZERO_RETURN: return IoStatus::Eof;
    case SSL_ERROR_SYSCALL:
      ERR_clear_error();
      if (ssl_result == 0 || saved_errno == 0) return IoStatus::Eof;
      detail = std::strerror(saved_errno);
      return IoStatus::Failed;
    default:
      detail = openssl_error_text("TLS protocol error");
      return IoStatus::Failed;
  }
}

IoResult Connection::write_all(std::string_view data, SteadyTime until, const CancellationToken& cancel) {
  IoResult out;
  while (out.bytes < data.size()) {
    const char* at = data.data() + out.bytes;
    const std::size_t left = data.size() - out.bytes;
    if (ssl_) {
      ERR_clear_error();
      const int n = SSL_write(ssl_, at, clamp_int(left));
      if (n > 0) {
        out.bytes += static_cast<std::size_t>(n);
        continue;
      }
      out.status = wait_for_tls(n, until, cancel, out.detail);
      if (out.status == IoStatus::Eof) {
        out.status = IoStatus::Failed;
        out.detail = "the connection was closed";
      }
    } else {
      const ssize_t n = ::send(fd_, at, left, MSG_NOSIGNAL);
      if (n >= 0) {
        out.bytes += static_cast<std::size_t>(n);
        continue;
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        out.status = IoStatus::Failed;
        out.detail = std::strerror(errno);
      } else {
        out.status = from_wait(wait_for_socket(fd_, POLLOUT, until, cancel));
      }
    }
    if (out.status != IoStatus::Ok) return out;
  }
  return out;
}

IoResult Connection::read_some(char* buffer, std::size_t capacity, SteadyTime until, const CancellationToken& cancel,
                               bool expect_wait) {
  IoResult out;
  // Bytes TLS already holds are readable without the socket; otherwise the read would mostly fail with EAGAIN.
  if (expect_wait && !(ssl_ && SSL_has_pending(ssl_))) {
    out.status = from_wait(wait_for_socket(fd_, POLLIN, until, cancel));
    if (out.status != IoStatus::Ok) return out;
  }
  while (true) {
    if (ssl_) {
      ERR_clear_error();
      const int n = SSL_read(ssl_, buffer, clamp_int(capacity));
      if (n > 0) {
        out.bytes = static_cast<std::size_t>(n);
        return out;
      }
      out.status = wait_for_tls(n, until, cancel, out.detail);
    } else {
      const ssize_t n = ::recv(fd_, buffer, capacity, 0);
      if (n > 0) {
        out.bytes = static_cast<std::size_t>(n);
        return out;
      }
      if (n == 0) {
        out.status = IoStatus::Eof;
      } else if (errno == EINTR) {
        continue;
      } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
        out.status = IoStatus::Failed;
        out.detail = std::strerror(errno);
      } else {
        out.status = from_wait(wait_for_socket(fd_, POLLIN, until, cancel));
      }
    }
    if (out.status != IoStatus::Ok) return out;
  }
}

bool Connection::idle_and_open() {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, 0) == 0) return true;
  if (!ssl_ || (p.revents & (POLLHUP | POLLERR))) return false;
  // TLS records that carry no data (a TLS 1.3 session ticket, a key update) may be what is readable: SSL_peek
  // consumes them and tells whether data or a close is behind them.
  for (int i = 0; i < 4; ++i) {
    char byte;
    ERR_clear_error();
    const int n = SSL_peek(ssl_, &byte, 1);
    if (n > 0 || SSL_get_error(ssl_, n) != SSL_ERROR_WANT_READ) {
      ERR_clear_error();
      return false;
    }
    p.revents = 0;
    if (::poll(&p, 1, 0) == 0) return true;
  }
  return false;
}

}  // namespace ca::api
