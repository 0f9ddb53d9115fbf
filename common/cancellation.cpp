#include "common/cancellation.hpp"

#include <condition_variable>
#include <mutex>

namespace ca {

struct CancellationToken::State {
  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  bool cancelled = false;
};

CancellationToken::CancellationToken() : state_(std::make_shared<State>()) {}

void CancellationToken::cancel() const {
  {
    std::lock_guard lock(state_->mutex);
    state_->cancelled = true;
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

}  // namespace ca
