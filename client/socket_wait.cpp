#include "client/socket_wait.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>

namespace ca::api {

WaitResult wait_for_socket(int fd, short events, SteadyTime until, const CancellationToken& cancel) {
  while (true) {
    if (cancel.cancelled()) return WaitResult::Cancelled;
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) return WaitResult::TimedOut;
    // Round up, so a wait of 0.3 ms is not a busy loop of zero-timeout polls.
    const auto left = std::chrono::ceil<Millis>(until - now);
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(std::min(left, kCancelCheckSlice).count()));
    if (n > 0) return WaitResult::Ready;
    if (n < 0 && errno != EINTR) return WaitResult::Failed;
  }
}

}  // namespace ca::api
