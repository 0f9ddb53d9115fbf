// get_video_growth against the sandbox (200-id batches, not_found, windows, progress and cancellation between
// batches, the budget cut) and against answers no API should send.
#include <catch2/catch.hpp>

#include "canned_tools.hpp"
#include "client/url_encoding.hpp"
#include "sandbox_fixture.hpp"

using ca::Json;
using ca::tools::testing::CannedTools;
using ca::tools::testing::SandboxFixture;

namespace {

// Every tracked video's id (the sandbox seeds 300), found through list_videos.
Json tracked_video_ids(SandboxFixture& f) {
  const auto budget = f.context.settings.text_budget_bytes;
  f.context.settings.text_budget_bytes = 4u << 20;
  const auto listed = f.call("list_videos", {{"source", "tracked"}, {"max_results", 1000}});
  f.context.settings.text_budget_bytes = budget;
  Json ids = Json::array();
  for (const auto& row : listed.structured["videos"]) ids.push_back(row["id"]);
  f.clear_log();
  return ids;
}

std::string unknown_id(int i) {
  char text[40];
  std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012d", i);
  return text;
}

}  // namespace

TEST_CASE("get_video_growth sends 450 ids in 3 batches and lists the unknown ones", "[sandbox][get_video_growth]") {
  SandboxFixture f;
  Json ids = tracked_video_ids(f);
  REQUIRE(ids.size() == 300);
  for (int i = 0; i < 150; ++i) ids.push_back(unknown_id(i));
  f.context.settings.text_budget_bytes = 1u << 20;
  const auto result = f.call("get_video_growth", {{"video_ids", ids}});
  REQUIRE_FALSE(result.is_error);
  CHECK(f.requests("POST", "/v2/videos/deltas") == 3);
  CHECK(result.structured["windows"] == Json({1, 7, 30}));
  CHECK(result.structured["returned"] == 300);
  CHECK(result.structured["not_found"].size() == 150);
  CHECK(result.structured["videos"].begin().key() == ids[0]);  // in the order asked
  for (const auto& [id, gains] : result.structured["videos"].items()) {
    INFO(id);
    REQUIRE(gains.size() == 3);
    CHECK(gains["1d"] <= gains["7d"]);  // the views of the last n days grow with n
    CHECK(gains["7d"] <= gains["30d"]);
  }
}

TEST_CASE("get_video_growth sends the windows asked, sorted and once each", "[sandbox][get_video_growth]") {
  SandboxFixture f;
  const Json ids = tracked_video_ids(f);
  const auto result = f.call("get_video_growth", {{"video_ids", {ids[0], ids[0], ids[1]}}, {"windows", {90, 7, 90}}});
  REQUIRE_FALSE(result.is_error);
  CHECK(f.requests("POST", "/v2/videos/deltas") == 1);
  CHECK(result.structured["windows"] == Json({7, 90}));
  CHECK(result.structured["returned"] == 2);
  CHECK(result.structured["videos"][ids[0].get<std::string>()].contains("90d"));
  CHECK(f.call("get_video_growth", {{"video_ids", ids}, {"windows", {0}}}).is_error);
  CHECK(f.call("get_video_growth", {{"video_ids", ids}, {"windows", {366}}}).is_error);
  CHECK(f.call("get_video_growth", {{"video_ids", Json::array()}}).is_error);
  CHECK(f.call("get_video_growth", {{"video_ids", {"not-a-uuid"}}}).is_error);
  CHECK(f.requests("POST", "/v2/videos/deltas") == 1);
}

TEST_CASE("get_video_growth reports progress per batch and starts no batch after a cancellation",
          "[sandbox][get_video_growth]") {
  SandboxFixture f;
  Json ids = tracked_video_ids(f);
  for (int i = 0; ids.size() < 1000; ++i) ids.push_back(unknown_id(i));  // 1,000 ids: 5 batches
  int reports = 0;
  f.context.on_progress = [&](double, std::optional<double>, const std::string&) { ++reports; };
  REQUIRE_FALSE(f.call("get_video_growth", {{"video_ids", ids}}).is_error);
  CHECK(reports == 5);
  CHECK(f.requests("POST", "/v2/videos/deltas") == 5);
  f.clear_log();
  f.context.on_progress = [&](double, std::optional<double>, const std::string&) { f.context.cancel.cancel(); };
  const auto cancelled = f.call("get_video_growth", {{"video_ids", ids}});
  CHECK(cancelled.is_error);
  // The batches already out when the first answer cancelled the call (at most max_parallel_requests, 4) end; the
  // fifth never starts.
  CHECK(f.requests("POST", "/v2/videos/deltas") <= 4);
}

TEST_CASE("get_video_growth keeps its text under the byte budget and names the first id left out",
          "[budget][sandbox][get_video_growth]") {
  SandboxFixture f;
  const Json ids = tracked_video_ids(f);
  f.context.settings.text_budget_bytes = 1500;
  const auto result = f.call("get_video_growth", {{"video_ids", ids}});
  REQUIRE_FALSE(result.is_error);
  CHECK(ca::dump_compact(result.structured).size() <= 1500);
  const auto kept = result.structured["returned"].get<std::size_t>();
  REQUIRE(kept > 0);
  REQUIRE(kept < ids.size());
  CHECK_THAT(result.structured["note"].get<std::string>(), Catch::Contains(ids[kept].get<std::string>()));
}

TEST_CASE("get_video_growth keeps to its schema whatever the deltas hold", "[hostile][get_video_growth]") {
  CannedTools tools;
  const std::string asked = "0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b";
  const std::string other = "1b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b";
  for (const Json& odd : {Json(nullptr), Json(-7), Json(1e300), Json(2.5), Json("x"), Json::array(),
                          Json::object(), Json(true)}) {
    tools.upstream.on_json("POST", "/videos/deltas",
                           {{"data", {{ca::api::ascii_lower(asked), {{"1d", odd}, {"7d", 5}, {"x\u202e", 1}}},
                                      {other, {{"1d", 1}}}}},
                            {"meta", {{"not_found", Json::array({odd, other, asked})}, {"windows", odd}}}});
    const auto result = tools.call("get_video_growth", {{"video_ids", {asked}}, {"windows", {1, 7}}});
    INFO(ca::dump_compact(odd));
    REQUIRE_FALSE(result.is_error);
    CHECK(result.structured["returned"] == 1);
    CHECK(result.structured["videos"][asked]["7d"] == 5);
    CHECK_FALSE(result.structured["videos"][asked].contains("x\u202e"));
    CHECK_FALSE(result.structured.contains("not_found"));  // answered ids and ids not asked for are not listed
    CHECK_THAT(result.structured["note"].get<std::string>(), Catch::Contains("1 rows"));
  }
  tools.upstream.on_json("POST", "/videos/deltas", {{"title", "x\u202e"}, {"detail", std::string(5000, 'd')}}, 500);
  const auto failed = tools.call("get_video_growth", {{"video_ids", {asked}}});
  CHECK(failed.is_error);
}
