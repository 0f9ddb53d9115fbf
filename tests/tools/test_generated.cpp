// The documents generated from the registry (tools/tool_catalog.hpp) must match their committed copies: the
// README's tool table, the reference part of docs/tools.md, the e2e tests' tool list and the tools/list
// snapshots (one per tool, none left over). After an intended change to a tool, regenerate them all and review
// the diff:
//   UPDATE_SNAPSHOTS=1 build/<dir>/tests/tools/ca_tools_tests "[generated]"
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "tool_test_support.hpp"
#include "tools/tool_catalog.hpp"

using ca::Json;
using ca::tools::testing::every_tool_registry;
using ca::tools::testing::product_registry;

namespace {

const bool kUpdate = std::getenv("UPDATE_SNAPSHOTS") != nullptr;

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string source(const std::string& relative) { return std::string(CA_SOURCE_DIR) + "/" + relative; }

// The text between "<!-- BEGIN GENERATED: <name> -->\n" and "<!-- END GENERATED: <name> -->" in a committed file
// is `generated`; with UPDATE_SNAPSHOTS=1 it is rewritten in place.
void check_block(const std::string& relative, const std::string& name, const std::string& generated) {
  const std::string path = source(relative);
  std::string text = read_file(path);
  const std::string begin = "<!-- BEGIN GENERATED: " + name + " -->\n";
  const std::string end = "<!-- END GENERATED: " + name + " -->";
  const auto from = text.find(begin);
  const auto to = text.find(end);
  INFO(relative << ": the block \"" << name << "\" (regenerate: UPDATE_SNAPSHOTS=1 ca_tools_tests \"[generated]\")");
  REQUIRE(from != std::string::npos);
  REQUIRE(to != std::string::npos);
  const std::string committed = text.substr(from + begin.size(), to - from - begin.size());
  if (kUpdate) {
    write_file(path, text.replace(from + begin.size(), committed.size(), generated));
    return;
  }
  CHECK(committed == generated);
}

void check_file(const std::string& path, const std::string& generated) {
  INFO(path << " (regenerate: UPDATE_SNAPSHOTS=1 ca_tools_tests \"[generated]\")");
  if (kUpdate) {
    write_file(path, generated);
    return;
  }
  REQUIRE(std::filesystem::exists(path));  // a missing copy fails
  CHECK(read_file(path) == generated);
}

}  // namespace

TEST_CASE("the README's tool table is generated from the registry", "[generated]") {
  check_block("README.md", "tool table", ca::tools::readme_tool_table(product_registry()));
}

TEST_CASE("the reference part of docs/tools.md is generated from the registry", "[generated]") {
  check_block("docs/tools.md", "tool reference", ca::tools::tools_reference_markdown(every_tool_registry()));
}

TEST_CASE("the e2e tests' tool list is generated from the registry", "[generated]") {
  check_file(source("tests/e2e/tools.generated.json"), ca::tools::e2e_tools_json(product_registry()));
}

TEST_CASE("each tool's tools/list entry matches its snapshot, and no snapshot is left over", "[generated][snapshot]") {
  std::set<std::string> expected;
  for (const auto* tool : every_tool_registry().tools()) {
    const auto& definition = tool->definition();
    const std::string path = std::string(CA_TOOLS_SNAPSHOT_DIR) + "/" + definition.name + ".json";
    expected.insert(definition.name + ".json");
    check_file(path, ca::tools::catalog_entry(definition).dump(2) + "\n");
  }
  for (const auto& entry : std::filesystem::directory_iterator(CA_TOOLS_SNAPSHOT_DIR)) {
    const std::string name = entry.path().filename().string();
    INFO(name << " is the snapshot of no tool");
    if (kUpdate && !expected.count(name)) std::filesystem::remove(entry.path());
    if (!kUpdate) CHECK(expected.count(name) == 1);
  }
}
