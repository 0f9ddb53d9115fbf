// top_creators against the sandbox (the request it sends, the rows it makes) and against an upstream that sends
// leaderboards no API should (every result still honours the output schema, which the registry checks).
#include <catch2/catch.hpp>

#include "canned_tools.hpp"
#include "sandbox_fixture.hpp"

using ca::Json;
using ca::tools::testing::CannedTools;
using ca::tools::testing::SandboxFixture;

TEST_CASE("top_creators ranks the sandbox's creators in one request, best first", "[sandbox][top_creators]") {
  SandboxFixture f;
  const auto result = f.call("top_creators", {{"period", "7d"}, {"limit", 5}});
  REQUIRE_FALSE(result.is_error);
  const Json& out = result.structured;
  CHECK(out["period"] == "7d");
  CHECK(out["start_date"].is_string());
  CHECK(out["end_date"].is_string());
  REQUIRE(out["returned"] == 5);
  REQUIRE(out["creators"].size() == 5);
  for (std::size_t i = 0; i < 5; ++i) {
    const Json& row = out["creators"][i];
    CHECK(row["rank"] == i + 1);
    CHECK(row["id"].is_string());
    CHECK(row["name"].is_string());
    CHECK(row.contains("views"));
    if (i > 0) CHECK(row["views"] <= out["creators"][i - 1]["views"]);
  }
  CHECK(f.requests("GET", "/v2/creators/top") == 1);
  CHECK(f.call("top_creators", Json::object()).structured["returned"] == 10);  // the schema's default limit
  CHECK(f.call("top_creators", {{"limit", 26}}).is_error);                     // the API's maximum is 25
}

TEST_CASE("top_creators keeps to its schema whatever the leaderboard holds", "[hostile][top_creators]") {
  CannedTools tools;
  const Json good = {{"id", "0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b"}, {"name", "Ana"}, {"views", 10}, {"likes", 2},
                     {"comments", 1}, {"shares", 0}, {"followers", 5}, {"account_count", 2}};
  const std::vector<Json> odd_values = {nullptr, -1, 1.5, "7", Json::array(), Json::object(), 1e300,
                                        std::string(70'000, 'n'), "\u202eevil\x1b[31m\r\nX: y"};
  for (const auto& [field, unused] : good.items()) {
    for (const auto& value : odd_values) {
      Json entry = good;
      entry[field] = value;
      tools.upstream.on_json("GET", "/creators/top", {{"data", Json::array({entry, good})}, {"meta", {{"period", value}}}});
      const auto result = tools.call("top_creators", Json::object());
      INFO(field << " = " << ca::dump_compact(value).substr(0, 80));
      REQUIRE_FALSE(result.is_error);
      const auto returned = result.structured["returned"].get<int>();
      CHECK(returned == (field == "id" ? 1 : 2));
      if (field == "id") CHECK(result.structured["creators"][0]["rank"] == 2);  // the rank is the API's place
    }
  }
  for (const std::string body : {"", "null", "[]", "{\"data\":null}", "{\"data\":[1,\"a\",null]}", "{\"meta\":7}"}) {
    tools.upstream.on("GET", "/creators/top", {200, body, {{"Content-Type", "application/json"}}});
    const auto result = tools.call("top_creators", Json::object());
    INFO(body);
    if (!result.is_error) CHECK(result.structured["returned"] == 0);
  }
}
