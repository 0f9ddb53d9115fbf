#include "client/connection_pool.hpp"

#include <httplib.h>

namespace ca::api {

ConnectionPool::ConnectionPool(BaseUrl url, const ClientConfig& config)
    : url_(std::move(url)),
      ca_bundle_path_(config.ca_bundle_path),
      capacity_(static_cast<std::size_t>(config.connection_pool_size)) {}

ConnectionPool::~ConnectionPool() = default;

std::unique_ptr<httplib::Client> ConnectionPool::make_client() const {
  auto client = std::make_unique<httplib::Client>(url_.origin());
  client->set_keep_alive(true);
  client->set_tcp_nodelay(true);  // a POST's headers and body go out in separate sends: don't let Nagle hold the body
  client->set_follow_location(false);  // a redirect would carry the bearer key to wherever it points
  client->set_url_encode(false);       // targets are percent-encoded by us, exactly once
  if (url_.https()) {
    // httplib verifies the chain and the host name by default and, with no bundle given, loads OpenSSL's
    // default verify paths (the system trust store). Both are stated here so they cannot silently change.
    client->enable_server_certificate_verification(true);
    if (!ca_bundle_path_.empty()) client->set_ca_cert_path(ca_bundle_path_);
  }
  return client;
}

std::optional<ConnectionPool::Lease> ConnectionPool::acquire(const CancellationToken& cancel, SteadyTime deadline,
                                                             const Clock& clock) {
  std::unique_lock lock(mutex_);
  while (idle_.empty() && created_ >= capacity_) {
    if (cancel.cancelled() || clock.now() >= deadline) return std::nullopt;
    // Short real-time slices: the deadline may be on an injected clock, and cancellation has no hook here.
    freed_.wait_for(lock, std::chrono::milliseconds(20));
  }
  if (!idle_.empty()) {
    auto client = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(client));
  }
  ++created_;
  lock.unlock();
  return Lease(*this, make_client());
}

void ConnectionPool::give_back(std::unique_ptr<httplib::Client> client) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(client));
  }
  freed_.notify_one();
}

ConnectionPool::Lease::Lease(ConnectionPool& pool, std::unique_ptr<httplib::Client> client)
    : pool_(&pool), client_(std::move(client)) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept : pool_(other.pool_), client_(std::move(other.client_)) {}

ConnectionPool::Lease::~Lease() {
  if (client_) pool_->give_back(std::move(client_));
}

}  // namespace ca::api
