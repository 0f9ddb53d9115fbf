#pragma once
// Threads kept for run_parallel's branches (client/fan_out.hpp), so that a fan-out does not start and end threads
// on every call. A thread per branch per call cost a clone and an exit each, and glibc hands an exited thread's
// stack back to the kernel, so the next call's threads faulted their stacks in again: 20–58 page faults per
// 1,000-id get_metrics, at 16–24 µs each on the VM measured (docs/performance.md, "Seventh pass").
#include <cstddef>
#include <functional>

namespace ca::api {

// Runs `job` on `count` helper threads at once (kept idle ones first, new ones when none is idle) and returns how
// many took it, fewer only when no thread could be started. Every job must end; wait for them yourself (the
// caller of run_parallel waits for its branches). At most kMaxIdleHelperThreads idle threads are kept; a thread
// finding that many already idle ends.
std::size_t run_on_helper_threads(std::size_t count, const std::function<void()>& job);

inline constexpr std::size_t kMaxIdleHelperThreads = 16;

// Helper threads idle now (for tests).
std::size_t idle_helper_threads();

}  // namespace ca::api
