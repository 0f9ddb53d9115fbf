// Auth, scopes, rate limiting, conditional GETs and the problem+json shape of every error class.
#include <catch2/catch.hpp>

#include "sandbox_fixture.hpp"

using namespace ca::sandbox;
using namespace ca::sandbox::testing;

TEST_CASE("health and meta need no auth and carry no rate-limit headers", "[sandbox][access]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const auto health = s.get("/health", {});
  REQUIRE(health->status == 200);
  CHECK(Running::json(health) == ca::Json{{"status", "ok"}});
  CHECK_FALSE(health->has_header("X-RateLimit-Limit"));
  CHECK(health->has_header("X-Request-ID"));
  const auto meta = s.get("/meta", {});
  REQUIRE(meta->status == 200);
  CHECK(Running::json(meta)["data"]["type"] == "api_meta");
  CHECK(Running::json(meta)["data"]["api_version"] == "v2");
  CHECK_FALSE(meta->has_header("X-RateLimit-Remaining"));
}

TEST_CASE("every authenticated response carries rate-limit headers and a UUID request id", "[sandbox][access]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  for (const std::string path : {"/whoami", "/accounts/not-a-uuid", "/nope"}) {
    const auto r = s.get(path);
    INFO(path);
    CHECK(r->get_header_value("X-RateLimit-Limit") == "600");
    CHECK(r->has_header("X-RateLimit-Remaining"));
    CHECK(r->has_header("X-RateLimit-Reset"));
    CHECK(r->get_header_value("X-Request-ID").size() == 36);
  }
  const auto who = Running::json(s.get("/whoami"));
  CHECK(who["data"]["type"] == "whoami");
  CHECK(who["data"]["api_key_name"] == "Sandbox key");
}

TEST_CASE("keys: missing or unknown is 401, disabled is 403 FORBIDDEN, read-only writing is 403 INSUFFICIENT_SCOPE",
          "[sandbox][access]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  check_problem(s.get("/accounts", {}), 401, "UNAUTHORIZED", "/v2/accounts");
  check_problem(s.get("/accounts", Running::auth("wrong-key")), 401, "UNAUTHORIZED", "/v2/accounts");
  check_problem(s.get("/whoami", Running::auth(kDisabledKey)), 403, "FORBIDDEN", "/v2/whoami");
  CHECK(s.get("/accounts", Running::auth(kReadOnlyKey))->status == 200);
  check_problem(s.post("/accounts", {{"platform", "tiktok"}, {"username", "x"}}, Running::auth(kReadOnlyKey)), 403,
                "INSUFFICIENT_SCOPE", "/v2/accounts");
  // The metrics POSTs are reads (S4): a read-only key may call them.
  CHECK(s.post("/accounts/metrics", {{"account_ids", {s.sandbox.first_account_id()}}}, Running::auth(kReadOnlyKey))
            ->status == 200);
}

TEST_CASE("configured keys replace the built-ins", "[sandbox][access]") {
  ca::FakeClock clock;
  auto options = small_options(clock);
  options.keys = {{"k-123", "CI key", false, false}};
  Running s(options);
  CHECK(s.get("/whoami", Running::auth(kKey))->status == 401);
  CHECK(Running::json(s.get("/whoami", Running::auth("k-123")))["data"]["api_key_name"] == "CI key");
}

TEST_CASE("429 after the window is spent, with Retry-After in each mode, and service resumes in the next window",
          "[sandbox][access]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  s.sandbox.set_rate_limit(3, 60);
  for (int i = 0; i < 3; ++i) CHECK(s.get("/whoami")->status == 200);

  SECTION("delta-seconds (default)") {
    const auto r = s.get("/whoami");
    check_problem(r, 429, "RATE_LIMITED", "/v2/whoami");
    CHECK(r->get_header_value("X-RateLimit-Remaining") == "0");
    const int retry = std::stoi(r->get_header_value("Retry-After"));
    CHECK(retry >= 1);
    CHECK(retry <= 60);
    clock.advance(std::chrono::seconds(retry));
    CHECK(s.get("/whoami")->status == 200);
  }
  SECTION("HTTP-date") {
    s.sandbox.set_retry_after_mode(RetryAfterMode::HttpDate);
    const auto r = s.get("/whoami");
    REQUIRE(r->status == 429);
    const std::string date = r->get_header_value("Retry-After");
    CHECK(date.size() == 29);
    CHECK(date.substr(date.size() - 4) == " GMT");
  }
  SECTION("absent") {
    s.sandbox.set_retry_after_mode(RetryAfterMode::Absent);
    const auto r = s.get("/whoami");
    REQUIRE(r->status == 429);
    CHECK_FALSE(r->has_header("Retry-After"));
    CHECK(r->has_header("X-RateLimit-Reset"));
  }
}

TEST_CASE("a strong ETag on every 200 GET, and 304 with an empty body when If-None-Match matches", "[sandbox][access]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  for (const std::string& path : std::vector<std::string>{"/accounts?limit=5", "/accounts/" + s.sandbox.first_account_id(),
                                                        "/whoami", "/creators", "/overview", "/search?q=a"}) {
    check_etag_round_trip(s, path);
  }
}

TEST_CASE("problem+json shape of each error class", "[sandbox][access]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const std::string id = s.sandbox.first_account_id();
  check_problem(s.client->Post("/v2/accounts", Running::auth(), "{not json", "application/json"), 400, "BAD_REQUEST",
                "/v2/accounts");
  check_problem(s.get("/accounts/00000000-0000-4000-8000-000000000000"), 404, "NOT_FOUND",
                "/v2/accounts/00000000-0000-4000-8000-000000000000");
  check_problem(s.get("/nowhere"), 404, "NOT_FOUND", "/v2/nowhere");
  const auto not_acceptable = s.get("/whoami", Running::auth(kKey, {{"Accept", "text/html"}}));
  check_problem(not_acceptable, 406, "NOT_ACCEPTABLE", "/v2/whoami");
  CHECK(not_acceptable->has_header("X-RateLimit-Remaining"));  // an authenticated 406 is counted like any other
  CHECK(s.get("/whoami", Running::auth(kKey, {{"Accept", "text/html, application/json;q=0.5"}}))->status == 200);
  check_problem(s.client->Post("/v2/accounts", Running::auth(), "platform=tiktok", "application/x-www-form-urlencoded"),
                415, "UNSUPPORTED_MEDIA_TYPE", "/v2/accounts");
  check_problem(s.get("/accounts/not-a-uuid"), 422, "VALIDATION_ERROR", "/v2/accounts/not-a-uuid");
  CHECK(Running::json(s.get("/accounts/not-a-uuid"))["errors"][0]["field"] == "id");
  s.sandbox.script_statuses({500, 502, 503});
  check_problem(s.get("/whoami"), 500, "INTERNAL_ERROR", "/v2/whoami");
  check_problem(s.get("/whoami"), 502, "UPSTREAM_ERROR", "/v2/whoami");
  check_problem(s.get("/whoami"), 503, "SERVICE_UNAVAILABLE", "/v2/whoami");
  CHECK(s.get("/accounts/" + id)->status == 200);
}
