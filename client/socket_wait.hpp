#pragma once
// The one place the wire layer blocks: waiting for a socket to become readable or writable, bounded by an
// absolute deadline on the real steady clock and ended at once by cancellation, through the token's wake-up
// descriptor polled beside the socket. A blocked call therefore sleeps until something happens: it used to wake
// every 20 ms to look at the token, which cost a context switch each time (two or three per request to a local
// upstream, dozens for a slow one). Only when no wake-up descriptor can be made (descriptors exhausted), or it
// reports an error, does it fall back to looking every kCancelCheckSlice.
#include <chrono>

#include "common/cancellation.hpp"
#include "common/clock.hpp"

namespace ca::api {

inline constexpr Millis kCancelCheckSlice{20};
// The longest single poll(2) when the token can wake it: poll takes an int of milliseconds; the deadline loop
// continues past it.
inline constexpr Millis kLongestPoll{60'000};

enum class WaitResult { Ready, TimedOut, Cancelled, Failed };

// `events` are poll(2) events (POLLIN, POLLOUT). Ready also when the socket is closed or in error: the read or
// write that follows will say what happened.
WaitResult wait_for_socket(int fd, short events, SteadyTime until, const CancellationToken& cancel);

}  // namespace ca::api
