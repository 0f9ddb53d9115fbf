#include "common/cancellation.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <vector>

namespace ca {
namespace {

// Wake-up descriptors of tokens that are gone and were never cancelled (so their counters are zero), kept for the
// next tokens: making and closing an eventfd were two of the twenty system calls of every API request (2.9 µs
// together in a loop; 4.7 % of a one-row call's samples: docs/performance.md, "Sixth pass"). Bounded: past this
// many spare ones, a descriptor is closed.
constexpr std::size_t kMaxSpareWakeFds = 16;

struct SpareWakeFds {
  std::mutex mutex;
  std::vector<int> fds;
};

SpareWakeFds& spare_wake_fds() {
  static auto* spare = new SpareWakeFds;  // never destroyed: tokens may outlive static destruction
  return *spare;
}

int take_wake_fd() {
  auto& spare = spare_wake_fds();
  {
    std::lock_guard lock(spare.mutex);
    if (!spare.fds.empty()) {
      const int fd = spare.fds.back();
      spare.fds.pop_back();
      return fd;
    }
  }
  return ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

void give_back_wake_fd(int fd) {
  auto& spare = spare_wake_fds();
  {
    std::lock_guard lock(spare.mutex);
    if (spare.fds.size() < kMaxSpareWakeFds) {
      spare.fds.push_back(fd);
      return;
    }
  }
  ::close(fd);
}

}  // namespace

struct CancellationToken::State {
  State() = default;
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  ~State() {
    if (wake_fd < 0) return;
    // Only cancel() writes to the descriptor, and it sets `cancelled` first: an uncancelled token's counter is
    // zero, so the next token gets a descriptor that is not readable. No copy of this token is left to cancel it.
    if (cancelled) {
      ::close(wake_fd);
    } else {
      give_back_wake_fd(wake_fd);
    }
  }

  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  bool cancelled = false;
  int wake_fd = -1;  // an eventfd, made on demand; its counter is non-zero once cancelled
};

namespace {

void signal_wake_fd(int fd) {
  const std::uint64_t one = 1;
  // Cannot fail in a way that matters: the counter only has to be non-zero, and it already is if this overflows.
  [[maybe_unused]] const auto written = ::write(fd, &one, sizeof one);
}

}  // namespace

CancellationToken::CancellationToken() : state_(std::make_shared<State>()) {}

void CancellationToken::cancel() const {
  {
    std::lock_guard lock(state_->mutex);
    state_->cancelled = true;
    if (state_->wake_fd >= 0) signal_wake_fd(state_->wake_fd);
  }
  state_->changed.notify_all();
}

bool CancellationToken::cancelled() const {
  std::lock_guard lock(state_->mutex);
  return state_->cancelled;
}

bool CancellationToken::wait_for(std::chrono::milliseconds d) const {
  std::unique_lock lock(state_->mutex);
  return state_->changed.wait_for(lock, d, [&] { return state_->cancelled; });
}

int CancellationToken::wake_fd() const {
  std::lock_guard lock(state_->mutex);
  if (state_->wake_fd < 0) {
    state_->wake_fd = state_->cancelled ? ::eventfd(1, EFD_CLOEXEC | EFD_NONBLOCK) : take_wake_fd();
  }
  return state_->wake_fd;
}

}  // namespace ca
