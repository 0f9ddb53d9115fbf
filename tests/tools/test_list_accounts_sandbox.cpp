#include <catch2/catch.hpp>
#include <set>

#include "sandbox_fixture.hpp"
#include "tools/list_cursor.hpp"

using ca::Json;
using ca::tools::testing::SandboxFixture;

TEST_CASE("list_accounts fetches 1,000 accounts in 5 requests of 200", "[sandbox][list_accounts]") {
  SandboxFixture f;
  f.context.settings.text_budget_bytes = 4u << 20;  // room for every row: this test counts requests
  const auto result = f.call("list_accounts", {{"max_results", 1000}});
  REQUIRE_FALSE(result.is_error);
  CHECK(result.structured["returned"] == 1000);
  CHECK(f.requests("GET", "/v2/accounts") == 5);
  for (const auto& entry : f.sandbox.request_log()) CHECK_THAT(entry.query, Catch::Contains("limit=200"));
  std::set<std::string> ids;
  for (const auto& row : result.structured["accounts"]) ids.insert(row["id"].get<std::string>());
  CHECK(ids.size() == 1000);
  CHECK(result.structured["has_more"] == false);
  CHECK_FALSE(result.structured.contains("next_cursor"));
}

TEST_CASE("list_accounts pages with next_cursor and reports has_more", "[sandbox][list_accounts]") {
  SandboxFixture f;
  const Json filters = {{"platform", "tiktok"}, {"order_by", "username"}, {"order_direction", "asc"}};
  Json arguments = filters;
  arguments["max_results"] = 30;
  const auto first = f.call("list_accounts", arguments);
  REQUIRE_FALSE(first.is_error);
  CHECK(first.structured["returned"] == 30);
  CHECK(first.structured["has_more"] == true);
  REQUIRE(first.structured.contains("next_cursor"));
  CHECK(f.requests("GET", "/v2/accounts") == 1);

  arguments["cursor"] = first.structured["next_cursor"];
  const auto second = f.call("list_accounts", arguments);
  REQUIRE_FALSE(second.is_error);
  CHECK(f.requests("GET", "/v2/accounts") == 2);
  const auto last_of_first = first.structured["accounts"].back()["username"].get<std::string>();
  const auto first_of_second = second.structured["accounts"].front()["username"].get<std::string>();
  CHECK(last_of_first < first_of_second);
  for (const auto& row : second.structured["accounts"]) CHECK(row["platform"] == "tiktok");
}

TEST_CASE("list_accounts rejects a cursor reused with other filters without sending a request",
          "[sandbox][list_accounts]") {
  SandboxFixture f;
  const auto first = f.call("list_accounts", {{"platform", "tiktok"}, {"max_results", 5}});
  REQUIRE(first.structured.contains("next_cursor"));
  f.clear_log();
  const auto reused = f.call("list_accounts", {{"platform", "instagram"}, {"cursor", first.structured["next_cursor"]}});
  REQUIRE(reused.is_error);
  CHECK_THAT(reused.error_message, Catch::Contains("`cursor`") && Catch::Contains("different filters"));
  CHECK(f.sandbox.request_log().empty());
}

TEST_CASE("list_accounts stays under the byte budget with fewer rows and a cursor to the rest",
          "[sandbox][list_accounts][budget]") {
  SandboxFixture f;
  const Json arguments = {{"max_results", 1000}, {"fields", {"all"}}};
  const auto cut = f.call("list_accounts", arguments);
  REQUIRE_FALSE(cut.is_error);
  const std::string text = ca::dump_compact(cut.structured);
  CHECK(text.size() <= 64u * 1024);
  const auto shown = cut.structured["returned"].get<std::size_t>();
  CHECK(shown > 0);
  CHECK(shown < 1000);
  CHECK(cut.structured["has_more"] == true);
  CHECK_THAT(cut.structured["note"].get<std::string>(), Catch::Contains("next_cursor"));

  // The cursor resumes exactly after the last row shown, even though that row sat in the middle of a page.
  f.context.settings.text_budget_bytes = 8u << 20;
  const auto all = f.call("list_accounts", arguments);
  Json next_arguments = arguments;
  next_arguments["cursor"] = cut.structured["next_cursor"];
  next_arguments["max_results"] = 10;
  const auto rest = f.call("list_accounts", next_arguments);
  REQUIRE_FALSE(rest.is_error);
  for (std::size_t i = 0; i < 10; ++i)
    CHECK(rest.structured["accounts"][i]["id"] == all.structured["accounts"][shown + i]["id"]);
}

TEST_CASE("list_accounts reports progress per page when asked", "[sandbox][list_accounts]") {
  SandboxFixture f;
  f.context.settings.text_budget_bytes = 4u << 20;
  std::vector<double> values;
  f.context.on_progress = [&](double value, std::optional<double>, const std::string&) { values.push_back(value); };
  REQUIRE_FALSE(f.call("list_accounts", {{"max_results", 600}}).is_error);
  CHECK(values.size() >= 2);
  CHECK(std::is_sorted(values.begin(), values.end()));
}

TEST_CASE("list_accounts returns an API error with its request ID", "[sandbox][list_accounts]") {
  SandboxFixture f;
  f.sandbox.script_statuses({404}, "/v2/accounts");
  const auto result = f.call("list_accounts", Json::object());
  REQUIRE(result.is_error);
  CHECK_THAT(result.error_message, Catch::Contains("CreatorAudit 404") && Catch::Contains("request_id="));
}
