// The worker pool (server/worker_pool.hpp): every accepted job runs, the backlog is bounded, and calls that come one
// after another are served by one worker. Jobs hold workers with latches, never sleeps.
#include <catch2/catch.hpp>

#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "server/worker_pool.hpp"
#include "test_support.hpp"

using ca::server::WorkerPool;
using ca::test::Event;

namespace {

// Counts arrivals; wait_for(n) returns once n have arrived.
class Arrivals {
 public:
  void arrive() {
    {
      std::lock_guard lock(mutex_);
      ++count_;
    }
    changed_.notify_all();
  }
  void wait_for(int n) {
    std::unique_lock lock(mutex_);
    REQUIRE(changed_.wait_for(lock, ca::test::kSafetyTimeout, [&] { return count_ >= n; }));
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int count_ = 0;
};

// Has each of the pool's `workers` run one job at the same time, then waits until all are back on the idle stack:
// the state of a server that has served a while.
void run_every_worker_once(WorkerPool& pool, int workers) {
  Event gate;
  Arrivals started;
  for (int i = 0; i < workers; ++i) REQUIRE(pool.try_submit([&] {
    started.arrive();
    gate.wait();
  }));
  started.wait_for(workers);
  gate.set();
  REQUIRE(pool.wait_idle_for(ca::test::kSafetyTimeout));
}

}  // namespace

TEST_CASE("the pool takes workers + queue_limit jobs, refuses the next, and runs every one it took", "[pool]") {
  WorkerPool pool(3, 2);
  Event gate;
  Arrivals started;
  std::mutex mutex;
  int finished = 0;
  const auto job = [&] {
    started.arrive();
    gate.wait();
    std::lock_guard lock(mutex);
    ++finished;
  };
  for (int i = 0; i < 5; ++i) REQUIRE(pool.try_submit(job));
  started.wait_for(3);  // three run and two wait in the queue
  CHECK_FALSE(pool.try_submit(job));
  gate.set();
  REQUIRE(pool.wait_idle_for(ca::test::kSafetyTimeout));
  {
    std::lock_guard lock(mutex);
    CHECK(finished == 5);
  }
  CHECK(pool.try_submit(job));  // room again once they finished
  REQUIRE(pool.wait_idle_for(ca::test::kSafetyTimeout));
}

TEST_CASE("calls that come one after another all run on one worker", "[pool]") {
  WorkerPool pool(4, 4);
  run_every_worker_once(pool, 4);  // all four started and on the idle stack

  std::mutex mutex;
  std::set<std::thread::id> ran_on;
  for (int i = 0; i < 20; ++i) {
    REQUIRE(pool.try_submit([&] {
      std::lock_guard lock(mutex);
      ran_on.insert(std::this_thread::get_id());
    }));
    REQUIRE(pool.wait_idle_for(ca::test::kSafetyTimeout));
  }
  std::lock_guard lock(mutex);
  CHECK(ran_on.size() == 1);
}

TEST_CASE("a call submitted while the last one's worker is finishing waits for that worker", "[pool]") {
  WorkerPool pool(2, 2);
  run_every_worker_once(pool, 2);

  // The first call is about to answer, then is held (as if preempted by the client its answer woke) until
  // `release`.
  Event answered, release;
  std::thread::id first_on, second_on;
  REQUIRE(pool.try_submit([&] {
    first_on = std::this_thread::get_id();
    WorkerPool::job_finishing();
    answered.set();
    release.wait();
  }));
  answered.wait();
  Event second_ran;
  REQUIRE(pool.try_submit([&] {
    second_on = std::this_thread::get_id();
    second_ran.set();
  }));
  CHECK(pool.idle_workers() == 1);  // the other worker was left asleep
  release.set();
  second_ran.wait();
  REQUIRE(pool.wait_idle_for(ca::test::kSafetyTimeout));
  CHECK(second_on == first_on);  // the idle worker was not woken for it
}

TEST_CASE("calls beyond the finishing workers still wake idle ones at once", "[pool]") {
  WorkerPool pool(2, 2);
  run_every_worker_once(pool, 2);

  Event answered, release, third_ran, checked;
  // Declared after the pool, so destroyed first: a failed check below still lets the held jobs end.
  const struct Releaser {
    Event& release;
    Event& checked;
    ~Releaser() {
      checked.set();
      release.set();
    }
  } releaser{release, checked};
  REQUIRE(pool.try_submit([&] {
    WorkerPool::job_finishing();
    WorkerPool::job_finishing();  // a second time in one job counts once
    answered.set();
    release.wait();
  }));
  answered.wait();
  int ran = 0;
  REQUIRE(pool.try_submit([&] { ++ran; }));
  CHECK(pool.idle_workers() == 1);  // one call per finishing worker waits for it
  // The third call holds its worker until the count below is read, so that worker cannot be idle again by then.
  REQUIRE(pool.try_submit([&] {
    third_ran.set();
    checked.wait();
  }));
  CHECK(pool.idle_workers() == 0);  // the next one woke the idle worker, which runs both queued calls
  third_ran.wait();                 // while the first is still held
  checked.set();
  release.set();
  REQUIRE(pool.wait_idle_for(ca::test::kSafetyTimeout));
  CHECK(ran == 1);
}

TEST_CASE("job_finishing outside a pool's worker does nothing", "[pool]") {
  WorkerPool::job_finishing();
  WorkerPool pool(1, 0);
  bool ran = false;
  REQUIRE(pool.try_submit([&] { ran = true; }));
  REQUIRE(pool.wait_idle_for(ca::test::kSafetyTimeout));
  CHECK(ran);
}

TEST_CASE("a pool being destroyed first finishes every job it accepted", "[pool]") {
  std::mutex mutex;
  int finished = 0;
  Event gate;
  {
    WorkerPool pool(1, 3);
    for (int i = 0; i < 4; ++i) REQUIRE(pool.try_submit([&] {
      gate.wait();
      std::lock_guard lock(mutex);
      ++finished;
    }));
    gate.set();
  }
  CHECK(finished == 4);
}
