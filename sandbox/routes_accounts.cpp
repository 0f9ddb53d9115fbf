#include <mutex>
#include <utility>

#include "sandbox/problem.hpp"
#include "sandbox/routes.hpp"

namespace ca::sandbox {
namespace {

constexpr std::size_t kMaxUsernameLength = 64;
constexpr int kMaxRecentPostsOverride = 1000;
constexpr int kMaxPostLookbackDays = 3650;

const ListSpec kAccountSort{{"added_at", "username", "last_scrape_time", "follower_count", "view_count", "like_count",
                             "play_count"},
                            "added_at",
                            true};

ca::Json sort_key(const Account& a, const std::string& field, WallTime now) {
  const bool done = DataStore::scraped(a.refresh_at, now);
  if (field == "username") return a.username;
  if (field == "last_scrape_time") {
    const auto last = DataStore::last_scrape(a.refresh_at, a.scrape_interval_hours, now);
    return last ? ca::Json(epoch_seconds(*last)) : ca::Json(nullptr);
  }
  if (field == "follower_count") return done ? a.totals.followers : 0;
  if (field == "view_count") return done ? a.totals.views : 0;
  if (field == "like_count") return done ? a.totals.likes : 0;
  if (field == "play_count") return done ? a.totals.plays : 0;
  return epoch_seconds(a.added_at);
}

// S1: strip one leading '@', lower-case, then 1–64 chars of [a-z0-9._].
std::string normalised_username(const ca::Json& body) {
  const auto it = body.find("username");
  if (it == body.end() || it->is_null()) throw Problem::validation("username", "is required");
  if (!it->is_string()) throw Problem::validation("username", "must be a string");
  std::string name = lower_ascii(it->get<std::string>());
  if (!name.empty() && name.front() == '@') name.erase(0, 1);
  const bool valid = !name.empty() && name.size() <= kMaxUsernameLength &&
                     name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._") == std::string::npos;
  if (!valid) throw Problem::validation("username", "must be 1-64 characters of a-z, 0-9, '.' or '_'");
  return name;
}

}  // namespace

Reply list_accounts(RequestContext& ctx) {
  ca::Json filters = ca::Json::object();
  const auto [platform, q, is_active, needle] = shared_filters(ctx.params, filters, true);
  const auto category = text_param(ctx.params, "category");
  if (category) filters["category"] = *category;
  auto creator_id = uuid_param(ctx.params, "creator_id");
  if (creator_id) filters["creator_id"] = *creator_id = lower_ascii(*creator_id);
  const ListQuery query = parse_list_query(ctx.params, kAccountSort, std::move(filters));

  std::shared_lock lock(ctx.store.mutex);
  std::vector<SortEntry> entries;
  for (std::size_t i = 0; i < ctx.store.accounts.size(); ++i) {
    const Account& a = ctx.store.accounts[i];
    if ((platform && a.platform != *platform) || (is_active && a.is_active != *is_active) ||
        (category && a.category != *category) || (creator_id && a.creator_id != *creator_id) ||
        (q && a.username.find(needle) == std::string::npos))
      continue;
    entries.push_back({sort_key(a, query.order_by, ctx.now), a.id, i});
  }
  const Page page = paginate(std::move(entries), query);
  std::string items;
  for (auto i : page.indices) append_item(items, ctx.store.account_text(ctx.store.accounts[i], ctx.now));
  return paged(ctx, items, page, query);
}

Reply get_account(RequestContext& ctx) {
  const std::string id = path_id(ctx);
  std::shared_lock lock(ctx.store.mutex);
  const Account* a = ctx.store.find_account(id);
  if (!a) throw Problem(404, "NOT_FOUND", "Account not found.");
  return Reply{200, {{"data", ctx.store.account_json(*a, ctx.now)}}, {}};
}

Reply create_account(RequestContext& ctx) {
  const ca::Json& body = body_object(ctx);
  Account a;
  a.platform = platform_field(body);
  a.username = normalised_username(body);
  a.category = optional_string(body, "category").value_or("");
  a.is_active = optional_bool(body, "is_active").value_or(true);
  a.scrape_interval_hours = optional_int(body, "scrape_interval_hours", 1, kMaxScrapeIntervalHours).value_or(24);
  a.metadata = optional_object(body, "metadata").value_or(ca::Json::object());
  a.max_recent_posts = optional_int(body, "max_recent_posts_per_account", 1, kMaxRecentPostsOverride);
  a.post_lookback_days = optional_int(body, "post_lookback_days", 1, kMaxPostLookbackDays);
  const auto creator_id = optional_string(body, "creator_id");
  if (creator_id && !is_uuid(*creator_id)) throw Problem::validation("creator_id", "must be a UUID");

  std::unique_lock lock(ctx.store.mutex);
  if (creator_id) {
    if (!ctx.store.find_creator(lower_ascii(*creator_id)))
      throw Problem::validation("creator_id", "does not name a creator in this organization");
    a.creator_id = lower_ascii(*creator_id);
  }
  if (const Account* existing = ctx.store.find_account(a.platform, a.username)) {
    Problem p(409, "CONFLICT", "Account already tracked.");
    p.extensions["existing_id"] = existing->id;
    throw p;
  }
  if (ctx.account_quota && ctx.store.accounts.size() >= static_cast<std::size_t>(*ctx.account_quota))
    throw Problem(403, "QUOTA_EXCEEDED",
                  "Tracked-account quota of " + std::to_string(*ctx.account_quota) + " reached.");
  const Account& stored = ctx.store.add_account(std::move(a), ctx.now);
  return created(ctx.store.account_json(stored, ctx.now), "/v2/accounts/" + stored.id);
}

Reply account_metrics(RequestContext& ctx) {
  const auto ids = batch_uuids(body_object(ctx), "account_ids");
  const Window window = batch_window(ctx);
  std::shared_lock lock(ctx.store.mutex);
  auto [data, not_found] = keyed_by_id(
      ids, [&](const std::string& id) { return std::as_const(ctx.store).find_account(id); },
      [&](const Account& a) {
        ca::Json entry = account_sums(ctx, a, window).to_json();
        entry["followers"] = account_followers(ctx, a, window);
        return entry;
      });
  return metrics_reply(std::move(data), window, std::move(not_found));
}

}  // namespace ca::sandbox
