// The default transport: one HTTP/1.1 exchange per attempt on a pooled keep-alive connection, the response read
// through ResponseParser. Bounds: the connect timeout (DNS + TCP + TLS), an idle timeout between bytes, and the
// attempt's total, all on the real steady clock; cancellation ends any socket wait at once (socket_wait.hpp).
#include <memory>
#include <mutex>
#include <vector>

#include "client/base_url.hpp"
#include "client/config.hpp"
#include "client/connection_pool.hpp"
#include "client/response_parser.hpp"
#include "client/transport.hpp"

namespace ca::api {
namespace {

// The most bytes taken from the socket at once: a 50-row page (about 60 KB) in one or two reads over plain http
// (over TLS each read returns at most one record, 16 KiB).
constexpr std::size_t kReadChunk = 64 * 1024;
// The most bytes handed to one write: the idle bound (read_timeout) restarts after each slice the peer takes.
constexpr std::size_t kWriteSlice = 16 * 1024;

bool has_control_char(std::string_view text) {
  for (unsigned char c : text)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

std::string host_header(const BaseUrl& url) {
  std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  if (url.port != (url.https() ? 443 : 80)) host.append(":").append(std::to_string(url.port));
  return host;
}

std::string millis_text(Millis d) { return std::to_string(d.count()) + " ms"; }

class SocketTransport final : public Transport {
 public:
  SocketTransport(const BaseUrl& url, const ClientConfig& config)
      : url_(url),
        host_header_(host_header(url)),
        ca_bundle_path_(config.ca_bundle_path),
        pool_(config.requests_in_flight(), config.keep_alive_idle) {}

  AttemptResult send(const AttemptRequest& request, const AttemptLimits& limits,
                     const CancellationToken& cancel) override;

 private:
  struct Exchange {
    AttemptResult result;
    bool any_byte = false;  // a response byte arrived
    bool reusable = false;
  };

  std::optional<std::string> serialize(const AttemptRequest& request) const;
  // Made on the first https request, not at start: loading the trust store and OpenSSL's providers costs tens of
  // milliseconds, and a server that is only listed or initialized by its host never needs them. That request pays
  // for it before its own deadline starts (no network is involved).
  void load_tls_once();
  Exchange exchange(Connection& connection, const std::string& wire, const AttemptLimits& limits, SteadyTime until,
                    const CancellationToken& cancel);

  const BaseUrl url_;
  const std::string host_header_;
  const std::string ca_bundle_path_;
  std::once_flag tls_once_;
  std::shared_ptr<TlsContext> tls_;  // written once under tls_once_, read after it
  std::optional<ApiError> tls_error_;
  ConnectionPool pool_;
};

void SocketTransport::load_tls_once() {
  std::call_once(tls_once_, [this] {
    if (!url_.https()) return;
    auto tls = TlsContext::create(ca_bundle_path_);
    if (tls.ok()) tls_ = tls.value();
    else tls_error_ = tls.error();
  });
}

AttemptResult failed(ErrorKind kind, std::string detail) {
  AttemptResult out;
  out.failure = kind;
  out.failure_detail = std::move(detail);
  return out;
}

std::optional<std::string> SocketTransport::serialize(const AttemptRequest& request) const {
  // Header values come from the configuration (checked at start) and from upstream ETags (the parser turns CR and
  // NUL into spaces); checked once more here, so no byte of any of them can ever start a header of its own.
  if (has_control_char(request.method) || has_control_char(request.target) ||
      request.target.find(' ') != std::string::npos)
    return std::nullopt;
  std::string wire;
  wire.reserve(256 + request.target.size() + request.body.size());
  wire.append(request.method).append(" ").append(request.target).append(" HTTP/1.1\r\nHost: ").append(host_header_);
  wire.append("\r\n");
  for (const auto& [name, value] : request.headers) {
    if (has_control_char(name) || has_control_char(value)) return std::nullopt;
    wire.append(name).append(": ").append(value).append("\r\n");
  }
  if (request.method != "GET" || !request.body.empty())
    wire.append("Content-Length: ").append(std::to_string(request.body.size())).append("\r\n");
  wire.append("\r\n").append(request.body);
  return wire;
}

AttemptResult SocketTransport::send(const AttemptRequest& request, const AttemptLimits& limits,
                                    const CancellationToken& cancel) {
  load_tls_once();
  if (tls_error_) return failed(tls_error_->kind, tls_error_->detail);
  const auto wire = serialize(request);
  if (!wire) return failed(ErrorKind::InvalidArgument, "a request line or header value holds a control character");
  const SteadyTime until = std::chrono::steady_clock::now() + limits.total;
  for (bool fresh_only = false;; fresh_only = true) {
    std::unique_ptr<Connection> connection = fresh_only ? nullptr : pool_.take();
    const bool reused = connection != nullptr;
    if (!connection) {
      const SteadyTime connect_until = std::min(until, std::chrono::steady_clock::now() + limits.connect_timeout);
      auto opened = Connection::open(url_, tls_.get(), connect_until, cancel);
      if (!opened.ok()) return failed(opened.error().kind, opened.error().detail);
      connection = std::move(opened.value());
    }
    Exchange ex = exchange(*connection, *wire, limits, until, cancel);
    // A kept-alive connection the server closed as we reused it fails before any response byte: the request
    // cannot have been answered, so a repeatable one goes again at once, once, on a new connection.
    if (reused && !fresh_only && request.repeatable && !ex.any_byte &&
        ex.result.failure == ErrorKind::ConnectionFailed && std::chrono::steady_clock::now() < until)
      continue;
    if (ex.reusable) pool_.put(std::move(connection));
    return std::move(ex.result);
  }
}

SocketTransport::Exchange SocketTransport::exchange(Connection& connection, const std::string& wire,
                                                    const AttemptLimits& limits, SteadyTime until,
                                                    const CancellationToken& cancel) {
  Exchange ex;
  AttemptResult& out = ex.result;
  ++connection.requests_sent;
  auto now = std::chrono::steady_clock::now();
  // The idle bound restarts with every byte that moves; the attempt's total does not.
  auto wait_until = [&] { return std::min(until, now + limits.read_timeout); };
  auto fail = [&](ErrorKind kind, std::string detail) {
    out.failure = kind;
    out.failure_detail = std::move(detail);
  };
  auto time_out = [&](const char* waiting_for, std::size_t bytes_so_far) {
    const std::string bound = now >= until ? "the attempt's time limit (" + millis_text(limits.total) + ") ran out"
                                           : "no byte for " + millis_text(limits.read_timeout) + " (read timeout)";
    fail(ErrorKind::Timeout, bound + " while " + waiting_for + ", after " + std::to_string(bytes_so_far) +
                                 " response bytes");
  };

  // Sent in slices so that the idle bound restarts as the peer takes them, like the reads below.
  for (std::size_t sent = 0; sent < wire.size();) {
    const IoResult written =
        connection.write_all(std::string_view(wire).substr(sent, kWriteSlice), wait_until(), cancel);
    now = std::chrono::steady_clock::now();
    if (written.status != IoStatus::Ok) {
      if (written.status == IoStatus::Cancelled) fail(ErrorKind::Cancelled, "cancelled while sending the request");
      else if (written.status == IoStatus::TimedOut) time_out("sending the request", 0);
      else fail(ErrorKind::ConnectionFailed, "sending the request failed: " + written.detail);
      return ex;
    }
    sent += written.bytes;
  }

  ResponseLimits response_limits;
  response_limits.max_body_bytes = limits.max_body_bytes;
  ResponseParser parser(response_limits);
  // One buffer per thread, kept: allocating 64 KiB for each request made glibc merge its fast bins each time.
  thread_local const auto buffer = std::make_unique_for_overwrite<char[]>(kReadChunk);
  std::size_t received = 0;
  bool first_read = true;
  while (parser.state() == ResponseParser::State::Head || parser.state() == ResponseParser::State::Body) {
    now = std::chrono::steady_clock::now();
    // Checked even when bytes keep coming: a fast-trickling upstream must not hold the attempt past its total.
    if (now >= until) {
      time_out(parser.head_complete() ? "reading the body" : "waiting for the response head", received);
      break;
    }
    const IoResult read = connection.read_some(buffer.get(), kReadChunk, wait_until(), cancel, first_read);
    first_read = false;
    if (read.status == IoStatus::Ok) {
      received += read.bytes;
      parser.feed(std::string_view(buffer.get(), read.bytes));
      continue;
    }
    now = std::chrono::steady_clock::now();
    if (read.status == IoStatus::Eof) {
      parser.finish();
    } else if (read.status == IoStatus::Cancelled) {
      fail(ErrorKind::Cancelled, "cancelled while waiting for the response");
      break;
    } else if (read.status == IoStatus::TimedOut) {
      time_out(parser.head_complete() ? "reading the body" : "waiting for the response head", received);
      break;
    } else {
      fail(parser.head_complete() ? ErrorKind::TruncatedBody : ErrorKind::ConnectionFailed,
           "reading the response failed: " + read.detail);
      break;
    }
  }
  ex.any_byte = parser.received_any();
  if (parser.state() == ResponseParser::State::Failed) fail(parser.error_kind(), parser.error_detail());
  ex.reusable = !out.failure && parser.reusable();  // before the headers move out: it reads Connection
  out.headers_arrived = parser.head_complete();
  if (out.headers_arrived) {
    out.status = parser.status();
    out.headers = std::move(parser.headers());
  }
  if (parser.state() == ResponseParser::State::Done) out.body = std::move(parser.body());
  return ex;
}

}  // namespace

std::shared_ptr<Transport> make_socket_transport(const BaseUrl& url, const ClientConfig& config) {
  return std::make_shared<SocketTransport>(url, config);
}

}  // namespace ca::api
