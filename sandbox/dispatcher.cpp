#include "sandbox/dispatcher.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <thread>

#include "sandbox/connection_socket.hpp"
#include "sandbox/garbage_body.hpp"
#include "sandbox/problem.hpp"
#include "sandbox/trickle.hpp"
#include "sandbox/utc_time.hpp"

namespace ca::sandbox {

struct Dispatcher::Route {
  const char* method;
  std::vector<std::string> pattern;  // segments after v2; "*" matches one segment
  Reply (*handler)(RequestContext&);
  bool is_public = false;   // no auth, not rate limited, no faults
  bool write = false;       // needs the write scope
  bool idempotent = false;  // a create: Idempotency-Key honoured (reference §9: POST /accounts, /videos, /creators)
};

struct Dispatcher::Outcome {
  Reply reply;
  std::string body;  // serialised reply.body ("" for 304)
  bool problem = false;
  bool dropped = false;
  bool trickle = false;
  std::optional<BodyFault> corruption;
  std::vector<std::pair<std::string, std::string>> headers;  // rate-limit and Retry-After, kept on errors too
  std::vector<std::string> faults;  // names of the faults applied, for the request log
};

namespace {

using Route = Dispatcher::Route;

const std::vector<Route>& routes() {
  static const std::vector<Route> table = {
      {"GET", {"health"}, get_health, true, false},
      {"GET", {"meta"}, get_meta, true, false},
      {"GET", {"whoami"}, get_whoami},
      {"GET", {"accounts"}, list_accounts},
      {"POST", {"accounts"}, create_account, false, true, true},
      {"POST", {"accounts", "metrics"}, account_metrics},
      {"GET", {"accounts", "*"}, get_account},
      {"GET", {"videos"}, list_videos},
      {"POST", {"videos"}, create_video, false, true, true},
      {"POST", {"videos", "metrics"}, video_metrics},
      {"POST", {"videos", "deltas"}, video_deltas},
      {"GET", {"videos", "*"}, get_video},
      {"GET", {"account-videos"}, list_account_videos},
      {"POST", {"account-videos", "metrics"}, account_video_metrics},
      {"GET", {"creators"}, list_creators},
      {"POST", {"creators"}, create_creator, false, true, true},
      {"GET", {"creators", "top"}, top_creators},
      {"GET", {"creators", "*"}, get_creator},
      {"PATCH", {"creators", "*"}, update_creator, false, true},
      {"GET", {"creators", "*", "analytics"}, creator_analytics},
      {"PUT", {"creators", "*", "accounts", "*"}, link_creator_account, false, true},
      {"GET", {"overview"}, get_overview},
      {"GET", {"search"}, get_search},
  };
  return table;
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto end = std::min(path.find('/', start), path.size());
    if (end > start) parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

const Route* match(const std::string& method, const std::vector<std::string>& parts) {
  const std::string m = method == "HEAD" ? "GET" : method;
  for (const auto& r : routes()) {
    if (m != r.method || r.pattern.size() != parts.size()) continue;
    bool ok = true;
    for (std::size_t i = 0; i < parts.size() && ok; ++i) ok = r.pattern[i] == "*" || r.pattern[i] == parts[i];
    if (ok) return &r;
  }
  return nullptr;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::string media_type(const std::string& value) { return lower_ascii(trim(value.substr(0, value.find(';')))); }

bool is_json_media(const std::string& type) {
  return type == "application/json" || (type.rfind("application/", 0) == 0 && type.size() > 5 &&
                                         type.compare(type.size() - 5, 5, "+json") == 0);
}

// An absent Accept takes anything; otherwise one listed range must admit JSON (ranges with q=0 are refusals).
bool accepts_json(const std::string& accept) {
  if (trim(accept).empty()) return true;
  std::size_t start = 0;
  while (start <= accept.size()) {
    const auto end = std::min(accept.find(',', start), accept.size());
    const std::string item = accept.substr(start, end - start);
    start = end + 1;
    const std::string params = lower_ascii(item.find(';') == std::string::npos ? "" : item.substr(item.find(';')));
    std::string compact;
    std::copy_if(params.begin(), params.end(), std::back_inserter(compact), [](char c) { return c != ' '; });
    if (compact.find(";q=0") != std::string::npos && compact.find(";q=0.") == std::string::npos) continue;
    if (compact.find(";q=0.0") != std::string::npos && compact.find_first_of("123456789") == std::string::npos) continue;
    const std::string type = media_type(item);
    if (type == "*/*" || type == "application/*" || type == "application/problem+json" || is_json_media(type))
      return true;
  }
  return false;
}

std::string etag_of(const std::string& body) {
  std::string tag(1, '"');  // built by appends: GCC 12 -O2 misreports "lit" + string (-Wstringop-overflow)
  tag.append(hex64(hash64(body))).push_back('"');
  return tag;
}

bool etag_matches(const std::string& if_none_match, const std::string& etag) {
  std::size_t start = 0;
  while (start <= if_none_match.size()) {
    const auto end = std::min(if_none_match.find(',', start), if_none_match.size());
    std::string tag = trim(if_none_match.substr(start, end - start));
    start = end + 1;
    if (tag.rfind("W/", 0) == 0) tag.erase(0, 2);  // If-None-Match compares weakly (RFC 9110 13.1.2)
    if (tag == "*" || tag == etag) return true;
  }
  return false;
}

Params query_params(const httplib::Request& req) { return Params(req.params.begin(), req.params.end()); }

void add_retry_after(std::vector<std::pair<std::string, std::string>>& headers, RetryAfterMode mode,
                     std::int64_t seconds, WallTime now) {
  if (mode == RetryAfterMode::Seconds) headers.emplace_back("Retry-After", std::to_string(seconds));
  if (mode == RetryAfterMode::HttpDate)
    headers.emplace_back("Retry-After", format_http_date(now + std::chrono::seconds(seconds)));
}

}  // namespace

Dispatcher::Dispatcher(SandboxOptions options_)
    : options(std::move(options_)),
      store(options, options.clock->wall_now()),
      limiter(options.rate_limit, options.rate_window_seconds),
      faults(options.seed),
      log(options.request_log_path),
      account_quota_(options.account_quota) {
  if (options.keys.empty()) options.keys = default_keys();
}

void Dispatcher::set_account_quota(std::optional<int> quota) {
  std::lock_guard lock(quota_mutex_);
  account_quota_ = quota;
}

const ApiKey* Dispatcher::find_key(const httplib::Request& req) const {
  const std::string header = trim(req.get_header_value("Authorization"));
  if (header.size() < 7 || lower_ascii(header.substr(0, 7)) != "bearer ") return nullptr;
  const std::string token = trim(header.substr(7));
  const auto it = std::find_if(options.keys.begin(), options.keys.end(), [&](const ApiKey& k) { return k.token == token; });
  return it == options.keys.end() ? nullptr : &*it;
}

void Dispatcher::serve(const httplib::Request& req, httplib::Response& res) {
  const int arrived_with = ++in_flight_;
  struct Leave {
    std::atomic<int>& n;
    ~Leave() { --n; }
  } leave{in_flight_};

  RequestLogEntry entry;
  entry.method = req.method;
  entry.path = req.path;
  const auto q = req.target.find('?');
  entry.query = q == std::string::npos ? "" : req.target.substr(q + 1);
  entry.auth_present = req.has_header("Authorization");
  entry.idempotency_key = req.get_header_value("Idempotency-Key");
  entry.if_none_match = req.get_header_value("If-None-Match");
  entry.request_id = random_uuid();
  entry.in_flight = arrived_with;

  Outcome out = process(req, entry.request_id);
  const int fd = out.dropped || out.trickle ? connection_fd(req) : -1;
  if (out.dropped && fd < 0) {  // not expected: say so rather than send an empty answer
    const Problem p(500, "INTERNAL_ERROR", "The sandbox could not drop this connection.");
    out = Outcome{Reply(500, p.to_json(req.path, entry.request_id)), {}, true, false, false, std::nullopt, out.headers, {}};
    out.body = dump_compact(out.reply.body);
  }
  if (out.trickle && fd < 0) {  // not expected either: the response goes out normally
    out.trickle = false;
    out.faults.pop_back();
  }
  entry.status = out.dropped ? 0 : out.reply.status;
  for (const auto& name : out.faults) entry.fault.append(entry.fault.empty() ? "" : ",").append(name);
  log.append(entry);  // before any byte or EOF goes out, so a client that has its answer finds the entry
  if (options.on_request) options.on_request(entry);
  if (out.dropped || out.trickle) {
    if (out.trickle)
      write_trickled(fd, raw_head(out, entry.request_id), req.method == "HEAD" ? "" : out.body,
                     faults.trickle_options(), [this](ca::Millis pause) { return pause_unless_stopping(pause); });
    ::shutdown(fd, SHUT_RDWR);
    res.status = 503;  // never reaches the wire: the socket is already shut
    return;
  }
  res.set_header("X-Request-ID", entry.request_id);
  res.set_header("Date", format_http_date(options.clock->wall_now()));
  write(out, res);
}

Dispatcher::Outcome Dispatcher::process(const httplib::Request& req, const std::string& request_id) {
  Outcome out;
  const WallTime now = options.clock->wall_now();
  const ApiKey* key = nullptr;
  std::optional<MixFault> mixed;  // the random mix's pick for this request, if any
  try {
    const auto parts = split_path(req.path);
    if (parts.empty() || parts.front() != "v2") throw Problem(404, "NOT_FOUND", "No such route: " + req.path);
    const Route* route = match(req.method, {parts.begin() + 1, parts.end()});
    if (!route || !route->is_public) {
      key = find_key(req);
      if (!key) throw Problem(401, "UNAUTHORIZED", "Missing or invalid API key.");
      const RateDecision rate = limiter.consume(key->token, now);
      out.headers.emplace_back("X-RateLimit-Limit", std::to_string(rate.limit));
      out.headers.emplace_back("X-RateLimit-Remaining", std::to_string(rate.remaining));
      out.headers.emplace_back("X-RateLimit-Reset", std::to_string(rate.reset_epoch));
      if (!rate.allowed) {
        add_retry_after(out.headers, faults.retry_after_mode(), rate.retry_after, now);
        throw Problem(429, "RATE_LIMITED", "Rate limit exceeded.");
      }
      if (key->disabled) throw Problem(403, "FORBIDDEN", "This API key is disabled.");

      mixed = faults.roll_mix(req.path);
      ca::Millis latency = faults.latency();
      if (mixed == MixFault::Latency) latency += faults.fault_mix().latency;
      if (latency.count() > 0) {
        out.faults.emplace_back("latency");
        std::this_thread::sleep_for(latency);
      }
      if (const int status = faults.next_scripted_status(req.path); status >= 400) {
        out.faults.emplace_back("scripted");
        if (status == 429 || status == 503) add_retry_after(out.headers, faults.retry_after_mode(), 1, now);
        throw Problem(status, default_code(status), "Scripted fault.");
      }
      if (faults.roll_failure() || mixed == MixFault::ServiceUnavailable) {
        out.faults.emplace_back("503");
        add_retry_after(out.headers, faults.retry_after_mode(), 1, now);
        throw Problem(503, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable; retry.");
      }
      if (faults.take_drop(DropMode::BeforeResponse, req.path) || mixed == MixFault::DropBeforeResponse) {
        out.faults.emplace_back("drop-before");
        out.dropped = true;
        return out;
      }
      if (!route) throw Problem(404, "NOT_FOUND", "No such route: " + req.method + " " + req.path);
      if (route->write && !key->can_write)
        throw Problem(403, "INSUFFICIENT_SCOPE", "This API key lacks the write scope.");
    }
    // Checked after authentication and rate accounting: an authenticated 406 counts against the window and
    // carries the rate-limit headers, like every other authenticated response (S8).
    if (!accepts_json(req.get_header_value("Accept")))
      throw Problem(406, "NOT_ACCEPTABLE", "This API produces only application/json.");
    const auto drop_after_commit = [&] {
      if (!key || !(faults.take_drop(DropMode::AfterCommit, req.path) || mixed == MixFault::DropAfterCommit))
        return false;
      out.faults.emplace_back("drop-after");
      return out.dropped = true;
    };
    try {
      out.reply = route->idempotent && req.has_header("Idempotency-Key") ? run_idempotent(*route, req, *key)
                                                                          : run(*route, req, key);
    } catch (const Problem&) {
      if (drop_after_commit()) return out;
      throw;
    }
    if (drop_after_commit()) return out;
    out.body = out.reply.raw_body.empty() ? dump_compact(out.reply.body) : std::move(out.reply.raw_body);
    if (out.reply.status == 200 && (req.method == "GET" || req.method == "HEAD")) {
      const std::string etag = etag_of(out.body);
      out.reply.headers.emplace_back("ETag", etag);
      if (etag_matches(req.get_header_value("If-None-Match"), etag)) {
        out.reply.status = 304;
        out.body.clear();
      }
    }
    if (key && out.reply.status / 100 == 2 && req.method != "HEAD") apply_body_faults(out, req.path, mixed);
  } catch (const Problem& p) {
    out.reply = Reply{p.status, p.to_json(req.path, request_id), {}};
    out.body = dump_compact(out.reply.body);
    out.problem = true;
  } catch (const std::exception& e) {
    const Problem p(500, "INTERNAL_ERROR", std::string("Unexpected error: ") + e.what());
    out.reply = Reply{500, p.to_json(req.path, request_id), {}};
    out.body = dump_compact(out.reply.body);
    out.problem = true;
  }
  if (key && !out.corruption && (faults.take_trickle(req.path) || mixed == MixFault::Trickle)) {
    out.trickle = true;
    out.faults.push_back("trickle:" + fault_name(faults.trickle_options().part));
  }
  return out;
}

// Corruption (transport-level damage) first; otherwise maybe a garbage body, with an ETag that matches it, as a
// real server's would.
void Dispatcher::apply_body_faults(Outcome& out, const std::string& path, std::optional<MixFault> mixed) {
  out.corruption = faults.take_corruption(path);
  if (out.corruption) {
    out.faults.push_back("corrupt:" + fault_name(*out.corruption));
    return;
  }
  const auto garbage = faults.take_garbage(path, mixed == MixFault::GarbageBody);
  if (!garbage) return;
  out.body = garbage_body(*garbage, out.body);
  out.faults.push_back("garbage:" + fault_name(*garbage));
  for (auto& [name, value] : out.reply.headers)
    if (name == "ETag") value = etag_of(out.body);
}

bool Dispatcher::pause_unless_stopping(ca::Millis pause) {
  std::unique_lock lock(stop_mutex_);
  return !stop_cv_.wait_for(lock, pause, [this] { return stopping_; });
}

void Dispatcher::stop() {
  {
    std::lock_guard lock(stop_mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
}

Reply Dispatcher::run(const Route& route, const httplib::Request& req, const ApiKey* key) {
  ca::Json body;
  if (req.method == "POST" || req.method == "PATCH") {  // PUT (a link) takes no body; any it has is ignored
    if (!is_json_media(media_type(req.get_header_value("Content-Type"))))
      throw Problem(415, "UNSUPPORTED_MEDIA_TYPE", "Request bodies must be application/json.");
    body = ca::Json::parse(req.body, nullptr, false);
    if (body.is_discarded()) throw Problem(400, "BAD_REQUEST", "The request body is not valid JSON.");
  }
  const Params params = query_params(req);
  const auto parts = split_path(req.path);
  const std::vector<std::string> tail(parts.begin() + 1, parts.end());
  std::optional<int> quota;
  {
    std::lock_guard lock(quota_mutex_);
    quota = account_quota_;
  }
  const WallTime now = options.clock->wall_now();
  RequestContext ctx{params, body, req.path, tail, key, now, day_of(now), origin_, store, quota};
  return route.handler(ctx);
}

Reply Dispatcher::run_idempotent(const Route& route, const httplib::Request& req, const ApiKey& key) {
  const std::string idem_key = req.get_header_value("Idempotency-Key");
  if (idem_key.empty() || idem_key.size() > kMaxIdempotencyKeyLength)
    throw Problem::validation("Idempotency-Key", "must be 1-255 characters");
  const std::string scope = key.token + "\n" + idem_key;
  const std::string fp = IdempotencyStore::fingerprint(req.method, req.path, req.body);
  const auto guard = idempotency.lock();
  const WallTime now = options.clock->wall_now();
  auto [lookup, stored] = idempotency.find(scope, fp, now);
  if (lookup == IdempotencyStore::Lookup::Conflict)
    throw Problem::validation("Idempotency-Key", "was already used with a different request");
  if (lookup == IdempotencyStore::Lookup::Replay) {
    stored->headers.emplace_back("Idempotent-Replayed", "true");
    return *stored;
  }
  Reply reply = run(route, req, &key);
  idempotency.remember(scope, fp, reply, now);  // only successes are remembered: a failed create may be retried
  return reply;
}

std::string Dispatcher::content_type(const Outcome& out) {
  return out.problem ? "application/problem+json" : "application/json";
}

// The response as write() would have httplib send it, but closing the connection: a trickle owns the socket.
std::string Dispatcher::raw_head(const Outcome& out, const std::string& request_id) const {
  std::string head;
  const auto add = [&](const std::string& name, const std::string& value) {
    head.append(name).append(": ").append(value).append("\r\n");
  };
  head.append("HTTP/1.1 ").append(std::to_string(out.reply.status)).append(" ");
  head.append(status_title(out.reply.status)).append("\r\n");
  add("X-Request-ID", request_id);
  add("Date", format_http_date(options.clock->wall_now()));
  for (const auto& [name, value] : out.headers) add(name, value);
  for (const auto& [name, value] : out.reply.headers) add(name, value);
  if (out.reply.status != 304) {
    add("Content-Type", content_type(out));
    add("Content-Length", std::to_string(out.body.size()));
  }
  add("Connection", "close");
  return head.append("\r\n");
}

void Dispatcher::write(const Outcome& out, httplib::Response& res) const {
  res.status = out.reply.status;
  for (const auto& [name, value] : out.headers) res.set_header(name, value);
  for (const auto& [name, value] : out.reply.headers) res.set_header(name, value);
  if (out.reply.status == 304) return;
  const std::string type = content_type(out);
  if (!out.corruption) {
    res.set_content(out.body, type);
    return;
  }
  switch (*out.corruption) {
    case BodyFault::InvalidJson:  // complete HTTP, honest Content-Length, but the JSON stops halfway
      res.set_content(out.body.substr(0, out.body.size() / 2) + "<<not json", type);
      return;
    case BodyFault::Truncated: {  // Content-Length promises the whole body; half arrives, then the connection ends
      const std::string body = out.body;
      res.set_content_provider(body.size(), type, [body](std::size_t offset, std::size_t, httplib::DataSink& sink) {
        if (offset >= body.size() / 2) return false;
        sink.write(body.data(), body.size() / 2);
        return true;
      });
      return;
    }
    case BodyFault::Oversized: {  // valid JSON: the real body plus a 40 MiB padding member, streamed
      const std::string head = out.body.substr(0, out.body.size() - 1) + ",\"padding\":\"";
      const std::string tail = "\"}";
      const std::size_t total = head.size() + kOversizedBodyBytes + tail.size();
      res.set_content_provider(total, type, [head, tail, total](std::size_t offset, std::size_t, httplib::DataSink& sink) {
        static const std::string pad(64 * 1024, 'x');
        if (offset == 0) return sink.write(head.data(), head.size()), true;
        if (offset + tail.size() == total) return sink.write(tail.data(), tail.size()), true;
        const std::size_t n = std::min(pad.size(), total - tail.size() - offset);
        sink.write(pad.data(), n);
        return true;
      });
      return;
    }
  }
}

void Dispatcher::fill_error(const httplib::Request& req, httplib::Response& res) {
  if (!res.body.empty() || res.status == 503) return;  // ours, or a dropped connection that never reaches the wire
  const std::string request_id = random_uuid();
  const Problem p(res.status, default_code(res.status), status_title(res.status) + ".");
  res.set_header("X-Request-ID", request_id);
  res.set_header("Date", format_http_date(options.clock->wall_now()));
  res.set_content(dump_compact(p.to_json(req.path, request_id)), "application/problem+json");
}

}  // namespace ca::sandbox
