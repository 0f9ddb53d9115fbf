#include <algorithm>
#include <cmath>
#include <mutex>

#include "sandbox/problem.hpp"
#include "sandbox/routes.hpp"

namespace ca::sandbox {
namespace {

constexpr int kDefaultTopLimit = 10;
constexpr int kMaxTopLimit = 25;
constexpr std::size_t kMaxCreatorNameLength = 255;
constexpr std::size_t kMaxMetadataKeys = 20;
constexpr std::size_t kMaxMetadataValueLength = 255;

const ListSpec kCreatorSort{{"name"}, "name", false};

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
  const std::string id = lower_ascii(path_id(ctx));
  std::shared_lock lock(ctx.store.mutex);
  const Creator* c = ctx.store.find_creator(id);
  if (!c) throw Problem(404, "NOT_FOUND", "Creator not found.");
  return Reply{200, {{"data", ctx.store.creator_json(*c, ctx.now)}}, {}};
}

Reply top_creators(RequestContext& ctx) {
  const Window window =
      resolve_window(text_param(ctx.params, "period").value_or("30d"), ca::Json::object(), ctx.today, false);
  const int limit = int_param(ctx.params, "limit", kDefaultTopLimit, 1, kMaxTopLimit);
  std::shared_lock lock(ctx.store.mutex);
  struct Row {
    const Creator* creator;
    Sums sums;
    std::int64_t followers = 0, accounts = 0;
  };
  std::vector<Row> rows;
  for (const auto& c : ctx.store.creators) rows.push_back({&c, {}, 0, 0});
  for (const auto& a : ctx.store.accounts) {
    if (a.creator_id.empty() || !DataStore::scraped(a.refresh_at, ctx.now)) continue;
    const auto row = std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return r.creator->id == a.creator_id; });
    if (row == rows.end()) continue;
    row->sums += window_sums(ctx.store.seed, a.id, a.platform == "instagram", std::max<std::int64_t>(1, a.totals.views / 400),
                             day_of(a.refresh_at), window);
    row->followers += followers_at(ctx.store.seed, a.id, a.totals.followers, ctx.today, window.end);
    ++row->accounts;
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) { return x.sums.views > y.sums.views; });
  ca::Json data = ca::Json::array();
  for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(limit); ++i) {
    const Row& r = rows[i];
    ca::Json item = {{"type", "creator"}, {"id", r.creator->id}, {"name", r.creator->name}, {"rank", i + 1}};
    item.update(r.sums.to_json());
    item["engagement_rate"] =
        r.sums.views ? ca::Json(std::round(10000.0 * r.sums.engagement() / r.sums.views) / 100) : ca::Json(nullptr);
    item["followers"] = r.followers;
    item["account_count"] = r.accounts;
    data.push_back(std::move(item));
  }
  ca::Json meta = window.meta();
  meta["limit"] = limit;
  return Reply{200, {{"data", std::move(data)}, {"meta", std::move(meta)}}, {}};
}

Reply create_creator(RequestContext& ctx) {
  const ca::Json& body = body_object(ctx);
  Creator c;
  const auto name = body.find("name");
  if (name == body.end() || name->is_null()) throw Problem::validation("name", "is required");
  if (!name->is_string() || name->get<std::string>().empty() || name->get<std::string>().size() > kMaxCreatorNameLength)
    throw Problem::validation("name", "must be a string of 1-255 characters");
  c.name = name->get<std::string>();
  c.is_active = optional_bool(body, "is_active").value_or(true);
  if (auto m = optional_object(body, "metadata")) {
    const bool ok = m->size() <= kMaxMetadataKeys && std::all_of(m->begin(), m->end(), [](const ca::Json& v) {
                      return v.is_string() && v.get<std::string>().size() <= kMaxMetadataValueLength;
                    });
    if (!ok) throw Problem::validation("metadata", "must hold at most 20 string values of at most 255 characters");
    c.metadata = std::move(*m);
  }
  std::unique_lock lock(ctx.store.mutex);
  const Creator& stored = ctx.store.add_creator(std::move(c), ctx.now);
  return created(ctx.store.creator_json(stored, ctx.now), "/v2/creators/" + stored.id);
}

}  // namespace ca::sandbox
