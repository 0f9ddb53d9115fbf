#include "client/fan_out.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>

#include "client/client_impl.hpp"
#include "client/helper_threads.hpp"

namespace ca::api {

ApiError not_started_error(const CallOptions& options) {
  if (options.cancel.cancelled()) return local_error(ErrorKind::Cancelled, "cancelled by the caller");
  return local_error(ErrorKind::DeadlineExceeded, "the call's deadline passed before this request was sent");
}

std::size_t run_parallel(std::size_t count, std::size_t max_parallel, bool budget_known, const CallOptions& options,
                         const Clock& clock, const std::function<void(std::size_t index)>& task) {
  const auto stopped = [&] { return options.cancel.cancelled() || clock.now() >= options.deadline; };
  std::atomic<std::size_t> next{0};
  std::mutex failure_mutex;
  std::exception_ptr failure;
  // Each worker takes the next index until none is left, the call is stopped, or a task threw.
  const auto work = [&] {
    while (true) {
      {
        std::lock_guard lock(failure_mutex);
        if (failure) return;
      }
      if (stopped()) return;
      const std::size_t i = next.fetch_add(1);
      if (i >= count) return;
      try {
        task(i);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        return;
      }
    }
  };
  // A probe while the budget is unknown: without it, max_parallel requests could spend a budget of fewer.
  if (!budget_known && count > 1 && max_parallel > 1 && !stopped()) {
    next = 1;
    try {
      task(0);
    } catch (...) {
      failure = std::current_exception();
    }
  }
  const std::size_t remaining = count - std::min(count, next.load());
  const std::size_t extra = std::min(std::max<std::size_t>(max_parallel, 1), remaining) - (remaining > 0 ? 1 : 0);
  if (!failure) {
    // The helper threads use this frame (work, next, failure, the task) until their job ends: the destructor waits
    // for them, before its members go, also if this thread's own share throws.
    struct Helpers {
      std::mutex mutex;
      std::condition_variable done;
      std::size_t running = 0;
      std::function<void()> job;
      ~Helpers() {
        std::unique_lock lock(mutex);
        done.wait(lock, [&] { return running == 0; });
      }
    } helpers;
    if (extra > 0) {
      helpers.job = [&] {  // two references: stored in the std::function itself, no allocation
        work();
        std::lock_guard lock(helpers.mutex);
        --helpers.running;
        helpers.done.notify_all();  // under the lock: once it is released, this frame may be gone
      };
      std::lock_guard lock(helpers.mutex);  // held until the count is set: a helper may end before that
      // With no thread to be had, fewer helpers run, and they and this thread do the rest.
      helpers.running = run_on_helper_threads(extra, helpers.job);
    }
    work();
  }
  if (failure) std::rethrow_exception(failure);
  return std::min(count, next.load());
}

}  // namespace ca::api
