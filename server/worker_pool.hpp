#pragma once
// A fixed number of worker threads with a bounded backlog, so a burst of tool calls can neither spawn unbounded
// threads nor queue unbounded work: past the bound, try_submit refuses and the caller answers "busy".
//
// The worker that went idle last is woken first. Calls mostly come one after another, and then one worker serves
// them all, its caches and its kept buffers (parser, line, allocator arena) warm; a queue woken in turn spread them
// over every worker, each cold. A job about to answer says so (job_finishing): the next call often arrives before
// its worker is back on the stack (still releasing what the last call held, or preempted by the client its
// answer woke), and is then left in the queue for that worker instead of waking a cold one.
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
  // Workers waiting on the idle stack right now (not woken, not running a job).
  std::size_t idle_workers();

  // Called by a running job when all it has left to do is deliver its result and release what it holds: its
  // worker counts as about to look at the queue, so a job submitted meanwhile waits there for it rather than
  // waking an idle worker. Such a job waits at most for the rest of that one (writing its answer, releasing), and
  // only as many jobs wait as workers are finishing. Does nothing outside a pool's worker, or a second time in one
  // job.
  static void job_finishing();

 private:
  struct Worker {
    std::condition_variable wake;
    bool woken = false;      // set, under the pool's mutex, by whoever takes it off the idle stack
    bool finishing = false;  // its job called job_finishing and has not returned yet
  };
  void work(Worker& self);
  // The pool and worker running this thread's job, for job_finishing; null outside a job.
  static thread_local WorkerPool* current_pool_;
  static thread_local Worker* current_worker_;

  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable all_finished_;
  std::deque<std::function<void()>> queue_;
  std::vector<Worker*> idle_;  // the last one went idle last
  std::size_t unfinished_ = 0;
  std::size_t finishing_ = 0;  // workers with `finishing` set
  bool stopping_ = false;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::thread> threads_;
};

}  // namespace ca::server
