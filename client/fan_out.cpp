#include "client/fan_out.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>

#include "client/client_impl.hpp"

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
  std::vector<std::thread> workers;
  workers.reserve(extra);
  if (!failure) {
    for (std::size_t w = 0; w < extra; ++w) {
      try {
        workers.emplace_back(work);
      } catch (const std::system_error&) {
        break;  // no thread to be had: the workers already started (and this one) do the rest
      }
    }
    work();
  }
  for (auto& worker : workers) worker.join();
  if (failure) std::rethrow_exception(failure);
  return std::min(count, next.load());
}

}  // namespace ca::api
