#include "server/http_exchange.hpp"

namespace ca::server {

bool HttpExchange::is_final(const Json& message) {
  return message.is_array() || (message.is_object() && !message.contains("method"));
}

void HttpExchange::send(const Json& message) {
  {
    std::lock_guard lock(mutex_);
    if (closed_ || final_) return;
    queue_.push_back(message);
    if (is_final(message)) {
      final_ = true;
      final_message_ = message;
    }
  }
  arrived_.notify_all();
}

void HttpExchange::settled_without_answer() {
  {
    std::lock_guard lock(mutex_);
    final_ = true;
  }
  arrived_.notify_all();
}

HttpExchange::Batch HttpExchange::take(SteadyTime until) {
  std::unique_lock lock(mutex_);
  arrived_.wait_until(lock, until, [this] { return !queue_.empty() || final_ || closed_; });
  Batch batch;
  batch.messages.swap(queue_);
  batch.final = final_;  // nothing is queued once it is set, so the batch holds the rest
  return batch;
}

std::optional<Json> HttpExchange::final_answer() const {
  std::lock_guard lock(mutex_);
  return final_message_;
}

bool HttpExchange::finished() const {
  std::lock_guard lock(mutex_);
  return final_;
}

void HttpExchange::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  arrived_.notify_all();
}

}  // namespace ca::server
