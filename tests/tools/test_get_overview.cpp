// get_overview against the sandbox (one request; the change of each figure, none without a baseline) and against
// answers no API should send (the result keeps to its schema, which the registry checks).
#include <catch2/catch.hpp>
#include <cmath>

#include "canned_tools.hpp"
#include "sandbox_fixture.hpp"

using ca::Json;
using ca::tools::testing::CannedTools;
using ca::tools::testing::SandboxFixture;

TEST_CASE("get_overview gives current, previous and change per figure in one request", "[sandbox][get_overview]") {
  SandboxFixture f;
  const auto result = f.call("get_overview", {{"period", "90d"}});
  REQUIRE_FALSE(result.is_error);
  const Json& out = result.structured;
  CHECK(out["period"] == "90d");
  CHECK(out["start_date"].is_string());
  for (const char* figure : {"total_views", "engagement_rate", "active_accounts", "account_videos", "tracked_videos"}) {
    INFO(figure);
    REQUIRE(out["figures"].contains(figure));
    const Json& entry = out["figures"][figure];
    CHECK(entry.contains("current"));
    CHECK(entry.contains("previous"));
    if (entry["previous"] == 0) CHECK_FALSE(entry.contains("change_pct"));  // no baseline
  }
  CHECK(f.requests("GET", "/v2/overview") == 1);
}

TEST_CASE("get_overview leaves out a change without a baseline, and reads broken figures as missing",
          "[hostile][get_overview]") {
  CannedTools tools;
  auto call = [&](const Json& data) {
    tools.upstream.on_json("GET", "/overview", {{"data", data}, {"meta", {{"period", "30d"}}}});
    return tools.call("get_overview", Json::object());
  };

  SECTION("a change is computed when the API sends none, and dropped when previous is 0 whatever it sends") {
    const auto result = call({{"current", {{"total_views", 150}, {"active_accounts", 3}}},
                              {"previous", {{"total_views", 100}, {"active_accounts", 0}}},
                              {"changes", {{"active_accounts_pct", 12.5}}}});
    REQUIRE_FALSE(result.is_error);
    CHECK(result.structured["figures"]["total_views"]["change_pct"] == 50.0);
    CHECK_FALSE(result.structured["figures"]["active_accounts"].contains("change_pct"));
    CHECK_THAT(result.structured["note"].get<std::string>(), Catch::Contains("engagement_rate"));
  }
  SECTION("odd values never break the schema") {
    for (const Json& value : {Json(nullptr), Json(-1), Json(1e300), Json("5"), Json::array(), Json(NAN)}) {
      const Json figures = {{"total_views", value}, {"engagement_rate", value}, {"tracked_videos", 4}};
      const auto result = call({{"current", figures}, {"previous", figures}, {"changes", {{"total_views_pct", value}}}});
      INFO(ca::dump_compact(value));
      REQUIRE_FALSE(result.is_error);
      CHECK(result.structured["figures"]["tracked_videos"]["current"] == 4);
    }
    for (const Json& data : {Json(nullptr), Json("x"), Json::array({1}), Json::object()}) {
      const auto result = call(data);
      REQUIRE_FALSE(result.is_error);
      CHECK(result.structured["figures"].empty());
    }
  }
}
