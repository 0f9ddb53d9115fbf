#include <catch2/catch.hpp>

#include "schemas/schemas.hpp"
#include "client/projected_parse.hpp"
#include "tools/account_view.hpp"

using ca::Json;
using ca::tools::compact_account;

namespace {

Json refreshed_account() {
  return Json::parse(R"({"id":"0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b","type":"account","platform":"instagram",
    "username":"natgeo","name":"Nat\u202eGeo","description":"","profile_pic_url":null,"is_active":true,
    "creator_id":null,"creator_name":"National Geographic","category":"travel","metadata":{},
    "added_at":"2026-06-01T00:00:00Z","last_scrape_time":"2026-06-14T09:30:00Z","follower_count":1000,
    "view_count":2000,"like_count":100,"comment_count":20,"share_count":3,"saved_count":null})");
}

}  // namespace

TEST_CASE("compact_account keeps the row fields, drops nulls and empties, and sanitizes text",
          "[view]") {
  const Json row = *compact_account(refreshed_account());
  CHECK(row == Json::parse(R"({"id":"0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b","platform":"instagram",
    "username":"natgeo","name":"NatGeo","followers":1000,"views":2000,"likes":100,"comments":20,"shares":3,
    "engagement_rate":6.15,"last_scrape_time":"2026-06-14T09:30:00Z",
    "creator_name":"National Geographic"})"));
}

TEST_CASE("compact_account says paused only for an account whose tracking is paused", "[view]") {
  Json account = refreshed_account();
  CHECK_FALSE(compact_account(account)->contains("paused"));
  account["is_active"] = false;
  CHECK((*compact_account(account))["paused"] == true);
}

TEST_CASE("compact_account leaves engagement_rate out when views is 0", "[view]") {
  Json account = refreshed_account();
  account["view_count"] = 0;
  const Json row = *compact_account(account);
  CHECK(row["views"] == 0);
  CHECK_FALSE(row.contains("engagement_rate"));
}

TEST_CASE("compact_account marks an account before its first refresh and leaves its metrics out", "[view]") {
  Json account = refreshed_account();
  account["last_scrape_time"] = nullptr;
  const Json row = *compact_account(account);
  CHECK(row["last_scrape_time"] == ca::tools::kPendingFirstRefresh);
  for (const char* key : {"followers", "views", "likes", "comments", "shares", "engagement_rate"}) {
    CHECK_FALSE(row.contains(key));
  }
  CHECK_FALSE(ca::tools::is_refreshed(account));
}

TEST_CASE("compact_account adds requested extra fields that have values, in row order", "[view]") {
  const Json row = *compact_account(refreshed_account(), {"added_at", "category", "metadata", "saved_count"});
  CHECK(row["category"] == "travel");
  CHECK(row["added_at"] == "2026-06-01T00:00:00Z");
  CHECK_FALSE(row.contains("metadata"));     // empty object
  CHECK_FALSE(row.contains("saved_count"));  // null
  CHECK_FALSE(row.contains("description"));  // not requested (and empty)
}

TEST_CASE("compact_account drops an account that lacks a UUID id, a known platform or a username", "[view]") {
  for (const auto& [key, value] : std::vector<std::pair<std::string, Json>>{
           {"id", "42"}, {"id", nullptr}, {"platform", "youtube"}, {"username", ""}, {"username", "\u202e"}}) {
    Json account = refreshed_account();
    account[key] = value;
    INFO(key << " = " << value.dump());
    CHECK_FALSE(compact_account(account));
  }
}

TEST_CASE("compact_account leaves out counts that are not counts", "[view]") {
  Json account = refreshed_account();
  account["follower_count"] = -5;
  account["view_count"] = "2000";
  account["like_count"] = 1.5;
  account["comment_count"] = 1e300;
  const Json row = *compact_account(account);
  for (const char* key : {"followers", "views", "likes", "comments", "engagement_rate"}) CHECK_FALSE(row.contains(key));
  CHECK(row["shares"] == 3);
}

TEST_CASE("every extra field has a property in the account row schema", "[view][schema]") {
  const Json& properties = ca::schemas::get("account_row")["properties"];
  for (const auto& name : ca::tools::extra_account_fields()) {
    INFO(name);
    CHECK(properties.contains(name));
  }
}

TEST_CASE("the members account_members_read names are all compact_account reads: a projected item gives the same row",
          "[view][projection]") {
  const std::vector<std::string> every_extra = ca::tools::extra_account_fields();
  Json account = refreshed_account();
  account["metadata"] = {{"team", "north"}};
  for (const auto& extras : {std::vector<std::string>{}, std::vector<std::string>{"category"}, every_extra}) {
    for (const bool active : {true, false}) {
      account["is_active"] = active;
      const Json page = {{"data", Json::array({account})}, {"pagination", {{"has_next", false}}}};
      const auto members = std::make_shared<const std::vector<std::string>>(ca::tools::account_members_read(extras));
      const Json projected = ca::api::parse_upstream_body(ca::dump_compact(page), members);
      REQUIRE(projected["data"].size() == 1);
      CHECK(projected["data"][0].size() < account.size());  // something was dropped
      CHECK(compact_account(projected["data"][0], extras) == compact_account(account, extras));
    }
  }
}
