// The shared rate budget: a burst from several threads through one client stays inside a tight window.
#include <catch2/catch.hpp>
#include <thread>

#include "sandbox_fixture.hpp"

using namespace ca;
using namespace ca::api;

TEST_CASE("a concurrent burst under a tight window completes with no 429", "[client][sandbox][rate]") {
  test::SandboxFixture fx;
  fx.sandbox.set_rate_limit(10, 10);
  auto config = fx.config();
  config.pacing_reserve = 5;
  Client client(config);
  constexpr int kThreads = 4, kCallsPerThread = 10;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kCallsPerThread; ++i)
        if (!client.whoami({}).ok()) ++failures;
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(failures == 0);
  const auto log = fx.sandbox.request_log();
  CHECK(log.size() == kThreads * kCallsPerThread);
  int limited = 0;
  for (const auto& entry : log) limited += entry.status == 429;
  CHECK(limited == 0);
  CHECK(fx.clock.total_slept() > Millis(0));  // it had to pace to get there
  test::record_requests("burst of 40 calls on 4 threads, limit 10 per 10 s", log.size());
}

TEST_CASE("the budget reflects the last response's headers", "[client][sandbox][rate]") {
  test::SandboxFixture fx;
  fx.sandbox.set_rate_limit(50, 60);
  Client client(fx.config());
  REQUIRE(client.whoami({}).ok());
  auto budget = client.rate_budget();
  REQUIRE(budget.limit);
  CHECK(*budget.limit == 50);
  REQUIRE(budget.remaining);
  CHECK(*budget.remaining == 49);
  REQUIRE(budget.reset_epoch_seconds);
  CHECK(*budget.reset_epoch_seconds > std::chrono::duration_cast<std::chrono::seconds>(
                                          fx.clock.wall_now().time_since_epoch()).count());
}
