#pragma once
// At most connection_pool_size requests in flight per Client. A request takes a slot before it takes its rate
// budget slot and holds it for one attempt, so that a wait for a free connection never happens with a rate slot
// reserved (the window could move under it); a caller that finds every slot taken waits, bounded by its deadline
// and cancellation.
#include <condition_variable>
#include <mutex>
#include <optional>

#include "common/cancellation.hpp"
#include "common/clock.hpp"

namespace ca::api {

class RequestSlots {
 public:
  explicit RequestSlots(std::size_t capacity) : capacity_(capacity) {}

  class Lease {
   public:
    explicit Lease(RequestSlots& slots) : slots_(&slots) {}
    Lease(Lease&& other) noexcept : slots_(other.slots_) { other.slots_ = nullptr; }
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (slots_) slots_->release();
    }

   private:
    RequestSlots* slots_;
  };

  // nullopt when cancelled or when `deadline` (on `clock`) passes before a slot is free.
  std::optional<Lease> acquire(const CancellationToken& cancel, SteadyTime deadline, const Clock& clock);

 private:
  void release();

  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::size_t taken_ = 0;
};

}  // namespace ca::api
