#include "client/http_attempt.hpp"

#include <charconv>

namespace ca::api {
namespace {

template <class Duration>
std::pair<time_t, time_t> sec_usec(Duration d) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
  if (us < 1000) us = 1000;  // httplib treats 0 as "no timeout"
  return {static_cast<time_t>(us / 1'000'000), static_cast<time_t>(us % 1'000'000)};
}

std::optional<std::size_t> content_length(const httplib::Response& response) {
  if (!response.has_header("Content-Length")) return std::nullopt;
  std::string text = response.get_header_value("Content-Length");
  std::size_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::string AttemptResult::header(const char* name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

AttemptResult perform_attempt(httplib::Client& client, AttemptRequest request) {
  auto [connect_s, connect_us] = sec_usec(request.connect_timeout);
  auto [read_s, read_us] = sec_usec(request.read_timeout);
  client.set_connection_timeout(connect_s, connect_us);
  client.set_read_timeout(read_s, read_us);
  client.set_write_timeout(read_s, read_us);

  // The callbacks capture one pointer each so std::function keeps them inline (no allocation per request).
  struct State {
    AttemptResult out;
    bool too_large = false;
    std::size_t max_body_bytes;
  } state{{}, false, request.max_body_bytes};
  httplib::Request req;
  req.method = std::move(request.method);
  req.path = std::move(request.target);
  req.headers = std::move(request.headers);
  if (req.method != "GET") {
    req.body = std::move(request.body);
    req.headers.emplace("Content-Type", "application/json");
  }
  req.response_handler = [s = &state](const httplib::Response& response) {
    s->out.headers_arrived = true;
    // Refuse early when the server announces more than we will read.
    if (auto length = content_length(response); length && *length > s->max_body_bytes) {
      s->too_large = true;
      return false;
    }
    return true;
  };
  req.content_receiver = [s = &state](const char* data, std::size_t size, std::uint64_t, std::uint64_t) {
    if (s->out.body.size() + size > s->max_body_bytes) {
      s->too_large = true;
      return false;
    }
    s->out.body.append(data, size);
    return true;
  };

  httplib::Response res;
  httplib::Error error = httplib::Error::Success;
  const auto started = std::chrono::steady_clock::now();
  const bool ok = client.send(req, res, error);
  const auto elapsed = std::chrono::steady_clock::now() - started;

  AttemptResult& out = state.out;
  const bool too_large = state.too_large;
  if (out.headers_arrived || ok) {
    // httplib reads the status line and headers straight into `res`, also when the body fails afterwards.
    out.status = res.status;
    out.headers = std::move(res.headers);
  }
  if (ok) {
    if (out.body.empty() && !res.body.empty()) out.body = std::move(res.body);
    return std::move(out);
  }
  // httplib reports a read timeout as a plain read error; the time spent tells the two apart.
  const bool timed_out = elapsed >= request.read_timeout * 9 / 10;
  switch (error) {
    case httplib::Error::Canceled:
      out.failure = too_large ? ErrorKind::BodyTooLarge : ErrorKind::ConnectionFailed;
      out.failure_detail = too_large ? "response body exceeds max_response_bytes (" +
                                           std::to_string(request.max_body_bytes) + " bytes); reading stopped"
                                     : "request aborted";
      break;
    case httplib::Error::ConnectionTimeout:
      out.failure = ErrorKind::Timeout;
      out.failure_detail = "connect timed out";
      break;
    case httplib::Error::SSLConnection:
    case httplib::Error::SSLLoadingCerts:
    case httplib::Error::SSLServerVerification:
      out.failure = ErrorKind::Tls;
      out.failure_detail = httplib::to_string(error);
      break;
    case httplib::Error::Read:
      if (timed_out) {
        out.failure = ErrorKind::Timeout;
        out.failure_detail = "read timed out";
      } else if (out.headers_arrived) {
        out.failure = ErrorKind::TruncatedBody;
        out.failure_detail = "connection closed before the whole body arrived";
      } else {
        out.failure = ErrorKind::ConnectionFailed;
        out.failure_detail = "connection closed before a response arrived";
      }
      break;
    default:
      out.failure = ErrorKind::ConnectionFailed;
      out.failure_detail = httplib::to_string(error);
      break;
  }
  return std::move(out);
}

}  // namespace ca::api
