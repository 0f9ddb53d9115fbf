// The transport loop: pacing against the shared rate budget, one attempt on a pooled connection, then either a
// result, a final error, or a bounded wait (Retry-After, reset, jittered back-off) and another attempt.
#include <spdlog/spdlog.h>

#include <charconv>
#include <limits>

#include "client/client_impl.hpp"
#include "client/problem.hpp"
#include "client/redaction.hpp"
#include "client/retry_after.hpp"
#include "client/url_encoding.hpp"
#include "common/version.hpp"

namespace ca::api {
namespace {

// A header holding one integer. Duplicated fields (or a proxy's "5, 5") count only when they all agree: two
// different Remaining values leave the budget unknown rather than pick one.
template <class Int>
std::optional<Int> int_header(const AttemptResult& attempt, const char* name) {
  std::optional<Int> out;
  for (std::string_view text : attempt.headers.elements(name)) {
    Int value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || (out && *out != value)) return std::nullopt;
    out = value;
  }
  return out;
}

int ceil_seconds(Millis d) {
  return static_cast<int>(std::min<long long>((d.count() + 999) / 1000, std::numeric_limits<int>::max()));
}

long long wall_millis(WallTime t) { return std::chrono::duration_cast<Millis>(t.time_since_epoch()).count(); }

// How far the server's waits are believed: X-RateLimit-Reset (epoch seconds) and Retry-After beyond
// max_rate_limit_wait are treated as absent (one response must not stop every call until a restart), and the
// note says so in the error.
struct ServerWaitLimit {
  WallTime now;
  Millis cap;
  std::string note;

  std::optional<std::int64_t> reset(const AttemptResult& attempt) {
    auto reset = int_header<std::int64_t>(attempt, "X-RateLimit-Reset");
    if (!reset || *reset < 0) return std::nullopt;
    // Compared in seconds first: an absurd value (beyond year 5000) would overflow the millisecond arithmetic.
    const long long now_seconds = wall_millis(now) / 1000;
    if (*reset - now_seconds > cap.count() / 1000 + 1) {
      note = "X-RateLimit-Reset " + std::to_string(*reset - now_seconds) + " s away exceeds max_rate_limit_wait (" +
             std::to_string(cap.count() / 1000) + " s) and was ignored";
      return std::nullopt;
    }
    return reset;
  }

  std::optional<Millis> retry_after(const AttemptResult& attempt) {
    const std::string value = attempt.header("Retry-After");
    if (value.empty()) return std::nullopt;
    auto wait = parse_retry_after(value, now);
    if (wait && *wait > cap) {
      note = "Retry-After of " + std::to_string(ceil_seconds(*wait)) + " s exceeds max_rate_limit_wait (" +
             std::to_string(cap.count() / 1000) + " s) and was ignored";
      return std::nullopt;
    }
    return wait;
  }
};

bool transient(ErrorKind kind) {
  return kind == ErrorKind::Timeout || kind == ErrorKind::ConnectionFailed || kind == ErrorKind::TruncatedBody ||
         kind == ErrorKind::MalformedResponse;
}

bool transient_status(int status) { return status == 502 || status == 503 || status == 504; }

BaseUrl parsed_or_placeholder(const std::string& base_url) {
  // The transport needs some origin even for a config that validate() rejects; no request is ever sent then.
  if (auto url = parse_base_url(base_url)) return *url;
  return BaseUrl{"https", "invalid", 443, ""};
}

HttpHeaders base_headers(const ClientConfig& config) {
  HttpHeaders headers;
  headers.add("Authorization", "Bearer " + config.api_key);
  headers.add("User-Agent", std::string("creatoraudit-mcp/") + ca::kVersion);
  headers.add("Accept", "application/json");
  if (config.advertises_gzip()) headers.add("Accept-Encoding", "gzip");
  return headers;
}

}  // namespace

ApiError local_error(ErrorKind kind, std::string detail) {
  ApiError e;
  e.kind = kind;
  e.detail = std::move(detail);
  return e;
}

Client::Impl::Impl(ClientConfig cfg, std::shared_ptr<Transport> custom_transport)
    : config(std::move(cfg)),
      config_error(config.validate()),
      url(parsed_or_placeholder(config.base_url)),
      slots(config.requests_in_flight()),
      transport(custom_transport ? std::move(custom_transport) : make_socket_transport(url, config)),
      cache(config.etag_cache_bytes),
      limiter(RateLimiter::for_key(config.api_key, url.origin(), config.pacing_reserve, config.effective_rate_store())),
      base_headers_(base_headers(config)),
      rng_(std::random_device{}()) {}

Millis Client::Impl::backoff(int retry_number) {
  // Exponential with "equal jitter": half the step is fixed, half random, so concurrent clients spread out
  // while each still backs off by a predictable minimum.
  long long step = config.backoff_initial.count();
  for (int i = 1; i < retry_number && step < config.backoff_max.count(); ++i) step *= 2;
  step = std::min(step, static_cast<long long>(config.backoff_max.count()));
  std::lock_guard lock(rng_mutex_);
  std::uniform_int_distribution<long long> jitter(0, step / 2);
  return Millis(step - step / 2 + jitter(rng_));
}

ApiError Client::Impl::fail(const ApiRequest& request, ApiError error) const {
  for (std::string* text : {&error.code, &error.title, &error.detail, &error.instance, &error.request_id})
    *text = redact(std::move(*text), config.api_key);
  for (auto& f : error.errors) f.message = redact(std::move(f.message), config.api_key);
  // 404, 409 and 422 are answers about the request (the caller turns them into a result for the model, e.g. a
  // duplicate add_account is "already_tracked"): logged at info so they are not mirrored to the MCP client as
  // warnings. Everything else (auth, rate limits, 5xx, transport) is a warning.
  const bool answer_about_request = error.status == 404 || error.status == 409 || error.status == 422;
  spdlog::log(answer_about_request ? spdlog::level::info : spdlog::level::warn, "{}",
              redact(request.method + " " + request.path + ": " + error.message(), config.api_key));
  return error;
}

Result<ApiResponse> Client::Impl::execute(const ApiRequest& request, const CallOptions& options,
                                          const ItemFields& item_fields) {
  if (config_error) return fail(request, *config_error);
  auto result = execute_once_or_retry(request, options, item_fields);
  if (!result.ok()) return fail(request, result.error());
  return result;
}

Json Client::Impl::revalidated_body(const std::string& target, const EtagCache::Entry& cached,
                                    const ItemFields& item_fields) {
  if (cached.parsed_for_fields(item_fields)) return *cached.parsed;
  Json body = parse_upstream_body(*cached.body, item_fields);
  if (!body.is_discarded()) cache.keep_parsed(target, cached.body, item_fields, body);
  return body;
}

Result<ApiResponse> Client::Impl::execute_once_or_retry(const ApiRequest& request, const CallOptions& options,
                                                        const ItemFields& item_fields) {
  Clock& clock = *config.clock;
  const std::string target = url.path_prefix + request.path + encode_query(request.query);
  const bool conditional = request.method == "GET" && cache.budget() > 0;

  auto time_left = [&] { return std::chrono::duration_cast<Millis>(options.deadline - clock.now()); };
  auto stopped = [&](int attempts) -> std::optional<ApiError> {
    std::optional<ApiError> e;
    if (options.cancel.cancelled()) e = local_error(ErrorKind::Cancelled, "cancelled by the caller");
    else if (time_left().count() <= 0) e = local_error(ErrorKind::DeadlineExceeded, "the call's deadline passed");
    if (e) e->attempts = attempts;
    return e;
  };
  // A wait that does not fit before the deadline fails now, telling the caller how long it would have been.
  auto too_long = [&](ApiError e, Millis wait, const std::string& why) {
    e.kind = ErrorKind::RetryAfterTooLong;
    e.retry_after_seconds = ceil_seconds(wait);
    e.detail = why + " (" + std::to_string(ceil_seconds(wait)) + " s, but only " +
               std::to_string(std::max<long long>(0, time_left().count() / 1000)) + " s left before the deadline)";
    return e;
  };

  for (int attempt = 1;; ++attempt) {
    if (auto e = stopped(attempt - 1)) return *e;
    auto slot = slots.acquire(options.cancel, options.deadline, clock);
    if (!slot) return *stopped(attempt - 1);
    // The rate slot is taken with the request slot in hand, right before sending, so the window cannot move between.
    for (Millis pace = limiter->try_acquire(clock.now(), clock.wall_now()); pace.count() > 0;
         pace = limiter->try_acquire(clock.now(), clock.wall_now())) {
      if (pace >= time_left()) {
        ApiError e;
        e.attempts = attempt - 1;
        return too_long(e, pace, "the rate budget for this key is spent until the window resets");
      }
      if (!clock.sleep_for(pace, options.cancel)) return *stopped(attempt - 1);
    }

    std::optional<EtagCache::Entry> cached = conditional ? cache.lookup(target) : std::nullopt;
    AttemptRequest send{request.method, target, base_headers_, request.body, request.safe_to_repeat()};
    if (request.method != "GET") send.headers.add("Content-Type", "application/json");
    if (!request.idempotency_key.empty()) send.headers.add("Idempotency-Key", request.idempotency_key);
    if (cached) send.headers.add("If-None-Match", cached->etag);
    // The attempt never outlives the call: its total is the smaller of attempt_timeout and the time left.
    const Millis left = time_left();
    const AttemptLimits limits{std::min(config.connect_timeout, left), std::min(config.read_timeout, left),
                               std::min(config.attempt_timeout, left), config.max_response_bytes};
    AttemptResult got = transport->send(send, limits, options.cancel);
    slot.reset();
    ServerWaitLimit server_wait{clock.wall_now(), config.max_rate_limit_wait, {}};
    if (got.headers_arrived) {
      limiter->update(int_header<long>(got, "X-RateLimit-Limit"), int_header<long>(got, "X-RateLimit-Remaining"),
                      server_wait.reset(got));
    }
    limiter->finished();
    const std::string request_id = got.header("X-Request-ID");

    ApiError error;
    std::optional<Millis> wait;  // set when another attempt may follow
    std::string wait_reason = "the back-off before the next attempt is longer than the time left";
    if (got.failure) {
      error = local_error(*got.failure, got.failure_detail);
      error.status = got.headers_arrived ? got.status : 0;
      error.request_id = request_id;
      error.attempts = attempt;
      if (*got.failure == ErrorKind::Cancelled) return error;
      if (*got.failure == ErrorKind::Timeout && time_left().count() <= 0) {
        // The attempt was cut at the call's deadline: say that, not "timed out" (no timeout setting was reached).
        error.kind = ErrorKind::DeadlineExceeded;
        error.detail = "the call's deadline passed during attempt " + std::to_string(attempt) + " (" +
                       got.failure_detail + ")";
        return error;
      }
      if (transient(*got.failure) && request.safe_to_repeat()) wait = backoff(attempt);
    } else if (got.status == 304 && cached) {
      return ApiResponse{304, revalidated_body(target, *cached, item_fields), request_id, attempt};
    } else if (got.status >= 200 && got.status < 300) {
      Json body = got.body.empty() ? Json() : parse_upstream_body(got.body, item_fields);
      if (body.is_discarded() || (got.body.empty() && got.status != 204)) {
        error = local_error(ErrorKind::InvalidJson, "a " + std::to_string(got.status) +
                                                        " response whose body is not JSON (" +
                                                        std::to_string(got.body.size()) + " bytes)");
        error.status = got.status;
        error.request_id = request_id;
        error.attempts = attempt;
        return error;
      }
      if (conditional && got.status == 200) {
        if (std::string etag = got.header("ETag"); !etag.empty()) cache.store(target, etag, std::move(got.body));
      }
      return ApiResponse{got.status, std::move(body), request_id, attempt};
    } else {
      error = problem_from_response(got.status, got.body, request_id);
      std::optional<Millis> hint = server_wait.retry_after(got);
      // The key's budget is spent for every caller (other processes too, through the rate store), not just this one.
      if (got.status == 429 && hint) limiter->retry_after(server_wait.now + *hint);
      if (got.status == 429 && !hint) {
        if (auto reset = server_wait.reset(got))
          hint = Millis(std::max<long long>(0, window_end_ms(*reset) - wall_millis(server_wait.now)));
      }
      if (hint) {
        error.retry_after_seconds = ceil_seconds(*hint);
        wait_reason = "the API asked to wait before retrying";
      }
      if ((got.status == 429 || transient_status(got.status)) && request.safe_to_repeat()) {
        wait = hint ? *hint : backoff(attempt);
        if (!hint && !server_wait.note.empty()) server_wait.note += "; the client backed off instead";
      }
    }
    error.attempts = attempt;
    error.client_note = server_wait.note;
    if (!wait || attempt >= config.max_attempts) return error;
    if (*wait >= time_left()) return too_long(error, *wait, wait_reason);
    spdlog::info("CreatorAudit {} {}: attempt {} failed ({}), retrying in {} ms (request_id={})", request.method,
                 request.path, attempt, error.status ? std::to_string(error.status) : to_string(error.kind),
                 wait->count(), request_id.empty() ? "none" : request_id);
    if (wait->count() > 0 && !clock.sleep_for(*wait, options.cancel)) return *stopped(attempt);
  }
}

}  // namespace ca::api
