// Retries, Retry-After in each form, deadlines and idempotent writes against the sandbox, on a FakeClock.
#include <catch2/catch.hpp>

#include "client/rate_limiter.hpp"
#include "client/retry_after.hpp"
#include "sandbox_fixture.hpp"

using namespace ca;
using namespace ca::api;

TEST_CASE("503, 503, 200 succeeds on the third attempt", "[client][sandbox][retry]") {
  test::SandboxFixture fx;
  Client client(fx.config());
  fx.sandbox.script_statuses({503, 503, 0}, "/v2/whoami");
  auto me = client.whoami({});
  REQUIRE(me.ok());
  const auto log = fx.sandbox.request_log();
  REQUIRE(log.size() == 3);
  CHECK(log[0].status == 503);
  CHECK(log[1].status == 503);
  CHECK(log[2].status == 200);
  // One wait before each retry: the 503's Retry-After when it has one, else the back-off (at most 200 ms here).
  REQUIRE(fx.clock.sleeps().size() == 2);
  for (auto wait : fx.clock.sleeps()) CHECK(wait <= Millis(1'000));
  test::record_requests("503, 503, 200", log.size());
}

TEST_CASE("attempts are bounded: persistent 503s end in the 503 error", "[client][sandbox][retry]") {
  test::SandboxFixture fx;
  auto config = fx.config();
  config.max_attempts = 3;
  Client client(config);
  fx.sandbox.script_statuses({503, 503, 503, 503, 503}, "/v2/whoami");
  auto me = client.whoami({});
  REQUIRE_FALSE(me.ok());
  CHECK(me.error().status == 503);
  CHECK(me.error().attempts == 3);
  CHECK_FALSE(me.error().request_id.empty());
  CHECK(fx.sandbox.request_log().size() == 3);
}

TEST_CASE("a 429 waits as Retry-After says, in each form", "[client][sandbox][retry]") {
  auto mode = GENERATE(sandbox::RetryAfterMode::Seconds, sandbox::RetryAfterMode::HttpDate,
                       sandbox::RetryAfterMode::Absent);
  test::SandboxFixture fx;
  fx.sandbox.set_rate_limit(2, 60);
  fx.sandbox.set_retry_after_mode(mode);
  // Spend the window behind the client's back, then look at the 429 the client is about to get too.
  REQUIRE(fx.raw_get("/whoami")->status == 200);
  REQUIRE(fx.raw_get("/whoami")->status == 200);
  auto limited = fx.raw_get("/whoami");
  REQUIRE(limited->status == 429);
  Millis expected{0};
  const auto now_ms = std::chrono::duration_cast<Millis>(fx.clock.wall_now().time_since_epoch()).count();
  if (mode == sandbox::RetryAfterMode::Absent) {
    CHECK_FALSE(limited->has_header("Retry-After"));
    // Until the reset, and the second of grace a whole-second (maybe truncated) reset needs.
    expected = Millis(window_end_ms(std::stoll(limited->get_header_value("X-RateLimit-Reset"))) - now_ms);
  } else {
    auto parsed = parse_retry_after(limited->get_header_value("Retry-After"), fx.clock.wall_now());
    REQUIRE(parsed);
    expected = *parsed;
    if (mode == sandbox::RetryAfterMode::HttpDate) CHECK(parse_http_date(limited->get_header_value("Retry-After")));
  }
  REQUIRE(expected > Millis(0));
  fx.sandbox.clear_request_log();

  Client client(fx.config());
  auto me = client.whoami({});
  REQUIRE(me.ok());
  const auto log = fx.sandbox.request_log();
  REQUIRE(log.size() == 2);
  CHECK(log[0].status == 429);
  CHECK(log[1].status == 200);
  REQUIRE_FALSE(fx.clock.sleeps().empty());
  CHECK(fx.clock.sleeps().front() == expected);
  test::record_requests(mode == sandbox::RetryAfterMode::Seconds    ? "429 Retry-After seconds"
                        : mode == sandbox::RetryAfterMode::HttpDate ? "429 Retry-After HTTP-date"
                                                                    : "429 without Retry-After (reset header)",
                        log.size());
}

TEST_CASE("a Retry-After longer than the deadline fails at once with retry_after_seconds", "[client][sandbox][retry]") {
  test::SandboxFixture fx;
  fx.sandbox.set_rate_limit(1, 600);
  REQUIRE(fx.raw_get("/whoami")->status == 200);
  fx.sandbox.clear_request_log();
  Client client(fx.config());
  CallOptions options;
  options.deadline = fx.clock.now() + Millis(10'000);
  auto me = client.whoami(options);
  REQUIRE_FALSE(me.ok());
  CHECK(me.error().kind == ErrorKind::RetryAfterTooLong);
  REQUIRE(me.error().retry_after_seconds);
  CHECK(*me.error().retry_after_seconds > 10);
  CHECK(*me.error().retry_after_seconds <= 600);
  CHECK(me.error().status == 429);
  CHECK_FALSE(me.error().request_id.empty());
  CHECK(fx.clock.sleeps().empty());
  CHECK(fx.sandbox.request_log().size() == 1);
  test::record_requests("Retry-After beyond the deadline", fx.sandbox.request_log().size());
}

TEST_CASE("a write whose connection drops after commit is retried with the same key, creating one account",
          "[client][sandbox][idempotency]") {
  test::SandboxFixture fx;
  Client client(fx.config());
  const auto before = fx.sandbox.account_count();
  fx.sandbox.drop_connections(sandbox::DropMode::AfterCommit, 1, "/v2/accounts");
  auto created = client.create_account({{"platform", "tiktok"}, {"username", "dropped_once"}}, {});
  REQUIRE(created.ok());
  CHECK(created.value().account.value("username", "") == "dropped_once");
  CHECK(fx.sandbox.account_count() == before + 1);
  const auto log = fx.log_with(2);
  REQUIRE(log.size() == 2);
  CHECK_FALSE(log[0].idempotency_key.empty());
  CHECK(log[0].idempotency_key == log[1].idempotency_key);
  CHECK(is_uuid(log[0].idempotency_key));

  // The next logical write gets a new key.
  auto other = client.create_account({{"platform", "tiktok"}, {"username", "second_write"}}, {});
  REQUIRE(other.ok());
  const auto after = fx.sandbox.request_log();
  CHECK(after.back().idempotency_key != log[0].idempotency_key);
  test::record_requests("write dropped after commit", log.size());
}

TEST_CASE("a 409 on create is returned as an ApiError with every field", "[client][sandbox][errors]") {
  test::SandboxFixture fx;
  Client client(fx.config());
  REQUIRE(client.create_account({{"platform", "instagram"}, {"username", "dupe_me"}}, {}).ok());
  auto again = client.create_account({{"platform", "instagram"}, {"username", "dupe_me"}}, {});
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().kind == ErrorKind::Http);
  CHECK(again.error().status == 409);
  CHECK(again.error().code == "CONFLICT");
  CHECK_FALSE(again.error().title.empty());
  CHECK(again.error().instance == "/v2/accounts");
  CHECK(again.error().request_id == fx.sandbox.request_log().back().request_id);
}

TEST_CASE("a 422 carries its field errors into the message", "[client][sandbox][errors]") {
  test::SandboxFixture fx;
  Client client(fx.config());
  auto bad = client.create_account({{"platform", "myspace"}, {"username", "x"}}, {});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().status == 422);
  REQUIRE_FALSE(bad.error().errors.empty());
  CHECK(bad.error().errors[0].field == "platform");
  CHECK(bad.error().message().find("platform: ") != std::string::npos);
  CHECK(fx.sandbox.request_log().size() == 1);  // a 422 is not retried
}
