// search against the sandbox (one request, three sections, the caps the API applied) and against answers no API
// should send (the result keeps to its schema, which the registry checks).
#include <catch2/catch.hpp>

#include "canned_tools.hpp"
#include "client/url_encoding.hpp"
#include "sandbox_fixture.hpp"

using ca::Json;
using ca::tools::testing::CannedTools;
using ca::tools::testing::SandboxFixture;

TEST_CASE("search returns compact sections and the caps the API applied, in one request", "[sandbox][search]") {
  SandboxFixture f;
  const auto result = f.call("search", {{"query", "a"}, {"limit", 25}});
  REQUIRE_FALSE(result.is_error);
  const Json& out = result.structured;
  const std::size_t total = out["accounts"].size() + out["creators"].size() + out["videos"].size();
  CHECK(out["returned"] == total);
  CHECK(total > 0);
  for (const char* section : {"accounts", "creators", "videos"}) {
    INFO(section);
    REQUIRE(out["caps"].contains(section));
    CHECK(out[section].size() <= out["caps"][section].get<std::size_t>());
    for (const auto& row : out[section]) CHECK(row["id"].is_string());
  }
  for (const auto& row : out["accounts"]) CHECK(ca::api::ascii_lower(row["username"].get<std::string>()).find('a') != std::string::npos);
  CHECK(f.requests("GET", "/v2/search") == 1);
  CHECK(f.call("search", {{"query", ""}}).is_error);
  CHECK(f.call("search", {{"query", std::string(129, 'x')}}).is_error);
}

TEST_CASE("search keeps to its schema whatever the sections hold", "[hostile][search]") {
  CannedTools tools;
  const std::string id = "0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b";
  const Json good_video = {{"id", id}, {"platform", "tiktok"}, {"caption", std::string(5000, 'c') + "\x1b[2J"},
                           {"account_id", id}, {"account_username", "ana"}};
  for (const Json& odd : {Json(nullptr), Json(7), Json("x"), Json::array(), Json::object({{"id", "not-a-uuid"}})}) {
    Json broken_video = good_video;
    broken_video["platform"] = odd;
    broken_video["account_username"] = odd;
    tools.upstream.on_json("GET", "/search", {{"data", {{"accounts", Json::array({odd, {{"id", id}, {"username", odd}}})},
                                                  {"creators", odd},
                                                  {"videos", Json::array({good_video, broken_video})}}},
                                        {"meta", {{"effective_caps", {{"accounts", odd}, {"videos", 10}}}}}});
    const auto result = tools.call("search", {{"query", "a"}});
    INFO(ca::dump_compact(odd));
    REQUIRE_FALSE(result.is_error);
    CHECK(result.structured["videos"].size() == 2);
    CHECK(result.structured["videos"][0]["caption"].get<std::string>().size() <= 160);
    CHECK(result.structured["accounts"].size() == 1);
    CHECK_THAT(result.structured["note"].get<std::string>(), Catch::Contains("1 results"));
  }
}

TEST_CASE("search keeps its text under the byte budget, cutting whole rows and saying so", "[budget][search]") {
  CannedTools tools;
  tools.context.settings.text_budget_bytes = 2000;
  Json accounts = Json::array();
  for (int i = 0; i < 25; ++i) {
    accounts.push_back({{"id", "0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a" + std::to_string(10 + i)},
                        {"platform", "instagram"}, {"username", std::string(200, 'u')}});
  }
  tools.upstream.on_json("GET", "/search", {{"data", {{"accounts", accounts}, {"creators", Json::array()}}}});
  const auto result = tools.call("search", {{"query", "u"}, {"limit", 25}});
  REQUIRE_FALSE(result.is_error);
  CHECK(ca::dump_compact(result.structured).size() <= 2000);
  const auto returned = result.structured["returned"].get<std::size_t>();
  CHECK(returned > 0);
  CHECK(returned < 25);
  CHECK(result.structured["accounts"].size() == returned);
  CHECK_THAT(result.structured["note"].get<std::string>(), Catch::Contains("of 25 results"));
}
