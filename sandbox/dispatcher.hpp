#pragma once
// Everything between the socket and a handler, in the order a request meets it: request id, Accept, routing,
// auth, rate limit, faults, scope, body checks, idempotency, the handler, conditional GET, body corruption, and the
// request log. Kept apart from httplib's lifecycle (sandbox.cpp) so the pipeline reads top to bottom in one place.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>

#include "sandbox/data_store.hpp"
#include "sandbox/faults.hpp"
#include "sandbox/idempotency.hpp"
#include "sandbox/rate_limiter.hpp"
#include "sandbox/request_log.hpp"
#include "sandbox/routes.hpp"

namespace ca::sandbox {

// Oversized bodies are this big: far past any sane page, so a client's response-size cap must trip.
constexpr std::size_t kOversizedBodyBytes = 40 * 1024 * 1024;

class Dispatcher {
 public:
  struct Route;    // one row of the route table
  struct Outcome;  // what process() decided for one request

  explicit Dispatcher(SandboxOptions options);

  void serve(const httplib::Request& req, httplib::Response& res);
  void stop();  // ends the pauses of trickles in progress (their rest goes out at once)
  void fill_error(const httplib::Request& req, httplib::Response& res);  // httplib's own 4xx/5xx
  void set_origin(std::string origin) { origin_ = std::move(origin); }
  void set_account_quota(std::optional<int> quota);

  SandboxOptions options;
  DataStore store;
  RateLimiter limiter;
  FaultPlan faults;
  IdempotencyStore idempotency;
  RequestLog log;

 private:
  Outcome process(const httplib::Request& req, const std::string& request_id);
  Reply run(const Route& route, const httplib::Request& req, const ApiKey* key);
  Reply run_idempotent(const Route& route, const httplib::Request& req, const ApiKey& key);
  const ApiKey* find_key(const httplib::Request& req) const;
  void apply_body_faults(Outcome& out, const std::string& path, std::optional<MixFault> mixed);
  static std::string content_type(const Outcome& out);
  std::string raw_head(const Outcome& out, const std::string& request_id) const;
  void write(const Outcome& out, httplib::Response& res) const;
  bool pause_unless_stopping(ca::Millis pause);  // false once stop() was called

  std::string origin_;
  std::mutex quota_mutex_;
  std::optional<int> account_quota_;
  std::atomic<int> in_flight_{0};
  std::mutex stop_mutex_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
};

}  // namespace ca::sandbox
