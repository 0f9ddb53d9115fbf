// Seeded data, batch metrics, the org endpoints and the request log.
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>

#include "sandbox/utc_time.hpp"
#include "sandbox_fixture.hpp"

using namespace ca::sandbox;
using namespace ca::sandbox::testing;

TEST_CASE("the same seed serves the same data; another seed serves other data", "[sandbox][data]") {
  ca::FakeClock clock;
  Running a(small_options(clock)), b(small_options(clock));
  auto other = small_options(clock);
  other.seed = 7;
  Running c(other);
  CHECK(a.get("/accounts?limit=200")->body == b.get("/accounts?limit=200")->body);
  CHECK(a.get("/accounts?limit=200")->body != c.get("/accounts?limit=200")->body);
}

TEST_CASE("seeded bios include emoji, newlines and right-to-left text", "[sandbox][data]") {
  ca::FakeClock clock;
  SandboxOptions options;
  options.clock = &clock;
  Running s(options);
  bool emoji = false, newline = false, rtl = false;
  std::string path = "/accounts?limit=200";
  for (int page = 0; page < 10 && !path.empty(); ++page) {
    const auto body = Running::json(s.get(path));
    for (const auto& a : body["data"]) {
      if (!a["description"].is_string()) continue;
      const std::string d = a["description"];
      emoji |= d.find("\xF0\x9F") != std::string::npos;  // UTF-8 lead bytes of most emoji
      newline |= d.find('\n') != std::string::npos;
      rtl |= d.find("\xD9\x85") != std::string::npos || d.find("\xD7\xA9") != std::string::npos;  // Arabic/Hebrew
    }
    path = body["pagination"]["has_next"].get<bool>()
               ? "/accounts?limit=200&cursor=" + body["pagination"]["next_cursor"].get<std::string>()
               : "";
  }
  CHECK(emoji);
  CHECK(newline);
  CHECK(rtl);
}

TEST_CASE("batch account metrics: window sums, followers, not_found and a reproducible custom window",
          "[sandbox][metrics]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const std::string id = s.sandbox.first_account_id();
  const std::string unknown = "00000000-0000-4000-8000-000000000000";
  const auto r = s.post("/accounts/metrics", {{"account_ids", {id, unknown}}, {"period", "7d"}});
  REQUIRE(r->status == 200);
  const auto body = Running::json(r);
  CHECK(body["meta"]["period"] == "7d");
  CHECK(body["meta"]["days"] == 7);
  CHECK(body["meta"]["not_found"] == ca::Json::array({unknown}));
  const auto& m = body["data"][id];
  for (const char* k : {"views", "plays", "likes", "comments", "shares", "engagement", "followers"})
    CHECK(m.contains(k));
  CHECK(m["engagement"] == m["likes"].get<long>() + m["comments"].get<long>() + m["shares"].get<long>());

  // The 7d window is the same as the custom window over its dates, and as the sum of its seven single days.
  const std::string end = body["meta"]["end_date"], start = body["meta"]["start_date"];
  const auto custom = Running::json(
      s.post("/accounts/metrics", {{"account_ids", {id}}, {"period", "custom"}, {"start_date", start}, {"end_date", end}}));
  CHECK(custom["data"][id]["views"] == m["views"]);
  CHECK(custom["meta"]["days"] == 7);
  long views = 0;
  for (DayNumber day = *parse_date(start); day <= *parse_date(end); ++day) {
    const auto one = Running::json(s.post("/accounts/metrics", {{"account_ids", {id}}, {"period", "custom"},
                                                                {"start_date", format_date(day)}, {"end_date", format_date(day)}}));
    views += one["data"][id]["views"].get<long>();
  }
  CHECK(views == m["views"].get<long>());
}

TEST_CASE("batch metrics input bounds are 422", "[sandbox][metrics]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const std::string id = s.sandbox.first_account_id();
  const auto field_of = [&](const std::string& path, const ca::Json& body) {
    const auto r = s.post(path, body);
    REQUIRE(r->status == 422);
    return Running::json(r)["errors"][0]["field"].get<std::string>();
  };
  CHECK(field_of("/accounts/metrics", {{"account_ids", ca::Json::array()}}) == "account_ids");
  CHECK(field_of("/accounts/metrics", {{"account_ids", std::vector<std::string>(201, id)}}) == "account_ids");
  CHECK(field_of("/videos/metrics", {{"video_ids", {"nope"}}}) == "video_ids");
  CHECK(field_of("/accounts/metrics", {{"account_ids", {id}}, {"period", "1y"}}) == "period");
  CHECK(field_of("/accounts/metrics", {{"account_ids", {id}}, {"period", "custom"}}) == "start_date");
  CHECK(field_of("/accounts/metrics", {{"account_ids", {id}}, {"period", "custom"}, {"start_date", "2027-01-02"},
                                       {"end_date", "2027-01-01"}}) == "start_date");
  CHECK(field_of("/accounts/metrics", {{"account_ids", {id}}, {"period", "custom"}, {"start_date", "2024-01-01"},
                                       {"end_date", "2025-06-01"}}) == "end_date");
  CHECK(field_of("/accounts/metrics", {{"account_ids", {id}}, {"period", "custom"}, {"start_date", "2099-01-01"},
                                       {"end_date", "2099-01-02"}}) == "end_date");
  CHECK(field_of("/account-videos/metrics", {{"instagram_post_ids", {"1"}}}) == "instagram_post_ids");
  CHECK(field_of("/account-videos/metrics", ca::Json::object()) == "instagram_post_ids");
}

TEST_CASE("account-video ids from the list feed the account-video metrics", "[sandbox][metrics]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const auto list = Running::json(s.get("/account-videos?limit=200&platform=tiktok"));
  REQUIRE(!list["data"].empty());
  const auto id = list["data"][0]["id"].get<long>();
  const auto r = Running::json(s.post("/account-videos/metrics",
                                      {{"tiktok_video_ids", {id, 999}}, {"instagram_post_ids", {id}}, {"period", "90d"}}));
  CHECK(r["data"].contains(std::to_string(id)));
  CHECK(r["data"][std::to_string(id)]["plays"] == r["data"][std::to_string(id)]["views"]);  // TikTok: plays == views
  CHECK(r["meta"]["not_found"] == ca::Json::array({id, 999}));  // in the wrong platform list it is not found
  const auto videos = Running::json(s.post("/videos/metrics", {{"video_ids", {s.sandbox.first_video_id()}}}));
  CHECK(videos["meta"]["days"] == 30);
  CHECK(videos["data"].contains(s.sandbox.first_video_id()));
}

TEST_CASE("overview, top creators, search, single creator and video", "[sandbox][data]") {
  ca::FakeClock clock;
  Running s(small_options(clock));
  const auto overview = Running::json(s.get("/overview?period=30d"));
  CHECK(overview["data"]["type"] == "overview");
  CHECK(overview["data"]["current"]["total_views"].get<long>() > 0);
  CHECK(overview["data"]["changes"].contains("total_views_pct"));
  CHECK(s.get("/overview?period=custom")->status == 422);

  const auto top = Running::json(s.get("/creators/top?limit=3"));
  REQUIRE(top["data"].size() == 3);
  CHECK(top["data"][0]["rank"] == 1);
  CHECK(top["data"][0]["views"].get<long>() >= top["data"][1]["views"].get<long>());
  CHECK(s.get("/creators/top?limit=26")->status == 422);

  const auto search = Running::json(s.get("/search?q=a&limit=25"));
  CHECK(search["meta"]["limit_per_section"] == 25);
  CHECK(search["meta"]["effective_caps"]["accounts"] == 10);
  CHECK(search["data"]["accounts"].size() <= 10);
  CHECK(Running::json(s.get("/search?q=%20"))["data"]["accounts"].empty());
  CHECK(s.get("/search?q=" + std::string(129, 'a'))->status == 422);

  CHECK(Running::json(s.get("/creators/" + s.sandbox.first_creator_id()))["data"]["type"] == "creator");
  CHECK(Running::json(s.get("/videos/" + s.sandbox.first_video_id()))["data"]["type"] == "video");
  CHECK(s.get("/videos/00000000-0000-4000-8000-000000000000")->status == 404);
}

TEST_CASE("the request log records what the client sent, never the key", "[sandbox][log]") {
  ca::FakeClock clock;
  auto options = small_options(clock);
  const std::string file = "sandbox_request_log_test.jsonl";
  std::remove(file.c_str());
  options.request_log_path = file;
  Running s(options);
  s.get("/accounts?limit=3&platform=tiktok", Running::auth(kKey, {{"If-None-Match", "\"abc\""}}));
  s.post("/accounts", {{"platform", "tiktok"}, {"username", "logged"}}, Running::auth(kKey, {{"Idempotency-Key", "k-1"}}));
  s.get("/health", {});
  const auto log = s.sandbox.request_log();
  REQUIRE(log.size() == 3);
  CHECK(log[0].method == "GET");
  CHECK(log[0].path == "/v2/accounts");
  CHECK(log[0].query == "limit=3&platform=tiktok");
  CHECK(log[0].auth_present);
  CHECK(log[0].if_none_match == "\"abc\"");
  CHECK(log[0].status == 200);
  CHECK(log[0].in_flight >= 1);
  CHECK(log[0].request_id.size() == 36);
  CHECK(log[1].idempotency_key == "k-1");
  CHECK(log[1].status == 201);
  CHECK_FALSE(log[2].auth_present);

  std::ifstream in(file);
  std::string line, all;
  int lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    all += line;
    CHECK(ca::Json::parse(line).contains("request_id"));
    CHECK(ca::Json::parse(line)["fault"] == "");
  }
  CHECK(lines == 3);
  CHECK(all.find("sandbox-key") == std::string::npos);
  s.sandbox.clear_request_log();
  CHECK(s.sandbox.request_log().empty());
  std::remove(file.c_str());
}
