#pragma once
// The trickle fault's writer: a complete HTTP response sent straight to the connection's socket a few bytes at a
// time, with a real pause between writes (a FakeClock cannot slow a socket). The pauses are bounded by
// TrickleOptions::max_duration and end early when `pause` says the server is stopping; either way the rest of
// the response then goes out at once, so every trickled response is complete.
#include <cstddef>
#include <functional>
#include <string>

#include "common/clock.hpp"
#include "sandbox/sandbox.hpp"

namespace ca::sandbox {

struct TrickleResult {
  bool complete = false;  // false: the peer went away (or the socket failed) before the last byte
  std::size_t writes = 0;
};

// `head` is the status line and headers including the blank line; `body` follows. `pause(d)` waits up to d and
// returns false when the trickle should stop pausing.
TrickleResult write_trickled(int fd, const std::string& head, const std::string& body, const TrickleOptions& options,
                             const std::function<bool(ca::Millis)>& pause);

}  // namespace ca::sandbox
