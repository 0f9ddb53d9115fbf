#pragma once
// Client internals shared by the files that implement Client (transport loop, listings, batches, polling).
#include <mutex>
#include <optional>
#include <random>

#include "client/base_url.hpp"
#include "client/client.hpp"
#include "client/etag_cache.hpp"
#include "client/projected_parse.hpp"
#include "client/rate_limiter.hpp"
#include "client/request_slots.hpp"
#include "client/transport.hpp"

namespace ca::api {

// One logical API call; the transport loop may send it several times.
struct ApiRequest {
  std::string method;  // GET, POST, PUT or PATCH
  std::string path;    // below the base URL's prefix, e.g. "/accounts"
  Query query;
  std::string body;             // JSON text for POST
  bool read_only = false;       // a POST that changes nothing (batch metrics)
  std::string idempotency_key;  // writes only

  // Only requests that cannot do harm twice are ever sent twice. The API's PUT (a link) and PATCH (replacement
  // values) are idempotent by their contract.
  bool safe_to_repeat() const {
    return method == "GET" || method == "PUT" || method == "PATCH" || read_only || !idempotency_key.empty();
  }
};

struct ApiResponse {
  int status = 0;
  Json body;
  std::string request_id;
  int attempts = 0;
};

// One request's worth of a batch: its JSON body and the ids it carries.
struct BatchChunk {
  Json body;
  std::vector<std::string> ids;
};

// UUID ids (checked, lower-cased, duplicates removed; their order in `order`) as chunks of at most kMaxIdsPerBatch:
// each body is `body_fields` plus `field`: the ids. Shared by the batch metrics and the video deltas.
Result<std::vector<BatchChunk>> uuid_chunks(const char* field, const std::vector<std::string>& asked,
                                            const Json& body_fields, std::vector<std::string>& order);

struct Client::Impl {
  Impl(ClientConfig cfg, std::shared_ptr<Transport> transport);

  // Sends with pacing, retries, ETags and the size cap. An error is logged once (redacted) before it returns.
  // `item_fields`: the members of each "data" item the caller reads (client/projected_parse.hpp; null: all).
  Result<ApiResponse> execute(const ApiRequest& request, const CallOptions& options,
                              const ItemFields& item_fields = nullptr);

  // A write with a fresh Idempotency-Key, which every retry of it repeats.
  Result<ApiResponse> execute_write(const std::string& path, const Json& body, const CallOptions& options);

  // Sends the chunks one after another and merges their rows in `asked_order`.
  Result<BatchMetrics> batch_metrics(const std::string& path, const std::vector<BatchChunk>& chunks,
                                     const std::vector<std::string>& asked_order, const CallOptions& options);

  // Logs a failure once on stderr, with its request ID, and strips the key from it.
  ApiError fail(const ApiRequest& request, ApiError error) const;

  ClientConfig config;
  std::optional<ApiError> config_error;  // set when the config is unusable: every call returns it
  BaseUrl url;
  RequestSlots slots;
  std::shared_ptr<Transport> transport;
  EtagCache cache;
  std::shared_ptr<RateLimiter> limiter;

 private:
  Result<ApiResponse> execute_once_or_retry(const ApiRequest& request, const CallOptions& options,
                                            const ItemFields& item_fields);
  Millis backoff(int retry_number);
  // The body a 304 stands for: the cached body's tree when the cache keeps one parsed for these item members (a
  // copy, no parse), else the cached body parsed, which the cache then keeps for the next 304.
  Json revalidated_body(const std::string& target, const EtagCache::Entry& cached, const ItemFields& item_fields);

  const HttpHeaders base_headers_;  // Authorization, User-Agent, Accept, Accept-Encoding: built once
  std::mutex rng_mutex_;
  std::mt19937_64 rng_;
};

// An error made by the client itself (bad argument, cancelled, deadline), not by the server.
ApiError local_error(ErrorKind kind, std::string detail);

// The "data" member of an envelope, or an InvalidJson error when it is missing.
Result<Json> data_of(Result<ApiResponse> response);

}  // namespace ca::api
