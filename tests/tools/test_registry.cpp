// The registry as the server sees it: ToolRegistry::run does a whole call (refusal, validation, defaults, the
// tool, exceptions, the output-schema check), and the tool selection (--read-only, --tools, --exclude-tools)
// decides what is listed and what is refused.
#include <catch2/catch.hpp>
#include <functional>
#include <stdexcept>

#include "tool_test_support.hpp"
#include "tools/tool_selection.hpp"

using ca::Json;
using ca::tools::ToolContext;
using ca::tools::ToolRegistry;
using ca::tools::ToolResult;
using ca::tools::ToolSelection;
using ca::tools::ToolUnit;
using ca::tools::testing::product_registry;

namespace {

std::vector<std::string> listed(const ToolRegistry& registry) {
  std::vector<std::string> names;
  for (const auto* tool : registry.tools()) names.push_back(tool->definition().name);
  return names;
}

// The tools offered by default: every unit but the opt-in ones.
std::vector<std::string> all_product_tools() {
  std::vector<std::string> names;
  for (const auto& unit : ca::tools::product_tool_units())
    if (!unit.opt_in) names.push_back(unit.name);
  return names;
}

bool has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The product tools for which `keep(unit)` holds, plus the always-enabled one, in registration order: the
// expectations follow the table, so adding a tool needs no edit here. Opt-in tools are left out: no toolset
// and no default selection offers them.
std::vector<std::string> product_tools_where(const std::function<bool(const ToolUnit&)>& keep) {
  std::vector<std::string> names;
  for (const auto& unit : ca::tools::product_tool_units()) {
    if ((keep(unit) && !unit.opt_in) || unit.name == ca::tools::kAlwaysEnabledTool) names.push_back(unit.name);
  }
  return names;
}

std::function<bool(const ToolUnit&)> in_toolset(const std::string& toolset) {
  return [toolset](const ToolUnit& unit) { return has(unit.toolsets, toolset); };
}

ToolResult run(const ToolRegistry& registry, const std::string& name, const Json& arguments) {
  ToolContext context;
  return registry.run(*registry.find(name), arguments, context);
}

// A unit whose handler runs without an API client: the tests below build units with a client-free handler by
// giving `check` the whole behaviour.
ToolUnit fake_unit(std::string name, bool read_only, bool opt_in, std::function<ToolResult(const Json&)> behaviour) {
  ToolUnit unit;
  unit.name = std::move(name);
  unit.title = "Fake";
  unit.toolsets = {"org"};
  unit.annotations = {.read_only = read_only, .destructive = false, .idempotent = true, .open_world = true};
  unit.opt_in = opt_in;
  unit.check = [behaviour](const Json& arguments) -> std::optional<ToolResult> { return behaviour(arguments); };
  return unit;
}

}  // namespace

TEST_CASE("by default every product tool is listed, in the registration order", "[registry]") {
  CHECK(listed(product_registry()) == all_product_tools());
  for (const auto& name : all_product_tools()) CHECK(product_registry().find(name) != nullptr);
  CHECK(product_registry().find("no_such_tool") == nullptr);
}

TEST_CASE("every tool names known toolsets, and the always-enabled tool exists", "[registry]") {
  std::vector<std::string> toolsets;
  for (const auto& set : ca::tools::product_toolsets()) toolsets.push_back(set.name);
  for (const auto& unit : ca::tools::product_tool_units()) {
    INFO(unit.name);
    // An opt-in tool is enabled only by its own name, so a toolset would only suggest otherwise.
    if (unit.opt_in) CHECK(unit.toolsets.empty());
    if (!unit.opt_in) CHECK_FALSE(unit.toolsets.empty());
    for (const auto& set : unit.toolsets) CHECK(has(toolsets, set));
    CHECK_FALSE(unit.guide.empty());
  }
  CHECK(has(all_product_tools(), ca::tools::kAlwaysEnabledTool));
}

TEST_CASE("--read-only lists only read-only tools and refuses a call to a write tool", "[registry][selection]") {
  ToolSelection selection;
  selection.read_only = true;
  const ToolRegistry registry = ca::tools::build_product_registry(nullptr, selection);
  const auto names = listed(registry);
  for (const auto& unit : ca::tools::product_tool_units()) {
    INFO(unit.name);
    CHECK(has(names, unit.name) == unit.annotations.read_only);
  }
  CHECK_FALSE(has(names, "add_account"));
  REQUIRE(registry.find("add_account") != nullptr);  // known, so a call is refused rather than "unknown tool"
  const auto refused = run(registry, "add_account", {{"username", "natgeo"}, {"platform", "instagram"}});
  REQUIRE(refused.is_error);
  CHECK_THAT(refused.error_message, Catch::Contains("add_account is not enabled") && Catch::Contains("--read-only"));
  // Refused before anything else: even arguments that would fail validation get the refusal.
  CHECK_THAT(run(registry, "add_account", {{"bogus", 1}}).error_message, Catch::Contains("not enabled"));
  // The reads still run (here: up to the missing key).
  CHECK_THAT(run(registry, "whoami", Json::object()).error_message, Catch::Contains("CREATORAUDIT_API_KEY"));
  // Naming a write tool in --tools does not bring it back.
  selection.tools = {"add_account"};
  CHECK_FALSE(has(listed(ca::tools::build_product_registry(nullptr, selection)), "add_account"));
}

TEST_CASE("--tools keeps the named tools and toolsets, plus whoami", "[registry][selection]") {
  ToolSelection selection;
  selection.tools = {"list_accounts"};
  CHECK(listed(ca::tools::build_product_registry(nullptr, selection)) ==
        std::vector<std::string>{"list_accounts", "whoami"});
  for (const auto& toolset : ca::tools::product_toolsets()) {
    INFO(toolset.name);
    selection.tools = {toolset.name};
    CHECK(listed(ca::tools::build_product_registry(nullptr, selection)) == product_tools_where(in_toolset(toolset.name)));
  }
  // The helper itself: a toolset's tools plus whoami, and nothing of another toolset only.
  const auto videos = product_tools_where(in_toolset("videos"));
  CHECK((has(videos, "get_metrics") && has(videos, "whoami") && !has(videos, "list_accounts")));
  selection.tools = {"videos"};
  const ToolRegistry registry = ca::tools::build_product_registry(nullptr, selection);
  const auto refused = run(registry, "list_accounts", Json::object());
  REQUIRE(refused.is_error);
  CHECK_THAT(refused.error_message, Catch::Contains("--tools"));
}

TEST_CASE("--exclude-tools removes tools and toolsets, never whoami", "[registry][selection]") {
  ToolSelection selection;
  selection.exclude = {"add_account", "whoami"};
  const ToolRegistry registry = ca::tools::build_product_registry(nullptr, selection);
  CHECK(listed(registry) == product_tools_where([](const ToolUnit& unit) { return unit.name != "add_account"; }));
  CHECK_FALSE(has(listed(registry), "add_account"));
  CHECK_THAT(run(registry, "add_account", {{"username", "x"}}).error_message, Catch::Contains("--exclude-tools"));
  selection.exclude = {"accounts"};
  CHECK(listed(ca::tools::build_product_registry(nullptr, selection)) ==
        product_tools_where([](const ToolUnit& unit) { return !has(unit.toolsets, "accounts"); }));
}

TEST_CASE("an unknown tool or toolset name is a start-up error listing the valid names", "[registry][selection]") {
  ToolSelection selection;
  CHECK_FALSE(ca::tools::check_product_selection(selection));
  selection.tools = {"accounts", "list_acounts"};
  selection.exclude = {"nope"};
  const auto problem = ca::tools::check_product_selection(selection);
  REQUIRE(problem);
  CHECK_THAT(*problem, Catch::Contains("\"list_acounts\"") && Catch::Contains("\"nope\""));
  for (const auto& name : all_product_tools()) CHECK_THAT(*problem, Catch::Contains(name));
  for (const auto& set : ca::tools::product_toolsets()) CHECK_THAT(*problem, Catch::Contains(set.name));
}

TEST_CASE("an opt-in tool is enabled only when --tools names it", "[registry][selection]") {
  // Units borrow real tools' names so that their schema files exist; get_metrics plays the opt-in one.
  const auto ok = [](const Json&) { return ToolResult::success(Json::object()); };
  const std::vector<ToolUnit> units = {fake_unit("whoami", true, false, ok), fake_unit("get_metrics", true, true, ok)};
  ToolSelection selection;
  CHECK(listed(ca::tools::build_registry(units, nullptr, selection)) == std::vector<std::string>{"whoami"});
  selection.tools = {"org"};  // its toolset is not enough
  CHECK(listed(ca::tools::build_registry(units, nullptr, selection)) == std::vector<std::string>{"whoami"});
  selection.tools = {"get_metrics"};
  CHECK(listed(ca::tools::build_registry(units, nullptr, selection)) ==
        std::vector<std::string>{"whoami", "get_metrics"});
}

TEST_CASE("the instructions describe exactly the enabled tools", "[registry][selection]") {
  const std::string everything = ca::tools::server_instructions(product_registry());
  for (const auto& name : all_product_tools()) CHECK_THAT(everything, Catch::Contains("- " + name + ": "));
  ToolSelection selection;
  selection.read_only = true;
  const std::string reads = ca::tools::server_instructions(ca::tools::build_product_registry(nullptr, selection), selection);
  CHECK_THAT(reads, !Catch::Contains("add_account") && Catch::Contains("- list_accounts: ") &&
                        Catch::Contains("read-only"));
}

TEST_CASE("run fills schema defaults, catches exceptions and replaces results that break the output schema",
          "[registry]") {
  // A tool with an argument that has a default and an output field that must not be negative.
  struct Scripted final : ca::tools::Tool {
    ca::tools::ToolDefinition d;
    std::function<ToolResult(const Json&)> behaviour;
    const ca::tools::ToolDefinition& definition() const override { return d; }
    ToolResult call(const Json& arguments, ToolContext&) override { return behaviour(arguments); }
  };
  ToolRegistry registry;
  const auto add = [&](const std::string& name, std::function<ToolResult(const Json&)> behaviour) {
    auto tool = std::make_unique<Scripted>();
    tool->d.name = name;
    tool->d.input_schema = {{"type", "object"},
                            {"properties", {{"n", {{"type", "integer"}, {"default", 7}}}}},
                            {"additionalProperties", false}};
    tool->d.output_schema = {
        {"type", "object"},
        {"properties", {{"echo", {{"type", "object"}}}, {"n", {{"type", "integer"}, {"minimum", 0}}}}},
        {"additionalProperties", false}};
    tool->behaviour = std::move(behaviour);
    registry.add(std::move(tool));
  };
  add("echo", [](const Json& arguments) { return ToolResult::success({{"echo", arguments}}); });
  add("throws", [](const Json&) -> ToolResult { throw std::runtime_error("boom \x1b[31m\u202e"); });
  add("breaks", [](const Json&) { return ToolResult::success({{"n", -1}}); });

  CHECK(run(registry, "echo", Json::object()).structured == Json({{"echo", {{"n", 7}}}}));
  CHECK(run(registry, "echo", {{"n", 3}}).structured == Json({{"echo", {{"n", 3}}}}));
  CHECK_THAT(run(registry, "echo", {{"n", "x"}}).error_message, Catch::Contains("Invalid argument `n`"));
  const auto thrown = run(registry, "throws", Json::object());
  REQUIRE(thrown.is_error);
  CHECK_THAT(thrown.error_message, Catch::Contains("throws failed unexpectedly: boom"));
  CHECK_THAT(thrown.error_message, !Catch::Contains("\x1b") && !Catch::Contains("\u202e"));
  const auto broken = run(registry, "breaks", Json::object());
  REQUIRE(broken.is_error);
  CHECK_THAT(broken.error_message, Catch::Contains("does not match its own output schema"));
}

TEST_CASE("a description placeholder that names nothing fails when the tool is built", "[registry]") {
  ToolUnit unit = ca::tools::product_tool_units().front();
  unit.description = "up to {max_results.maximum} rows, {page_size} per request";
  CHECK_THAT(ca::tools::definition_of(unit).description, Catch::Matches("up to [0-9]+ rows, [0-9]+ per request"));
  unit.description = "up to {max_results.nope} rows";
  CHECK_THROWS_AS(ca::tools::definition_of(unit), std::logic_error);
}
