#include "client/connection_pool.hpp"

namespace ca::api {

std::unique_ptr<Connection> ConnectionPool::take() {
  while (true) {
    Idle candidate;
    {
      std::lock_guard lock(mutex_);
      if (idle_.empty()) return nullptr;
      candidate = std::move(idle_.back());
      idle_.pop_back();
    }
    // Checked outside the lock; a connection that fails the check is closed when `candidate` goes out of scope.
    const bool fresh_enough = std::chrono::steady_clock::now() - candidate.since < idle_limit_;
    if (fresh_enough && candidate.connection->idle_and_open()) return std::move(candidate.connection);
  }
}

void ConnectionPool::put(std::unique_ptr<Connection> connection) {
  std::vector<Idle> closing;  // closed after the lock is released
  {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    for (auto it = idle_.begin(); it != idle_.end();) {
      if (now - it->since >= idle_limit_ || idle_.size() >= max_idle_) {
        closing.push_back(std::move(*it));
        it = idle_.erase(it);
      } else {
        ++it;
      }
    }
    idle_.push_back(Idle{std::move(connection), now});
  }
}

std::size_t ConnectionPool::idle_count() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

}  // namespace ca::api
