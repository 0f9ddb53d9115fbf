// Compact by default, measured (issue 9): raw API JSON versus the tool's text result (dump_compact of the
// structured result, which is what the server sends as the text block), against the seeded sandbox.
//   - a default list_accounts page costs at most 25 % of the raw API bytes of the same rows, for every filter and
//     every sort;
//   - get_metrics for 200 accounts is no larger than the raw API body.
// The figures quoted in docs/tools.md come from:
//   build/<dir>/tests/tools/ca_tools_tests "[measure]" -s
#include <httplib.h>

#include <catch2/catch.hpp>
#include <iostream>

#include "client/url_encoding.hpp"
#include "sandbox_fixture.hpp"
#include "schemas/schemas.hpp"
#include "tool_test_support.hpp"
#include "tools/tool_catalog.hpp"

using ca::Json;
using ca::tools::testing::SandboxFixture;

namespace {

httplib::Headers auth() { return {{"Authorization", "Bearer sandbox-key"}}; }

// The same listing asked of the API directly: list_accounts argument → API parameter.
std::string api_query(const Json& arguments, std::size_t limit) {
  static const std::vector<std::pair<const char*, const char*>> names = {
      {"platform", "platform"}, {"query", "q"}, {"category", "category"}, {"creator_id", "creator_id"},
      {"is_active", "is_active"}, {"order_by", "order_by"}, {"order_direction", "order_direction"}};
  ca::api::Query query = {{"limit", std::to_string(limit)}};
  for (const auto& [argument, parameter] : names) {
    if (!arguments.contains(argument)) continue;
    const Json& value = arguments[argument];
    query.emplace_back(parameter, value.is_string() ? value.get<std::string>() : value.dump());
  }
  return ca::api::encode_query(query);
}

}  // namespace

TEST_CASE("a list_accounts page costs at most 25 % of the raw API bytes, for every filter and sort",
          "[sandbox][measure]") {
  SandboxFixture f;
  httplib::Client http("127.0.0.1", f.sandbox.port());
  const auto first = f.call("list_accounts", {{"max_results", 1}, {"fields", {"category", "creator_id"}}});
  REQUIRE_FALSE(first.is_error);
  const Json& sample = first.structured["accounts"][0];
  std::vector<Json> filters = {Json::object(),
                               {{"platform", "instagram"}},
                               {{"platform", "tiktok"}},
                               {{"is_active", true}},
                               {{"is_active", false}},
                               {{"query", "a"}}};
  if (sample.contains("category")) filters.push_back({{"category", sample["category"]}});
  if (sample.contains("creator_id")) filters.push_back({{"creator_id", sample["creator_id"]}});
  const Json sorts = ca::schemas::get("list_accounts.input")["properties"]["order_by"]["enum"];

  constexpr std::size_t kRows = 50;
  double worst = 0, best = 1;
  std::string worst_case;
  for (const auto& filter : filters) {
    for (const auto& order_by : sorts) {
      for (const char* direction : {"asc", "desc"}) {
        Json arguments = filter;
        arguments["order_by"] = order_by;
        arguments["order_direction"] = direction;
        arguments["max_results"] = kRows;
        const auto raw = http.Get(("/v2/accounts" + api_query(arguments, kRows)).c_str(), auth());
        REQUIRE(raw);
        REQUIRE(raw->status == 200);
        const auto rows = Json::parse(raw->body)["data"].size();
        if (rows == 0) continue;
        const auto result = f.call("list_accounts", arguments);
        REQUIRE_FALSE(result.is_error);
        REQUIRE(result.structured["returned"] == rows);
        const double ratio =
            static_cast<double>(ca::dump_compact(result.structured).size()) / static_cast<double>(raw->body.size());
        INFO(ca::dump_compact(arguments) << ": " << ratio);
        CHECK(ratio <= 0.25);
        if (ratio > worst) worst = ratio, worst_case = ca::dump_compact(arguments);
        best = std::min(best, ratio);
      }
    }
  }
  std::cout << "list_accounts, pages of up to " << kRows << " rows, " << filters.size() << " filters x "
            << sorts.size() * 2 << " sorts: tool text / raw API body from " << best * 100 << " % to " << worst * 100
            << " % (worst: " << worst_case << ")\n";
}

TEST_CASE("get_metrics for 200 accounts is no larger than the raw API body", "[sandbox][measure]") {
  SandboxFixture f;
  httplib::Client http("127.0.0.1", f.sandbox.port());
  Json ids = Json::array();
  for (std::size_t i = 0; i < 200; ++i) ids.push_back(f.sandbox.account_id_at(i));
  for (const char* period : {"7d", "30d", "90d"}) {
    const auto raw = http.Post("/v2/accounts/metrics", auth(),
                               ca::dump_compact(Json{{"account_ids", ids}, {"period", period}}), "application/json");
    REQUIRE(raw);
    REQUIRE(raw->status == 200);
    const auto metrics = f.call("get_metrics", {{"account_ids", ids}, {"period", period}});
    REQUIRE_FALSE(metrics.is_error);
    REQUIRE(metrics.structured["returned"] == 200);
    const std::size_t text = ca::dump_compact(metrics.structured).size();
    std::cout << "get_metrics, 200 accounts, " << period << ": raw API " << raw->body.size() << " B, tool text "
              << text << " B (" << static_cast<double>(text) / static_cast<double>(raw->body.size()) * 100
              << " %)\n";
    CHECK(text <= raw->body.size());
  }
}

// Account videos come from the API already lean (about 390 B a row, no media URLs or nulls), so the compact row,
// which adds the post's url, keeps about 70 % of them; tracked videos carry every media URL and setting, and keep
// about a quarter.
TEST_CASE("a default list_videos page is at most 26 % (tracked) or 75 % (accounts) of the raw API bytes, every sort",
          "[sandbox][measure]") {
  SandboxFixture f;
  httplib::Client http("127.0.0.1", f.sandbox.port());
  constexpr std::size_t kRows = 50;  // the default max_results
  const Json sorts = ca::schemas::get("list_videos.input")["properties"]["order_by"]["enum"];
  for (const char* source : {"accounts", "tracked"}) {
    double worst = 0, best = 1;
    std::string worst_case;
    std::size_t worst_raw = 0, worst_text = 0;
    // Without a platform filter: the rows of both platforms, as a page of the default listing has them (each
    // platform alone lands inside the same range; kept out to keep this test's CI time small).
    for (const Json& platform : {Json()}) {
      for (const auto& order_by : sorts) {
        if (order_by == "added_at" && std::string(source) == "accounts") continue;
        for (const char* direction : {"asc", "desc"}) {
          Json arguments = {{"source", source}, {"order_by", order_by}, {"order_direction", direction}};
          ca::api::Query query = {{"limit", std::to_string(kRows)}, {"order_by", order_by.get<std::string>()},
                                  {"order_direction", direction}};
          if (platform.is_string()) {
            arguments["platform"] = platform;
            query.emplace_back("platform", platform.get<std::string>());
          }
          const std::string path = std::string(source) == "tracked" ? "/v2/videos" : "/v2/account-videos";
          const auto raw = http.Get((path + ca::api::encode_query(query)).c_str(), auth());
          REQUIRE(raw);
          REQUIRE(raw->status == 200);
          const auto rows = Json::parse(raw->body)["data"].size();
          const auto result = f.call("list_videos", arguments);
          REQUIRE_FALSE(result.is_error);
          REQUIRE(result.structured["returned"] == rows);
          const std::size_t text = ca::dump_compact(result.structured).size();
          const double ratio = static_cast<double>(text) / static_cast<double>(raw->body.size());
          INFO(ca::dump_compact(arguments) << ": " << ratio);
          CHECK(ratio <= (std::string(source) == "tracked" ? 0.26 : 0.75));
          if (ratio > worst) worst = ratio, worst_case = ca::dump_compact(arguments), worst_raw = raw->body.size(), worst_text = text;
          best = std::min(best, ratio);
        }
      }
    }
    std::cout << "list_videos source " << source << ", pages of " << kRows << " rows, every sort: "
              << "tool text / raw API body from " << best * 100 << " % to " << worst * 100 << " % (worst: "
              << worst_case << ", " << worst_text << " of " << worst_raw << " B)\n";
  }
}

TEST_CASE("a list_creators page costs less than the raw API page, and tools/list stays lean", "[sandbox][measure]") {
  SandboxFixture f;
  httplib::Client http("127.0.0.1", f.sandbox.port());
  const auto raw = http.Get("/v2/creators?limit=50&order_by=name&order_direction=asc", auth());
  REQUIRE(raw);
  REQUIRE(raw->status == 200);
  const auto page = f.call("list_creators", Json::object());
  REQUIRE_FALSE(page.is_error);
  REQUIRE(page.structured["returned"] == Json::parse(raw->body)["data"].size());
  const std::size_t text = ca::dump_compact(page.structured).size();
  std::cout << "list_creators, default page of 50: raw API " << raw->body.size() << " B, tool text " << text << " B ("
            << static_cast<double>(text) / static_cast<double>(raw->body.size()) * 100 << " %)\n";
  CHECK(text < raw->body.size());

  // tools/list as the newest protocol renders it: the catalog entry without its toolsets.
  const auto list_bytes = [](const ca::tools::ToolRegistry& registry) {
    Json tools = Json::array();
    for (const auto* tool : registry.tools()) {
      Json entry = ca::tools::catalog_entry(tool->definition());
      entry.erase("toolsets");
      tools.push_back(std::move(entry));
    }
    return ca::dump_compact(Json{{"tools", tools}}).size();
  };
  const auto& registry = ca::tools::testing::product_registry();
  std::size_t described = 0;
  for (const auto* tool : registry.tools()) {
    const auto& d = tool->definition();
    const std::size_t description = d.description.size(), input = ca::dump_compact(d.input_schema).size();
    std::cout << d.name << ": description " << description << " B + input schema " << input << " B = "
              << description + input << " B, output schema " << ca::dump_compact(d.output_schema).size() << " B\n";
    described += description + input;
  }
  const std::size_t count = registry.tools().size();
  std::cout << "tools/list, every default tool (" << count << "): " << list_bytes(registry)
            << " B; description + input schema on average " << described / count << " B\n";
  CHECK(described / count <= 2500);  // the budget per tool, on average
  for (const char* toolset : {"accounts", "videos", "creators", "org"}) {
    ca::tools::ToolSelection selection;
    selection.tools = {toolset};
    std::cout << "tools/list, --tools " << toolset << ": "
              << list_bytes(ca::tools::build_product_registry(nullptr, selection)) << " B\n";
  }
}
