// Reading creators: the list, one creator, the leaderboard and one creator's analytics. The two roll-ups add up
// each linked account's own numbers (the ones POST /accounts/metrics gives), so they agree with it by construction.
#include <algorithm>
#include <map>
#include <mutex>

#include "sandbox/problem.hpp"
#include "sandbox/routes.hpp"

namespace ca::sandbox {
namespace {

constexpr int kDefaultTopLimit = 10;
constexpr int kMaxTopLimit = 25;

const ListSpec kCreatorSort{{"name"}, "name", false};

struct Rollup {
  Sums sums;
  std::int64_t followers = 0, accounts = 0;

  void add(const RequestContext& ctx, const Account& a, const Window& w) {
    sums += account_sums(ctx, a, w);
    followers += account_followers(ctx, a, w);
    ++accounts;
  }
  // {views, plays, likes, comments, shares, engagement, engagement_rate, followers, account_count}
  ca::Json figures() const {
    ca::Json out = sums.to_json();
    const auto rate = sums.engagement_rate();
    out["engagement_rate"] = rate ? ca::Json(*rate) : ca::Json(nullptr);
    out["followers"] = followers;
    out["account_count"] = accounts;
    return out;
  }
};

const Creator& existing_creator(const RequestContext& ctx, const std::string& id) {
  const Creator* c = ctx.store.find_creator(id);
  if (!c) throw Problem(404, "NOT_FOUND", "Creator not found.");
  return *c;
}

// Both dates, or neither (the last 30 days ending today); the rules of a custom metrics window otherwise.
Window analytics_window(const RequestContext& ctx) {
  const auto start = text_param(ctx.params, "start_date"), end = text_param(ctx.params, "end_date");
  if (!start && !end) return resolve_window("30d", ca::Json::object(), ctx.today, false);
  if (!start) throw Problem::validation("start_date", "is required when end_date is given");
  if (!end) throw Problem::validation("end_date", "is required when start_date is given");
  return resolve_window("custom", {{"start_date", *start}, {"end_date", *end}}, ctx.today, true);
}

}  // namespace

Reply list_creators(RequestContext& ctx) {
  ca::Json filters = ca::Json::object();
  const auto is_active = bool_param(ctx.params, "is_active");
  if (is_active) filters["is_active"] = *is_active;
  const ListQuery query = parse_list_query(ctx.params, kCreatorSort, std::move(filters));
  std::shared_lock lock(ctx.store.mutex);
  std::vector<SortEntry> entries;
  for (std::size_t i = 0; i < ctx.store.creators.size(); ++i) {
    const Creator& c = ctx.store.creators[i];
    if (is_active && c.is_active != *is_active) continue;
    entries.push_back({c.name, c.id, i});
  }
  const Page page = paginate(std::move(entries), query);
  std::string items;
  for (auto i : page.indices) append_item(items, dump_compact(ctx.store.creator_json(ctx.store.creators[i], ctx.now)));
  return paged(ctx, items, page, query);
}

Reply get_creator(RequestContext& ctx) {
  const std::string id = path_id(ctx);
  std::shared_lock lock(ctx.store.mutex);
  return Reply{200, {{"data", ctx.store.creator_json(existing_creator(ctx, id), ctx.now)}}, {}};
}

// Every creator (archived ones too), ranked by views in the window; ties by name, then id.
Reply top_creators(RequestContext& ctx) {
  const Window window =
      resolve_window(text_param(ctx.params, "period").value_or("30d"), ca::Json::object(), ctx.today, false);
  const int limit = int_param(ctx.params, "limit", kDefaultTopLimit, 1, kMaxTopLimit);
  std::shared_lock lock(ctx.store.mutex);
  std::vector<Rollup> rollups(ctx.store.creators.size());
  std::map<std::string, std::size_t> row_of;
  for (std::size_t i = 0; i < ctx.store.creators.size(); ++i) row_of[ctx.store.creators[i].id] = i;
  for (const auto& a : ctx.store.accounts)
    if (const auto row = row_of.find(a.creator_id); row != row_of.end()) rollups[row->second].add(ctx, a, window);
  std::vector<std::size_t> order(rollups.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  const auto& creators = ctx.store.creators;
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    if (rollups[x].sums.views != rollups[y].sums.views) return rollups[x].sums.views > rollups[y].sums.views;
    if (creators[x].name != creators[y].name) return creators[x].name < creators[y].name;
    return creators[x].id < creators[y].id;
  });
  ca::Json data = ca::Json::array();
  for (std::size_t rank = 0; rank < order.size() && rank < static_cast<std::size_t>(limit); ++rank) {
    const Creator& c = creators[order[rank]];
    ca::Json item = {{"type", "creator"}, {"id", c.id}, {"name", c.name}, {"rank", rank + 1}};
    item.update(rollups[order[rank]].figures());
    data.push_back(std::move(item));
  }
  ca::Json meta = window.meta();
  meta["limit"] = limit;
  return Reply{200, {{"data", std::move(data)}, {"meta", std::move(meta)}}, {}};
}

Reply creator_analytics(RequestContext& ctx) {
  const std::string id = path_id(ctx);
  const Window window = analytics_window(ctx);
  std::shared_lock lock(ctx.store.mutex);
  const Creator& c = existing_creator(ctx, id);
  Rollup rollup;
  for (const auto& a : ctx.store.accounts)
    if (a.creator_id == c.id) rollup.add(ctx, a, window);
  ca::Json data = {{"type", "creator_analytics"}, {"creator_id", c.id}, {"name", c.name}};
  data.update(rollup.figures());
  return Reply{200, {{"data", std::move(data)}, {"meta", window.meta()}}, {}};
}

}  // namespace ca::sandbox
