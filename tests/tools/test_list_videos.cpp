// list_videos against the sandbox (request counts, sort, account filter by handle, cursor binding, the budget cut)
// and against answers no API should send (the result keeps to its schema, which the registry checks).
#include <catch2/catch.hpp>

#include "canned_tools.hpp"
#include "sandbox_fixture.hpp"

using ca::Json;
using ca::tools::testing::CannedTools;
using ca::tools::testing::SandboxFixture;

TEST_CASE("list_videos fetches 1,000 account videos in 5 pages", "[sandbox][list_videos]") {
  SandboxFixture f;
  f.context.settings.text_budget_bytes = 4u << 20;  // room for every row: this test counts requests
  const auto result = f.call("list_videos", {{"max_results", 1000}});
  REQUIRE_FALSE(result.is_error);
  CHECK(f.requests("GET", "/v2/account-videos") == 5);
  CHECK(f.requests("GET", "/v2/videos") == 0);
  CHECK(result.structured["returned"] == 1000);
  CHECK(result.structured["videos"].size() == 1000);
  CHECK(result.structured["has_more"] == true);
}

TEST_CASE("list_videos ranks tracked TikTok videos by views with compact rows", "[sandbox][list_videos]") {
  SandboxFixture f;
  const auto result = f.call("list_videos", {{"source", "tracked"}, {"platform", "tiktok"},
                                             {"order_by", "view_count"}, {"max_results", 20}});
  REQUIRE_FALSE(result.is_error);
  CHECK(f.requests("GET", "/v2/videos") == 1);
  const Json& rows = result.structured["videos"];
  REQUIRE(rows.size() == 20);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    INFO(rows[i].dump());
    CHECK(rows[i]["platform"] == "tiktok");
    CHECK(ca::api::is_uuid(rows[i]["id"].get<std::string>()));
    CHECK(rows[i]["url"].get<std::string>().rfind("https://www.tiktok.com/@", 0) == 0);
    if (i > 0) CHECK(rows[i - 1]["views"].get<std::int64_t>() >= rows[i]["views"].get<std::int64_t>());
  }
}

TEST_CASE("list_videos resolves account platform:username once and lists only its videos", "[sandbox][list_videos]") {
  SandboxFixture f;
  const auto listed = f.call("list_accounts", {{"platform", "instagram"}, {"max_results", 1}});
  const auto username = listed.structured["accounts"][0]["username"].get<std::string>();
  f.clear_log();
  const auto result = f.call("list_videos", {{"account", "instagram:" + username}});
  REQUIRE_FALSE(result.is_error);
  CHECK(f.requests("GET", "/v2/accounts") == 1);
  CHECK(f.requests("GET", "/v2/account-videos") == 1);
  REQUIRE(result.structured["returned"].get<int>() > 0);
  for (const auto& row : result.structured["videos"]) {
    CHECK(row["account"] == username);
    CHECK(row["url"].get<std::string>().rfind("https://www.instagram.com/p/", 0) == 0);
  }
  const auto unknown = f.call("list_videos", {{"account", "tiktok:no.such.account.here"}});
  CHECK(unknown.is_error);
  CHECK(f.requests("GET", "/v2/account-videos") == 1);
}

TEST_CASE("list_videos continues with its cursor and refuses one from other filters before any request",
          "[sandbox][list_videos][cursor]") {
  SandboxFixture f;
  const Json first_args = {{"platform", "tiktok"}, {"order_by", "view_count"}, {"max_results", 3}};
  const auto first = f.call("list_videos", first_args);
  REQUIRE(first.structured["has_more"] == true);
  Json next_args = first_args;
  next_args["cursor"] = first.structured["next_cursor"];
  const auto second = f.call("list_videos", next_args);
  REQUIRE_FALSE(second.is_error);
  REQUIRE(second.structured["returned"] == 3);
  CHECK(second.structured["videos"][0]["id"] != first.structured["videos"][2]["id"]);
  CHECK(second.structured["videos"][0]["views"].get<std::int64_t>() <=
        first.structured["videos"][2]["views"].get<std::int64_t>());

  f.clear_log();
  Json other = next_args;
  other["platform"] = "instagram";
  CHECK(f.call("list_videos", other).is_error);
  Json tracked = next_args;
  tracked["source"] = "tracked";
  CHECK(f.call("list_videos", tracked).is_error);
  CHECK(f.sandbox.request_log().empty());
}

TEST_CASE("list_videos checks its arguments before any request", "[sandbox][list_videos]") {
  SandboxFixture f;
  CHECK(f.call("list_videos", {{"order_by", "added_at"}}).is_error);  // account videos have no added_at
  CHECK(f.call("list_videos", {{"account", "not an account"}}).is_error);
  CHECK(f.call("list_videos", {{"account", "tiktok:ana"}, {"platform", "instagram"}}).is_error);
  CHECK(f.call("list_videos", {{"max_results", 1001}}).is_error);
  CHECK(f.sandbox.request_log().empty());
  CHECK_FALSE(f.call("list_videos", {{"source", "tracked"}, {"order_by", "added_at"}, {"max_results", 1}}).is_error);
}

TEST_CASE("list_videos keeps its text under the byte budget and resumes after the last row shown",
          "[budget][sandbox][list_videos]") {
  SandboxFixture f;
  f.context.settings.text_budget_bytes = 3000;
  const auto cut = f.call("list_videos", {{"max_results", 50}});
  REQUIRE_FALSE(cut.is_error);
  CHECK(ca::dump_compact(cut.structured).size() <= 3000);
  const auto kept = cut.structured["returned"].get<std::size_t>();
  REQUIRE(kept > 0);
  REQUIRE(kept < 50);
  CHECK_THAT(cut.structured["note"].get<std::string>(), Catch::Contains("Showing"));
  f.context.settings.text_budget_bytes = 1u << 20;
  const auto whole = f.call("list_videos", {{"max_results", 50}});
  const auto rest = f.call("list_videos", {{"max_results", 1}, {"cursor", cut.structured["next_cursor"]}});
  REQUIRE_FALSE(rest.is_error);
  CHECK(rest.structured["videos"][0]["id"] == whole.structured["videos"][kept]["id"]);
}

TEST_CASE("list_videos keeps to its schema whatever the rows hold", "[hostile][list_videos]") {
  CannedTools tools;
  const Json good = {{"id", 42},
                     {"platform", "tiktok"},
                     {"external_id", "7100000000000000001"},
                     {"account_username", "ana"},
                     {"caption", std::string(5000, 'c') + "\x1b[2J\u202e"},
                     {"create_time", "2026-06-01T00:00:00Z"},
                     {"view_count", 100},
                     {"like_count", 5},
                     {"comment_count", 1},
                     {"share_count", 4},
                     {"duration", 12.5},
                     {"metadata", {{"k\u202e", "v\x07"}}}};
  for (const Json& odd : {Json(nullptr), Json(-7), Json(1e300), Json("x"), Json::array(), Json::object(),
                          Json("../../evil"), Json(true)}) {
    Json broken = good;
    for (const char* key : {"platform", "external_id", "account_username", "caption", "create_time", "view_count",
                            "like_count", "duration", "metadata", "shortcode"}) {
      broken[key] = odd;
    }
    Json no_id = good;
    no_id["id"] = odd;
    tools.upstream.on_json("GET", "/account-videos",
                           {{"data", Json::array({good, broken, no_id, odd})},
                            {"pagination", {{"has_next", odd}, {"next_cursor", odd}}}});
    const auto result = tools.call("list_videos", {{"fields", {"all"}}});
    INFO(ca::dump_compact(odd));
    REQUIRE_FALSE(result.is_error);
    const Json& rows = result.structured["videos"];
    CHECK(rows.size() >= 1);
    CHECK(rows[0]["id"] == "42");
    CHECK(rows[0]["url"] == "https://www.tiktok.com/@ana/video/7100000000000000001");
    CHECK(rows[0]["caption"].get<std::string>().size() <= 160);
    CHECK(rows[0]["caption"].get<std::string>().find('\x1b') == std::string::npos);
    CHECK(rows[0]["engagement_rate"] == 10.0);
    CHECK_THAT(result.structured["note"].get<std::string>(), Catch::Contains("left out"));
  }
}
