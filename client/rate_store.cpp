#include "client/rate_store.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "client/sha256.hpp"

namespace ca::api {
namespace {

// Spent with the reset unknown: someone tries and the answer tells; the others wait this long for it.
constexpr std::int64_t kAwaitAnswerMs = 50;
// Counts and times a store may hold: a window's budget above a billion requests, or a wait longer than a day past
// now, is not something the API sends (max_rate_limit_wait is at most a day), so it is garbage.
constexpr std::int64_t kMaxCount = 1'000'000'000;
constexpr std::int64_t kMaxAheadMs = 25LL * 3600 * 1000;
constexpr std::int64_t kLatestMs = 95'000'000'000'000;  // the year 5000, as the limiter's reset bound

template <class Int>
std::optional<Int> whole_number(std::string_view text) {
  Int value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

std::int64_t acquire_shared_slot(SharedRateState& s, std::int64_t now_ms, int pacing_reserve) {
  if (s.reset_ms >= 0 && now_ms >= s.reset_ms) {
    // The window is over; what the new one allows is not known until a response says (the server may open it
    // later than the named second): one request goes, its answer tells the others (RateLimiter::try_acquire_locally).
    s.remaining = s.limit >= 0 ? std::min<std::int64_t>(1, s.limit) : -1;
    s.passed_reset_ms = s.reset_ms;
    s.reset_ms = -1;
  }
  if (now_ms < s.blocked_until_ms) return s.blocked_until_ms - now_ms;
  if (now_ms < s.next_slot_ms) return s.next_slot_ms - now_ms;
  if (s.remaining == 0 && s.reset_ms >= 0) return s.reset_ms - now_ms;
  if (s.remaining == 0) {
    s.next_slot_ms = now_ms + kAwaitAnswerMs;  // spent, reset unknown: one tries, the answer tells the rest
  } else if (s.remaining > 0 && s.reset_ms >= 0 && s.remaining <= pacing_reserve) {
    s.next_slot_ms = now_ms + (s.reset_ms - now_ms) / s.remaining;  // spread what is left over the time to the reset
  }
  if (s.remaining > 0) --s.remaining;
  return 0;
}

void reconcile_shared(SharedRateState& s, const RateObservation& seen) {
  if (seen.limit >= 0) s.limit = seen.limit;
  s.blocked_until_ms = std::max(s.blocked_until_ms, seen.retry_until_ms);
  // A late answer from a window already over must not bring that window back.
  if (seen.reset_ms >= 0 && seen.reset_ms <= s.passed_reset_ms) return;
  if (seen.remaining >= 0) {
    // Within one window keep the lower count: slots taken by requests still in flight (from any process) are not
    // in the server's number yet.
    const bool same_window = seen.reset_ms >= 0 && seen.reset_ms == s.reset_ms;
    s.remaining = (same_window && s.remaining >= 0) ? std::min(s.remaining, seen.remaining) : seen.remaining;
  }
  if (seen.reset_ms >= 0) s.reset_ms = seen.reset_ms;
}

bool plausible(const SharedRateState& s, std::int64_t now_ms) {
  auto count = [](std::int64_t v) { return v >= -1 && v <= kMaxCount; };
  auto epoch = [](std::int64_t v) { return v >= -1 && v <= kLatestMs; };
  auto ahead = [now_ms](std::int64_t v) { return v >= 0 && v <= now_ms + kMaxAheadMs; };
  return count(s.limit) && count(s.remaining) && epoch(s.reset_ms) && epoch(s.passed_reset_ms) &&
         ahead(s.next_slot_ms) && ahead(s.blocked_until_ms);
}

std::string rate_budget_name(const std::string& api_key, const std::string& origin) {
  const std::string input = api_key + "\n" + origin;
  const auto digest = sha256(input);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (std::size_t i = 0; i < 16; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

std::optional<RedisAddress> parse_redis_spec(const std::string& spec) {
  constexpr std::string_view kScheme = "redis://";
  if (spec.size() > 300 || !spec.starts_with(kScheme)) return std::nullopt;
  std::string_view rest = std::string_view(spec).substr(kScheme.size());
  RedisAddress address;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    auto db = whole_number<int>(rest.substr(slash + 1));
    if (!db || *db < 0 || *db > 1000) return std::nullopt;
    address.db = *db;
    rest = rest.substr(0, slash);
  }
  std::string_view host;
  std::string_view port;
  if (rest.starts_with("[")) {
    const auto close = rest.find(']');
    if (close == std::string_view::npos || close + 1 >= rest.size() || rest[close + 1] != ':') return std::nullopt;
    host = rest.substr(1, close - 1);
    port = rest.substr(close + 2);
  } else {
    const auto colon = rest.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  auto number = whole_number<int>(port);
  if (host.empty() || !number || *number < 1 || *number > 65535) return std::nullopt;
  for (char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == ':' || c == '_';
    if (!ok) return std::nullopt;
  }
  address.host = std::string(host);
  address.port = *number;
  return address;
}

bool valid_rate_store_spec(const std::string& spec) {
  return spec == "local" || spec == "host" || parse_redis_spec(spec).has_value();
}

std::string host_rate_store_path(const RateStoreSettings& settings, const std::string& budget_name) {
  std::string dir = settings.host_dir;
  if (dir.empty()) {
    const char* runtime = std::getenv("XDG_RUNTIME_DIR");
    dir = (runtime && *runtime == '/') ? runtime : "/tmp";
  }
  return dir + "/creatoraudit-rate-" + budget_name;
}

std::unique_ptr<RateStore> make_rate_store(const RateStoreSettings& settings, const std::string& api_key,
                                           const std::string& origin) {
  const std::string name = rate_budget_name(api_key, origin);
  if (settings.spec == "host") return make_host_rate_store(host_rate_store_path(settings, name), settings.timeout);
  if (auto redis = parse_redis_spec(settings.spec)) return make_redis_rate_store(*redis, name, settings.timeout);
  return nullptr;
}

}  // namespace ca::api
