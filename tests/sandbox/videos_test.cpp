// The video routes issue 10's tools use: POST /videos/deltas (3.7), POST /videos (3.4) and the two video lists
// (3.3, account videos), each against its contract.
#include <catch2/catch.hpp>
#include <set>

#include "sandbox/listing.hpp"
#include "sandbox/routes.hpp"
#include "sandbox/utc_time.hpp"
#include "sandbox/video_identifier.hpp"
#include "sandbox_fixture.hpp"

using namespace ca::sandbox;
using namespace ca::sandbox::testing;

namespace {

// Views of `id` over the last `days` days, as /videos/metrics reports them.
long window_views(Running& s, const std::string& id, int days, ca::FakeClock& clock) {
  const DayNumber today = day_of(clock.wall_now());
  const auto m = Running::json(s.post("/videos/metrics", {{"video_ids", {id}},
                                                          {"period", "custom"},
                                                          {"start_date", format_date(today - days + 1)},
                                                          {"end_date", format_date(today)}}));
  return m["data"][id]["views"];
}

long total_videos(Running& s) { return Running::json(s.get("/videos?limit=1&include_total=true"))["pagination"]["total_count"]; }

}  // namespace

TEST_CASE("POST /videos/deltas: views gained per window, keyed \"<n>d\", equal to the metrics of that window",
          "[sandbox][videos]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const std::string id = s.sandbox.first_video_id();
  const auto r = s.post("/videos/deltas", {{"video_ids", {id, kUnknownId}}}, Running::auth(kReadOnlyKey));
  REQUIRE(r->status == 200);  // a read: any valid key (S4)
  check_rate_headers(r);
  const auto body = Running::json(r);
  CHECK(body["meta"]["windows"] == ca::Json::array({1, 7, 14, 30}));  // the default
  CHECK(body["meta"]["video_count"] == 1);
  CHECK(body["meta"]["not_found"] == ca::Json::array({kUnknownId}));
  const auto& d = body["data"][id];
  REQUIRE(d.size() == 4);
  for (const int days : {1, 7, 14, 30}) {
    INFO(days);
    CHECK(d[std::to_string(days) + "d"] == window_views(s, id, days, clock));
  }
  CHECK(d["1d"].get<long>() <= d["7d"].get<long>());
  CHECK(d["14d"].get<long>() <= d["30d"].get<long>());

  const auto chosen = Running::json(s.post("/videos/deltas", {{"video_ids", {id}}, {"windows", {90, 7, 7, 365}}}));
  CHECK(chosen["meta"]["windows"] == ca::Json::array({7, 90, 365}));  // duplicates ignored, ascending
  CHECK(chosen["data"][id]["365d"] == window_views(s, id, 365, clock));
}

TEST_CASE("POST /videos/deltas validation, scope and media type", "[sandbox][videos]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const std::string id = s.sandbox.first_video_id();
  const auto field_of = [&](const ca::Json& body) {
    const auto r = s.post("/videos/deltas", body);
    INFO(ca::dump_compact(body));
    REQUIRE(r->status == 422);
    return Running::error_field(r);
  };
  CHECK(field_of(ca::Json::object()) == "video_ids");
  CHECK(field_of({{"video_ids", ca::Json::array()}}) == "video_ids");
  CHECK(field_of({{"video_ids", std::vector<std::string>(201, id)}}) == "video_ids");
  CHECK(field_of({{"video_ids", {"not-a-uuid"}}}) == "video_ids");
  CHECK(field_of({{"video_ids", {id}}, {"windows", ca::Json::array()}}) == "windows");
  CHECK(field_of({{"video_ids", {id}}, {"windows", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}}}) == "windows");
  CHECK(field_of({{"video_ids", {id}}, {"windows", {0}}}) == "windows");
  CHECK(field_of({{"video_ids", {id}}, {"windows", {366}}}) == "windows");
  CHECK(field_of({{"video_ids", {id}}, {"windows", {"7"}}}) == "windows");
  CHECK(field_of({{"video_ids", {id}}, {"windows", 7}}) == "windows");
  CHECK(s.post("/videos/deltas", {{"video_ids", {id}}, {"windows", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}}})->status == 200);
  check_problem(s.client->Post("/v2/videos/deltas", Running::auth(), "video_ids=1", "text/plain"), 415,
                "UNSUPPORTED_MEDIA_TYPE", "/v2/videos/deltas");
  check_problem(s.post("/videos/deltas", {{"video_ids", {id}}}, Running::auth(kDisabledKey)), 403, "FORBIDDEN",
                "/v2/videos/deltas");
  check_problem(s.post("/videos/deltas", {{"video_ids", {id}}}, Running::auth("nope")), 401, "UNAUTHORIZED",
                "/v2/videos/deltas");
}

TEST_CASE("POST /videos: a URL, a shortcode and a numeric id of one post are one video (the second is a 409)",
          "[sandbox][videos][write]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const long before = total_videos(s);
  const auto first = s.post("/videos", {{"platform", "instagram"}, {"identifier", "https://www.instagram.com/reel/CzX9aB1/?igsh=x"}});
  REQUIRE(first->status == 201);
  check_rate_headers(first);
  const auto v = Running::json(first)["data"];
  CHECK(v["shortcode"] == "CzX9aB1");
  CHECK(v["external_id"] == std::to_string(*instagram_media_id("CzX9aB1")));
  CHECK(first->get_header_value("Location") == "/v2/videos/" + v["id"].get<std::string>());
  const std::string external_id = v["external_id"];
  for (const std::string& same : std::vector<std::string>{"CzX9aB1", "https://instagram.com/p/CzX9aB1/", "AACzX9aB1",
                                                          external_id, "000" + external_id}) {
    const auto dupe = s.post("/videos", {{"platform", "instagram"}, {"identifier", same}});
    INFO(same);
    check_problem(dupe, 409, "CONFLICT", "/v2/videos");
    CHECK(Running::json(dupe)["existing_id"] == v["id"]);
  }
  CHECK(total_videos(s) == before + 1);

  // Seeded Instagram videos carry their id's own shortcode, so adding one again by shortcode is a duplicate too.
  for (const auto& seeded : s.data("/videos?limit=200&platform=instagram")) {
    CHECK(seeded["shortcode"] == instagram_shortcode(std::stoull(seeded["external_id"].get<std::string>())));
  }
  const auto seeded = Running::json(s.get("/videos?limit=1&platform=instagram"))["data"][0];
  CHECK(Running::json(s.post("/videos", {{"platform", "instagram"}, {"identifier", seeded["shortcode"]}}))["existing_id"] ==
        seeded["id"]);

  const auto tiktok = s.post("/videos", {{"platform", "tiktok"}, {"identifier", "https://www.tiktok.com/@a.b/video/7300000000000000001?lang=en"}});
  REQUIRE(tiktok->status == 201);
  CHECK(Running::json(tiktok)["data"]["external_id"] == "7300000000000000001");
  CHECK(Running::json(tiktok)["data"]["account_username"] == "a.b");
  CHECK(s.post("/videos", {{"platform", "tiktok"}, {"identifier", "7300000000000000001"}})->status == 409);
}

TEST_CASE("POST /videos validation names the field; a read-only key gets 403 INSUFFICIENT_SCOPE", "[sandbox][videos][write]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const auto field_of = [&](const ca::Json& body) {
    const auto r = s.post("/videos", body);
    INFO(ca::dump_compact(body));
    REQUIRE(r->status == 422);
    return Running::error_field(r);
  };
  CHECK(field_of({{"identifier", "123"}}) == "platform");
  CHECK(field_of({{"platform", "youtube"}, {"identifier", "123"}}) == "platform");
  CHECK(field_of({{"platform", "tiktok"}}) == "identifier");
  CHECK(field_of({{"platform", "tiktok"}, {"identifier", ""}}) == "identifier");
  CHECK(field_of({{"platform", "tiktok"}, {"identifier", 7300000000000000001}}) == "identifier");
  CHECK(field_of({{"platform", "tiktok"}, {"identifier", "https://vm.tiktok.com/ZMabc123/"}}) == "identifier");
  CHECK(field_of({{"platform", "tiktok"}, {"identifier", "99999999999999999999999"}}) == "identifier");  // > 64 bits
  CHECK(field_of({{"platform", "instagram"}, {"identifier", "bad code!"}}) == "identifier");
  CHECK(field_of({{"platform", "instagram"}, {"identifier", "_____________"}}) == "identifier");  // > 64 bits
  CHECK(field_of({{"platform", "instagram"}, {"identifier", "0"}}) == "identifier");
  CHECK(field_of({{"platform", "tiktok"}, {"identifier", "1"}, {"metadata", "x"}}) == "metadata");
  CHECK(field_of({{"platform", "tiktok"}, {"identifier", "1"}, {"is_active", 1}}) == "is_active");
  CHECK(field_of({{"platform", "tiktok"}, {"identifier", "1"}, {"scrape_interval_hours", 721}}) == "scrape_interval_hours");
  check_problem(s.post("/videos", {{"platform", "tiktok"}, {"identifier", "1"}}, Running::auth(kReadOnlyKey)), 403,
                "INSUFFICIENT_SCOPE", "/v2/videos");
}

TEST_CASE("POST /videos: Idempotency-Key replays the original 201, a different body under the key is 422",
          "[sandbox][videos][write]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const long before = total_videos(s);
  const auto headers = Running::auth(kKey, {{"Idempotency-Key", "video-op-1"}});
  const ca::Json body = {{"platform", "tiktok"}, {"identifier", "7311111111111111111"}};
  const auto first = s.post("/videos", body, headers);
  REQUIRE(first->status == 201);
  const auto replay = s.post("/videos", body, headers);
  REQUIRE(replay->status == 201);
  CHECK(replay->body == first->body);
  CHECK(replay->get_header_value("Idempotent-Replayed") == "true");
  CHECK(total_videos(s) == before + 1);
  const auto other = s.post("/videos", {{"platform", "tiktok"}, {"identifier", "7322222222222222222"}}, headers);
  REQUIRE(other->status == 422);
  CHECK(Running::error_field(other) == "Idempotency-Key");
  CHECK(s.post("/videos", body)->status == 409);  // without the key, the same create is a duplicate
}

TEST_CASE("POST /videos: the first refresh comes after the delay, and never for a video added inactive",
          "[sandbox][videos][write]") {
  ca::FakeClock clock;
  auto options = small_options(clock);
  options.first_refresh_delay = std::chrono::seconds(20);
  Running s(options);
  const std::string active =
      Running::json(s.post("/videos", {{"platform", "tiktok"}, {"identifier", "7333333333333333333"}}))["data"]["id"];
  const std::string inactive = Running::json(s.post(
      "/videos", {{"platform", "tiktok"}, {"identifier", "7344444444444444444"}, {"is_active", false}}))["data"]["id"];
  const auto get = [&](const std::string& id) { return Running::json(s.get("/videos/" + id))["data"]; };
  auto v = get(active);
  CHECK(v["last_scrape_time"].is_null());
  CHECK(v["view_count"] == 0);
  CHECK(v["description"].is_null());
  CHECK(Running::json(s.post("/videos/deltas", {{"video_ids", {active}}}))["data"][active]["30d"] == 0);

  clock.advance(std::chrono::seconds(20));
  v = get(active);
  CHECK(v["last_scrape_time"].is_string());
  CHECK(v["first_scrape_time"] == v["last_scrape_time"]);
  CHECK(v["view_count"].get<long>() > 0);
  const auto off = get(inactive);
  CHECK(off["is_active"] == false);
  CHECK(off["last_scrape_time"].is_null());
  clock.advance(std::chrono::hours(24 * 30));
  CHECK(get(inactive)["last_scrape_time"].is_null());
}

TEST_CASE("GET /videos: platform, q over captions, account_id, is_active and every order_by key; cursors bound to them",
          "[sandbox][videos][list]") {
  ca::FakeClock clock;
  SandboxOptions options = small_options(clock);
  options.videos = 300;
  Running s(options);
  const auto all = Running::json(s.get("/videos?limit=200"))["data"];
  const std::string caption = all[0]["description"];
  const std::string word = caption.substr(0, std::min<std::size_t>(6, caption.size()));
  std::string upper = word;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto q = Running::json(s.get("/videos?limit=200&q=" + percent_encode(upper)));
  REQUIRE(!q["data"].empty());
  CHECK(q["filters"]["q"] == upper);
  for (const auto& v : q["data"]) {
    std::string d = v["description"];
    for (auto& c : d) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(d.find(upper) != std::string::npos);
  }
  // q is over captions only: a video whose caption lacks its account's username is not found by the username.
  const std::string username = all[0]["account_username"];
  for (const auto& v : s.data("/videos?limit=200&q=" + username))
    CHECK(lower_ascii(v["description"].get<std::string>()).find(username) != std::string::npos);

  for (const auto& v : s.data("/videos?limit=200&platform=tiktok&is_active=false")) {
    CHECK(v["platform"] == "tiktok");
    CHECK(v["is_active"] == false);
  }
  std::string linked_account;
  for (const auto& v : all)
    if (v["account_id"].is_string()) linked_account = v["account_id"];
  REQUIRE(!linked_account.empty());
  const auto by_account = Running::json(s.get("/videos?limit=200&account_id=" + linked_account));
  REQUIRE(!by_account["data"].empty());
  for (const auto& v : by_account["data"]) CHECK(v["account_id"] == linked_account);
  CHECK(by_account["filters"]["account_id"] == linked_account);

  for (const std::string key : {"added_at", "create_time", "view_count", "like_count", "play_count"}) {
    for (const std::string direction : {"asc", "desc"}) {
      const auto page = Running::json(s.get("/videos?limit=200&order_by=" + key + "&order_direction=" + direction));
      INFO(key << " " << direction);
      CHECK(page["filters"]["order_by"] == key);
      CHECK(page["filters"]["order_direction"] == direction);
      for (std::size_t i = 1; i < page["data"].size(); ++i) {
        const auto& a = page["data"][i - 1][key];  // each sort key is the field of the same name
        const auto& b = page["data"][i][key];
        CHECK((direction == "asc" ? !(b < a) : !(a < b)));
      }
    }
  }
  const std::string cursor = Running::json(s.get("/videos?limit=5&platform=instagram"))["pagination"]["next_cursor"];
  CHECK(s.get("/videos?limit=5&platform=instagram&cursor=" + cursor)->status == 200);
  for (const std::string& other : std::vector<std::string>{
           "platform=tiktok", "platform=instagram&q=a", "platform=instagram&is_active=true",
           "platform=instagram&account_id=" + linked_account, "platform=instagram&order_by=view_count"})
    CHECK(Running::error_field(s.get("/videos?limit=5&" + other + "&cursor=" + cursor)) == "cursor");
  CHECK(Running::error_field(s.get("/videos?order_by=username")) == "order_by");
  CHECK(Running::error_field(s.get("/videos?account_id=nope")) == "account_id");
  CHECK(Running::error_field(s.get("/videos?is_active=maybe")) == "is_active");
  check_etag_round_trip(s, "/videos?limit=3&platform=tiktok");
}

TEST_CASE("GET /account-videos: platform, q over captions, account_id, order_by keys, platform ids", "[sandbox][videos][list]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const auto page = Running::json(s.get("/account-videos?limit=200&platform=instagram&order_by=view_count&order_direction=asc"));
  REQUIRE(!page["data"].empty());
  for (std::size_t i = 0; i < page["data"].size(); ++i) {
    const auto& v = page["data"][i];
    CHECK(v["type"] == "account_video");
    CHECK(v["platform"] == "instagram");
    CHECK(v["id"].is_number_integer());
    for (const char* k : {"account_id", "account_username", "caption", "create_time", "view_count", "like_count",
                          "comment_count", "share_count", "play_count"})
      CHECK(v.contains(k));
    CHECK(v["shortcode"] == instagram_shortcode(std::stoull(v["external_id"].get<std::string>())));
    if (i > 0) CHECK(page["data"][i - 1]["view_count"].get<long>() <= v["view_count"].get<long>());
  }
  const std::string account = page["data"][0]["account_id"];
  const auto mine = Running::json(s.get("/account-videos?limit=200&account_id=" + account));
  CHECK(mine["data"].size() == 5);
  for (const auto& v : mine["data"]) CHECK(v["account_id"] == account);
  const auto tiktok = Running::json(s.get("/account-videos?limit=1&platform=tiktok"))["data"][0];
  CHECK(tiktok["shortcode"].is_null());
  CHECK(tiktok["external_id"].is_string());
  const std::string caption = page["data"][0]["caption"];
  const std::string needle = lower_ascii(caption.substr(0, 5));
  const auto matches = s.data("/account-videos?limit=200&q=" + percent_encode(needle));
  CHECK(!matches.empty());
  for (const auto& v : matches) CHECK(lower_ascii(v["caption"].get<std::string>()).find(needle) != std::string::npos);
  for (const char* key : {"create_time", "view_count", "like_count", "play_count"})
    CHECK(s.get(std::string("/account-videos?order_by=") + key)->status == 200);
  CHECK(Running::error_field(s.get("/account-videos?order_by=added_at")) == "order_by");
  const std::string cursor = Running::json(s.get("/account-videos?limit=5"))["pagination"]["next_cursor"];
  CHECK(Running::error_field(s.get("/account-videos?limit=5&platform=tiktok&cursor=" + cursor)) == "cursor");
  check_etag_round_trip(s, "/account-videos?limit=3");
}
