#include "server/worker_pool.hpp"

namespace ca::server {

thread_local WorkerPool* WorkerPool::current_pool_ = nullptr;
thread_local WorkerPool::Worker* WorkerPool::current_worker_ = nullptr;

WorkerPool::WorkerPool(std::size_t workers, std::size_t queue_limit) : capacity_(workers + queue_limit) {
  workers_.reserve(workers);
  idle_.reserve(workers);  // never more: going idle cannot fail to allocate
  threads_.reserve(workers);
  for (std::size_t i = 0; i < workers; ++i) {
    Worker& worker = *workers_.emplace_back(std::make_unique<Worker>());
    threads_.emplace_back([this, &worker] { work(worker); });
  }
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  for (auto& worker : workers_) worker->wake.notify_one();
  for (auto& thread : threads_) thread.join();
}

bool WorkerPool::try_submit(std::function<void()> job) {
  Worker* woken = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || unfinished_ >= capacity_) return false;
    queue_.push_back(std::move(job));
    ++unfinished_;
    // A finishing worker takes a queued job within moments, warm; an idle one is woken only for jobs beyond those.
    if (queue_.size() > finishing_ && !idle_.empty()) {
      woken = idle_.back();
      idle_.pop_back();
      woken->woken = true;
    }
  }
  // With no idle worker the job waits in the queue: every worker looks there before it goes idle.
  if (woken != nullptr) woken->wake.notify_one();
  return true;
}

void WorkerPool::job_finishing() {
  if (current_pool_ == nullptr) return;
  WorkerPool& pool = *current_pool_;
  Worker& self = *current_worker_;
  std::lock_guard lock(pool.mutex_);
  if (self.finishing) return;
  self.finishing = true;
  ++pool.finishing_;
}

std::size_t WorkerPool::idle_workers() {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

bool WorkerPool::wait_idle_for(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return all_finished_.wait_for(lock, timeout,
                               [this] { return unfinished_ == 0 && idle_.size() == workers_.size(); });
}

void WorkerPool::work(Worker& self) {
  std::unique_lock lock(mutex_);
  for (;;) {
    while (queue_.empty() && !stopping_) {
      self.woken = false;
      idle_.push_back(&self);
      if (unfinished_ == 0 && idle_.size() == workers_.size()) all_finished_.notify_all();
      self.wake.wait(lock, [&] { return self.woken || stopping_; });
      // Woken for a job another worker took first: back on the stack (stopping: nobody reads it any more).
    }
    if (queue_.empty()) return;  // stopping, and nothing left to run
    std::function<void()> job = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    current_pool_ = this;
    current_worker_ = &self;
    job();
    job = nullptr;  // what the job holds is released outside the lock
    current_pool_ = nullptr;
    current_worker_ = nullptr;
    lock.lock();
    if (self.finishing) {
      self.finishing = false;
      --finishing_;
    }
    --unfinished_;  // wait_idle_for is told once this worker is back on the idle stack
  }
}

}  // namespace ca::server
