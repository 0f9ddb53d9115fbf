#pragma once
// Threads kept for run_parallel's branches (client/fan_out.hpp), so that a fan-out does not start and end threads
// on every call. A thread per branch per call cost a clone and an exit each, and glibc hands an exited thread's
// stack back to the kernel, so the next call's threads faulted their stacks in again: 20–58 page faults per
// 1,000-id get_metrics, at 16–24 µs each on the VM measured (docs/performance.md, "Seventh pass").
//
// A kept thread keeps what its thread-local buffers hold (the socket read buffer, simdjson's parser, sized for the
// largest body it parsed up to 256 KiB), hence the small bound on idle threads. Not fork-safe: a child would count
// idle threads it does not have (the server never forks).
#include <cstddef>
#include <functional>

namespace ca::api {

inline constexpr std::size_t kMaxIdleHelperThreads = 4;

// Runs `job` on `count` helper threads at once (idle ones first, the one idle last first; new ones when none is
// idle) and returns how many took it: fewer only when no thread could be started. `job` is not copied: it must
// outlive every run of it, so wait for them all before it goes (run_parallel does). A thread that finds
// kMaxIdleHelperThreads already idle ends.
std::size_t run_on_helper_threads(std::size_t count, const std::function<void()>& job) noexcept;

// Helper threads idle now (for tests).
std::size_t idle_helper_threads();

}  // namespace ca::api
