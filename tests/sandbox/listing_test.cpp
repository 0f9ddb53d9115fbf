#include <catch2/catch.hpp>
#include <set>

#include "sandbox_fixture.hpp"

using namespace ca::sandbox;
using namespace ca::sandbox::testing;

namespace {

std::string next_link(const httplib::Result& r) {
  const std::string link = r->get_header_value("Link");
  const auto rel = link.find("; rel=\"next\"");
  if (rel == std::string::npos) return {};
  const auto open = link.rfind('<', rel);
  return link.substr(open + 1, link.find('>', open) - open - 1);
}

}  // namespace

TEST_CASE("a full pagination walk over the default data set returns every account exactly once", "[sandbox][list]") {
  ca::FakeClock clock;
  SandboxOptions options;  // the default 1,000 accounts
  options.clock = &clock;
  Running s(options);
  std::set<std::string> seen;
  std::string path = "/accounts?limit=200";
  int pages = 0;
  for (; pages < 20; ++pages) {  // bound: 1,000 / 200 = 5 pages expected
    const auto r = s.get(path);
    REQUIRE(r->status == 200);
    const auto body = Running::json(r);
    for (const auto& a : body["data"]) REQUIRE(seen.insert(a["id"].get<std::string>()).second);
    if (!body["pagination"]["has_next"].get<bool>()) {
      CHECK(body["pagination"]["next_cursor"].is_null());
      CHECK(next_link(r).empty());
      break;
    }
    path = "/accounts?limit=200&cursor=" + body["pagination"]["next_cursor"].get<std::string>();
  }
  CHECK(pages == 4);
  CHECK(seen.size() == s.sandbox.account_count());
  CHECK(seen.size() == 1000);
}

TEST_CASE("the Link header carries absolute first and next URLs that walk the same pages", "[sandbox][list]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const auto first = s.get("/accounts?limit=50&platform=tiktok");
  REQUIRE(first->status == 200);
  const std::string link = first->get_header_value("Link");
  const std::string base = "http://127.0.0.1:" + std::to_string(s.sandbox.port()) + "/v2/accounts?";
  CHECK(link.rfind("<" + base, 0) == 0);
  CHECK(link.find("rel=\"first\"") != std::string::npos);
  const std::string next = next_link(first);
  REQUIRE(next.rfind(base, 0) == 0);
  const auto second = s.client->Get(next.substr(next.find("/v2/")).c_str(), Running::auth());
  REQUIRE(second->status == 200);
  const auto a = Running::json(first), b = Running::json(second);
  CHECK(a["data"].back()["id"] != b["data"].front()["id"]);
  for (const auto& acc : b["data"]) CHECK(acc["platform"] == "tiktok");
}

TEST_CASE("limit edges: 1 and 200 are served, 0 and 201 are 422 naming limit", "[sandbox][list]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  CHECK(Running::json(s.get("/accounts?limit=1"))["data"].size() == 1);
  const auto max = Running::json(s.get("/accounts?limit=200"));
  CHECK(max["pagination"]["limit"] == 200);
  CHECK(max["data"].size() == 120);
  CHECK(Running::json(s.get("/accounts"))["pagination"]["limit"] == 50);
  for (const char* bad : {"0", "201", "-1", "abc", ""}) {
    const auto r = s.get(std::string("/accounts?limit=") + bad);
    INFO(bad);
    REQUIRE(r->status == 422);
    CHECK(Running::json(r)["errors"][0]["field"] == "limit");
  }
}

TEST_CASE("a cursor reused with other filters or sort, or a garbage cursor, is 422 on field cursor", "[sandbox][list]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const auto first = Running::json(s.get("/accounts?limit=10&platform=instagram"));
  const std::string cursor = first["pagination"]["next_cursor"];
  CHECK(s.get("/accounts?limit=10&platform=instagram&cursor=" + cursor)->status == 200);
  CHECK(s.get("/accounts?limit=25&platform=instagram&cursor=" + cursor)->status == 200);  // limit is not bound
  for (const std::string other : {"/accounts?limit=10&platform=tiktok", "/accounts?limit=10",
                                  "/accounts?limit=10&platform=instagram&order_by=username",
                                  "/accounts?limit=10&platform=instagram&order_direction=asc",
                                  "/accounts?limit=10&platform=instagram&is_active=true"}) {
    const auto r = s.get(other + "&cursor=" + cursor);
    INFO(other);
    REQUIRE(r->status == 422);
    CHECK(Running::json(r)["errors"][0]["field"] == "cursor");
  }
  for (const std::string garbage : {"garbage", "eyJhIjoiYiJ9", "%7B%7D"}) {
    const auto r = s.get("/accounts?cursor=" + garbage);
    REQUIRE(r->status == 422);
    CHECK(Running::json(r)["errors"][0]["field"] == "cursor");
  }
}

TEST_CASE("filters narrow the list, are echoed with the sort, and include_total counts the matches", "[sandbox][list]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const auto all = Running::json(s.get("/accounts?limit=200"));
  const auto& first = all["data"][0];
  const std::string category = first["category"];
  const auto r = Running::json(s.get("/accounts?limit=200&include_total=true&platform=" +
                                     first["platform"].get<std::string>() + "&category=" + category + "&is_active=" +
                                     (first["is_active"].get<bool>() ? "true" : "false")));
  CHECK(r["filters"]["category"] == category);
  CHECK(r["filters"]["order_by"] == "added_at");
  CHECK(r["filters"]["order_direction"] == "desc");
  CHECK(r["pagination"]["total_count"] == r["data"].size());
  for (const auto& a : r["data"]) {
    CHECK(a["category"] == category);
    CHECK(a["platform"] == first["platform"]);
  }
  CHECK_FALSE(all["pagination"].contains("total_count"));

  const std::string username = first["username"];
  const auto q = Running::json(s.get("/accounts?q=" + username.substr(0, 4)));
  CHECK(!q["data"].empty());

  const std::string creator = s.sandbox.first_creator_id();
  const auto by_creator = Running::json(s.get("/accounts?limit=200&creator_id=" + creator));
  for (const auto& a : by_creator["data"]) CHECK(a["creator_id"] == creator);

  CHECK(s.get("/accounts?platform=myspace")->status == 422);
  CHECK(s.get("/accounts?is_active=maybe")->status == 422);
  CHECK(s.get("/accounts?creator_id=not-a-uuid")->status == 422);
  CHECK(s.get("/accounts?order_by=bogus")->status == 422);
}

TEST_CASE("legacy sort orders the list and order_by wins when both are sent", "[sandbox][list]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const auto asc = Running::json(s.get("/accounts?limit=200&sort=username"));
  for (std::size_t i = 1; i < asc["data"].size(); ++i)
    CHECK(asc["data"][i - 1]["username"].get<std::string>() <= asc["data"][i]["username"].get<std::string>());
  CHECK(asc["filters"]["order_direction"] == "asc");
  const auto both = Running::json(s.get("/accounts?limit=200&sort=username&order_by=follower_count"));
  CHECK(both["filters"]["order_by"] == "follower_count");
  for (std::size_t i = 1; i < both["data"].size(); ++i)
    CHECK(both["data"][i - 1]["follower_count"].get<long>() >= both["data"][i]["follower_count"].get<long>());
}

TEST_CASE("videos, account videos and creators lists paginate with the same rules", "[sandbox][list]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const auto videos = Running::json(s.get("/videos?limit=200&include_total=true"));
  CHECK(videos["pagination"]["total_count"] == 40);
  CHECK(videos["data"][0]["type"] == "video");
  const auto av = Running::json(s.get("/account-videos?limit=5"));
  REQUIRE(av["data"].size() == 5);
  CHECK(av["data"][0]["id"].is_number_integer());
  CHECK(av["data"][0].contains("account_id"));
  CHECK(av["data"][0].contains("platform"));
  const auto creators = Running::json(s.get("/creators?limit=200"));
  CHECK(creators["filters"]["order_by"] == "name");
  CHECK(creators["filters"]["order_direction"] == "asc");
  CHECK(creators["data"].size() == 12);
  CHECK(creators["data"][0]["type"] == "creator");
  CHECK(creators["data"][0]["accounts_summary"].contains("total_followers"));
  CHECK(s.get("/creators?order_by=added_at")->status == 422);
  CHECK(s.get("/videos?limit=201")->status == 422);
}
