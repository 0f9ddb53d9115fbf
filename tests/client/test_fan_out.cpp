// The bounded parallel fan-out (issue 14): batch-metrics chunks go out at most max_parallel_requests at once, each
// through the rate budget, with results in input order; a failing chunk is reported alone; cancellation and the
// deadline stop every branch. The upstream is canned and gated on events (requests in flight), never on sleeps.
#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "client/client.hpp"
#include "client/fan_out.hpp"
#include "client/helper_threads.hpp"
#include "client/transport.hpp"
#include "sandbox_fixture.hpp"

using namespace ca;
using namespace ca::api;

namespace {

std::string nth_uuid(int n) {
  char text[40];
  std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012d", n);
  return text;
}

std::vector<std::string> uuids(int count) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) out.push_back(nth_uuid(i));
  return out;
}

ClientConfig canned_config(FakeClock& clock, int max_parallel) {
  ClientConfig c;
  c.base_url = "https://api.example.test/v2";
  c.api_key = "canned-test-key";
  c.clock = &clock;
  c.max_attempts = 1;
  c.max_parallel_requests = max_parallel;
  return c;
}

// Answers POST /accounts/metrics with one row per asked id. Every request after the first (the budget probe)
// waits, up to 5 s, until `peak` requests have been in flight together, so a fan-out that does not run them in
// parallel shows up as a smaller peak (and a slow test), never as a flaky one.
struct GatedMetricsUpstream {
  std::mutex mutex;
  std::condition_variable changed;
  int in_flight = 0, max_in_flight = 0, requests = 0;
  int peak = 1;
  std::vector<std::string> events;  // "arrive" / "answer", in order
  std::function<void(int request_number)> on_request;

  CannedResponse operator()(const AttemptRequest& request) {
    int number = 0;
    {
      std::unique_lock lock(mutex);
      number = ++requests;
      ++in_flight;
      max_in_flight = std::max(max_in_flight, in_flight);
      events.push_back("arrive");
      changed.notify_all();
      if (number > 1) changed.wait_for(lock, std::chrono::seconds(5), [&] { return max_in_flight >= peak; });
    }
    if (on_request) on_request(number);
    CannedResponse r;
    r.headers.add("X-RateLimit-Limit", "1000");
    r.headers.add("X-RateLimit-Remaining", "900");
    Json data = Json::object();
    const Json asked = Json::parse(request.body);
    for (const auto& id : asked["account_ids"]) data[id.get<std::string>()] = {{"views", 1}};
    r.body = dump_compact(Json{{"data", data}, {"meta", {{"period", "30d"}, {"not_found", Json::array()}}}});
    std::lock_guard lock(mutex);
    --in_flight;
    events.push_back("answer");
    return r;
  }
};

}  // namespace

TEST_CASE("batch chunks run max_parallel_requests at once after one budget probe, rows in asked order",
          "[client][fanout][canned]") {
  const int parallel = GENERATE(2, 4);
  FakeClock clock;
  auto upstream = std::make_shared<GatedMetricsUpstream>();
  upstream->peak = parallel;
  Client client(canned_config(clock, parallel),
                make_canned_transport([upstream](const AttemptRequest& r) { return (*upstream)(r); }));
  const auto ids = uuids(1000);
  auto result = client.account_metrics(ids, MetricsWindow{}, {});
  REQUIRE(result.ok());
  CHECK(result.value().requests == 5);
  CHECK(upstream->requests == 5);
  CHECK(upstream->max_in_flight == parallel);  // never more than the setting, and that many once the budget is known
  // The first request (the budget is unknown) is answered before any other is sent.
  REQUIRE(upstream->events.size() >= 2);
  CHECK(upstream->events[0] == "arrive");
  CHECK(upstream->events[1] == "answer");
  REQUIRE(result.value().rows.size() == ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) CHECK(result.value().rows[i].first == ids[i]);
}

TEST_CASE("one failing chunk among parallel ones is reported with its ids, the others' rows kept",
          "[client][fanout][canned]") {
  FakeClock clock;
  std::atomic<int> requests{0};
  Client client(canned_config(clock, 4), make_canned_transport([&](const AttemptRequest& request) {
                  ++requests;
                  const Json asked = Json::parse(request.body)["account_ids"];
                  CannedResponse r;
                  if (asked[0] == nth_uuid(400)) {  // the third chunk
                    r.status = 400;
                    r.body = R"({"code":"VALIDATION_ERROR","title":"Bad Request","detail":"no."})";
                    return r;
                  }
                  Json data = Json::object();
                  for (const auto& id : asked) data[id.get<std::string>()] = {{"views", 1}};
                  r.body = dump_compact(Json{{"data", data}});
                  return r;
                }));
  auto result = client.account_metrics(uuids(1000), MetricsWindow{}, {});
  REQUIRE(result.ok());
  CHECK(requests == 5);
  REQUIRE(result.value().failures.size() == 1);
  CHECK(result.value().failures[0].ids.front() == nth_uuid(400));
  CHECK(result.value().failures[0].ids.back() == nth_uuid(599));
  CHECK(result.value().failures[0].error.status == 400);
  REQUIRE(result.value().rows.size() == 800);
  CHECK(result.value().rows[399].first == nth_uuid(399));
  CHECK(result.value().rows[400].first == nth_uuid(600));
}

TEST_CASE("cancellation during a fan-out starts no further chunk and ends the call as cancelled",
          "[client][fanout][canned]") {
  FakeClock clock;
  auto upstream = std::make_shared<GatedMetricsUpstream>();
  CallOptions options;
  upstream->on_request = [&](int number) {
    if (number == 2) options.cancel.cancel();
  };
  Client client(canned_config(clock, 2),
                make_canned_transport([upstream](const AttemptRequest& r) { return (*upstream)(r); }));
  auto result = client.account_metrics(uuids(1000), MetricsWindow{}, options);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == ErrorKind::Cancelled);
  // The probe, the cancelling request, and at most the one other branch already under way: not all 5.
  CHECK(upstream->requests <= 3);
}

TEST_CASE("the call's deadline passing during a fan-out starts no further chunk", "[client][fanout][canned]") {
  FakeClock clock;
  auto upstream = std::make_shared<GatedMetricsUpstream>();
  upstream->on_request = [&](int number) {
    if (number == 2) clock.advance(Millis(60'000));
  };
  CallOptions options;
  options.deadline = clock.now() + Millis(30'000);
  Client client(canned_config(clock, 2),
                make_canned_transport([upstream](const AttemptRequest& r) { return (*upstream)(r); }));
  auto result = client.account_metrics(uuids(1000), MetricsWindow{}, options);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == ErrorKind::DeadlineExceeded);
  CHECK(upstream->requests <= 3);
}

TEST_CASE("parallel_requests returns results in input order and marks the ones never started",
          "[client][fanout]") {
  FakeClock clock;
  Client client(canned_config(clock, 3), make_canned_transport([](const AttemptRequest&) { return CannedResponse{}; }));
  CallOptions options;
  std::atomic<int> ran{0};
  const auto results = parallel_requests<int>(client, 20, options, [&](std::size_t i) -> Result<int> {
    if (++ran == 7) options.cancel.cancel();
    return static_cast<int>(i) * 10;
  });
  REQUIRE(results.size() == 20);
  int started = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (results[i].ok()) {
      CHECK(results[i].value() == static_cast<int>(i) * 10);
      CHECK(static_cast<int>(i) == started++);  // the ones that ran are a prefix
    } else {
      CHECK(results[i].error().kind == ErrorKind::Cancelled);
    }
  }
  CHECK(started == ran.load());
  CHECK(started >= 7);
  CHECK(started <= 7 + 2);  // at most the other branches already past their check
}

TEST_CASE("an exception in one branch reaches the caller after every branch ended", "[client][fanout]") {
  FakeClock clock;
  std::atomic<int> finished{0};
  CHECK_THROWS_AS(run_parallel(8, 4, true, CallOptions{}, clock,
                               [&](std::size_t i) {
                                 if (i == 3) throw std::runtime_error("branch 3");
                                 ++finished;
                               }),
                  std::runtime_error);
  CHECK(finished <= 7);
}

TEST_CASE("parallel batch chunks under a tight sandbox rate limit never draw a 429", "[client][fanout][sandbox][rate]") {
  test::SandboxFixture fx;
  fx.sandbox.set_rate_limit(3, 60);
  auto config = fx.config();
  config.max_parallel_requests = 4;
  Client client(config);
  auto ids = uuids(995);
  ids.push_back(fx.sandbox.first_account_id());
  auto result = client.account_metrics(ids, MetricsWindow{}, {});
  REQUIRE(result.ok());
  CHECK(result.value().failures.empty());
  CHECK(result.value().requests == 5);
  const auto log = fx.sandbox.request_log();
  CHECK(log.size() == 5);
  int limited = 0;
  for (const auto& entry : log) limited += entry.status == 429;
  CHECK(limited == 0);
  CHECK(result.value().rows.size() + result.value().not_found.size() == ids.size());
  test::record_requests("1,000 ids in 5 parallel chunks under a limit of 3 per 60 s", log.size());
}

namespace {

// Threads of this process now, from /proc.
std::size_t thread_count() {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) ++count;
  return count;
}

// Four branches that all wait until all four run, so that run_parallel must give three to helper threads; returns
// the process's thread count while all four ran.
std::size_t run_four_together(const Clock& clock) {
  std::mutex mutex;
  std::condition_variable all_in;
  int arrived = 0;
  bool met = true;
  std::size_t threads_meanwhile = 0;
  run_parallel(4, 4, true, CallOptions{}, clock, [&](std::size_t) {
    std::unique_lock lock(mutex);
    if (++arrived == 4) threads_meanwhile = thread_count();
    all_in.notify_all();
    if (!all_in.wait_for(lock, std::chrono::seconds(30), [&] { return arrived == 4; })) met = false;
  });
  CHECK(met);
  return threads_meanwhile;
}

}  // namespace

TEST_CASE("a fan-out's helper threads are kept for the next one, which starts no thread", "[client][fanout]") {
  FakeClock clock;
  run_four_together(clock);
  // The helpers go idle just after the fan-out returns: wait for that (a bound for a failing run, not a timing).
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (idle_helper_threads() < 3 && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
  REQUIRE(idle_helper_threads() >= 3);
  const std::size_t threads_before = thread_count();
  // Started threads would be alive while all four branches run; kept ones were already counted before.
  CHECK(run_four_together(clock) <= threads_before);  // not ==: a thread of an earlier test may have ended
}
