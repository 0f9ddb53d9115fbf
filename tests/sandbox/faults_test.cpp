// Each fault switch, observed from the client side of a real connection.
#include <catch2/catch.hpp>

#include "raw_socket.hpp"
#include "sandbox_fixture.hpp"

using namespace ca::sandbox;
using namespace ca::sandbox::testing;

TEST_CASE("scripted statuses are served in turn, then normal service resumes", "[sandbox][faults]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  s.sandbox.script_statuses({503, 503, 0, 429});
  const auto first = s.get("/whoami");
  CHECK(first->status == 503);
  CHECK(first->get_header_value("Retry-After") == "1");
  CHECK(s.get("/whoami")->status == 503);
  CHECK(s.get("/whoami")->status == 200);
  CHECK(s.get("/whoami")->status == 429);
  CHECK(s.get("/whoami")->status == 200);
}

TEST_CASE("a path prefix narrows a fault to matching requests", "[sandbox][faults]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  s.sandbox.script_statuses({503}, "/v2/accounts/metrics");
  CHECK(s.get("/whoami")->status == 200);
  CHECK(s.get("/accounts")->status == 200);
  CHECK(s.post("/accounts/metrics", {{"account_ids", {s.sandbox.first_account_id()}}})->status == 503);
  CHECK(s.post("/accounts/metrics", {{"account_ids", {s.sandbox.first_account_id()}}})->status == 200);
}

TEST_CASE("failure probability 1 turns every request into 503; 0 and reset_faults restore service", "[sandbox][faults]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  s.sandbox.set_failure_probability(1.0);
  for (int i = 0; i < 3; ++i) CHECK(s.get("/accounts")->status == 503);
  CHECK(s.get("/health", {})->status == 200);  // faults never touch the public routes
  s.sandbox.reset_faults();
  CHECK(s.get("/accounts")->status == 200);
}

TEST_CASE("latency delays responses past a client's read timeout", "[sandbox][faults]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  s.sandbox.set_latency(std::chrono::milliseconds(600));
  httplib::Client impatient("127.0.0.1", s.sandbox.port());
  impatient.set_read_timeout(0, 100'000);  // 100 ms, far below the added latency
  const auto r = impatient.Get("/v2/whoami", Running::auth());
  CHECK_FALSE(r);
  CHECK(r.error() == httplib::Error::Read);
  s.sandbox.set_latency(std::chrono::milliseconds(0));
  CHECK(s.get("/whoami")->status == 200);
}

TEST_CASE("drop before responding: no bytes on the wire and no write", "[sandbox][faults]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  s.sandbox.drop_connections(DropMode::BeforeResponse, 1);
  CHECK(raw_exchange(s.sandbox.port(), create_request("dropped.early")).bytes.empty());
  CHECK(s.sandbox.account_count() == 120);
  CHECK(Running::json(s.get("/accounts?q=dropped.early"))["data"].empty());
  CHECK(raw_exchange(s.sandbox.port(), create_request("dropped.early")).bytes.rfind("HTTP/1.1 201", 0) == 0);
}

TEST_CASE("drop after commit: the account exists, but the client got no response", "[sandbox][faults]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  s.sandbox.drop_connections(DropMode::AfterCommit, 1, "/v2/accounts");
  const auto headers = Running::auth(kKey, {{"Idempotency-Key", "retry-me"}});
  const auto lost = s.post("/accounts", {{"platform", "tiktok"}, {"username", "committed"}}, headers);
  CHECK_FALSE(lost);
  CHECK(s.sandbox.account_count() == 121);
  // The retry with the same Idempotency-Key gets the original 201, not a 409.
  const auto retry = s.post("/accounts", {{"platform", "tiktok"}, {"username", "committed"}}, headers);
  REQUIRE(retry->status == 201);
  CHECK(Running::json(retry)["data"]["username"] == "committed");
  CHECK(s.sandbox.account_count() == 121);
}

TEST_CASE("a dropped connection sends zero bytes over a raw socket", "[sandbox][faults]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  s.sandbox.drop_connections(DropMode::AfterCommit, 1);
  CHECK(raw_exchange(s.sandbox.port(), create_request("raw.commit")).bytes.empty());
  CHECK(s.sandbox.account_count() == 121);
}

TEST_CASE("a truncated body ends the connection before Content-Length is reached", "[sandbox][faults]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  s.sandbox.corrupt_bodies(BodyFault::Truncated, 1);
  const auto r = s.get("/accounts?limit=20");
  CHECK_FALSE(r);
  CHECK(s.get("/accounts?limit=20")->status == 200);
}

TEST_CASE("an invalid-JSON body is a complete 200 that does not parse", "[sandbox][faults]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  s.sandbox.corrupt_bodies(BodyFault::InvalidJson, 1);
  const auto r = s.get("/accounts?limit=20");
  REQUIRE(r->status == 200);
  CHECK(ca::Json::parse(r->body, nullptr, false).is_discarded());
  CHECK_FALSE(ca::Json::parse(s.get("/accounts?limit=20")->body, nullptr, false).is_discarded());
}

TEST_CASE("an oversized body is valid JSON of more than 40 MiB", "[sandbox][faults]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  s.sandbox.corrupt_bodies(BodyFault::Oversized, 1);
  const auto r = s.get("/whoami");
  REQUIRE(r->status == 200);
  CHECK(r->body.size() > 40u * 1024 * 1024);
  CHECK(r->body.rfind("{\"data\":{\"type\":\"whoami\"", 0) == 0);
  CHECK(r->body.substr(r->body.size() - 2) == "\"}");

  SECTION("and a client with a size cap stops reading") {
    s.sandbox.corrupt_bodies(BodyFault::Oversized, 1);
    std::size_t received = 0;
    const std::size_t cap = 1024 * 1024;
    const auto capped = s.client->Get("/v2/whoami", Running::auth(), [&](const char*, std::size_t n) {
      received += n;
      return received <= cap;
    });
    CHECK_FALSE(capped);
    CHECK(received <= cap + 64 * 1024);
  }
}
