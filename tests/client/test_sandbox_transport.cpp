// Transport failures map to their own kinds, carry the request ID when headers arrived, and are retried only
// when repeating is safe and the failure is transient.
#include <catch2/catch.hpp>

#include "sandbox_fixture.hpp"

using namespace ca;
using namespace ca::api;

TEST_CASE("garbage JSON in a 200 is InvalidJson with the request ID", "[client][sandbox][transport]") {
  test::SandboxFixture fx;
  Client client(fx.config());
  fx.sandbox.corrupt_bodies(sandbox::BodyFault::InvalidJson, 1, "/v2/whoami");
  auto me = client.whoami({});
  REQUIRE_FALSE(me.ok());
  CHECK(me.error().kind == ErrorKind::InvalidJson);
  CHECK(me.error().status == 200);
  const auto log = fx.sandbox.request_log();
  REQUIRE(log.size() == 1);
  CHECK(me.error().request_id == log[0].request_id);
  CHECK_FALSE(me.error().request_id.empty());
  test::record_requests("invalid JSON body", log.size());
}

TEST_CASE("an oversized body stops reading at max_response_bytes: BodyTooLarge with the request ID",
          "[client][sandbox][transport]") {
  test::SandboxFixture fx;
  auto config = fx.config();
  config.max_response_bytes = 4'096;
  Client client(config);
  fx.sandbox.corrupt_bodies(sandbox::BodyFault::Oversized, 1, "/v2/whoami");
  auto me = client.whoami({});
  REQUIRE_FALSE(me.ok());
  CHECK(me.error().kind == ErrorKind::BodyTooLarge);
  const auto log = fx.sandbox.request_log();
  REQUIRE(log.size() == 1);
  CHECK(me.error().request_id == log[0].request_id);
  CHECK_FALSE(me.error().request_id.empty());
  test::record_requests("oversized body", log.size());
}

TEST_CASE("a truncated body is TruncatedBody, and retried as transient", "[client][sandbox][transport]") {
  test::SandboxFixture fx;
  auto config = fx.config();
  SECTION("one attempt") {
    config.max_attempts = 1;
    Client client(config);
    fx.sandbox.corrupt_bodies(sandbox::BodyFault::Truncated, 1, "/v2/whoami");
    auto me = client.whoami({});
    REQUIRE_FALSE(me.ok());
    CHECK(me.error().kind == ErrorKind::TruncatedBody);
    CHECK(me.error().request_id == fx.sandbox.request_log().at(0).request_id);
  }
  SECTION("retried") {
    Client client(config);
    fx.sandbox.corrupt_bodies(sandbox::BodyFault::Truncated, 1, "/v2/whoami");
    CHECK(client.whoami({}).ok());
    CHECK(fx.sandbox.request_log().size() == 2);
  }
}

TEST_CASE("a slow upstream beyond the read timeout is a Timeout", "[client][sandbox][transport]") {
  // The sandbox's latency is real time; the read timeout is too (it is the socket's). No response header
  // arrives before the timeout, so there is no server request ID to report.
  test::SandboxFixture fx;
  auto config = fx.config();
  config.read_timeout = Millis(200);
  config.max_attempts = 2;
  Client client(config);
  fx.sandbox.set_latency(Millis(1'000));
  auto me = client.whoami({});
  fx.sandbox.set_latency(Millis(0));
  REQUIRE_FALSE(me.ok());
  CHECK(me.error().kind == ErrorKind::Timeout);
  CHECK(me.error().attempts == 2);
  CHECK(me.error().request_id.empty());
  test::record_requests("slow upstream (2 attempts, each cut by the read timeout)", 2);
}

TEST_CASE("a connection dropped before the response is retried for a GET", "[client][sandbox][transport]") {
  test::SandboxFixture fx;
  Client client(fx.config());
  fx.sandbox.drop_connections(sandbox::DropMode::BeforeResponse, 1, "/v2/whoami");
  REQUIRE(client.whoami({}).ok());
  CHECK(fx.log_with(2).size() == 2);
}

TEST_CASE("a refused connection is ConnectionFailed after bounded attempts", "[client][transport]") {
  FakeClock clock;
  ClientConfig config;
  config.base_url = "http://127.0.0.1:1/v2";  // nothing listens on port 1
  config.api_key = "test-api-key";
  config.clock = &clock;
  config.max_attempts = 3;
  config.backoff_initial = Millis(100);
  Client client(config);
  auto me = client.whoami({});
  REQUIRE_FALSE(me.ok());
  CHECK(me.error().kind == ErrorKind::ConnectionFailed);
  CHECK(me.error().attempts == 3);
  // Exponential back-off with equal jitter: 100 ms then 200 ms, each between half and all of its step.
  const auto sleeps = clock.sleeps();
  REQUIRE(sleeps.size() == 2);
  CHECK(sleeps[0] >= Millis(50));
  CHECK(sleeps[0] <= Millis(100));
  CHECK(sleeps[1] >= Millis(100));
  CHECK(sleeps[1] <= Millis(200));
}
