// get_metrics with creator_ids: one GET /creators/{id}/analytics per creator (request counts from the sandbox
// log), the window turned into dates, unknown creators in not_found, a failing creator in errors, cancellation
// between requests, and analytics bodies no API should send.
#include <catch2/catch.hpp>

#include "canned_tools.hpp"
#include "sandbox_fixture.hpp"
#include "tools/creator_analytics.hpp"

using ca::Json;
using ca::tools::testing::CannedTools;
using ca::tools::testing::SandboxFixture;

namespace {

constexpr const char* kUnknown = "0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b";

Json creators_with_accounts(SandboxFixture& f, std::size_t count) {
  Json ids = Json::array();
  const auto roster = f.call("list_creators", {{"max_results", 60}});
  for (const auto& row : roster.structured["creators"]) {
    if (row.value("accounts", 0) > 0 && ids.size() < count) ids.push_back(row["id"]);
  }
  REQUIRE(ids.size() == count);
  return ids;
}

}  // namespace

TEST_CASE("creator windows are the dates of the period, today included", "[get_metrics][creators]") {
  const auto now = std::chrono::sys_days(std::chrono::year(2026) / 3 / 2) + std::chrono::hours(23);
  CHECK(ca::tools::creator_window_query({"7d", {}, {}}, now) ==
        ca::api::Query{{"start_date", "2026-02-24"}, {"end_date", "2026-03-02"}});
  CHECK(ca::tools::creator_window_query({"90d", {}, {}}, now)[0].second == "2025-12-03");
  CHECK(ca::tools::creator_window_query({"custom", "2026-01-01", "2026-01-31"}, now) ==
        ca::api::Query{{"start_date", "2026-01-01"}, {"end_date", "2026-01-31"}});
}

TEST_CASE("get_metrics sums creators with one request each, as the sums of their accounts",
          "[sandbox][get_metrics][creators]") {
  SandboxFixture f;
  const Json ids = creators_with_accounts(f, 3);
  Json asked = ids;
  asked.push_back(kUnknown);
  f.clear_log();
  const auto result = f.call("get_metrics", {{"creator_ids", asked}, {"period", "7d"}});
  REQUIRE_FALSE(result.is_error);
  const Json& out = result.structured;
  CHECK(out["period"] == "7d");
  CHECK(out["days"] == 7);
  REQUIRE(out["creators"].size() == 3);
  CHECK(out["returned"] == 3);
  CHECK(out["not_found"] == Json::array({kUnknown}));
  CHECK(f.requests("GET", "/v2/creators/") == 4);

  // The API's roll-up is the sum of the creator's accounts over the same window.
  const std::string first = ids[0];
  Json account_ids = Json::array();
  const auto linked = f.call("list_creators", {{"creator_id", first}});
  for (const auto& account : linked.structured["accounts"]) {
    account_ids.push_back(account["id"]);
  }
  const auto accounts = f.call("get_metrics", {{"account_ids", account_ids}, {"period", "7d"}});
  std::int64_t views = 0;
  for (const auto& [id, sums] : accounts.structured["accounts"].items()) views += sums.value("views", 0);
  CHECK(out["creators"][first].value("views", 0) == views);
  CHECK(accounts.structured["start_date"] == out["start_date"]);
}

TEST_CASE("get_metrics with creator_ids starts no request after a cancellation", "[sandbox][get_metrics][creators]") {
  SandboxFixture f;
  const Json ids = creators_with_accounts(f, 5);
  f.clear_log();
  f.context.on_progress = [&](double, std::optional<double>, const std::string&) { f.context.cancel.cancel(); };
  const auto result = f.call("get_metrics", {{"creator_ids", ids}});
  CHECK(result.is_error);
  // The requests already out when the first answer cancelled the call (at most max_parallel_requests, 4) end; the
  // fifth never starts.
  CHECK(f.requests("GET", "/v2/creators/") <= 4);
}

TEST_CASE("get_metrics reports a failing creator in errors and keeps the others", "[hostile][get_metrics][creators]") {
  CannedTools tools;
  const std::string good = "1c4e3d25-ab7e-4f2f-9c3b-2d3e4f5a6b7c";
  tools.upstream.on_json("GET", "/creators/" + good + "/analytics",
                         {{"data", {{"views", 10}, {"likes", 1}, {"comments", 0}, {"shares", 0}, {"followers", 3}}},
                          {"meta", {{"period", "custom"}, {"start_date", "2026-05-02"}, {"end_date", "2026-05-31"}, {"days", 30}}}});
  tools.upstream.on("GET", "/creators/" + std::string(kUnknown) + "/analytics",
                    {400, "{\"title\":\"\\u202eBad\",\"request_id\":\"r-1\"}", {{"Content-Type", "application/problem+json"}}});
  const auto result = tools.call("get_metrics", {{"creator_ids", {good, kUnknown}}});
  REQUIRE_FALSE(result.is_error);
  CHECK(result.structured["period"] == "30d");  // the period asked, not the API's "custom"
  CHECK(result.structured["creators"][good]["views"] == 10);
  REQUIRE(result.structured["errors"].size() == 1);
  CHECK(result.structured["errors"][0]["ids"] == Json::array({kUnknown}));

  const std::vector<Json> odd = {nullptr, -1, 1.5, "7", Json::array(), Json::object(), 1e300, "\u202e\x1b"};
  for (const auto& value : odd) {
    INFO(ca::dump_compact(value));
    tools.upstream.on_json("GET", "/creators/" + good + "/analytics",
                           {{"data", {{"views", value}, {"likes", value}, {"followers", value}}}, {"meta", value}});
    const auto hostile = tools.call("get_metrics", {{"creator_ids", {good}}});
    REQUIRE_FALSE(hostile.is_error);
    tools.upstream.on_json("GET", "/creators/" + good + "/analytics", {{"data", value}});
    tools.call("get_metrics", {{"creator_ids", {good}}});
  }
}
