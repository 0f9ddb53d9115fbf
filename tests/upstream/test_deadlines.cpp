// Deadlines and cancellation inside one HTTP attempt (issue 8 item 3), and the keep-alive pool's reuse rules, against
// the Python upstream. Bounds are proven by counts and events (bytes the upstream got out before the client hung
// up, the hang-up itself), never by measuring elapsed time.
#include <catch2/catch.hpp>

#include <future>
#include <thread>

#include "client/base_url.hpp"
#include "client/config.hpp"
#include "client/transport.hpp"
#include "upstream_fixture.hpp"

using namespace ca;
using namespace ca::api;
using test::ConnectionCount;
using test::shared_upstream;

namespace {

// The drip_end event of the connection that carried `target`, once the upstream has stopped dripping on it.
Json drip_end_for(const std::string& target) {
  auto& upstream = shared_upstream();
  const int conn = test::connection_of(upstream, target);
  for (int i = 0; i < 500; ++i) {
    for (const auto& e : upstream.events("drip_end"))
      if (e["conn"] == conn) return e;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return Json();
}

// Waits (bounded, 5 s) for an event named `name` about `target`.
bool event_for_target(const std::string& name, const std::string& target) {
  for (int i = 0; i < 500; ++i) {
    for (const auto& e : shared_upstream().events(name))
      if (e["target"] == target) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace

TEST_CASE("an upstream that drips one byte at a time cannot hold a call past its deadline", "[upstream][deadline]") {
  const int interval_ms = GENERATE(100, 400);
  const std::string run = test::next_run();
  auto config = test::upstream_config(shared_upstream().raw_base_url(), &system_clock());
  config.read_timeout = Millis(30'000);  // every byte arrives well inside it: only the deadline can end the call
  config.max_attempts = 4;
  Client client(config);
  constexpr Millis kDeadline{1'500};
  CallOptions options;
  options.deadline = system_clock().now() + kDeadline;
  auto r = client.get("/framing/drip", {{"interval_ms", std::to_string(interval_ms)}, {"run", run}}, options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::DeadlineExceeded);
  CHECK_THAT(r.error().message(), Catch::Contains("deadline") && Catch::Contains("response bytes"));

  // The client hung up: the upstream stopped dripping, having sent no more bytes than deadline + 1 s allows.
  const std::string target =
      "/v2/framing/drip?interval_ms=" + std::to_string(interval_ms) + "&run=" + run;
  const Json end = drip_end_for(target);
  REQUIRE(end.is_object());
  const int bytes = end["bytes_sent"].get<int>();
  CHECK(bytes >= 1);
  CHECK(bytes <= (kDeadline.count() + 1'000) / interval_ms + 1);
  CHECK(bytes < 100'000);  // far from the whole response
}

TEST_CASE("cancelling from another thread ends an attempt blocked on a silent upstream", "[upstream][cancel]") {
  const std::string run = test::next_run();
  auto config = test::upstream_config(shared_upstream().raw_base_url(), &system_clock());
  config.read_timeout = Millis(60'000);
  Client client(config);
  CallOptions options;
  auto call = std::async(std::launch::async, [&] { return client.get("/framing/silent", {{"run", run}}, options); });
  const std::string target = "/v2/framing/silent?run=" + run;
  REQUIRE(event_for_target("silent_request", target));  // the request is in; the client now waits for an answer
  options.cancel.cancel();
  REQUIRE(call.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  auto r = call.get();
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Cancelled);
  CHECK(event_for_target("peer_closed", target));  // and it hung up
}

TEST_CASE("silence past read_timeout is a Timeout naming the read timeout", "[upstream][deadline]") {
  auto config = test::upstream_config(shared_upstream().raw_base_url(), &system_clock());
  config.read_timeout = Millis(300);
  Client client(config);
  auto r = client.get("/framing/silent", {{"run", test::next_run()}}, {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Timeout);
  CHECK_THAT(r.error().message(), Catch::Contains("read timeout"));
}

TEST_CASE("attempt_timeout ends an attempt that keeps receiving bytes", "[upstream][deadline]") {
  const std::string run = test::next_run();
  auto config = test::upstream_config(shared_upstream().raw_base_url(), &system_clock());
  config.attempt_timeout = Millis(600);
  config.read_timeout = Millis(30'000);
  Client client(config);
  auto r = client.get("/framing/drip", {{"interval_ms", "50"}, {"run", run}}, {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Timeout);
  CHECK_THAT(r.error().message(), Catch::Contains("time limit (600 ms)"));
  const Json end = drip_end_for("/v2/framing/drip?interval_ms=50&run=" + run);
  REQUIRE(end.is_object());
  CHECK(end["bytes_sent"].get<int>() <= (600 + 1'000) / 50 + 1);
}

TEST_CASE("a reused connection the server closed as the request went out is retried once, at once, on a new one",
          "[upstream][pool]") {
  FakeClock clock;
  const std::string run = test::next_run();
  ConnectionCount connections(shared_upstream());
  Client client(test::upstream_config(shared_upstream().raw_base_url(), &clock));  // max_attempts = 1
  REQUIRE(client.get("/framing/drop-second", {{"run", run}}, {}).ok());
  // Same connection, second request: the upstream reads it and closes without a byte of answer.
  auto r = client.get("/framing/drop-second", {{"run", run}, {"again", "1"}}, {});
  REQUIRE(r.ok());
  CHECK(r.value() == Json::parse(R"({"data":{"ok":true}})"));
  CHECK(connections.since_start() == 2);
  CHECK(shared_upstream().events("dropped").size() >= 1);
  CHECK(clock.sleeps().empty());  // not a back-off retry: the transport resent it at once
}

TEST_CASE("a request that is not repeatable is not resent after a stale connection", "[upstream][pool]") {
  const std::string run = test::next_run();
  auto url = parse_base_url(shared_upstream().raw_base_url());
  REQUIRE(url);
  ClientConfig config;
  auto transport = make_socket_transport(*url, config);
  AttemptRequest request{"POST", "/v2/framing/drop-second?run=" + run, {}, "{}", /*repeatable=*/false};
  const AttemptLimits limits{Millis(3'000), Millis(3'000), Millis(10'000), 1 << 20};
  AttemptResult first = transport->send(request, limits, {});
  REQUIRE_FALSE(first.failure);
  CHECK(first.status == 200);
  AttemptResult second = transport->send(request, limits, {});
  REQUIRE(second.failure);
  CHECK(*second.failure == ErrorKind::ConnectionFailed);
  request.repeatable = true;
  request.target += "&repeatable=1";
  REQUIRE_FALSE(transport->send(request, limits, {}).failure);  // a fresh connection: first request on it
  REQUIRE_FALSE(transport->send(request, limits, {}).failure);  // reused, dropped, resent on a new one
}

TEST_CASE("a response with Connection: close ends the connection even if the server keeps it open",
          "[upstream][pool]") {
  FakeClock clock;
  const std::string run = test::next_run();
  ConnectionCount connections(shared_upstream());
  Client client(test::upstream_config(shared_upstream().raw_base_url(), &clock));
  REQUIRE(client.get("/framing/close-but-open", {{"run", run}}, {}).ok());
  REQUIRE(client.get("/framing/ok", {{"run", run}}, {}).ok());
  CHECK(connections.since_start() == 2);
  const Json stats = shared_upstream().stats();
  const auto& requests = stats["raw_requests"];
  REQUIRE(requests.size() >= 2);
  CHECK(requests[requests.size() - 1]["conn"] != requests[requests.size() - 2]["conn"]);
}

TEST_CASE("an idle connection the server has closed is not reused", "[upstream][pool]") {
  FakeClock clock;
  const std::string run = test::next_run();
  ConnectionCount connections(shared_upstream());
  Client client(test::upstream_config(shared_upstream().raw_base_url(), &clock));  // max_attempts = 1
  REQUIRE(client.get("/framing/fin-after", {{"run", run}, {"interval_ms", "20"}}, {}).ok());
  REQUIRE(event_for_target("fin_sent", "/v2/framing/fin-after?run=" + run + "&interval_ms=20"));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let the FIN cross loopback
  REQUIRE(client.get("/framing/ok", {{"run", run}}, {}).ok());
  CHECK(connections.since_start() == 2);
}

TEST_CASE("an idle connection older than keep_alive_idle is closed, not reused", "[upstream][pool]") {
  FakeClock clock;
  const std::string run = test::next_run();
  ConnectionCount connections(shared_upstream());
  auto config = test::upstream_config(shared_upstream().raw_base_url(), &clock);
  config.keep_alive_idle = Millis(1);
  Client client(config);
  REQUIRE(client.get("/framing/ok", {{"run", run}}, {}).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // past keep_alive_idle
  REQUIRE(client.get("/framing/ok", {{"run", run}, {"n", "2"}}, {}).ok());
  CHECK(connections.since_start() == 2);
}
