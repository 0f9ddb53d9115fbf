#include "client/socket_wait.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>

namespace ca::api {

WaitResult wait_for_socket(int fd, short events, SteadyTime until, const CancellationToken& cancel) {
  int wake = cancel.wake_fd();
  while (true) {
    if (cancel.cancelled()) return WaitResult::Cancelled;
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) return WaitResult::TimedOut;
    // Round up, so a wait of 0.3 ms is not a busy loop of zero-timeout polls.
    const auto left = std::chrono::ceil<Millis>(until - now);
    const Millis slice = wake >= 0 ? kLongestPoll : kCancelCheckSlice;
    pollfd p[2] = {{fd, events, 0}, {wake, POLLIN, 0}};
    const int n = ::poll(p, wake >= 0 ? 2 : 1, static_cast<int>(std::min(left, slice).count()));
    if (n > 0 && p[0].revents != 0) return WaitResult::Ready;
    if (n < 0 && errno != EINTR) return WaitResult::Failed;
    // A wake-up descriptor in error, or readable while the token is not cancelled (it cannot be, unless a forked
    // child shares a recycled one), would make every poll return at once: look at the token every slice instead.
    if (wake >= 0 && p[1].revents != 0 && ((p[1].revents & (POLLERR | POLLNVAL)) != 0 || !cancel.cancelled())) {
      wake = -1;
    }
    // Otherwise a timeout, EINTR or the wake-up descriptor: the top of the loop says which.
  }
}

}  // namespace ca::api
