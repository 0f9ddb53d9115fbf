#include "client/helper_threads.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <system_error>
#include <thread>

namespace ca::api {
namespace {

class HelperThreads {
 public:
  std::size_t run(std::size_t count, const std::function<void()>& job) {
    std::size_t taken = 0;
    {
      std::lock_guard lock(mutex_);
      for (; taken < count && idle_ > queue_.size(); ++taken) queue_.push_back(job);
    }
    for (std::size_t i = 0; i < taken; ++i) work_.notify_one();
    for (; taken < count; ++taken) {
      try {
        std::thread([this, first = job]() mutable {
          first();
          first = nullptr;  // it refers to its caller's frame, which may be gone once the job returned
          serve();
        }).detach();
      } catch (const std::system_error&) {
        break;  // no thread to be had: the caller runs the rest itself
      }
    }
    return taken;
  }

  std::size_t idle() {
    std::lock_guard lock(mutex_);
    return idle_;
  }

 private:
  // After its first job, a thread takes queued jobs until enough threads are idle without it.
  void serve() {
    std::unique_lock lock(mutex_);
    for (;;) {
      if (queue_.empty()) {
        if (idle_ >= kMaxIdleHelperThreads) return;
        ++idle_;
        work_.wait(lock, [&] { return !queue_.empty(); });
        --idle_;
      }
      std::function<void()> job = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      job();
      job = nullptr;  // what the job holds is released outside the lock
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::condition_variable work_;
  std::deque<std::function<void()>> queue_;  // never longer than idle_: a job is queued only for an idle thread
  std::size_t idle_ = 0;
};

// Never destroyed: idle threads may still wait on it while the process exits.
HelperThreads& helpers() {
  static HelperThreads* const instance = new HelperThreads;
  return *instance;
}

}  // namespace

std::size_t run_on_helper_threads(std::size_t count, const std::function<void()>& job) {
  return helpers().run(count, job);
}

std::size_t idle_helper_threads() { return helpers().idle(); }

}  // namespace ca::api
