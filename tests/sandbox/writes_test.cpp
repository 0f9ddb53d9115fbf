// Creating resources: status, Location, normalisation, duplicates, quota, Idempotency-Key, freshness.
#include <catch2/catch.hpp>

#include "sandbox_fixture.hpp"

using namespace ca::sandbox;
using namespace ca::sandbox::testing;

TEST_CASE("POST /accounts creates a normalised, not-yet-scraped account: 201 with Location", "[sandbox][write]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const auto r = s.post("/accounts", {{"platform", "tiktok"}, {"username", "@New.Creator_1"}, {"category", "tech"}});
  REQUIRE(r->status == 201);
  const auto a = Running::json(r)["data"];
  CHECK(a["type"] == "account");
  CHECK(a["username"] == "new.creator_1");
  CHECK(a["category"] == "tech");
  CHECK(a["last_scrape_time"].is_null());
  CHECK(a["follower_count"] == 0);
  CHECK(r->get_header_value("Location") == "/v2/accounts/" + a["id"].get<std::string>());
  CHECK(s.get("/accounts/" + a["id"].get<std::string>())->status == 200);
  CHECK(s.sandbox.account_count() == 121);
}

TEST_CASE("POST /accounts validation names the field", "[sandbox][write]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const auto field_of = [&](const ca::Json& body) {
    const auto r = s.post("/accounts", body);
    REQUIRE(r->status == 422);
    return Running::json(r)["errors"][0]["field"].get<std::string>();
  };
  CHECK(field_of({{"username", "abc"}}) == "platform");
  CHECK(field_of({{"platform", "myspace"}, {"username", "abc"}}) == "platform");
  CHECK(field_of({{"platform", "tiktok"}}) == "username");
  CHECK(field_of({{"platform", "tiktok"}, {"username", "has space"}}) == "username");
  CHECK(field_of({{"platform", "tiktok"}, {"username", std::string(65, 'a')}}) == "username");
  CHECK(field_of({{"platform", "tiktok"}, {"username", "ok"}, {"scrape_interval_hours", 0}}) == "scrape_interval_hours");
  CHECK(field_of(ca::Json::array()) == "body");
}

TEST_CASE("a duplicate account is 409 CONFLICT with existing_id", "[sandbox][write]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const auto first = s.post("/accounts", {{"platform", "instagram"}, {"username", "dupe.me"}});
  REQUIRE(first->status == 201);
  const auto again = s.post("/accounts", {{"platform", "instagram"}, {"username", "@DUPE.me"}});
  REQUIRE(again->status == 409);
  const auto p = Running::json(again);
  CHECK(p["code"] == "CONFLICT");
  CHECK(p["detail"] == "Account already tracked.");
  CHECK(p["existing_id"] == Running::json(first)["data"]["id"]);
  CHECK(s.post("/accounts", {{"platform", "tiktok"}, {"username", "dupe.me"}})->status == 201);  // other platform
}

TEST_CASE("the account quota turns creation into 403 QUOTA_EXCEEDED", "[sandbox][write]") {
  ca::FakeClock clock;
  auto options = small_options(clock);
  options.account_quota = 121;
  Running s(options);
  CHECK(s.post("/accounts", {{"platform", "tiktok"}, {"username", "fits"}})->status == 201);
  const auto r = s.post("/accounts", {{"platform", "tiktok"}, {"username", "over"}});
  REQUIRE(r->status == 403);
  CHECK(Running::json(r)["code"] == "QUOTA_EXCEEDED");
  CHECK(Running::json(r)["type"] == "urn:creatoraudit:error:quota-exceeded");
  s.sandbox.set_account_quota(std::nullopt);
  CHECK(s.post("/accounts", {{"platform", "tiktok"}, {"username", "over"}})->status == 201);
}

TEST_CASE("Idempotency-Key: same key and body replays, a different body is 422", "[sandbox][write]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const auto headers = Running::auth(kKey, {{"Idempotency-Key", "op-1"}});
  const auto first = s.post("/accounts", {{"platform", "tiktok"}, {"username", "once"}}, headers);
  REQUIRE(first->status == 201);
  const auto replay = s.client->Post("/v2/accounts", headers, R"({"username":"once","platform":"tiktok"})",
                                     "application/json");  // same body, other key order
  REQUIRE(replay->status == 201);
  CHECK(replay->body == first->body);
  CHECK(replay->get_header_value("Idempotent-Replayed") == "true");
  CHECK(s.sandbox.account_count() == 121);

  const auto conflict = s.post("/accounts", {{"platform", "tiktok"}, {"username", "twice"}}, headers);
  REQUIRE(conflict->status == 422);
  CHECK(Running::json(conflict)["errors"][0]["field"] == "Idempotency-Key");

  // Keys are per API key and expire after 10 minutes.
  clock.advance(std::chrono::minutes(10));
  const auto later = s.post("/accounts", {{"platform", "tiktok"}, {"username", "once"}}, headers);
  CHECK(later->status == 409);
  CHECK(s.post("/accounts", {{"platform", "tiktok"}, {"username", "x"}},
               Running::auth(kKey, {{"Idempotency-Key", std::string(256, 'k')}}))
            ->status == 422);
}

TEST_CASE("freshness: last_scrape_time stays null until the first refresh delay has passed", "[sandbox][write]") {
  ca::FakeClock clock;
  auto options = small_options(clock);
  options.first_refresh_delay = std::chrono::seconds(30);
  Running s(options);
  const auto created = Running::json(s.post("/accounts", {{"platform", "instagram"}, {"username", "fresh.one"}}));
  const std::string id = created["data"]["id"];
  const auto videos_of = [&] { return Running::json(s.get("/account-videos?account_id=" + id))["data"].size(); };

  clock.advance(std::chrono::seconds(29));
  auto a = Running::json(s.get("/accounts/" + id))["data"];
  CHECK(a["last_scrape_time"].is_null());
  CHECK(a["follower_count"] == 0);
  CHECK(videos_of() == 0);

  clock.advance(std::chrono::seconds(1));
  a = Running::json(s.get("/accounts/" + id))["data"];
  CHECK(a["last_scrape_time"].is_string());
  CHECK(a["first_scrape_time"] == a["last_scrape_time"]);
  CHECK(a["follower_count"].get<long>() > 0);
  CHECK(videos_of() == 5);
}

TEST_CASE("POST /videos tracks a video from a URL or id, with 409 on a duplicate", "[sandbox][write]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const auto r = s.post("/videos", {{"platform", "tiktok"},
                                    {"identifier", "https://www.tiktok.com/@some.user/video/7301234567890123456"}});
  REQUIRE(r->status == 201);
  const auto v = Running::json(r)["data"];
  CHECK(v["type"] == "video");
  CHECK(v["external_id"] == "7301234567890123456");
  CHECK(v["last_scrape_time"].is_null());
  CHECK(r->get_header_value("Location") == "/v2/videos/" + v["id"].get<std::string>());
  const auto dupe = s.post("/videos", {{"platform", "tiktok"}, {"identifier", "7301234567890123456"}});
  REQUIRE(dupe->status == 409);
  CHECK(Running::json(dupe)["existing_id"] == v["id"]);
  const auto ig = s.post("/videos", {{"platform", "instagram"}, {"identifier", "https://instagram.com/p/Cx1AbC/"}});
  REQUIRE(ig->status == 201);
  CHECK(Running::json(ig)["data"]["shortcode"] == "Cx1AbC");
  CHECK(s.post("/videos", {{"platform", "tiktok"}, {"identifier", "not a video"}})->status == 422);
  CHECK(s.post("/videos", {{"platform", "tiktok"}, {"identifier", "1"}}, Running::auth(kReadOnlyKey))->status == 403);
}

TEST_CASE("POST /creators creates a creator", "[sandbox][write]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const auto r = s.post("/creators", {{"name", "Studio Ghibli Fans"}, {"metadata", {{"tier", "gold"}}}});
  REQUIRE(r->status == 201);
  const auto c = Running::json(r)["data"];
  CHECK(c["type"] == "creator");
  CHECK(c["is_active"] == true);
  CHECK(s.get("/creators/" + c["id"].get<std::string>())->status == 200);
  CHECK(s.post("/creators", {{"name", ""}})->status == 422);
  // The name limit is 255 characters, not bytes (255 emoji are 1,020 bytes).
  std::string emoji;
  for (int i = 0; i < 255; ++i) emoji += "\xF0\x9F\x8E\xAC";
  CHECK(s.post("/creators", {{"name", emoji}})->status == 201);
  CHECK(Running::error_field(s.post("/creators", {{"name", emoji + "x"}})) == "name");
  CHECK(Running::error_field(s.post("/creators", {{"name", "ok"}, {"metadata", {{std::string(256, 'k'), "v"}}}})) ==
        "metadata");
}
