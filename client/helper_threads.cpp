#include "client/helper_threads.hpp"

#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace ca::api {
namespace {

class HelperThreads {
 public:
  HelperThreads() { idle_.reserve(kMaxIdleHelperThreads); }

  std::size_t run(std::size_t count, const std::function<void()>& job) noexcept {
    std::size_t taken = 0;
    // Idle threads first, each given the job in its own slot and woken through its own condition variable: one
    // waiter per condition variable, never a shared queue that a wake-up could miss.
    for (; taken < count; ++taken) {
      Helper* idle = nullptr;
      {
        std::lock_guard lock(mutex_);
        if (idle_.empty()) break;
        idle = idle_.back();
        idle_.pop_back();
        idle->job = &job;
      }
      idle->wake.notify_one();
    }
    for (; taken < count; ++taken) {
      try {
        auto helper = std::make_unique<Helper>();
        helper->job = &job;
        std::thread([this, helper = helper.get()] { serve(*helper); }).detach();
        helper.release();  // the thread owns it from here
      } catch (const std::exception&) {
        break;  // no thread to be had (system_error, bad_alloc): the caller runs the rest itself
      }
    }
    return taken;
  }

  std::size_t idle() {
    std::lock_guard lock(mutex_);
    return idle_.size();
  }

 private:
  struct Helper {
    std::condition_variable wake;
    const std::function<void()>* job = nullptr;  // set, under the mutex, by whoever hands it a job
  };

  // Runs the job it was started with, then waits on the idle stack for the next, until enough are idle without it.
  void serve(Helper& self) {
    const std::unique_ptr<Helper> owned(&self);
    std::unique_lock lock(mutex_);
    for (;;) {
      const std::function<void()>* job = self.job;
      lock.unlock();
      (*job)();  // the job refers to its caller's frame, which may be gone once it returned: not touched again
      lock.lock();
      self.job = nullptr;
      if (idle_.size() >= kMaxIdleHelperThreads) return;
      idle_.push_back(&self);  // reserved in the constructor: cannot throw
      self.wake.wait(lock, [&] { return self.job != nullptr; });
    }
  }

  std::mutex mutex_;
  std::vector<Helper*> idle_;  // the last one went idle last, and is woken first
};

// Never destroyed: idle threads may still wait on it while the process exits.
HelperThreads& helpers() {
  static HelperThreads* const instance = new HelperThreads;
  return *instance;
}

}  // namespace

std::size_t run_on_helper_threads(std::size_t count, const std::function<void()>& job) noexcept {
  return helpers().run(count, job);
}

std::size_t idle_helper_threads() { return helpers().idle(); }

}  // namespace ca::api
