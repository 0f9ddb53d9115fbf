// Cursor pagination: pages of min(kMaxPageSize, items still wanted), the caller's filters unchanged on every page (a
// cursor is bound to them), and three stops: has_next=false, max_items, config().max_pages.
#include "client/client_impl.hpp"
#include "client/json_fields.hpp"

namespace ca::api {

Result<ListPage> Client::list(const ListRequest& request, const CallOptions& options,
                              const std::shared_ptr<const std::vector<std::string>>& item_fields) {
  ListPage page;
  std::optional<std::string> cursor = request.cursor;
  page.has_next = cursor.has_value();  // until a page says otherwise
  for (int n = 0; n < impl_->config.max_pages && page.items.size() < request.max_items; ++n) {
    const std::size_t want = std::min(kMaxPageSize, request.max_items - page.items.size());
    Query query = request.filters;
    query.emplace_back("limit", std::to_string(want));
    if (cursor) query.emplace_back("cursor", *cursor);
    if (request.include_total) query.emplace_back("include_total", "true");

    ApiRequest get{"GET", request.path, std::move(query), {}, false, {}};
    auto response = impl_->execute(get, options, item_fields);
    ++page.requests;
    if (response.ok() && !(member(response.value().body, "data") && response.value().body["data"].is_array())) {
      ApiError e = local_error(ErrorKind::InvalidJson, "a list response without a \"data\" array");
      e.status = response.value().status;
      e.request_id = response.value().request_id;
      e.attempts = response.value().attempts;
      response = impl_->fail(get, e);
    }
    if (!response.ok()) {
      if (n == 0) return response.error();
      page.error = response.error();
      page.has_next = true;
      break;
    }
    Json& body = response.value().body;
    for (auto& item : body["data"]) page.items.push_back(std::move(item));
    const Json* pagination = member(body, "pagination");
    static const Json kNone = Json::object();
    const Json& p = pagination ? *pagination : kNone;
    cursor = optional_string_member(p, "next_cursor");
    page.has_next = bool_member(p, "has_next") && cursor.has_value();
    if (request.include_total) {
      if (auto total = long_member(p, "total_count")) page.total_count = total;
    }
    if (options.on_progress) {
      std::optional<double> total;
      if (page.total_count) total = static_cast<double>(std::min<std::size_t>(*page.total_count, request.max_items));
      options.on_progress(static_cast<double>(page.items.size()), total,
                          "page " + std::to_string(n + 1) + ": " + std::to_string(page.items.size()) + " items");
    }
    if (!page.has_next) break;
  }
  if (page.has_next) page.next_cursor = cursor;
  return page;
}

}  // namespace ca::api
