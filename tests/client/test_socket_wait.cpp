// The wire layer's one blocking wait (client/socket_wait.hpp) and the cancellation token's wake-up descriptor it
// polls beside the socket.
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <thread>

#include "client/socket_wait.hpp"
#include "common/cancellation.hpp"

namespace {

using ca::CancellationToken;
using ca::api::wait_for_socket;
using ca::api::WaitResult;

bool readable_now(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) == 1 && (p.revents & POLLIN) != 0;
}

// The system call a thread of this process is in, from /proc (-1 when it is running or cannot be read).
long current_syscall(pid_t tid) {
  std::ifstream file("/proc/self/task/" + std::to_string(tid) + "/syscall");
  long number = -1;
  if (!(file >> number)) return -1;
  return number;
}

// Waits (by event, not by time: it yields until /proc shows the thread in poll) for a thread to block in poll(2).
bool wait_until_in_poll(const std::atomic<pid_t>& tid) {
  for (long attempt = 0; attempt < 2'000'000; ++attempt) {  // a bound, not a timing: reached only if it never blocks
    if (tid != 0 && current_syscall(tid) == SYS_poll) return true;
    std::this_thread::yield();
  }
  return false;
}

struct SocketPair {
  SocketPair() { REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0); }
  ~SocketPair() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
  int fds[2] = {-1, -1};
};

}  // namespace

TEST_CASE("a cancellation token's wake-up descriptor turns readable at the cancel and stays so", "[socket_wait]") {
  const CancellationToken token;
  const int fd = token.wake_fd();
  REQUIRE(fd >= 0);
  CHECK_FALSE(readable_now(fd));
  const CancellationToken copy = token;
  CHECK(copy.wake_fd() == fd);  // one descriptor per token, shared by its copies
  copy.cancel();
  CHECK(readable_now(fd));
  CHECK(readable_now(fd));  // never read, so every later wait sees it too

  const CancellationToken already;
  already.cancel();
  const int made_after = already.wake_fd();
  REQUIRE(made_after >= 0);
  CHECK(made_after != fd);
  CHECK(readable_now(made_after));  // made after the cancel, born readable
}

TEST_CASE("an uncancelled token's wake-up descriptor goes to a later token, still unreadable", "[socket_wait]") {
  int first = -1;
  {
    const CancellationToken token;
    first = token.wake_fd();
    REQUIRE(first >= 0);
  }
  CHECK(::fcntl(first, F_GETFD) != -1);  // outlived its token: kept, not closed
  const CancellationToken next;
  CHECK(next.wake_fd() == first);  // no new eventfd: the spare one
  CHECK_FALSE(readable_now(next.wake_fd()));
  next.cancel();
  CHECK(readable_now(next.wake_fd()));
}

TEST_CASE("a cancelled token's wake-up descriptor is closed, never handed to another token", "[socket_wait]") {
  int cancelled_fd = -1;
  {
    const CancellationToken token;
    cancelled_fd = token.wake_fd();
    REQUIRE(cancelled_fd >= 0);
    token.cancel();
  }
  errno = 0;
  // Closed with its token. (A thread of an earlier test opening a descriptor just now could take the number back:
  // resolver threads are detached; unlikely enough for a check.)
  CHECK(::fcntl(cancelled_fd, F_GETFD) == -1);
  CHECK(errno == EBADF);
  // A spare descriptor from an earlier test may come first; none of the tokens may see a readable one, and the
  // cancelled descriptor is closed (its number may come back only as a new, unreadable eventfd).
  for (int i = 0; i < 20; ++i) {
    const CancellationToken later;
    const int fd = later.wake_fd();
    REQUIRE(fd >= 0);
    CHECK_FALSE(readable_now(fd));
  }
}

TEST_CASE("a socket wait blocked in poll ends Cancelled at the cancel, not at its next wake-up", "[socket_wait]") {
  const SocketPair pair;
  const CancellationToken token;
  std::atomic<pid_t> waiter_tid{0};
  WaitResult result = WaitResult::Ready;
  std::thread waiter([&] {
    waiter_tid = static_cast<pid_t>(::syscall(SYS_gettid));
    result = wait_for_socket(pair.fds[0], POLLIN, std::chrono::steady_clock::now() + std::chrono::hours(1), token);
  });
  // Cancel only once the waiter sleeps in poll(2), so that only the wake-up descriptor can end the wait: without
  // it, the wait would last until its next look at the token, kLongestPoll (60 s) later.
  const bool seen_in_poll = wait_until_in_poll(waiter_tid);
  const auto cancelled_at = std::chrono::steady_clock::now();
  token.cancel();
  waiter.join();
  CHECK(seen_in_poll);
  CHECK(result == WaitResult::Cancelled);
  CHECK(std::chrono::steady_clock::now() - cancelled_at < ca::api::kLongestPoll / 2);
}

TEST_CASE("a socket wait reports Ready for data and TimedOut at its deadline", "[socket_wait]") {
  const SocketPair pair;
  const CancellationToken token;
  CHECK(wait_for_socket(pair.fds[0], POLLIN, std::chrono::steady_clock::now(), token) == WaitResult::TimedOut);
  REQUIRE(::write(pair.fds[1], "x", 1) == 1);
  CHECK(wait_for_socket(pair.fds[0], POLLIN, std::chrono::steady_clock::now() + std::chrono::hours(1), token) ==
        WaitResult::Ready);
  CHECK(wait_for_socket(pair.fds[0], POLLOUT, std::chrono::steady_clock::now() + std::chrono::hours(1), token) ==
        WaitResult::Ready);
}
