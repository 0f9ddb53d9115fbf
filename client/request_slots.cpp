#include "client/request_slots.hpp"

#include "client/socket_wait.hpp"

namespace ca::api {

std::optional<RequestSlots::Lease> RequestSlots::acquire(const CancellationToken& cancel, SteadyTime deadline,
                                                         const Clock& clock) {
  std::unique_lock lock(mutex_);
  while (taken_ >= capacity_) {
    if (cancel.cancelled() || clock.now() >= deadline) return std::nullopt;
    // Short real-time slices: the deadline may be on an injected clock, and cancellation has no hook here.
    freed_.wait_for(lock, kCancelCheckSlice);
  }
  ++taken_;
  return Lease(*this);
}

void RequestSlots::release() {
  {
    std::lock_guard lock(mutex_);
    --taken_;
  }
  freed_.notify_one();
}

}  // namespace ca::api
