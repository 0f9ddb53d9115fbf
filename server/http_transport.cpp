#include "server/http_transport.hpp"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "server/http_exchange.hpp"
#include "server/http_security.hpp"
#include "server/http_sessions.hpp"
#include "server/json_depth.hpp"
#include "server/json_numbers.hpp"
#include "server/jsonrpc.hpp"
#include "server/modern_envelope.hpp"
#include "server/protocol_version.hpp"
#include "server/utf8.hpp"
#include "client/url_encoding.hpp"
#include "tools/sanitize.hpp"

namespace ca::server {
namespace {

using tools::sanitize_text;

constexpr const char* kEndpoint = "/mcp";
constexpr const char* kSessionHeader = "Mcp-Session-Id";
constexpr const char* kVersionHeader = "MCP-Protocol-Version";
constexpr int kHeaderMismatch = -32020;  // 2026-07-28, HTTP only
// How often a waiting stream looks for a client that went away (between keep-alive comments).
constexpr Millis kDisconnectPoll{250};

void send_json(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(dump_compact(body), "application/json");
}

// An HTTP-level refusal, with a JSON-RPC error without id as the body (the spec allows one; clients print it).
void refuse(httplib::Response& res, int status, const std::string& message, const Json& id = nullptr) {
  send_json(res, status, rpc::error(id, rpc::kInvalidRequest, message));
}

// How a POST is served, for the HTTP status of its errors.
enum class Era {
  Legacy,             // 2025-11-25 and earlier: JSON-RPC errors are 200, but for malformed messages
  Modern,             // 2026-07-28: its protocol errors are HTTP errors too
  ModernBadEnvelope,  // 2026-07-28, a request whose _meta envelope is missing or malformed: its -32602 is a 400
};

// The HTTP status of a JSON-RPC answer sent as a JSON body.
int status_of(const Json& answer, Era era) {
  const bool modern = era != Era::Legacy;
  if (!answer.is_object()) return 200;
  const auto error = answer.find("error");
  if (error == answer.end() || !error->is_object() || !error->contains("code") || !(*error)["code"].is_number_integer())
    return 200;
  const int code = (*error)["code"].get<int>();
  if (code == rpc::kParseError || code == rpc::kInvalidRequest) return 400;
  if (modern && (code == kHeaderMismatch || code == kMissingRequiredClientCapability ||
                 code == kUnsupportedProtocolVersion)) return 400;
  if (modern && code == rpc::kMethodNotFound) return 404;
  if (era == Era::ModernBadEnvelope && code == rpc::kInvalidParams) return 400;
  return 200;
}

bool accepts(const httplib::Request& req, const char* type) {
  const std::string accept = api::ascii_lower(req.get_header_value("Accept"));
  return accept.empty() || accept.find(type) != std::string::npos || accept.find("*/*") != std::string::npos;
}

// What the transport must know of a POST body before a session reads it.
struct Shape {
  bool parsed = false;
  std::vector<Json> request_ids;  // of the requests in it (a message or a batch)
  std::string method;             // of a single message
  bool initialize = false;
  bool modern = false;            // claims 2026-07-28 (its _meta names a version), or is its server/discover
  Json params;                    // of a single message
  Json id;                        // of a single request
};

Shape shape_of(const std::string& body) {
  Shape shape;
  // The text the session will read (Connection::receive): the same UTF-8 repair, so that both see the same
  // requests, and the same depth limit before any parse, since copying a deeply nested value recurses.
  const std::string text = sanitize_utf8(body);
  if (nests_deeper_than(text, kMaxJsonNesting)) return shape;
  const ParsedLine parsed = parse_json_line(text);
  if (parsed.value.is_discarded()) return shape;
  shape.parsed = true;
  const auto note = [&](const Json& message) {
    if (!message.is_object()) return;
    const auto id = message.find("id");
    if (message.contains("method") && id != message.end() && rpc::is_valid_id(*id)) shape.request_ids.push_back(*id);
  };
  if (parsed.value.is_array()) {
    for (const auto& element : parsed.value) note(element);
    return shape;
  }
  note(parsed.value);
  if (!parsed.value.is_object()) return shape;
  if (const auto method = parsed.value.find("method"); method != parsed.value.end() && method->is_string())
    shape.method = method->get<std::string>();
  if (const auto params = parsed.value.find("params"); params != parsed.value.end() && params->is_object())
    shape.params = *params;
  // Echoed in refusals: only an id JSON-RPC allows.
  if (const auto id = parsed.value.find("id"); id != parsed.value.end() && rpc::is_valid_id(*id)) shape.id = *id;
  shape.initialize = shape.method == "initialize";
  shape.modern = shape.method == "server/discover" || (shape.params.is_object() && has_modern_claim(shape.params));
  return shape;
}

// The protocol version params._meta claims; empty when it names none.
std::string claimed_version(const Json& params) {
  const auto meta = params.find("_meta");
  if (meta == params.end() || !meta->is_object()) return {};
  const auto claimed = meta->find(kProtocolVersionMeta);
  return claimed != meta->end() && claimed->is_string() ? claimed->get<std::string>() : std::string();
}

bool is_modern_version(const std::string& version) {
  const auto& versions = supported_modern_versions();
  return std::find(versions.begin(), versions.end(), version) != versions.end();
}

// 2026-07-28: the mirrored headers of a request must be present and match its body. The message of the -32020
// error, or nullopt when they do. Order: a version header that contradicts the body first; then a version this
// server does not serve is left to the session (-32022); then the headers that are missing or differ.
std::optional<std::string> header_mismatch(const httplib::Request& req, const Shape& shape) {
  const std::string version = req.get_header_value(kVersionHeader);
  const std::string claimed = claimed_version(shape.params);
  if (!version.empty() && !claimed.empty() && version != claimed)
    return "Header mismatch: MCP-Protocol-Version header value '" + sanitize_text(version) +
           "' does not match the body's protocol version '" + sanitize_text(claimed) + "'";
  if (!claimed.empty() && !is_modern_version(claimed)) return std::nullopt;
  if (version.empty()) return "Header mismatch: the MCP-Protocol-Version header is missing";
  if (!req.has_header("Mcp-Method")) return "Header mismatch: the Mcp-Method header is missing";
  if (req.get_header_value("Mcp-Method") != shape.method)
    return "Header mismatch: the Mcp-Method header does not match the body's method";
  if (shape.method == "tools/call") {
    if (!req.has_header("Mcp-Name")) return "Header mismatch: the Mcp-Name header is missing";
    const auto name = decode_mirrored_header(req.get_header_value("Mcp-Name"));
    const auto body_name = shape.params.find("name");
    if (!name || body_name == shape.params.end() || !body_name->is_string() || *name != body_name->get<std::string>())
      return "Header mismatch: the Mcp-Name header does not match the body's tool name";
  }
  return std::nullopt;
}

bool is_legacy_version(const std::string& version) {
  const auto& versions = supported_protocol_versions();
  return std::find(versions.begin(), versions.end(), version) != versions.end();
}

}  // namespace

struct HttpTransport::Impl {
  Impl(ServerCore& core, HttpTransportSettings settings)
      : core(core),
        settings(std::move(settings)),
        sessions(core, this->settings.max_sessions, this->settings.session_idle, *this->settings.clock) {}

  ServerCore& core;
  HttpTransportSettings settings;
  HttpSessions sessions;
  httplib::Server server;
  int port = 0;

  bool admit(const httplib::Request& req, httplib::Response& res);
  void post(const httplib::Request& req, httplib::Response& res);
  void end_session(const httplib::Request& req, httplib::Response& res);
  // Hands `req`'s body to `session` and answers: 202, a JSON body, or an SSE stream. `done` runs once the POST is
  // finished with the session (at once, or when its stream ends).
  void exchange(const httplib::Request& req, httplib::Response& res, const Shape& shape,
                std::shared_ptr<HttpSession> session, Era era, std::function<void(const Json* answer)> done);
};

bool HttpTransport::Impl::admit(const httplib::Request& req, httplib::Response& res) {
  // DNS rebinding: a page served from an attacker's name that resolves to this machine sends that name as Host
  // and its own Origin.
  if (req.has_header("Host") &&
      !host_allowed(req.get_header_value("Host"), settings.address.loopback, settings.allowed_hosts)) {
    spdlog::warn("HTTP: refused a request for Host '{}' (403)", sanitize_text(req.get_header_value("Host")));
    refuse(res, 403, "Forbidden: Host not allowed (--http-allowed-host)");
    return false;
  }
  if (req.has_header("Origin") && !origin_allowed(req.get_header_value("Origin"), settings.allowed_origins)) {
    spdlog::warn("HTTP: refused a request from Origin '{}' (403)", sanitize_text(req.get_header_value("Origin")));
    refuse(res, 403, "Forbidden: Origin not allowed (--http-allowed-origin)");
    return false;
  }
  if (settings.token && !bearer_matches(req.get_header_value("Authorization"), *settings.token)) {
    res.set_header("WWW-Authenticate", "Bearer");
    refuse(res, 401, "Unauthorized: send Authorization: Bearer with the token of --http-token-file");
    return false;
  }
  return true;
}

void HttpTransport::Impl::post(const httplib::Request& req, httplib::Response& res) {
  const std::string content_type = api::ascii_lower(req.get_header_value("Content-Type"));
  if (content_type.rfind("application/json", 0) != 0) {
    refuse(res, 415, "Unsupported Media Type: the body must be application/json");
    return;
  }
  if (!accepts(req, "application/json") && !accepts(req, "text/event-stream")) {
    refuse(res, 406, "Not Acceptable: the client must accept application/json and text/event-stream");
    return;
  }
  const Shape shape = shape_of(req.body);
  const std::string session_id = req.get_header_value(kSessionHeader);
  const std::string version = req.get_header_value(kVersionHeader);
  const bool stateless = shape.modern || (session_id.empty() && !shape.initialize && !version.empty() &&
                                          !is_legacy_version(version)) ||
                         (!shape.parsed && session_id.empty());
  if (stateless) {
    // 2026-07-28: a session for this POST alone; a session id, if any, is ignored.
    if (shape.parsed && !shape.request_ids.empty() && shape.modern) {
      if (const auto mismatch = header_mismatch(req, shape)) {
        send_json(res, 400, rpc::error(shape.id, kHeaderMismatch, *mismatch));
        return;
      }
    }
    // A request whose _meta envelope is missing or malformed is answered -32602 by the session; on HTTP that is a
    // 400 too (the transport binding says so), while other -32602 answers (an unknown tool) stay 200.
    const bool bad_envelope = shape.parsed && !shape.request_ids.empty() && shape.params.is_object() &&
                              std::holds_alternative<EnvelopeError>(read_envelope(shape.params));
    exchange(req, res, shape, std::make_shared<HttpSession>(core, std::string()),
             bad_envelope ? Era::ModernBadEnvelope : Era::Modern, [](const Json*) {});
    return;
  }
  if (session_id.empty()) {
    if (!shape.initialize) {
      refuse(res, 400, "Bad Request: no Mcp-Session-Id header; a session starts with initialize", shape.id);
      return;
    }
    auto session = sessions.create();
    if (!session) {
      spdlog::warn("HTTP: refused a new session: {} are open (--http-max-sessions)", settings.max_sessions);
      res.set_header("Retry-After", "60");
      refuse(res, 503, "Service Unavailable: too many sessions (--http-max-sessions)", shape.id);
      return;
    }
    res.set_header(kSessionHeader, session->id);
    exchange(req, res, shape, session, Era::Legacy, [this, session](const Json* answer) {
      sessions.release(session);
      // A handshake that failed leaves no session behind.
      if (!answer || !answer->is_object() || !answer->contains("result")) sessions.end(session->id);
    });
    return;
  }
  if (!version.empty() && !is_legacy_version(version)) {
    refuse(res, 400, "Bad Request: unsupported MCP-Protocol-Version '" + sanitize_text(version) + "'", shape.id);
    return;
  }
  auto session = sessions.acquire(session_id);
  if (!session) {
    refuse(res, 404, "Not Found: no session with this Mcp-Session-Id (it ended or expired); initialize again",
           shape.id);
    return;
  }
  if (shape.initialize) {
    sessions.release(session);
    refuse(res, 400, "Bad Request: this session is initialized already", shape.id);
    return;
  }
  exchange(req, res, shape, session, Era::Legacy, [this, session](const Json*) { sessions.release(session); });
}

void HttpTransport::Impl::exchange(const httplib::Request& req, httplib::Response& res, const Shape& shape,
                                   std::shared_ptr<HttpSession> session, Era era,
                                   std::function<void(const Json* answer)> done) {
  auto out = std::make_shared<HttpExchange>();
  session->session.handle_frame(req.body, out);
  if (shape.request_ids.empty()) {
    // Notifications and responses: 202, unless the frame was refused as a whole (an error without id).
    const auto answer = out->final_answer();
    if (answer) {
      send_json(res, status_of(*answer, era), *answer);
    } else {
      res.status = 202;
    }
    done(answer ? &*answer : nullptr);
    return;
  }
  if (const auto answer = out->final_answer()) {
    send_json(res, status_of(*answer, era), *answer);
    done(&*answer);
    return;
  }
  // Still running (a tool call): stream it, or wait for it when the client takes JSON only.
  struct Stream {
    std::shared_ptr<HttpExchange> out;
    std::shared_ptr<HttpSession> session;
    std::vector<Json> request_ids;
    std::function<void(const Json*)> done;
    SteadyTime next_keepalive;
    std::optional<Json> answer;
  };
  auto stream = std::make_shared<Stream>(
      Stream{out, std::move(session), shape.request_ids, std::move(done), {}, std::nullopt});
  const bool sse = accepts(req, "text/event-stream");
  const Millis keepalive = settings.keepalive;
  stream->next_keepalive = std::chrono::steady_clock::now() + keepalive;
  const auto provider = [stream, sse, keepalive](std::size_t, httplib::DataSink& sink) {
    const auto now = std::chrono::steady_clock::now();
    auto batch = stream->out->take(std::min(now + kDisconnectPoll, stream->next_keepalive));
    for (auto& message : batch.messages) {
      if (HttpExchange::is_final(message)) stream->answer = message;
      if (!sse) continue;
      const std::string event = "event: message\ndata: " + dump_compact(message) + "\n\n";
      if (!sink.write(event.data(), event.size())) return false;
    }
    if (batch.final) {
      if (!sse && stream->answer) {
        const std::string body = dump_compact(*stream->answer);
        if (!sink.write(body.data(), body.size())) return false;
      }
      sink.done();
      return true;
    }
    if (!sink.is_writable()) return false;  // the client went away
    if (sse && std::chrono::steady_clock::now() >= stream->next_keepalive) {
      static const std::string kComment = ": keep-alive\n\n";
      if (!sink.write(kComment.data(), kComment.size())) return false;
      stream->next_keepalive = std::chrono::steady_clock::now() + keepalive;
    }
    return true;
  };
  const auto releaser = [stream](bool) {
    if (!stream->out->finished()) {
      // The client closed the stream: that cancels its requests, and frees their workers.
      spdlog::info("HTTP: a client closed its stream; cancelling {} request(s)", stream->request_ids.size());
      for (const auto& id : stream->request_ids) {
        const Json cancel = rpc::notification(
            "notifications/cancelled", {{"requestId", id}, {"reason", "the HTTP client closed its stream"}});
        stream->session->session.handle_frame(dump_compact(cancel), std::make_shared<DroppedOutput>());
      }
    }
    stream->out->close();
    stream->done(stream->answer ? &*stream->answer : nullptr);
    stream->session.reset();  // a stateless session ends here (its destructor waits for its cancelled calls)
  };
  res.status = 200;
  if (sse) {
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Accel-Buffering", "no");
    res.set_chunked_content_provider("text/event-stream", provider, releaser);
  } else {
    res.set_chunked_content_provider("application/json", provider, releaser);
  }
}

void HttpTransport::Impl::end_session(const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.get_header_value(kSessionHeader);
  if (id.empty()) {
    refuse(res, 400, "Bad Request: DELETE needs the Mcp-Session-Id header");
  } else if (!sessions.end(id)) {
    refuse(res, 404, "Not Found: no session with this Mcp-Session-Id");
  } else {
    res.status = 200;
  }
}

HttpTransport::HttpTransport(ServerCore& core, HttpTransportSettings settings)
    : impl_(std::make_unique<Impl>(core, std::move(settings))) {
  Impl& impl = *impl_;
  const std::size_t threads = impl.settings.threads;
  impl.server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  impl.server.set_payload_max_length(impl.settings.max_body_bytes);
  impl.server.Post(kEndpoint, [&impl](const httplib::Request& req, httplib::Response& res) { impl.post(req, res); });
  impl.server.Delete(kEndpoint,
                     [&impl](const httplib::Request& req, httplib::Response& res) { impl.end_session(req, res); });
  // Before httplib reads a body: Host, Origin and token first, so that nobody unauthenticated can make it read
  // one; and only bodies with a Content-Length, because httplib 0.11 applies its payload cap to those alone (a
  // chunked body, or one read until the connection closes, would grow without bound).
  impl.server.set_pre_routing_handler([&impl](const httplib::Request& req, httplib::Response& res) {
    if (!impl.admit(req, res)) return httplib::Server::HandlerResponse::Handled;
    if (req.method == "POST" && (req.has_header("Transfer-Encoding") || !req.has_header("Content-Length"))) {
      refuse(res, 411, "Length Required: send the body with a Content-Length (no chunked bodies)");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  impl.server.Get(kEndpoint, [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Allow", "POST, DELETE");
    refuse(res, 405, "Method Not Allowed: this server offers no GET stream; POST each message");
  });
  // Whatever a handler throws is an answer, never the end of the process.
  impl.server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
    std::string what = "unknown";
    try {
      if (error) std::rethrow_exception(error);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    spdlog::error("defect: an HTTP handler threw: {}", what);
    send_json(res, 500, rpc::error(nullptr, rpc::kInternalError, "Internal error"));
  });
  // Plain-text answers of httplib itself (413 for a body over the cap, 404 elsewhere) get a JSON-RPC body too.
  impl.server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string message = "HTTP " + std::to_string(res.status);
    if (res.status == 413) message = "Payload Too Large: the body exceeds --max-line-bytes";
    if (res.status == 404) message = "Not Found: the MCP endpoint is /mcp";
    res.set_content(dump_compact(rpc::error(nullptr, rpc::kInvalidRequest, message)), "application/json");
  });
}

HttpTransport::~HttpTransport() { stop(); }

int HttpTransport::bind() {
  const auto& address = impl_->settings.address;
  if (address.port == 0) {
    impl_->port = impl_->server.bind_to_any_port(address.host);
    if (impl_->port < 0) throw std::runtime_error("cannot listen on " + address.host + " (any port)");
  } else {
    if (!impl_->server.bind_to_port(address.host, address.port))
      throw std::runtime_error("cannot listen on " + address.host + ":" + std::to_string(address.port));
    impl_->port = address.port;
  }
  return impl_->port;
}

bool HttpTransport::serve() { return impl_->server.listen_after_bind(); }

void HttpTransport::stop() {
  if (impl_->server.is_running()) impl_->server.stop();
}

std::size_t HttpTransport::sessions() const { return impl_->sessions.size(); }

}  // namespace ca::server
