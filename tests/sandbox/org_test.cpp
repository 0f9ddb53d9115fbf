// GET /overview (3.12) and GET /search (3.13) against their contracts, including the rule for a change against a
// zero baseline and the search caps counted in characters.
#include <catch2/catch.hpp>
#include <cmath>

#include "sandbox_fixture.hpp"

using namespace ca::sandbox;
using namespace ca::sandbox::testing;

namespace {

const char* const kFigures[] = {"total_views", "engagement_rate", "active_accounts", "account_videos", "tracked_videos"};

double pct_change(double current, double previous) { return std::round(10000.0 * (current - previous) / previous) / 100; }

}  // namespace

TEST_CASE("GET /overview: current, previous and changes with the documented names; period 7d by default",
          "[sandbox][org]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const auto r = s.get("/overview", Running::auth(kReadOnlyKey));
  REQUIRE(r->status == 200);
  check_rate_headers(r);
  const auto body = Running::json(r);
  const auto& d = body["data"];
  CHECK(d["type"] == "overview");
  CHECK(body["meta"]["period"] == "7d");
  CHECK(body["meta"]["days"] == 7);
  REQUIRE(d["current"].size() == 5);
  REQUIRE(d["previous"].size() == 5);
  REQUIRE(d["changes"].size() == 5);
  for (const char* name : kFigures) {
    INFO(name);
    const auto& now = d["current"][name];
    const auto& before = d["previous"][name];
    REQUIRE(now.is_number());
    REQUIRE(before.is_number());
    const auto& change = d["changes"][std::string(name) + "_pct"];
    if (before.get<double>() == 0) {
      CHECK(change.is_null());
    } else {
      CHECK(change == pct_change(now.get<double>(), before.get<double>()));
    }
  }
  for (const char* period : {"30d", "90d"}) {
    const auto other = Running::json(s.get(std::string("/overview?period=") + period));
    CHECK(other["meta"]["period"] == period);
    CHECK(other["data"]["current"]["total_views"].get<long>() >= d["current"]["total_views"].get<long>());
  }
  for (const char* bad : {"custom", "1y", ""}) CHECK(Running::error_field(s.get(std::string("/overview?period=") + bad)) == "period");
  check_etag_round_trip(s, "/overview?period=30d");
}

TEST_CASE("GET /overview: a change against a previous value of 0 is null, never a division by zero", "[sandbox][org]") {
  ca::FakeClock clock;
  auto options = small_options(clock);
  options.accounts = options.creators = options.videos = 0;
  options.first_refresh_delay = std::chrono::seconds(1);
  Running s(options);
  auto d = Running::json(s.get("/overview"))["data"];
  for (const char* name : kFigures) {
    INFO(name);
    CHECK(d["current"][name] == 0);
    CHECK(d["changes"][std::string(name) + "_pct"].is_null());  // 0 → 0
  }
  REQUIRE(s.post("/accounts", {{"platform", "tiktok"}, {"username", "brand.new"}})->status == 201);
  clock.advance(std::chrono::seconds(1));
  d = Running::json(s.get("/overview"))["data"];
  CHECK(d["current"]["active_accounts"] == 1);
  CHECK(d["previous"]["active_accounts"] == 0);
  CHECK(d["changes"]["active_accounts_pct"].is_null());  // 0 → 1: still null, there is no baseline
}

TEST_CASE("GET /search: sections of accounts, creators and videos, limit per section and the caps applied",
          "[sandbox][org]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const auto r = s.get("/search?q=A&limit=3", Running::auth(kReadOnlyKey));
  REQUIRE(r->status == 200);
  check_rate_headers(r);
  const auto body = Running::json(r);
  CHECK(body["meta"]["query"] == "A");
  CHECK(body["meta"]["limit_per_section"] == 3);
  CHECK(body["meta"]["effective_caps"] == ca::Json{{"accounts", 3}, {"creators", 3}, {"videos", 3}});
  const auto& data = body["data"];
  REQUIRE(data["accounts"].size() == 3);
  for (const auto& a : data["accounts"]) {
    CHECK(a.size() == 4);
    for (const char* k : {"id", "platform", "username", "display_name"}) CHECK(a.contains(k));
    CHECK(a["username"].get<std::string>().find('a') != std::string::npos);  // case-insensitive
  }
  for (const auto& c : data["creators"]) {
    CHECK(c.size() == 2);
    CHECK(c.contains("id"));
    CHECK(c.contains("name"));
  }
  REQUIRE(!data["videos"].empty());
  for (const auto& v : data["videos"]) {
    CHECK(v.size() == 5);
    for (const char* k : {"id", "platform", "caption", "account_id", "account_username"}) CHECK(v.contains(k));
  }

  // The router allows 25 per section; the service applies its own cap of 10 and says so.
  const auto wide = Running::json(s.get("/search?q=a&limit=25"));
  CHECK(wide["meta"]["limit_per_section"] == 25);
  CHECK(wide["meta"]["effective_caps"]["videos"] == 10);
  CHECK(wide["data"]["accounts"].size() == 10);
  CHECK(Running::json(s.get("/search?q=a"))["meta"]["limit_per_section"] == 10);
  for (const char* bad : {"0", "26", "ten"}) CHECK(Running::error_field(s.get(std::string("/search?q=a&limit=") + bad)) == "limit");

  // q: at most 128 characters (not bytes); blank or absent → empty sections, not an error.
  std::string emoji;
  for (int i = 0; i < 128; ++i) emoji += "%F0%9F%8E%AC";
  CHECK(s.get("/search?q=" + emoji)->status == 200);
  CHECK(Running::error_field(s.get("/search?q=" + emoji + "a")) == "q");
  for (const std::string blank : {"/search?q=%20%20", "/search"}) {
    const auto empty = Running::json(s.get(blank))["data"];
    CHECK(empty["accounts"].empty());
    CHECK(empty["creators"].empty());
    CHECK(empty["videos"].empty());
  }
  check_etag_round_trip(s, "/search?q=a&limit=2");
}
