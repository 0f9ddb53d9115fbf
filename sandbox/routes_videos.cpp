#include <mutex>

#include "sandbox/problem.hpp"
#include "sandbox/routes.hpp"

namespace ca::sandbox {
namespace {

constexpr std::size_t kMaxIdentifierLength = 2048;

const ListSpec kVideoSort{{"added_at", "create_time", "view_count", "like_count", "play_count"}, "added_at", true};
const ListSpec kAccountVideoSort{{"create_time", "view_count", "like_count", "play_count"}, "create_time", true};

ca::Json count_key(const Totals& t, const std::string& field) {
  if (field == "view_count") return t.views;
  if (field == "like_count") return t.likes;
  return t.plays;
}

ca::Json video_key(const Video& v, const std::string& field, WallTime now) {
  const bool done = DataStore::scraped(v.refresh_at, now);
  if (field == "added_at") return epoch_seconds(v.added_at);
  if (field == "create_time") return done ? ca::Json(epoch_seconds(v.create_time)) : ca::Json(nullptr);
  return count_key(done ? v.totals : Totals{}, field);
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// The path segment after `marker` in a URL, without query or fragment.
std::string segment_after(const std::string& url, const std::string& marker) {
  const auto at = url.find(marker);
  if (at == std::string::npos) return {};
  const auto start = at + marker.size();
  return url.substr(start, url.find_first_of("/?#", start) - start);
}

// Accepts a post/video URL, an Instagram shortcode, or a numeric platform id; fills external_id (and shortcode).
void identify(Video& v, const std::string& identifier) {
  const bool url = identifier.find("://") != std::string::npos || identifier.find(".com/") != std::string::npos;
  if (v.platform == "instagram") {
    std::string code = identifier;
    if (url) {
      for (const char* m : {"/p/", "/reel/", "/reels/", "/tv/"})
        if (code = segment_after(identifier, m); !code.empty()) break;
    }
    const bool ok = !code.empty() && code.size() <= 64 &&
                    code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") ==
                        std::string::npos;
    if (!ok) throw Problem::validation("identifier", "must be an Instagram post URL, shortcode or numeric id");
    if (all_digits(code)) {
      v.external_id = code;
      v.shortcode = 'C' + hex64(hash64(code)).substr(0, 10);
    } else {
      v.shortcode = code;
      v.external_id = std::to_string(3'000'000'000'000'000'000ULL + hash64(code) % 400'000'000'000'000'000ULL);
    }
    return;
  }
  std::string id = url ? segment_after(identifier, "/video/") : identifier;
  if (!all_digits(id) || id.size() > 25)
    throw Problem::validation("identifier", "must be a TikTok video URL or numeric id");
  v.external_id = id;
  if (url) {
    const auto user = segment_after(identifier, "/@");
    if (!user.empty()) v.account_username = lower_ascii(user);
  }
}

std::vector<std::int64_t> integer_ids(const ca::Json& body, const char* field) {
  std::vector<std::int64_t> ids;
  const auto it = body.find(field);
  if (it == body.end() || it->is_null()) return ids;
  if (!it->is_array()) throw Problem::validation(field, "must be an array of integers");
  for (const auto& v : *it) {
    if (!v.is_number_integer()) throw Problem::validation(field, "must hold only integer ids");
    ids.push_back(v.get<std::int64_t>());
  }
  return ids;
}

Sums video_sums(const RequestContext& ctx, const std::string& key, bool instagram, const Totals& totals,
                std::optional<WallTime> first_refresh, const Window& w) {
  return window_sums(ctx.store.seed, key, instagram, std::max<std::int64_t>(1, totals.views / 300),
                     first_refresh ? day_of(*first_refresh) : ctx.today + 1, w);
}

}  // namespace

Reply list_videos(RequestContext& ctx) {
  ca::Json filters = ca::Json::object();
  const auto [platform, q, is_active, needle] = shared_filters(ctx.params, filters, true);
  auto account_id = uuid_param(ctx.params, "account_id");
  if (account_id) filters["account_id"] = *account_id = lower_ascii(*account_id);
  const ListQuery query = parse_list_query(ctx.params, kVideoSort, std::move(filters));

  std::shared_lock lock(ctx.store.mutex);
  std::vector<SortEntry> entries;
  for (std::size_t i = 0; i < ctx.store.videos.size(); ++i) {
    const Video& v = ctx.store.videos[i];
    if ((platform && v.platform != *platform) || (is_active && v.is_active != *is_active) ||
        (account_id && v.account_id != *account_id) ||
        (q && !contains_ci(v.caption, needle) && v.account_username.find(needle) == std::string::npos))
      continue;
    entries.push_back({video_key(v, query.order_by, ctx.now), v.id, i});
  }
  const Page page = paginate(std::move(entries), query);
  std::string items;
  for (auto i : page.indices) append_item(items, dump_compact(ctx.store.video_json(ctx.store.videos[i], ctx.now)));
  return paged(ctx, items, page, query);
}

Reply get_video(RequestContext& ctx) {
  const std::string id = lower_ascii(path_id(ctx));
  std::shared_lock lock(ctx.store.mutex);
  const Video* v = ctx.store.find_video(id);
  if (!v) throw Problem(404, "NOT_FOUND", "Video not found.");
  return Reply{200, {{"data", ctx.store.video_json(*v, ctx.now)}}, {}};
}

Reply create_video(RequestContext& ctx) {
  const ca::Json& body = body_object(ctx);
  Video v;
  v.platform = platform_field(body);
  const auto it = body.find("identifier");
  if (it == body.end() || it->is_null()) throw Problem::validation("identifier", "is required");
  if (!it->is_string() || it->get<std::string>().empty() || it->get<std::string>().size() > kMaxIdentifierLength)
    throw Problem::validation("identifier", "must be a non-empty string of at most 2048 characters");
  identify(v, it->get<std::string>());
  v.metadata = optional_object(body, "metadata").value_or(ca::Json::object());
  v.is_active = optional_bool(body, "is_active").value_or(true);
  v.scrape_interval_hours = optional_int(body, "scrape_interval_hours", 1, kMaxScrapeIntervalHours).value_or(24);
  std::unique_lock lock(ctx.store.mutex);
  if (const Video* existing = ctx.store.find_video_by_external(v.platform, v.external_id)) {
    Problem p(409, "CONFLICT", "Video already tracked.");
    p.extensions["existing_id"] = existing->id;
    throw p;
  }
  if (const Account* owner = ctx.store.find_account(v.platform, v.account_username)) v.account_id = owner->id;
  const Video& stored = ctx.store.add_video(std::move(v), ctx.now);
  return created(ctx.store.video_json(stored, ctx.now), "/v2/videos/" + stored.id);
}

Reply video_metrics(RequestContext& ctx) {
  const auto ids = batch_uuids(body_object(ctx), "video_ids");
  const Window window = batch_window(ctx);
  ca::Json data = ca::Json::object(), not_found = ca::Json::array();
  std::shared_lock lock(ctx.store.mutex);
  for (const auto& id : ids) {
    const Video* v = ctx.store.find_video(id);
    if (!v) {
      not_found.push_back(id);
      continue;
    }
    const bool done = DataStore::scraped(v->refresh_at, ctx.now);
    data[id] = video_sums(ctx, v->id, v->platform == "instagram", v->totals,
                          done ? std::optional(v->refresh_at) : std::nullopt, window)
                   .to_json();
  }
  return metrics_reply(std::move(data), window, std::move(not_found));
}

Reply list_account_videos(RequestContext& ctx) {
  ca::Json filters = ca::Json::object();
  const auto [platform, q, is_active, needle] = shared_filters(ctx.params, filters, false);
  auto account_id = uuid_param(ctx.params, "account_id");
  if (account_id) filters["account_id"] = *account_id = lower_ascii(*account_id);
  const ListQuery query = parse_list_query(ctx.params, kAccountVideoSort, std::move(filters));

  std::shared_lock lock(ctx.store.mutex);
  std::vector<SortEntry> entries;
  for (std::size_t i = 0; i < ctx.store.account_videos.size(); ++i) {
    const AccountVideo& v = ctx.store.account_videos[i];
    const Account& a = ctx.store.accounts[v.account];
    if (!DataStore::scraped(a.refresh_at, ctx.now) || (platform && a.platform != *platform) ||
        (account_id && a.id != *account_id) || (q && !contains_ci(v.caption, needle)))
      continue;
    const ca::Json key = query.order_by == "create_time" ? ca::Json(epoch_seconds(v.create_time))
                                                         : count_key(v.totals, query.order_by);
    entries.push_back({key, std::to_string(v.id), i});
  }
  const Page page = paginate(std::move(entries), query);
  std::string items;
  for (auto i : page.indices)
    append_item(items, dump_compact(ctx.store.account_video_json(ctx.store.account_videos[i], ctx.now)));
  return paged(ctx, items, page, query);
}

Reply account_video_metrics(RequestContext& ctx) {
  const ca::Json& body = body_object(ctx);
  const auto instagram_ids = integer_ids(body, "instagram_post_ids");
  const auto tiktok_ids = integer_ids(body, "tiktok_video_ids");
  const auto count = instagram_ids.size() + tiktok_ids.size();
  if (count == 0 || count > static_cast<std::size_t>(kMaxBatchIds))
    throw Problem::validation("instagram_post_ids", "together with tiktok_video_ids must hold between 1 and " +
                                                        std::to_string(kMaxBatchIds) + " ids");
  const Window window = batch_window(ctx);
  ca::Json data = ca::Json::object(), not_found = ca::Json::array();
  std::shared_lock lock(ctx.store.mutex);
  const auto add = [&](const std::vector<std::int64_t>& ids, const std::string& platform) {
    for (const auto id : ids) {
      const AccountVideo* v = ctx.store.find_account_video(id);
      const Account* a = v ? &ctx.store.accounts[v->account] : nullptr;
      if (!v || a->platform != platform || !DataStore::scraped(a->refresh_at, ctx.now)) {
        not_found.push_back(id);
        continue;
      }
      data[std::to_string(id)] = video_sums(ctx, std::to_string(id), platform == "instagram", v->totals,
                                            std::max(a->refresh_at, v->create_time), window)
                                     .to_json();
    }
  };
  add(instagram_ids, "instagram");
  add(tiktok_ids, "tiktok");
  return metrics_reply(std::move(data), window, std::move(not_found));
}

}  // namespace ca::sandbox
