// add_video against the sandbox (the create, the duplicate found again in every identifier form, the first-refresh
// wait, request counts from the sandbox log), its identifier rules, and an upstream that answers with bodies no API
// should.
#include <catch2/catch.hpp>

#include "canned_tools.hpp"
#include "sandbox_fixture.hpp"
#include "tools/video_reference.hpp"

using ca::Json;
using ca::tools::parse_video_reference;
using ca::tools::testing::CannedTools;
using ca::tools::testing::refresh_after;
using ca::tools::testing::SandboxFixture;

namespace {

// The first seeded video of a platform, as the API shows it.
Json seeded_video(SandboxFixture& f, const std::string& platform) {
  auto listed = f.client->get("/videos", {{"platform", platform}, {"limit", "1"}}, {});
  REQUIRE(listed.ok());
  return listed.value()["data"][0];
}

}  // namespace

TEST_CASE("add_video reads URLs, shortcodes and ids of both platforms", "[add_video]") {
  const auto tiktok = parse_video_reference("https://www.tiktok.com/@khaby.lame/video/07234567890123456789?lang=en", {});
  REQUIRE(tiktok.video);
  CHECK(tiktok.video->platform == "tiktok");
  CHECK(tiktok.video->id == "7234567890123456789");
  const auto reel = parse_video_reference("instagram.com/reel/B/", {});
  REQUIRE(reel.video);
  CHECK(reel.video->shortcode == "B");
  CHECK(reel.video->id == "1");  // a shortcode is the media id in base 64
  CHECK(parse_video_reference("AAB", std::string("instagram")).video->id == "1");
  CHECK(parse_video_reference("123", std::string("tiktok")).video->id == "123");
  CHECK(parse_video_reference("123", {}).argument == "platform");
  CHECK(parse_video_reference("https://vm.tiktok.com/ZMabc/", {}).error.find("short link") != std::string::npos);
  CHECK(parse_video_reference("https://www.tiktok.com/@x/video/1", std::string("instagram")).argument == "platform");
  CHECK_FALSE(parse_video_reference("https://example.com/p/abc", {}).video);
  CHECK_FALSE(parse_video_reference("abc", std::string("tiktok")).video);
  CHECK_FALSE(parse_video_reference("0", std::string("tiktok")).video);
}

TEST_CASE("add_video creates the video and waits for its first refresh", "[sandbox][add_video]") {
  SandboxFixture f(refresh_after(ca::Millis(3000)));
  const auto result = f.call("add_video", {{"identifier", "https://www.tiktok.com/@new.creator/video/7300000000000000001"}});
  REQUIRE_FALSE(result.is_error);
  CHECK(result.structured["status"] == "created");
  CHECK(result.structured["refresh"] == "complete");
  CHECK(result.structured["video"]["platform"] == "tiktok");
  CHECK(result.structured["video"].contains("views"));
  CHECK(f.requests("POST", "/v2/videos") == 1);
  for (const auto sleep : f.clock.sleeps()) CHECK(sleep >= ca::Millis(2000));
}

TEST_CASE("add_video finds an already tracked video in any identifier form by listing", "[sandbox][add_video]") {
  SandboxFixture f;
  const Json seeded = seeded_video(f, "instagram");
  const std::string shortcode = seeded["shortcode"];
  const std::string media_id = seeded["external_id"];
  for (const Json& arguments : {Json{{"identifier", shortcode}, {"platform", "instagram"}},
                                Json{{"identifier", "https://www.instagram.com/reel/" + shortcode + "/?x=1"}},
                                Json{{"identifier", media_id}, {"platform", "instagram"}}}) {
    INFO(arguments.dump());
    f.clear_log();
    const auto result = f.call("add_video", arguments);
    REQUIRE_FALSE(result.is_error);
    CHECK(result.structured["status"] == "already_tracked");
    CHECK(result.structured["video"]["id"] == seeded["id"]);
    CHECK(result.structured["video"]["url"] == "https://www.instagram.com/p/" + shortcode + "/");
    CHECK(f.requests("POST", "/v2/videos") == 1);
    CHECK(f.requests("GET", "/v2/videos") == 1);  // one page of the platform's tracked videos, no poll
  }
}

TEST_CASE("add_video returns pending with a hint when the refresh outlasts wait_seconds", "[sandbox][add_video]") {
  SandboxFixture f(refresh_after(ca::Millis(600'000)));
  const auto result = f.call("add_video", {{"identifier", "7300000000000000002"}, {"platform", "tiktok"}, {"wait_seconds", 10}});
  REQUIRE_FALSE(result.is_error);
  CHECK(result.structured["refresh"] == "pending");
  CHECK(result.structured["video"]["last_scrape_time"] == "pending first refresh");
  CHECK_FALSE(result.structured["video"].contains("views"));
  CHECK_THAT(result.structured["hint"].get<std::string>(),
             Catch::Contains("get_metrics") && Catch::Contains(result.structured["video"]["id"].get<std::string>()));
  CHECK(f.clock.total_slept() <= ca::Millis(10'000));
  const int polls = f.requests("GET", "/v2/videos/");
  CHECK(polls >= 2);
  CHECK(polls <= 6);
}

TEST_CASE("add_video of an inactive video does not wait for a refresh that will not come", "[sandbox][add_video]") {
  SandboxFixture f;
  const auto result = f.call("add_video", {{"identifier", "7300000000000000003"}, {"platform", "tiktok"}, {"is_active", false}});
  REQUIRE_FALSE(result.is_error);
  CHECK(result.structured["video"]["paused"] == true);
  CHECK(result.structured["refresh"] == "pending");
  CHECK(f.requests("GET", "/v2/videos/") == 0);
}

TEST_CASE("a cancelled add_video stops polling", "[sandbox][add_video]") {
  SandboxFixture f(refresh_after(ca::Millis(600'000)));
  f.context.on_progress = [&](double, std::optional<double>, const std::string&) { f.context.cancel.cancel(); };
  const auto result = f.call("add_video", {{"identifier", "7300000000000000004"}, {"platform", "tiktok"}, {"wait_seconds", 45}});
  CHECK(f.requests("GET", "/v2/videos/") == 1);
  REQUIRE_FALSE(result.is_error);
  CHECK(result.structured["refresh"] == "pending");
}

TEST_CASE("add_video refuses an identifier it cannot read before any request", "[sandbox][add_video]") {
  SandboxFixture f;
  CHECK_THAT(f.call("add_video", {{"identifier", "https://vm.tiktok.com/ZMabc/"}}).error_message,
             Catch::Contains("identifier") && Catch::Contains("short link"));
  CHECK_THAT(f.call("add_video", {{"identifier", "12345"}}).error_message, Catch::Contains("platform"));
  CHECK(f.sandbox.request_log().empty());
}

TEST_CASE("add_video answers within its schema whatever the create, lookup and poll responses hold",
          "[hostile][add_video]") {
  CannedTools tools;
  const std::string id = "0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b";
  const Json good = {{"id", id}, {"platform", "tiktok"}, {"external_id", "7300000000000000005"},
                     {"account_username", "x"}, {"last_scrape_time", "2026-06-01T00:00:00Z"}, {"view_count", 10},
                     {"like_count", 1}, {"comment_count", 1}, {"share_count", 1}};
  const std::vector<Json> odd_values = {nullptr, -1, 1.5, "7", Json::array(), Json::object(), 1e300,
                                        std::string(70'000, 'n'), "\u202eevil\x1b[31m\r\nX: y"};
  const Json arguments = {{"identifier", "7300000000000000005"}, {"platform", "tiktok"}, {"wait_seconds", 5}};
  for (const auto& [field, unused] : good.items()) {
    for (const auto& value : odd_values) {
      Json video = good;
      video[field] = value;
      INFO(field << " = " << ca::dump_compact(value).substr(0, 80));
      tools.upstream.on_json("POST", "/videos", {{"data", video}}, 201);
      tools.upstream.on_json("GET", "/videos/" + id, {{"data", video}});
      tools.upstream.on_json("GET", "/videos", {{"data", Json::array({video})}, {"pagination", {{"has_next", false}}}});
      const auto created = tools.call("add_video", arguments);
      if (!created.is_error) CHECK(created.structured["video"]["id"] == id);
      // A duplicate: found again by listing, whatever the 409 says.
      tools.upstream.on("POST", "/videos", {409, "{\"existing_id\":7}", {{"Content-Type", "application/problem+json"}}});
      const auto again = tools.call("add_video", arguments);
      if (!again.is_error) CHECK(again.structured["status"] == "already_tracked");
    }
  }
}
