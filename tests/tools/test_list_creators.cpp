// list_creators against the sandbox (rows, order, pages, one creator with its accounts, request counts from the
// sandbox log, the budget cut) and against an upstream that sends creators no API should.
#include <catch2/catch.hpp>

#include "canned_tools.hpp"
#include "sandbox_fixture.hpp"

using ca::Json;
using ca::tools::testing::CannedTools;
using ca::tools::testing::SandboxFixture;

namespace {

ca::sandbox::SandboxOptions with_creators(int creators) {
  ca::sandbox::SandboxOptions options;
  options.creators = creators;
  return options;
}

// The first creator of the roster with at least `min_accounts` linked accounts.
Json creator_with_accounts(SandboxFixture& f, std::int64_t min_accounts) {
  const auto all = f.call("list_creators", {{"max_results", 1000}});
  for (const auto& row : all.structured["creators"]) {
    if (row.value("accounts", 0) >= min_accounts) return row;
  }
  FAIL("no creator with " << min_accounts << " accounts");
  return nullptr;
}

}  // namespace

TEST_CASE("list_creators lists the roster by name, one request per page of 200", "[sandbox][list_creators]") {
  SandboxFixture f(with_creators(450));
  const auto all = f.call("list_creators", {{"max_results", 1000}});
  REQUIRE_FALSE(all.is_error);
  CHECK(all.structured["returned"] == 450);
  CHECK(all.structured["has_more"] == false);
  CHECK(f.requests("GET", "/v2/creators") == 3);  // 450 creators = 3 pages of 200
  const Json& rows = all.structured["creators"];
  for (std::size_t i = 1; i < rows.size(); ++i) CHECK(rows[i - 1]["name"] <= rows[i]["name"]);
  std::size_t archived = 0;
  for (const auto& row : rows) archived += row.contains("archived") ? 1 : 0;
  CHECK(archived > 0);  // about 10 % of the seeded creators
  CHECK(archived < rows.size());

  f.clear_log();
  const auto descending = f.call("list_creators", {{"order_direction", "desc"}, {"max_results", 3}});
  CHECK(descending.structured["creators"][0]["name"] == rows[rows.size() - 1]["name"]);
  CHECK(f.requests("GET", "/v2/creators") == 1);

  const auto active = f.call("list_creators", {{"is_active", true}, {"max_results", 1000}});
  CHECK(active.structured["returned"] == 450 - archived);
}

TEST_CASE("list_creators continues with its cursor and refuses a cursor of other filters", "[sandbox][list_creators]") {
  SandboxFixture f;
  const auto all = f.call("list_creators", {{"max_results", 60}});
  const auto first = f.call("list_creators", {{"max_results", 25}});
  REQUIRE(first.structured["has_more"] == true);
  const auto second = f.call("list_creators", {{"max_results", 50}, {"cursor", first.structured["next_cursor"]}});
  REQUIRE_FALSE(second.is_error);
  CHECK(second.structured["returned"] == 35);
  CHECK(second.structured["has_more"] == false);
  CHECK(second.structured["creators"][0]["id"] == all.structured["creators"][25]["id"]);

  const auto other_filter =
      f.call("list_creators", {{"is_active", true}, {"cursor", first.structured["next_cursor"]}});
  REQUIRE(other_filter.is_error);
  CHECK_THAT(other_filter.error_message, Catch::Contains("different filters"));
  const auto other_tool = f.call("list_accounts", {{"cursor", first.structured["next_cursor"]}});
  CHECK(other_tool.is_error);
}

TEST_CASE("list_creators with creator_id returns the creator and its linked accounts", "[sandbox][list_creators]") {
  SandboxFixture f;
  const Json creator = creator_with_accounts(f, 2);
  f.clear_log();
  const auto result = f.call("list_creators", {{"creator_id", creator["id"]}});
  REQUIRE_FALSE(result.is_error);
  REQUIRE(result.structured["creators"].size() == 1);
  CHECK(result.structured["creators"][0] == creator);
  const Json& accounts = result.structured["accounts"];
  CHECK(accounts.size() == creator["accounts"].get<std::size_t>());
  CHECK(result.structured["returned"] == accounts.size());
  for (const auto& account : accounts) CHECK(account["creator_name"] == creator["name"]);
  CHECK(f.requests("GET", "/v2/creators/") == 1);
  CHECK(f.requests("GET", "/v2/accounts") == 1);

  // A cursor of the creator list is not one of its accounts, and is_active filters only the list.
  const auto page = f.call("list_creators", {{"max_results", 1}});
  CHECK(f.call("list_creators", {{"creator_id", creator["id"]}, {"cursor", page.structured["next_cursor"]}}).is_error);
  CHECK(f.call("list_creators", {{"creator_id", creator["id"]}, {"is_active", true}}).is_error);

  const auto unknown = f.call("list_creators", {{"creator_id", "0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b"}});
  REQUIRE(unknown.is_error);
  CHECK_THAT(unknown.error_message, Catch::Contains("404") && Catch::Contains("request_id="));
}

TEST_CASE("list_creators of a creator without accounts sends no account listing", "[sandbox][list_creators]") {
  SandboxFixture f;
  const auto created = f.call("add_creator", {{"name", "Nobody Yet"}});
  REQUIRE_FALSE(created.is_error);
  f.clear_log();
  const auto result = f.call("list_creators", {{"creator_id", created.structured["creator"]["id"]}});
  REQUIRE_FALSE(result.is_error);
  CHECK(result.structured["accounts"].empty());
  CHECK(f.requests("GET", "/v2/accounts") == 0);
}

TEST_CASE("list_creators keeps under the byte budget and resumes after the last row shown", "[sandbox][list_creators][budget]") {
  SandboxFixture f;
  const auto all = f.call("list_creators", {{"max_results", 60}});
  f.context.settings.text_budget_bytes = 2000;
  const auto cut = f.call("list_creators", {{"max_results", 60}});
  REQUIRE_FALSE(cut.is_error);
  const auto kept = cut.structured["returned"].get<std::size_t>();
  CHECK(kept > 0);
  CHECK(kept < 60);
  CHECK(ca::dump_compact(cut.structured).size() <= 2000);
  CHECK_THAT(cut.structured["note"].get<std::string>(), Catch::Contains("2000-byte"));
  const auto rest = f.call("list_creators", {{"max_results", 60}, {"cursor", cut.structured["next_cursor"]}});
  CHECK(rest.structured["creators"][0]["id"] == all.structured["creators"][kept]["id"]);

  // With creator_id the creator row counts against the budget too.
  const Json creator = creator_with_accounts(f, 2);
  f.context.settings.text_budget_bytes = ca::dump_compact(Json{{"creators", {creator}}}).size() + 400;
  const auto one = f.call("list_creators", {{"creator_id", creator["id"]}});
  REQUIRE_FALSE(one.is_error);
  CHECK(ca::dump_compact(one.structured).size() <= f.context.settings.text_budget_bytes);
  CHECK(one.structured["has_more"] == true);
}

TEST_CASE("list_creators keeps to its schema whatever the creators hold", "[hostile][list_creators]") {
  CannedTools tools;
  const Json good = {{"id", "0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b"},
                     {"name", "Ana"},
                     {"is_active", false},
                     {"metadata", {{"tier", "gold"}}},
                     {"accounts_summary", {{"total", 2}, {"platforms", {{"instagram", 1}, {"tiktok", 1}}}, {"total_followers", 9}}}};
  const std::vector<Json> odd_values = {nullptr, -1, 1.5, "7", Json::array(), Json::object(), 1e300,
                                        std::string(70'000, 'n'), "\u202eevil\x1b[31m\r\nX: y",
                                        Json{{"total", -3}, {"platforms", {{"instagram", "x"}, {"\u202e", 2}}}},
                                        Json{{std::string(5000, 'k'), "v"}}};
  for (const auto& [field, unused] : good.items()) {
    for (const auto& value : odd_values) {
      Json creator = good;
      creator[field] = value;
      const Json page = {{"data", Json::array({creator, good})}, {"pagination", {{"has_next", false}}}};
      tools.upstream.on_json("GET", "/creators", page);
      const auto result = tools.call("list_creators", Json::object());
      INFO(field << " = " << ca::dump_compact(value).substr(0, 80));
      REQUIRE_FALSE(result.is_error);
      CHECK(result.structured["returned"] == (field == "id" ? 1 : 2));
      const std::string text = ca::dump_compact(result.structured);
      CHECK(text.find("\u202e") == std::string::npos);
      CHECK(text.find('\x1b') == std::string::npos);

      tools.upstream.on_json("GET", "/creators/0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b", {{"data", creator}});
      tools.upstream.on_json("GET", "/accounts", {{"data", Json::array({creator})}, {"pagination", {{"has_next", false}}}});
      const auto one = tools.call("list_creators", {{"creator_id", "0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b"}});
      CHECK(one.is_error == (field == "id"));
    }
  }
  for (const std::string body : {"", "null", "[]", "{\"data\":null}", "{\"data\":[1,\"a\",null]}", "{\"data\":7}"}) {
    tools.upstream.on("GET", "/creators", {200, body, {{"Content-Type", "application/json"}}});
    const auto result = tools.call("list_creators", Json::object());
    INFO(body);
    if (!result.is_error) CHECK(result.structured["returned"] == 0);
  }
}
