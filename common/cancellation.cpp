#include "common/cancellation.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace ca {

struct CancellationToken::State {
  State() = default;
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  ~State() {
    if (wake_fd >= 0) ::close(wake_fd);
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
    state_->wake_fd = ::eventfd(state_->cancelled ? 1 : 0, EFD_CLOEXEC | EFD_NONBLOCK);
  }
  return state_->wake_fd;
}

}  // namespace ca
