// Bounded trust in the server's "wait" headers (issue 8 item 7): an X-RateLimit-Reset or a Retry-After beyond
// max_rate_limit_wait is treated as absent, the client backs off instead, and the error says so. Upstreams are
// canned (make_canned_transport) and time is a FakeClock, so every wait is recorded, none is slept.
#include <catch2/catch.hpp>

#include "client/client.hpp"
#include "client/retry_after.hpp"
#include "client/transport.hpp"
#include "sandbox/utc_time.hpp"

using namespace ca;
using namespace ca::api;
using ca::sandbox::epoch_seconds;

namespace {

ClientConfig canned_config(FakeClock& clock) {
  ClientConfig c;
  c.base_url = "https://api.example.test/v2";
  c.api_key = "canned-test-key";
  c.clock = &clock;
  c.backoff_initial = Millis(100);
  c.backoff_max = Millis(1'000);
  c.max_attempts = 3;
  return c;
}

CannedResponse ok_whoami() {
  CannedResponse r;
  r.body = R"({"data":{"type":"whoami"}})";
  return r;
}

CannedResponse too_many(const std::string& retry_after, std::optional<std::int64_t> reset = std::nullopt) {
  CannedResponse r;
  r.status = 429;
  if (!retry_after.empty()) r.headers.add("Retry-After", retry_after);
  r.headers.add("X-RateLimit-Remaining", "0");
  if (reset) r.headers.add("X-RateLimit-Reset", std::to_string(*reset));
  r.body = R"({"code":"RATE_LIMITED","title":"Too Many Requests","detail":"Rate limit exceeded."})";
  return r;
}

}  // namespace

TEST_CASE("a Retry-After beyond max_rate_limit_wait is ignored: back-off instead, and the error says so",
          "[client][rate][canned]") {
  FakeClock clock;
  const std::string far = GENERATE(std::string("86400"), std::string("3601"), std::string("date"));
  int calls = 0;
  Client client(canned_config(clock), make_canned_transport([&](const AttemptRequest&) {
                  ++calls;
                  return too_many(far == "date" ? format_http_date(clock.wall_now() + std::chrono::hours(30)) : far);
                }));
  auto me = client.whoami({});
  REQUIRE_FALSE(me.ok());
  CHECK(calls == 3);
  CHECK(me.error().status == 429);
  CHECK_FALSE(me.error().retry_after_seconds);
  CHECK_THAT(me.error().message(), Catch::Contains("exceeds max_rate_limit_wait (3600 s) and was ignored") &&
                                       Catch::Contains("backed off instead"));
  // Two back-offs of at most backoff_max each, never the hours the server asked for.
  REQUIRE(clock.sleeps().size() == 2);
  for (Millis wait : clock.sleeps()) CHECK(wait <= Millis(1'000));
}

TEST_CASE("a Retry-After within max_rate_limit_wait is still honoured", "[client][rate][canned]") {
  FakeClock clock;
  int calls = 0;
  Client client(canned_config(clock), make_canned_transport([&](const AttemptRequest&) {
                  return ++calls == 1 ? too_many("120") : ok_whoami();
                }));
  REQUIRE(client.whoami({}).ok());
  CHECK(clock.sleeps() == std::vector<Millis>{Millis(120'000)});
}

TEST_CASE("Remaining 0 with a reset a day away does not block the next calls", "[client][rate][canned]") {
  FakeClock clock;
  int calls = 0;
  const std::int64_t far_reset = epoch_seconds(clock.wall_now()) + 86'400;
  Client client(canned_config(clock), make_canned_transport([&](const AttemptRequest&) {
                  CannedResponse r = ok_whoami();
                  ++calls;
                  r.headers.add("X-RateLimit-Limit", "100");
                  r.headers.add("X-RateLimit-Remaining", "0");
                  r.headers.add("X-RateLimit-Reset", std::to_string(far_reset));
                  return r;
                }));
  REQUIRE(client.whoami({}).ok());
  // The far reset was not believed: the budget is "spent, reset unknown", and the next call simply tries.
  CHECK_FALSE(client.rate_budget().reset_epoch_seconds);
  CHECK(client.rate_budget().remaining == 0);
  CallOptions options;
  options.deadline = clock.now() + Millis(10'000);
  for (int i = 0; i < 3; ++i) REQUIRE(client.whoami(options).ok());
  CHECK(calls == 4);
  CHECK(clock.sleeps().empty());
}

TEST_CASE("a 429 whose only hint is a far X-RateLimit-Reset backs off", "[client][rate][canned]") {
  FakeClock clock;
  int calls = 0;
  Client client(canned_config(clock), make_canned_transport([&](const AttemptRequest&) {
                  return ++calls == 1 ? too_many("", epoch_seconds(clock.wall_now()) + 7 * 86'400) : ok_whoami();
                }));
  REQUIRE(client.whoami({}).ok());
  REQUIRE(clock.sleeps().size() == 1);
  CHECK(clock.sleeps()[0] <= Millis(100));
}

TEST_CASE("a near X-RateLimit-Reset on a 429 is still waited for", "[client][rate][canned]") {
  FakeClock clock;
  int calls = 0;
  Client client(canned_config(clock), make_canned_transport([&](const AttemptRequest&) {
                  return ++calls == 1 ? too_many("", epoch_seconds(clock.wall_now()) + 40) : ok_whoami();
                }));
  REQUIRE(client.whoami({}).ok());
  REQUIRE(clock.sleeps().size() == 1);
  // Until the reset, and the second of grace a whole-second (maybe truncated) reset needs (kResetGraceMs).
  CHECK(clock.sleeps()[0] > Millis(40'000));
  CHECK(clock.sleeps()[0] <= Millis(41'000));
}

TEST_CASE("max_rate_limit_wait is a setting", "[client][rate][canned]") {
  FakeClock clock;
  auto config = canned_config(clock);
  config.max_rate_limit_wait = Millis(60'000);
  int calls = 0;
  Client client(config, make_canned_transport([&](const AttemptRequest&) {
                  return ++calls == 1 ? too_many("120") : ok_whoami();
                }));
  REQUIRE(client.whoami({}).ok());
  REQUIRE(clock.sleeps().size() == 1);
  CHECK(clock.sleeps()[0] <= Millis(100));
}

TEST_CASE("duplicated rate-limit fields count only when they agree", "[client][rate][canned]") {
  FakeClock clock;
  std::vector<std::string> remaining;
  Client client(canned_config(clock), make_canned_transport([&](const AttemptRequest&) {
                  CannedResponse r = ok_whoami();
                  r.headers.add("x-ratelimit-limit", "100");
                  for (const auto& value : remaining) r.headers.add("X-RateLimit-Remaining", value);
                  return r;
                }));
  remaining = {"40", "40"};
  REQUIRE(client.whoami({}).ok());
  CHECK(client.rate_budget().limit == 100);
  CHECK(client.rate_budget().remaining == 40);
  remaining = {"7, 7"};
  REQUIRE(client.whoami({}).ok());
  CHECK(client.rate_budget().remaining == 7);
  remaining = {"3", "90"};  // contradictory: not believed; the count we had stands, less the slot this call took
  REQUIRE(client.whoami({}).ok());
  CHECK(client.rate_budget().remaining == 6);
}
