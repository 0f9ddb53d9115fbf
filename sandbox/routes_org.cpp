#include <cmath>
#include <mutex>

#include "sandbox/problem.hpp"
#include "sandbox/routes.hpp"

namespace ca::sandbox {
namespace {

constexpr int kDefaultSearchLimit = 10;
constexpr int kMaxSearchLimit = 25;
constexpr int kSearchSectionCap = 10;  // the service-side cap reported in meta.effective_caps
constexpr std::size_t kMaxSearchQueryLength = 128;

struct OrgStats {
  Sums sums;
  std::int64_t active_accounts = 0, account_videos = 0, tracked_videos = 0;

  ca::Json to_json() const {
    return {{"total_views", sums.views},
            {"engagement_rate", rate()},
            {"active_accounts", active_accounts},
            {"account_videos", account_videos},
            {"tracked_videos", tracked_videos}};
  }
  double rate() const { return sums.engagement_rate().value_or(0.0); }  // the overview's 0 without views
};

OrgStats org_stats(const RequestContext& ctx, const Window& w) {
  OrgStats s;
  const WallTime end = WallTime{} + std::chrono::hours(24 * (w.end + 1));
  for (const auto& a : ctx.store.accounts) {
    if (!DataStore::scraped(a.refresh_at, ctx.now)) continue;
    s.sums += account_sums(ctx, a, w);
    if (a.is_active && a.added_at < end) ++s.active_accounts;
  }
  for (const auto& v : ctx.store.account_videos)
    if (DataStore::scraped(ctx.store.accounts[v.account].refresh_at, ctx.now) && v.create_time < end) ++s.account_videos;
  for (const auto& v : ctx.store.videos)
    if (v.added_at < end) ++s.tracked_videos;
  return s;
}

ca::Json change_pct(double current, double previous) {
  if (previous == 0) return nullptr;  // no baseline: a percentage would be meaningless
  return std::round(10000.0 * (current - previous) / previous) / 100;
}

}  // namespace

Reply get_health(RequestContext&) { return Reply{200, {{"status", "ok"}}, {}}; }

Reply get_meta(RequestContext& ctx) {
  const std::string base = ctx.origin + "/v2";
  return Reply{200,
               {{"data",
                 {{"type", "api_meta"},
                  {"api_version", "v2"},
                  {"status", "current"},
                  {"docs_url", base + "/docs"},
                  {"openapi_url", base + "/openapi.json"},
                  {"whoami_url", base + "/whoami"},
                  {"deprecation", nullptr},
                  {"sunset", nullptr}}}},
               {}};
}

Reply get_whoami(RequestContext& ctx) {
  return Reply{200,
               {{"data",
                 {{"type", "whoami"}, {"organization_id", ctx.store.organization_id}, {"api_key_name", ctx.key->name}}}},
               {}};
}

Reply get_overview(RequestContext& ctx) {
  const Window current =
      resolve_window(text_param(ctx.params, "period").value_or("7d"), ca::Json::object(), ctx.today, false);
  std::shared_lock lock(ctx.store.mutex);
  const OrgStats now = org_stats(ctx, current), before = org_stats(ctx, previous_window(current));
  const auto d = [](std::int64_t v) { return static_cast<double>(v); };
  return Reply{200,
               {{"data",
                 {{"current", now.to_json()},
                  {"previous", before.to_json()},
                  {"changes",
                   {{"total_views_pct", change_pct(d(now.sums.views), d(before.sums.views))},
                    {"engagement_rate_pct", change_pct(now.rate(), before.rate())},
                    {"active_accounts_pct", change_pct(d(now.active_accounts), d(before.active_accounts))},
                    {"account_videos_pct", change_pct(d(now.account_videos), d(before.account_videos))},
                    {"tracked_videos_pct", change_pct(d(now.tracked_videos), d(before.tracked_videos))}}},
                  {"type", "overview"}}},
                {"meta", current.meta()}},
               {}};
}

Reply get_search(RequestContext& ctx) {
  const std::string q = text_param(ctx.params, "q").value_or("");
  if (utf8_length(q) > kMaxSearchQueryLength) throw Problem::validation("q", "must be at most 128 characters");
  const int limit = int_param(ctx.params, "limit", kDefaultSearchLimit, 1, kMaxSearchLimit);
  const auto cap = static_cast<std::size_t>(std::min(limit, kSearchSectionCap));
  const bool blank = q.find_first_not_of(" \t\r\n") == std::string::npos;
  const std::string needle = lower_ascii(q);
  ca::Json accounts = ca::Json::array(), creators = ca::Json::array(), videos = ca::Json::array();
  std::shared_lock lock(ctx.store.mutex);
  for (const auto& a : ctx.store.accounts) {
    if (blank || accounts.size() >= cap) break;
    if (a.username.find(needle) != std::string::npos)
      accounts.push_back({{"id", a.id}, {"platform", a.platform}, {"username", a.username},
                          {"display_name", DataStore::scraped(a.refresh_at, ctx.now) ? ca::Json(a.name) : ca::Json(nullptr)}});
  }
  for (const auto& c : ctx.store.creators) {
    if (blank || creators.size() >= cap) break;
    if (contains_ci(c.name, needle)) creators.push_back({{"id", c.id}, {"name", c.name}});
  }
  for (const auto& v : ctx.store.videos) {
    if (blank || videos.size() >= cap) break;
    if (DataStore::scraped(v.refresh_at, ctx.now) && contains_ci(v.caption, needle))  // captions come with the refresh
      videos.push_back({{"id", v.id}, {"platform", v.platform}, {"caption", v.caption},
                        {"account_id", v.account_id.empty() ? ca::Json(nullptr) : ca::Json(v.account_id)},
                        {"account_username", v.account_username}});
  }
  const auto capped = static_cast<int>(cap);
  return Reply{200,
               {{"data", {{"accounts", accounts}, {"creators", creators}, {"videos", videos}}},
                {"meta",
                 {{"query", q},
                  {"limit_per_section", limit},
                  {"effective_caps", {{"accounts", capped}, {"creators", capped}, {"videos", capped}}}}}},
               {}};
}

}  // namespace ca::sandbox
