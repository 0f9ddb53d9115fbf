#pragma once
// Bounded parallel fan-out: the one way a call sends independent requests (batch chunks, handle lookups,
// per-item reads) at once. At most config().max_parallel_requests run together; every request still goes through
// Client's transport loop, so each takes its own request slot and rate-budget slot like any other request, and a
// burst never goes past the budget's Remaining. Results come back in input order whatever the finishing order.
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "client/client.hpp"

namespace ca::api {

// Runs task(0) ... task(count - 1), at most `max_parallel` at once (the calling thread runs some of them), and
// returns once every started task has ended. Tasks start in index order; once options.cancel fires or
// options.deadline passes (on `clock`), no further task starts, so the tasks that ran are [0, returned value).
// While the rate budget is still unknown (no response has told it yet), task 0 runs alone first, so that its
// answer sizes the budget before the rest go out together. An exception from a task is rethrown here after
// the others have ended.
std::size_t run_parallel(std::size_t count, std::size_t max_parallel, bool budget_known, const CallOptions& options,
                         const Clock& clock, const std::function<void(std::size_t index)>& task);

// The error a task that never started stands for: Cancelled or DeadlineExceeded.
ApiError not_started_error(const CallOptions& options);

// The generic client API for the tools: runs request(i) for i in [0, count) through `client` with its
// max_parallel_requests and rate budget, and returns the results in input order. Requests that never started
// (cancellation, deadline) carry not_started_error().
template <class T>
std::vector<Result<T>> parallel_requests(Client& client, std::size_t count, const CallOptions& options,
                                         const std::function<Result<T>(std::size_t index)>& request) {
  std::vector<std::optional<Result<T>>> slots(count);
  const std::size_t started = run_parallel(
      count, static_cast<std::size_t>(client.config().max_parallel_requests), client.rate_budget().remaining.has_value(),
      options, *client.config().clock, [&](std::size_t i) { slots[i].emplace(request(i)); });
  std::vector<Result<T>> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (i < started && slots[i]) out.push_back(std::move(*slots[i]));
    else out.push_back(not_started_error(options));
  }
  return out;
}

}  // namespace ca::api
