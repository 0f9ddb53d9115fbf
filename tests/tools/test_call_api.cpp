// call_api: every guard on the path (unit tests of parse_api_target), the opt-in and read-only refusals, GET only
// unless write tools are offered, the compacted answer and the budget cut, against the sandbox and a hostile
// upstream.
#include <catch2/catch.hpp>

#include "canned_tools.hpp"
#include "sandbox_fixture.hpp"
#include "tools/api_target.hpp"

using ca::Json;
using ca::tools::ApiTarget;
using ca::tools::ToolSelection;
using ca::tools::build_product_registry;
using ca::tools::parse_api_target;
using ca::tools::testing::CannedTools;
using ca::tools::testing::SandboxFixture;
using ca::tools::testing::call_tool;

namespace {

const ToolSelection kCallApiOnly{.read_only = false, .tools = {"call_api"}, .exclude = {}};

bool refused(const std::string& path) { return std::holds_alternative<std::string>(parse_api_target(path)); }

bool has_null(const Json& value) {
  if (value.is_null()) return true;
  if (value.is_object()) {
    for (const auto& [key, child] : value.items())
      if (child.is_null() || has_null(child)) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("call_api accepts only plain paths under the base URL", "[call_api]") {
  for (const char* path : {"videos", "http://evil.test/v2/videos", "https:/x", "//evil.test/videos", "/../whoami",
                           "/videos/../../admin", "/videos/./metrics", "/%2e%2e/whoami", "/videos%2f..%2fx",
                           "/videos/%2E%2E", "/a\\b", "\\\\evil\\x", "/videos\x01", "/videos\n", "/vid eos",
                           "/videos#x", "/videos//metrics", "/videos/", "/caf\xc3\xa9", "/videos@evil.test",
                           "/videos?q=%0a", "/videos?q=%zz", "/videos?q=%4", "/videos?=x", ""}) {
    INFO(path);
    CHECK(refused(path));
  }
  const auto target = parse_api_target("/search?q=a+b%21&limit=5&&flag");
  REQUIRE(std::holds_alternative<ApiTarget>(target));
  const auto& parsed = std::get<ApiTarget>(target);
  CHECK(parsed.path == "/search");
  CHECK(parsed.query == ca::api::Query{{"q", "a b!"}, {"limit", "5"}, {"flag", ""}});
  CHECK_FALSE(refused("/creators/0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b/analytics?start_date=2026-06-01"));
}

TEST_CASE("call_api is offered only when named in --tools, and never read-only", "[call_api][registry]") {
  const auto names = [](const ca::tools::ToolRegistry& registry) {
    std::vector<std::string> out;
    for (const auto* tool : registry.tools()) out.push_back(tool->definition().name);
    return out;
  };
  const auto has = [&](const ca::tools::ToolRegistry& registry) {
    const auto listed = names(registry);
    return std::find(listed.begin(), listed.end(), "call_api") != listed.end();
  };
  CHECK_FALSE(has(build_product_registry(nullptr)));
  CHECK_FALSE(has(build_product_registry(nullptr, ToolSelection{.read_only = false, .tools = {"videos", "accounts", "creators", "org"}, .exclude = {}})));
  CHECK(has(build_product_registry(nullptr, kCallApiOnly)));
  CHECK_FALSE(has(build_product_registry(nullptr, ToolSelection{.read_only = true, .tools = {"call_api"}, .exclude = {}})));
  // Writes follow the other tools: only a write tool on offer lets call_api POST.
  CHECK_FALSE(ca::tools::write_tools_offered(build_product_registry(nullptr, kCallApiOnly)));
  CHECK(ca::tools::write_tools_offered(
      build_product_registry(nullptr, ToolSelection{.read_only = false, .tools = {"call_api", "add_account"}, .exclude = {}})));
  CHECK_FALSE(ca::tools::write_tools_offered(build_product_registry(nullptr, ToolSelection{.read_only = true, .tools = {}, .exclude = {}})));
}

TEST_CASE("call_api GETs one path from the sandbox and drops nulls", "[sandbox][call_api]") {
  SandboxFixture f;
  const auto registry = build_product_registry(f.client.get(), kCallApiOnly);
  const auto result = call_tool(registry, "call_api", {{"path", "/videos?limit=3&platform=tiktok"}}, f.context);
  REQUIRE_FALSE(result.is_error);
  CHECK(f.requests("GET", "/v2/videos") == 1);
  const Json& data = result.structured["data"];
  REQUIRE(data["data"].size() == 3);
  for (const auto& video : data["data"]) CHECK(video["platform"] == "tiktok");
  CHECK_FALSE(has_null(data));
  CHECK_FALSE(result.structured.contains("note"));
  // An API error is the tool's error, with the request id.
  const auto missing = call_tool(registry, "call_api", {{"path", "/no-such-route"}}, f.context);
  CHECK(missing.is_error);
  CHECK_THAT(missing.error_message, Catch::Contains("request_id"));
  // Guards are argument errors, before any request.
  f.clear_log();
  CHECK(call_tool(registry, "call_api", {{"path", "/%2e%2e/whoami"}}, f.context).is_error);
  CHECK(call_tool(registry, "call_api", {{"path", "//evil.test/x"}}, f.context).is_error);
  CHECK(call_tool(registry, "call_api", {{"path", "/videos"}, {"body", Json::object()}}, f.context).is_error);
  CHECK(f.sandbox.request_log().empty());
}

TEST_CASE("call_api POSTs only when the server offers write tools", "[sandbox][call_api]") {
  SandboxFixture f;
  const auto registry = build_product_registry(f.client.get(), kCallApiOnly);
  const Json create = {{"path", "/creators"}, {"method", "POST"}, {"body", {{"name", "Call Api Creator"}}}};
  const auto refused_post = call_tool(registry, "call_api", create, f.context);
  CHECK(refused_post.is_error);
  CHECK_THAT(refused_post.error_message, Catch::Contains("only GET"));
  CHECK(f.sandbox.request_log().empty());
  f.context.settings.api_writes = true;
  const auto created = call_tool(registry, "call_api", create, f.context);
  REQUIRE_FALSE(created.is_error);
  CHECK(f.requests("POST", "/v2/creators") == 1);
  CHECK(created.structured["data"]["data"]["name"] == "Call Api Creator");
}

TEST_CASE("call_api cuts the largest list to the byte budget and says so", "[budget][sandbox][call_api]") {
  SandboxFixture f;
  const auto registry = build_product_registry(f.client.get(), kCallApiOnly);
  f.context.settings.text_budget_bytes = 4000;
  const auto result = call_tool(registry, "call_api", {{"path", "/account-videos?limit=50"}}, f.context);
  REQUIRE_FALSE(result.is_error);
  CHECK(ca::dump_compact(result.structured).size() <= 4000);
  const auto kept = result.structured["data"]["data"].size();
  CHECK(kept > 0);
  CHECK(kept < 50);
  CHECK_THAT(result.structured["note"].get<std::string>(), Catch::Contains("Showing"));
}

TEST_CASE("call_api survives answers no API should send", "[hostile][call_api]") {
  CannedTools tools;
  const auto registry = build_product_registry(tools.client.get(), kCallApiOnly);
  Json deep = Json::array();
  for (int i = 0; i < 100; ++i) deep = Json::array({deep});  // past the 64 levels call_api walks
  tools.upstream.on_json("GET", "/deep", {{"data", deep}});
  const auto too_deep = call_tool(registry, "call_api", {{"path", "/deep"}}, tools.context);
  CHECK(too_deep.is_error);
  CHECK_THAT(too_deep.error_message, Catch::Contains("nests deeper"));

  tools.upstream.on_json("GET", "/odd", {{"k\u202e\x1b", "v\x07\u2066"}, {"gone", nullptr}, {"n", {{"x", nullptr}}}});
  const auto odd = call_tool(registry, "call_api", {{"path", "/odd"}}, tools.context);
  REQUIRE_FALSE(odd.is_error);
  CHECK(odd.structured["data"] == Json({{"k", "v"}, {"n", Json::object()}}));

  tools.upstream.on_json("GET", "/array", Json::array({1, nullptr, "x"}));
  const auto array = call_tool(registry, "call_api", {{"path", "/array"}}, tools.context);
  REQUIRE_FALSE(array.is_error);
  CHECK(array.structured["data"]["value"].size() == 3);

  tools.context.settings.text_budget_bytes = 200;
  tools.upstream.on_json("GET", "/big", {{"one", std::string(1000, 'x')}});
  const auto big = call_tool(registry, "call_api", {{"path", "/big"}}, tools.context);
  REQUIRE_FALSE(big.is_error);
  CHECK_FALSE(big.structured.contains("data"));
  CHECK_THAT(big.structured["note"].get<std::string>(), Catch::Contains("larger than"));
}
