#pragma once
// A fixed number of worker threads with a bounded backlog, so a burst of tool calls can neither spawn unbounded
// threads nor queue unbounded work: past the bound, try_submit refuses and the caller answers "busy".
//
// The worker that went idle last is woken first. Calls mostly come one after another, and then one worker serves
// them all, its caches and its kept buffers (parser, line, allocator arena) warm; a queue woken in turn spread them
// over every worker, each cold.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
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
  // True once every accepted job has finished and its worker is idle again; false when `timeout` passed first.
  bool wait_idle_for(std::chrono::milliseconds timeout);

 private:
  struct Worker {
    std::condition_variable wake;
    bool woken = false;  // set, under the pool's mutex, by whoever takes it off the idle stack
  };
  void work(Worker& self);

  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable all_finished_;
  std::deque<std::function<void()>> queue_;
  std::vector<Worker*> idle_;  // the last one went idle last
  std::size_t unfinished_ = 0;
  bool stopping_ = false;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::thread> threads_;
};

}  // namespace ca::server
