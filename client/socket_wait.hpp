#pragma once
// The one place the wire layer blocks: waiting for a socket to become readable or writable, bounded by an
// absolute deadline on the real steady clock and ended promptly by cancellation.
//
// Cancellation is noticed by waking every kCancelCheckSlice rather than through a wake-up fd: the shared
// CancellationToken (common/) has no fd to poll, giving it one would put a pipe or eventfd behind every token the
// server creates (one per tool call, most of which never touch a socket), and a 20 ms slice costs a blocked call
// about 50 wake-ups a second while bounding the time to notice a cancellation by 20 ms, well inside the 1 s the
// server promises.
#include <chrono>

#include "common/cancellation.hpp"
#include "common/clock.hpp"

namespace ca::api {

inline constexpr Millis kCancelCheckSlice{20};

enum class WaitResult { Ready, TimedOut, Cancelled, Failed };

// `events` are poll(2) events (POLLIN, POLLOUT). Ready also when the socket is closed or in error: the read or
// write that follows will say what happened.
WaitResult wait_for_socket(int fd, short events, SteadyTime until, const CancellationToken& cancel);

}  // namespace ca::api
