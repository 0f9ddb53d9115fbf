#include <algorithm>
#include <cctype>

#include "sandbox/problem.hpp"
#include "sandbox/routes.hpp"

namespace ca::sandbox {

std::string path_id(const RequestContext& ctx, std::size_t segment, const char* field) {
  const std::string& id = ctx.parts.at(segment);
  if (!is_uuid(id)) throw Problem::validation(field, "must be a UUID");
  return lower_ascii(id);
}

const ca::Json& body_object(const RequestContext& ctx) {
  if (!ctx.body.is_object()) throw Problem::validation("body", "must be a JSON object");
  return ctx.body;
}

std::string lower_ascii(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool contains_ci(const std::string& haystack, const std::string& lowered_needle) {
  return lower_ascii(haystack).find(lowered_needle) != std::string::npos;
}

std::size_t utf8_length(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

static bool is_platform(const std::string& p) { return p == "instagram" || p == "tiktok"; }

std::string platform_field(const ca::Json& body) {
  const auto it = body.find("platform");
  if (it == body.end() || it->is_null()) throw Problem::validation("platform", "is required");
  if (!it->is_string() || !is_platform(it->get<std::string>()))
    throw Problem::validation("platform", "must be one of: instagram, tiktok");
  return it->get<std::string>();
}

std::optional<std::string> platform_filter(const Params& params) {
  auto p = text_param(params, "platform");
  if (p && !is_platform(*p)) throw Problem::validation("platform", "must be one of: instagram, tiktok");
  return p;
}

SharedFilters shared_filters(const Params& params, ca::Json& filters, bool with_is_active) {
  SharedFilters f;
  f.platform = platform_filter(params);
  if (f.platform) filters["platform"] = *f.platform;
  f.q = text_param(params, "q");
  if (f.q) filters["q"] = *f.q;
  if (with_is_active) {
    f.is_active = bool_param(params, "is_active");
    if (f.is_active) filters["is_active"] = *f.is_active;
  }
  f.needle = f.q ? lower_ascii(*f.q) : "";
  return f;
}

Reply paged(RequestContext& ctx, const std::string& items, const Page& page, const ListQuery& query) {
  Reply r;
  r.raw_body = list_envelope(items, page, query);
  r.headers.emplace_back("Link", link_header(ctx.origin + ctx.path, ctx.params, page));
  return r;
}

Reply created(ca::Json resource, const std::string& location) {
  return Reply{201, {{"data", std::move(resource)}}, {{"Location", location}}};
}

static const ca::Json* present(const ca::Json& body, const char* field) {
  const auto it = body.find(field);
  return it == body.end() || it->is_null() ? nullptr : &*it;
}

std::optional<bool> optional_bool(const ca::Json& body, const char* field) {
  const ca::Json* v = present(body, field);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) throw Problem::validation(field, "must be a boolean");
  return v->get<bool>();
}

std::optional<std::string> optional_string(const ca::Json& body, const char* field) {
  const ca::Json* v = present(body, field);
  if (!v) return std::nullopt;
  if (!v->is_string()) throw Problem::validation(field, "must be a string");
  return v->get<std::string>();
}

std::optional<int> optional_int(const ca::Json& body, const char* field, int lo, int hi) {
  const ca::Json* v = present(body, field);
  if (!v) return std::nullopt;
  if (!v->is_number_integer() || v->get<std::int64_t>() < lo || v->get<std::int64_t>() > hi)
    throw Problem::validation(field, "must be an integer between " + std::to_string(lo) + " and " + std::to_string(hi));
  return v->get<int>();
}

std::optional<ca::Json> optional_object(const ca::Json& body, const char* field) {
  const ca::Json* v = present(body, field);
  if (!v) return std::nullopt;
  if (!v->is_object()) throw Problem::validation(field, "must be an object");
  return *v;
}

std::vector<std::string> batch_uuids(const ca::Json& body, const std::string& field) {
  const auto it = body.find(field);
  if (it == body.end() || !it->is_array()) throw Problem::validation(field, "is required (an array of UUIDs)");
  if (it->empty() || it->size() > static_cast<std::size_t>(kMaxBatchIds))
    throw Problem::validation(field, "must hold between 1 and " + std::to_string(kMaxBatchIds) + " ids");
  std::vector<std::string> ids;
  for (const auto& v : *it) {
    if (!v.is_string() || !is_uuid(v.get<std::string>())) throw Problem::validation(field, "must hold only UUIDs");
    const auto id = lower_ascii(v.get<std::string>());
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  return ids;
}

Window batch_window(const RequestContext& ctx) {
  const auto it = ctx.body.find("period");
  if (it != ctx.body.end() && !it->is_null() && !it->is_string())
    throw Problem::validation("period", "must be one of: 7d, 30d, 90d, custom");
  const std::string period = it == ctx.body.end() || it->is_null() ? "30d" : it->get<std::string>();
  return resolve_window(period, ctx.body, ctx.today, true);
}

// Daily views scale with an entity's size: an account's with its total views / 400, a video's with / 300.
Sums account_sums(const RequestContext& ctx, const Account& a, const Window& w) {
  const bool done = DataStore::scraped(a.refresh_at, ctx.now);
  return window_sums(ctx.store.seed, a.id, a.platform == "instagram", std::max<std::int64_t>(1, a.totals.views / 400),
                     done ? day_of(a.refresh_at) : ctx.today + 1, w);
}

std::int64_t account_followers(const RequestContext& ctx, const Account& a, const Window& w) {
  if (!DataStore::scraped(a.refresh_at, ctx.now)) return 0;
  return followers_at(ctx.store.seed, a.id, a.totals.followers, ctx.today, w.end);
}

Sums video_sums(const RequestContext& ctx, std::string_view key, bool instagram, const Totals& totals,
                std::optional<WallTime> first_refresh, const Window& w) {
  return window_sums(ctx.store.seed, key, instagram, std::max<std::int64_t>(1, totals.views / 300),
                     first_refresh ? day_of(*first_refresh) : ctx.today + 1, w);
}

Reply metrics_reply(ca::Json data, const Window& window, ca::Json not_found) {
  ca::Json meta = window.meta();
  meta["not_found"] = std::move(not_found);
  return Reply{200, {{"data", std::move(data)}, {"meta", std::move(meta)}}};
}

}  // namespace ca::sandbox
