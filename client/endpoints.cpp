// Client's public calls that map one-to-one onto requests: the generic get/post and the typed endpoints.
#include "client/client_impl.hpp"
#include "client/idempotency_key.hpp"
#include "client/json_fields.hpp"

namespace ca::api {

Client::Client(ClientConfig config) : impl_(std::make_unique<Impl>(std::move(config), nullptr)) {}
Client::Client(ClientConfig config, std::shared_ptr<Transport> transport)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(transport))) {}
Client::~Client() = default;

const ClientConfig& Client::config() const { return impl_->config; }
RateBudget Client::rate_budget() const { return impl_->limiter->snapshot(); }

EtagCacheStats Client::etag_cache_stats() const {
  return EtagCacheStats{impl_->cache.bytes_used(), impl_->cache.entries(), impl_->cache.budget()};
}

Result<Json> data_of(Result<ApiResponse> response) {
  if (!response.ok()) return response.error();
  const Json& body = response.value().body;
  if (body.is_object() && body.contains("data")) return body["data"];
  ApiError e = local_error(ErrorKind::InvalidJson, "the response has no \"data\" member");
  e.status = response.value().status;
  e.request_id = response.value().request_id;
  return e;
}

namespace {

Result<Json> body_of(Result<ApiResponse> response) {
  if (!response.ok()) return response.error();
  return std::move(response.value().body);
}

}  // namespace

Result<Json> Client::get(const std::string& path, const Query& query, const CallOptions& options) {
  return body_of(impl_->execute(ApiRequest{"GET", path, query, {}, false, {}}, options));
}

Result<Json> Client::post_read(const std::string& path, const Json& body, const CallOptions& options) {
  return body_of(impl_->execute(ApiRequest{"POST", path, {}, dump_compact(body), true, {}}, options));
}

Result<ApiResponse> Client::Impl::execute_write(const std::string& path, const Json& body,
                                                const CallOptions& options) {
  ApiRequest request{"POST", path, {}, dump_compact(body), false, {}};
  // One key per logical write; every retry inside execute() reuses it.
  auto key = new_idempotency_key();
  if (!key) return fail(request, local_error(ErrorKind::Configuration, "OpenSSL's random generator failed"));
  request.idempotency_key = std::move(*key);
  return execute(request, options);
}

Result<Json> Client::post_write(const std::string& path, const Json& body, const CallOptions& options) {
  return body_of(impl_->execute_write(path, body, options));
}

Result<Json> Client::put(const std::string& path, const Json& body, const CallOptions& options) {
  return body_of(impl_->execute(ApiRequest{"PUT", path, {}, dump_compact(body), false, {}}, options));
}

Result<Json> Client::patch(const std::string& path, const Json& body, const CallOptions& options) {
  return body_of(impl_->execute(ApiRequest{"PATCH", path, {}, dump_compact(body), false, {}}, options));
}

Result<Json> Client::whoami(const CallOptions& options) {
  return data_of(impl_->execute(ApiRequest{"GET", "/whoami", {}, {}, false, {}}, options));
}

Result<Json> Client::get_account(const std::string& id, const CallOptions& options) {
  ApiRequest request{"GET", "/accounts/" + id, {}, {}, false, {}};
  if (!is_uuid(id) && !is_integer_id(id)) {
    request.path = "/accounts/{id}";  // the rejected id is not echoed into the log line's path
    return impl_->fail(request, local_error(ErrorKind::InvalidArgument,
                                            "account id must be a UUID or an integer id"));
  }
  return data_of(impl_->execute(request, options));
}

Result<CreatedAccount> Client::create_account(const Json& body, const CallOptions& options) {
  auto response = impl_->execute_write("/accounts", body, options);
  if (!response.ok()) return response.error();
  const int status = response.value().status;
  auto data = data_of(std::move(response));
  if (!data.ok()) return data.error();
  return CreatedAccount{std::move(data.value()), status};
}

Result<ListPage> Client::list_accounts(const AccountFilter& filter, std::size_t max_items,
                                       std::optional<std::string> cursor, const CallOptions& options) {
  return list(ListRequest{"/accounts", filter.to_query(), max_items, std::move(cursor), false}, options);
}

Result<ListPage> Client::list_videos(const Query& filters, std::size_t max_items, std::optional<std::string> cursor,
                                     const CallOptions& options) {
  return list(ListRequest{"/videos", filters, max_items, std::move(cursor), false}, options);
}

Result<ListPage> Client::list_account_videos(const Query& filters, std::size_t max_items,
                                             std::optional<std::string> cursor, const CallOptions& options) {
  return list(ListRequest{"/account-videos", filters, max_items, std::move(cursor), false}, options);
}

Result<ListPage> Client::list_creators(const Query& filters, std::size_t max_items,
                                       std::optional<std::string> cursor, const CallOptions& options) {
  return list(ListRequest{"/creators", filters, max_items, std::move(cursor), false}, options);
}

Result<Json> Client::top_creators(const std::string& period, int limit, const CallOptions& options) {
  return get("/creators/top", {{"period", period}, {"limit", std::to_string(limit)}}, options);
}

Result<Json> Client::overview(const std::string& period, const CallOptions& options) {
  return get("/overview", {{"period", period}}, options);
}

Result<Json> Client::search(const std::string& q, int limit, const CallOptions& options) {
  return get("/search", {{"q", q}, {"limit", std::to_string(limit)}}, options);
}

Query AccountFilter::to_query() const {
  Query query;
  auto add = [&](const char* name, const std::optional<std::string>& value) {
    if (value) query.emplace_back(name, *value);
  };
  add("platform", platform);
  add("q", q);
  add("category", category);
  add("creator_id", creator_id);
  add("order_by", order_by);
  add("order_direction", order_direction);
  if (is_active) query.emplace_back("is_active", *is_active ? "true" : "false");
  return query;
}

}  // namespace ca::api
