#include "client/config.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <limits>

#include "client/base_url.hpp"
#include "client/redaction.hpp"

namespace ca::api {
namespace {

ApiError config_error(std::string detail) {
  ApiError e;
  e.kind = ErrorKind::Configuration;
  e.title = "Invalid CreatorAudit client configuration";
  e.detail = std::move(detail);
  return e;
}

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return (v && *v) ? v : nullptr;
}

// Parses a whole decimal integer in [min, max]; anything else (sign junk, overflow, trailing text) is an error.
template <class Int>
std::optional<ApiError> read_int_env(const char* name, Int min, Int max, Int& out) {
  const char* text = env(name);
  if (!text) return std::nullopt;
  std::string s(text);
  long long value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size() || value < static_cast<long long>(min) ||
      static_cast<unsigned long long>(value) > static_cast<unsigned long long>(max)) {
    return config_error(std::string(name) + " must be an integer in [" + std::to_string(min) + ", " +
                        std::to_string(max) + "], got \"" + s + "\"");
  }
  out = static_cast<Int>(value);
  return std::nullopt;
}

std::optional<ApiError> read_millis_env(const char* name, Millis& out) {
  long long ms = out.count();
  if (auto e = read_int_env<long long>(name, 1, 24LL * 3600 * 1000, ms)) return e;
  out = Millis(ms);
  return std::nullopt;
}

std::optional<ApiError> read_key_file(const char* path, std::string& key) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return config_error(std::string("CREATORAUDIT_API_KEY_FILE names an unreadable file: ") + path);
  // One byte more than the cap tells "too large" from "exactly the cap" without reading the rest (of /dev/zero).
  std::string content(kMaxKeyFileBytes + 1, '\0');
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<std::size_t>(in.gcount()));
  if (content.size() > kMaxKeyFileBytes) {
    return config_error(std::string("CREATORAUDIT_API_KEY_FILE ") + path + " is larger than " +
                        std::to_string(kMaxKeyFileBytes) + " bytes; it must hold only the key");
  }
  key = std::move(content);
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  return std::nullopt;
}

// The key goes into an HTTP header: a CR or LF would end that header and start another of the key's choosing.
std::optional<ApiError> check_key_characters(const std::string& key) {
  for (std::size_t i = 0; i < key.size(); ++i) {
    const auto c = static_cast<unsigned char>(key[i]);
    if (c < 0x20 || c == 0x7f) {
      return config_error("the API key contains a control character (byte " + std::to_string(i + 1) + " of " +
                          std::to_string(key.size()) +
                          "); check CREATORAUDIT_API_KEY or the key file: it must hold the key alone, on one line");
    }
  }
  return std::nullopt;
}

// The checks shared by from_env() and validate(): everything except the presence of a key.
std::optional<ApiError> check_settings(const ClientConfig& c) {
  auto url = parse_base_url(c.base_url);
  if (!url) {
    return config_error("CREATORAUDIT_BASE_URL is not a valid http(s) URL (scheme://host[:port][/path], no user, "
                        "query or fragment): \"" + redact_url(c.base_url) + "\"");
  }
  if (!url->https() && !is_loopback_host(url->host)) {
    return config_error("refusing plain http:// to non-loopback host \"" + url->host +
                        "\": the API key would cross the network in clear text; use https://");
  }
  if (c.connect_timeout.count() <= 0 || c.read_timeout.count() <= 0 || c.attempt_timeout.count() <= 0)
    return config_error("connect, read and attempt timeouts must be positive");
  if (c.keep_alive_idle.count() <= 0) return config_error("keep_alive_idle must be positive");
  if (c.max_rate_limit_wait.count() <= 0) return config_error("max_rate_limit_wait must be positive");
  if (auto e = check_key_characters(c.api_key)) return e;
  if (c.max_attempts < 1) return config_error("max_attempts must be at least 1");
  if (c.backoff_initial.count() <= 0 || c.backoff_max < c.backoff_initial)
    return config_error("backoff_initial must be positive and not above backoff_max");
  if (c.pacing_reserve < 0) return config_error("pacing_reserve must not be negative");
  if (c.max_response_bytes == 0) return config_error("max_response_bytes must be positive");
  if (c.max_pages < 1) return config_error("max_pages must be at least 1");
  if (c.connection_pool_size < 1) return config_error("connection_pool_size must be at least 1");
  if (c.max_parallel_requests < 1 || c.max_parallel_requests > kMaxParallelRequestsLimit)
    return config_error("max_parallel_requests must be in [1, " + std::to_string(kMaxParallelRequestsLimit) + "]");
  if (c.poll_initial_interval.count() <= 0 || c.poll_max_interval < c.poll_initial_interval)
    return config_error("poll_initial_interval must be positive and not above poll_max_interval");
  if (c.clock == nullptr) return config_error("clock must not be null");
  if (!valid_rate_store_spec(c.rate_store.spec))
    return config_error("rate_store must be local, host or redis://HOST:PORT[/DB], got \"" +
                        redact_url(c.rate_store.spec) + "\"");
  if (c.rate_store.timeout.count() <= 0 || c.rate_store.retry_interval.count() <= 0)
    return config_error("rate_store timeout and retry interval must be positive");
  return std::nullopt;
}

}  // namespace

const char* to_string(GzipPolicy policy) {
  switch (policy) {
    case GzipPolicy::Auto: return "auto";
    case GzipPolicy::Always: return "always";
    case GzipPolicy::Never: return "never";
  }
  return "auto";
}

std::optional<GzipPolicy> parse_gzip_policy(const std::string& text) {
  for (GzipPolicy p : {GzipPolicy::Auto, GzipPolicy::Always, GzipPolicy::Never})
    if (text == to_string(p)) return p;
  return std::nullopt;
}

RateStoreSettings ClientConfig::effective_rate_store() const {
  return clock == &system_clock() ? rate_store : RateStoreSettings::local();
}

bool ClientConfig::advertises_gzip() const {
  if (accept_gzip != GzipPolicy::Auto) return accept_gzip == GzipPolicy::Always;
  auto url = parse_base_url(base_url);
  return url && !is_loopback_host(url->host);
}

std::size_t ClientConfig::requests_in_flight() const {
  return static_cast<std::size_t>(std::max({1, connection_pool_size, max_parallel_requests}));
}

Result<ClientConfig> ClientConfig::from_env() {
  ClientConfig c;
  if (const char* v = env("CREATORAUDIT_BASE_URL")) c.base_url = v;
  if (const char* v = env("CREATORAUDIT_API_KEY")) {
    c.api_key = v;
    c.api_key_source = "CREATORAUDIT_API_KEY";
  } else if (const char* path = env("CREATORAUDIT_API_KEY_FILE")) {
    if (auto e = read_key_file(path, c.api_key)) return *e;
    c.api_key_source = std::string("CREATORAUDIT_API_KEY_FILE (") + path + ")";
  }
  constexpr int kIntMax = std::numeric_limits<int>::max();
  constexpr std::size_t kSizeMax = std::size_t{1} << 40;
  std::optional<ApiError> e;
  if ((e = read_millis_env("CREATORAUDIT_CONNECT_TIMEOUT_MS", c.connect_timeout)) ||
      (e = read_millis_env("CREATORAUDIT_READ_TIMEOUT_MS", c.read_timeout)) ||
      (e = read_int_env("CREATORAUDIT_MAX_ATTEMPTS", 1, 100, c.max_attempts)) ||
      (e = read_millis_env("CREATORAUDIT_BACKOFF_INITIAL_MS", c.backoff_initial)) ||
      (e = read_millis_env("CREATORAUDIT_BACKOFF_MAX_MS", c.backoff_max)) ||
      (e = read_int_env("CREATORAUDIT_PACING_RESERVE", 0, kIntMax, c.pacing_reserve)) ||
      (e = read_int_env<std::size_t>("CREATORAUDIT_ETAG_CACHE_BYTES", 0, kSizeMax, c.etag_cache_bytes)) ||
      (e = read_int_env<std::size_t>("CREATORAUDIT_MAX_RESPONSE_BYTES", 1, kSizeMax, c.max_response_bytes)) ||
      (e = read_int_env("CREATORAUDIT_MAX_PAGES", 1, 10'000, c.max_pages)) ||
      (e = read_int_env("CREATORAUDIT_CONNECTION_POOL", 1, 256, c.connection_pool_size)) ||
      (e = read_millis_env("CREATORAUDIT_POLL_INTERVAL_MS", c.poll_initial_interval)) ||
      (e = read_millis_env("CREATORAUDIT_POLL_MAX_INTERVAL_MS", c.poll_max_interval))) {
    return *e;
  }
  if ((e = read_millis_env("CREATORAUDIT_ATTEMPT_TIMEOUT_MS", c.attempt_timeout)) ||
      (e = read_millis_env("CREATORAUDIT_KEEP_ALIVE_IDLE_MS", c.keep_alive_idle)) ||
      (e = read_millis_env("CREATORAUDIT_MAX_RATE_LIMIT_WAIT_MS", c.max_rate_limit_wait))) {
    return *e;
  }
  if (auto parallel_error = read_int_env("CREATORAUDIT_MAX_PARALLEL_REQUESTS", 1, kMaxParallelRequestsLimit,
                                         c.max_parallel_requests)) {
    return *parallel_error;
  }
  if (const char* v = env("CREATORAUDIT_ACCEPT_GZIP")) {
    auto policy = parse_gzip_policy(v);
    if (!policy) return config_error(std::string("CREATORAUDIT_ACCEPT_GZIP must be auto, always or never, got \"") +
                                     redact_url(v) + "\"");
    c.accept_gzip = *policy;
  }
  if (const char* v = env("CREATORAUDIT_CA_BUNDLE")) c.ca_bundle_path = v;
  if (const char* v = env("CREATORAUDIT_RATE_STORE")) c.rate_store.spec = v;
  if ((e = read_millis_env("CREATORAUDIT_RATE_STORE_TIMEOUT_MS", c.rate_store.timeout)) ||
      (e = read_millis_env("CREATORAUDIT_RATE_STORE_RETRY_MS", c.rate_store.retry_interval))) {
    return *e;
  }
  if (auto err = check_settings(c)) return *err;
  return c;
}

std::optional<ApiError> ClientConfig::validate() const {
  if (auto e = check_settings(*this)) return e;
  if (api_key.empty())
    return config_error("no API key: set CREATORAUDIT_API_KEY or CREATORAUDIT_API_KEY_FILE (never a flag)");
  return std::nullopt;
}

void add_client_flags(CLI::App& app, ClientConfig& config) {
  auto millis = [&app](const char* flag, Millis& target, const char* help) {
    app.add_option_function<long long>(
           flag, [&target](const long long& ms) { target = Millis(ms); }, help)
        ->check(CLI::Range(1LL, 24LL * 3600 * 1000))
        ->default_str(std::to_string(target.count()));
  };
  millis("--connect-timeout-ms", config.connect_timeout, "DNS + TCP + TLS connect timeout per attempt (ms)");
  millis("--read-timeout-ms", config.read_timeout, "Longest silence while sending or receiving (ms), per attempt");
  millis("--attempt-timeout-ms", config.attempt_timeout,
         "Longest single HTTP attempt, connect included (ms); never past the call's deadline");
  app.add_option("--max-attempts", config.max_attempts, "HTTP attempts per request, retries included")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  millis("--backoff-initial-ms", config.backoff_initial, "First retry back-off (ms), doubled per attempt");
  millis("--backoff-max-ms", config.backoff_max, "Longest single back-off (ms)");
  app.add_option("--pacing-reserve", config.pacing_reserve,
                 "Start spreading requests over the rate window when X-RateLimit-Remaining falls to this")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--etag-cache-bytes", config.etag_cache_bytes, "Byte budget of the ETag response cache (0: off)")
      ->capture_default_str();
  app.add_option("--max-response-bytes", config.max_response_bytes, "Largest response body read")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--max-pages", config.max_pages, "Pages fetched per listing at most")
      ->check(CLI::Range(1, 10'000))
      ->capture_default_str();
  app.add_option("--connection-pool", config.connection_pool_size, "Keep-alive connections to the API")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--max-parallel-requests", config.max_parallel_requests,
                 "Independent requests of one tool call (batch chunks, handle lookups) sent at once, at most")
      ->check(CLI::Range(1, kMaxParallelRequestsLimit))
      ->capture_default_str();
  millis("--keep-alive-idle-ms", config.keep_alive_idle, "Idle keep-alive connections are closed after this (ms)");
  app.add_option_function<std::string>(
         "--accept-gzip",
         [&config](const std::string& text) { config.accept_gzip = parse_gzip_policy(text).value_or(GzipPolicy::Auto); },
         "Ask for gzip-compressed responses: auto (unless the host is loopback), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str(to_string(config.accept_gzip));
  millis("--max-rate-limit-wait-ms", config.max_rate_limit_wait,
         "Longest Retry-After / X-RateLimit-Reset wait believed (ms); longer ones fall back to back-off");
  millis("--poll-interval-ms", config.poll_initial_interval, "First wait between polls (ms), then growing");
  millis("--poll-max-interval-ms", config.poll_max_interval, "Longest wait between polls (ms)");
  app.add_option("--ca-bundle", config.ca_bundle_path, "PEM CA bundle instead of the system trust store")
      ->capture_default_str();
  app.add_option("--rate-store", config.rate_store.spec,
                 "Where the key's rate budget is shared: local (this process), host (every process of this user "
                 "here) or redis://HOST:PORT[/DB] (many hosts)")
      ->check([](const std::string& spec) {
        return valid_rate_store_spec(spec) ? std::string() : "must be local, host or redis://HOST:PORT[/DB]";
      })
      ->capture_default_str();
  millis("--rate-store-timeout-ms", config.rate_store.timeout,
         "Longest Redis connect or read, or wait for the host budget file's lock (ms); then local pacing");
  millis("--rate-store-retry-ms", config.rate_store.retry_interval,
         "After the rate store fails, pace locally and ask it again after this long (ms)");
}

}  // namespace ca::api
