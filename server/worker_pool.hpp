#pragma once
// A fixed number of worker threads with a bounded backlog, so a burst of tool calls can neither spawn unbounded
// threads nor queue unbounded work: past the bound, try_submit refuses and the caller answers "busy".
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ca::server {

class WorkerPool {
 public:
  WorkerPool(std::size_t workers, std::size_t queue_limit);
  ~WorkerPool();  // runs what is queued, then joins
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Accepts the job when fewer than workers + queue_limit jobs are accepted and unfinished.
  bool try_submit(std::function<void()> job);

 private:
  void work();

  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  std::size_t unfinished_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace ca::server
