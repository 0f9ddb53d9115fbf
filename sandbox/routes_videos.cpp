#include <algorithm>
#include <mutex>

#include "sandbox/problem.hpp"
#include "sandbox/routes.hpp"
#include "sandbox/video_identifier.hpp"

namespace ca::sandbox {
namespace {

constexpr std::size_t kMaxIdentifierLength = 2048;
constexpr std::size_t kMaxDeltaWindows = 10;
constexpr int kMaxDeltaWindowDays = 365;
const std::vector<int> kDefaultDeltaWindows = {1, 7, 14, 30};  // the reference's example (3.7)

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

Sums tracked_video_sums(const RequestContext& ctx, const Video& v, const Window& w) {
  const bool done = DataStore::scraped(v.refresh_at, ctx.now);
  return video_sums(ctx, v.id, v.platform == "instagram", v.totals, done ? std::optional(v.refresh_at) : std::nullopt, w);
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
    // q matches the caption, which is unknown (description null) until the first refresh.
    if ((platform && v.platform != *platform) || (is_active && v.is_active != *is_active) ||
        (account_id && v.account_id != *account_id) ||
        (q && !(DataStore::scraped(v.refresh_at, ctx.now) && contains_ci(v.caption, needle))))
      continue;
    entries.push_back({video_key(v, query.order_by, ctx.now), v.id, i});
  }
  const Page page = paginate(std::move(entries), query);
  std::string items;
  for (auto i : page.indices) append_item(items, dump_compact(ctx.store.video_json(ctx.store.videos[i], ctx.now)));
  return paged(ctx, items, page, query);
}

Reply get_video(RequestContext& ctx) {
  const std::string id = path_id(ctx);
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
  auto identity = identify_video(v.platform, it->get<std::string>());
  v.external_id = std::move(identity.external_id);
  v.shortcode = std::move(identity.shortcode);
  v.account_username = std::move(identity.account_username);
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
  std::shared_lock lock(ctx.store.mutex);
  auto [data, not_found] = keyed_by_id(
      ids, [&](const std::string& id) { return ctx.store.find_video(id); },
      [&](const Video& v) { return tracked_video_sums(ctx, v, window).to_json(); });
  return metrics_reply(std::move(data), window, std::move(not_found));
}

// Reference 3.7: the view-count change over each look-back window, i.e. the views of the last n days (today
// included), the same number /videos/metrics gives for that custom window.
Reply video_deltas(RequestContext& ctx) {
  const ca::Json& body = body_object(ctx);
  const auto ids = batch_uuids(body, "video_ids");
  std::vector<int> windows = kDefaultDeltaWindows;
  if (const auto it = body.find("windows"); it != body.end() && !it->is_null()) {
    const std::string rule = "must hold 1-" + std::to_string(kMaxDeltaWindows) + " integers between 1 and " +
                             std::to_string(kMaxDeltaWindowDays);
    if (!it->is_array() || it->empty() || it->size() > kMaxDeltaWindows) throw Problem::validation("windows", rule);
    windows.clear();
    for (const auto& w : *it) {
      if (!w.is_number_integer() || w.get<std::int64_t>() < 1 || w.get<std::int64_t>() > kMaxDeltaWindowDays)
        throw Problem::validation("windows", rule);
      windows.push_back(w.get<int>());
    }
    std::sort(windows.begin(), windows.end());
    windows.erase(std::unique(windows.begin(), windows.end()), windows.end());  // duplicates ignored
  }
  std::shared_lock lock(ctx.store.mutex);
  auto [data, not_found] = keyed_by_id(
      ids, [&](const std::string& id) { return ctx.store.find_video(id); },
      [&](const Video& v) {
        ca::Json deltas = ca::Json::object();
        for (const int days : windows)
          deltas[std::to_string(days) + "d"] =
              tracked_video_sums(ctx, v, Window{"custom", ctx.today - days + 1, ctx.today}).views;
        return deltas;
      });
  const auto video_count = data.size();
  return Reply{200,
               {{"data", std::move(data)},
                {"meta", {{"windows", windows}, {"video_count", video_count}, {"not_found", std::move(not_found)}}}}};
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
