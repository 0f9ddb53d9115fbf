#pragma once
// One keep-alive connection pool for the whole client. httplib::Client serialises requests on its single socket
// and must not be driven by two threads at once, so the pool holds up to `size` clients and lends each to one
// request at a time; a caller that finds them all busy waits (bounded by its deadline and cancellation).
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "client/base_url.hpp"
#include "client/config.hpp"
#include "common/cancellation.hpp"
#include "common/clock.hpp"

namespace httplib {
class Client;
}

namespace ca::api {

class ConnectionPool {
 public:
  ConnectionPool(BaseUrl url, const ClientConfig& config);
  ~ConnectionPool();

  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<httplib::Client> client);
    Lease(Lease&&) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    httplib::Client& client() { return *client_; }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<httplib::Client> client_;
  };

  // nullopt when cancelled or when `deadline` (on `clock`) passes before a connection is free.
  std::optional<Lease> acquire(const CancellationToken& cancel, SteadyTime deadline, const Clock& clock);

 private:
  // A keep-alive client with TLS verification on and the configured trust store.
  std::unique_ptr<httplib::Client> make_client() const;

  void give_back(std::unique_ptr<httplib::Client> client);

  const BaseUrl url_;
  const std::string ca_bundle_path_;
  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<httplib::Client>> idle_;
  std::size_t created_ = 0;
};

}  // namespace ca::api
