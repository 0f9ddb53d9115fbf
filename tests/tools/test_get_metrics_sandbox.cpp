#include <catch2/catch.hpp>

#include "sandbox_fixture.hpp"

using ca::Json;
using ca::tools::testing::SandboxFixture;

namespace {

Json account_ids(const SandboxFixture& f, std::size_t count) {
  Json ids = Json::array();
  for (std::size_t i = 0; i < count; ++i) ids.push_back(f.sandbox.account_id_at(i));
  return ids;
}

}  // namespace

TEST_CASE("get_metrics asks for 450 account ids in 3 batch requests", "[sandbox][get_metrics]") {
  SandboxFixture f;
  f.context.settings.text_budget_bytes = 1u << 20;  // room for every row: this test counts requests
  const auto result = f.call("get_metrics", {{"account_ids", account_ids(f, 450)}, {"period", "7d"}});
  REQUIRE_FALSE(result.is_error);
  CHECK(f.requests("POST", "/v2/accounts/metrics") == 3);
  CHECK(result.structured["returned"] == 450);
  CHECK(result.structured["period"] == "7d");
  CHECK(result.structured["days"] == 7);
  REQUIRE(result.structured["accounts"].size() == 450);
  const Json& row = result.structured["accounts"].begin().value();  // keyed by id, in the order asked
  CHECK(result.structured["accounts"].begin().key() == f.sandbox.account_id_at(0));
  CHECK(row.contains("followers"));
  if (row["views"] > 0) {
    const double engagement = row["likes"].get<double>() + row["comments"].get<double>() + row["shares"].get<double>();
    const double expected = std::round(engagement / row["views"].get<double>() * 10000) / 100;
    CHECK(row["engagement_rate"].get<double>() == Approx(expected));
  }
}

TEST_CASE("get_metrics asks duplicate ids once and reports unknown ones in not_found", "[sandbox][get_metrics]") {
  SandboxFixture f;
  const std::string known = f.sandbox.account_id_at(0);
  const std::string unknown = "00000000-0000-4000-8000-000000000000";
  const auto result = f.call("get_metrics", {{"account_ids", {known, known, unknown}}});
  REQUIRE_FALSE(result.is_error);
  CHECK(f.requests("POST", "/v2/accounts/metrics") == 1);
  CHECK(result.structured["returned"] == 1);
  CHECK(result.structured["not_found"] == Json({unknown}));
}

TEST_CASE("get_metrics resolves handles to ids and lists unknown handles", "[sandbox][get_metrics]") {
  SandboxFixture f;
  const auto listed = f.call("list_accounts", {{"platform", "tiktok"}, {"max_results", 1}});
  const auto username = listed.structured["accounts"][0]["username"].get<std::string>();
  const auto id = listed.structured["accounts"][0]["id"].get<std::string>();
  f.clear_log();
  const std::string handle = "tiktok:@" + username;
  const auto result = f.call("get_metrics", {{"accounts", {handle, "instagram:no.such.account.here"}}});
  REQUIRE_FALSE(result.is_error);
  CHECK(f.requests("GET", "/v2/accounts") == 2);  // one lookup per handle
  CHECK(f.requests("POST", "/v2/accounts/metrics") == 1);
  REQUIRE(result.structured["returned"] == 1);
  REQUIRE(result.structured["accounts"].contains(id));
  CHECK(result.structured["accounts"][id]["handle"] == handle);
  CHECK(result.structured["not_found"] == Json({"instagram:no.such.account.here"}));
}

TEST_CASE("get_metrics resolves many handles of one platform by scanning it when that is cheaper",
          "[sandbox][get_metrics]") {
  ca::sandbox::SandboxOptions options;
  options.accounts = 300;
  SandboxFixture f(options);
  f.context.settings.text_budget_bytes = 1u << 20;
  const auto listed = f.call("list_accounts", {{"platform", "instagram"}, {"max_results", 10}});
  Json handles = Json::array();
  for (const auto& row : listed.structured["accounts"])
    handles.push_back("instagram:" + row["username"].get<std::string>());
  f.clear_log();
  const auto result = f.call("get_metrics", {{"accounts", handles}});
  REQUIRE_FALSE(result.is_error);
  CHECK(result.structured["returned"] == 10);
  CHECK(f.requests("GET", "/v2/accounts") <= 2);  // about 150 instagram accounts: one or two pages, not 10 lookups
}

TEST_CASE("get_metrics returns the rows of batches that worked next to the error of one that failed",
          "[sandbox][get_metrics]") {
  SandboxFixture f;
  f.sandbox.script_statuses({0, 404}, "/v2/accounts/metrics");
  const auto result = f.call("get_metrics", {{"account_ids", account_ids(f, 400)}});
  REQUIRE_FALSE(result.is_error);
  CHECK(result.structured["returned"] == 200);
  REQUIRE(result.structured["errors"].size() == 1);
  CHECK(result.structured["errors"][0]["ids"].size() == 200);
  CHECK_THAT(result.structured["errors"][0]["message"].get<std::string>(),
             Catch::Contains("CreatorAudit 404") && Catch::Contains("request_id="));
}

TEST_CASE("get_metrics is an error carrying the request ID when every batch fails", "[sandbox][get_metrics]") {
  SandboxFixture f;
  f.sandbox.script_statuses({404}, "/v2/accounts/metrics");
  const auto result = f.call("get_metrics", {{"account_ids", account_ids(f, 3)}});
  REQUIRE(result.is_error);
  CHECK_THAT(result.error_message, Catch::Contains("CreatorAudit 404") && Catch::Contains("request_id="));
}

TEST_CASE("get_metrics covers videos and account videos in the same call", "[sandbox][get_metrics]") {
  SandboxFixture f;
  const auto result = f.call("get_metrics", {{"video_ids", {f.sandbox.first_video_id()}},
                                             {"instagram_post_ids", {f.sandbox.first_account_video_id()}},
                                             {"tiktok_video_ids", {f.sandbox.first_account_video_id()}}});
  REQUIRE_FALSE(result.is_error);
  CHECK(f.requests("POST", "/v2/videos/metrics") == 1);
  CHECK(f.requests("POST", "/v2/account-videos/metrics") == 1);
  CHECK(result.structured["videos"].contains(f.sandbox.first_video_id()));
  CHECK(result.structured["instagram_posts"].size() == 1);
}

TEST_CASE("get_metrics holds back rows past the byte budget and names where to continue",
          "[sandbox][get_metrics][budget]") {
  SandboxFixture f;
  f.context.settings.text_budget_bytes = 4096;
  const auto result = f.call("get_metrics", {{"account_ids", account_ids(f, 200)}});
  REQUIRE_FALSE(result.is_error);
  CHECK(ca::dump_compact(result.structured).size() <= 4096);
  const auto shown = result.structured["returned"].get<std::size_t>();
  CHECK(shown < 200);
  CHECK_THAT(result.structured["note"].get<std::string>(), Catch::Contains(f.sandbox.account_id_at(shown)));
}
