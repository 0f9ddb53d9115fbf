// What the model sees, locked: each tool's tools/list entry is compared to tests/tools/snapshots/<tool>.json, so
// any change shows up as a diff in review. After an intended change, regenerate with
//   UPDATE_SNAPSHOTS=1 build/<dir>/tests/tools/ca_tools_tests "[snapshot]"
// A missing snapshot fails the test (and is written when UPDATE_SNAPSHOTS=1).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "schemas/schemas.hpp"
#include "tool_test_support.hpp"

using ca::Json;
using ca::tools::testing::product_registry;

namespace {

Json tools_list_entry(const ca::tools::ToolDefinition& definition) {
  return {{"name", definition.name},
          {"title", definition.title},
          {"description", definition.description},
          {"annotations",
           {{"readOnlyHint", definition.annotations.read_only},
            {"destructiveHint", definition.annotations.destructive},
            {"idempotentHint", definition.annotations.idempotent},
            {"openWorldHint", definition.annotations.open_world}}},
          {"inputSchema", definition.input_schema},
          {"outputSchema", definition.output_schema}};
}

// Bare true/false subschemas and `type` arrays are what `inspector --strict` flags; keep every schema portable.
// The one boolean allowed is `additionalProperties: false`, which closes an object.
void check_portable(const Json& schema, const std::string& path) {
  INFO(path);
  REQUIRE(schema.is_object());
  if (schema.contains("type")) CHECK(schema["type"].is_string());
  if (schema.contains("additionalProperties")) CHECK(schema["additionalProperties"] == false);
  if (schema.contains("items")) {
    CHECK(schema["items"].is_object());
    if (schema["items"].is_object()) check_portable(schema["items"], path + "/items");
  }
  if (schema.contains("properties")) {
    for (const auto& [name, property] : schema["properties"].items()) {
      CHECK_FALSE(property.is_boolean());
      if (property.is_object()) check_portable(property, path + "/properties/" + name);
    }
  }
}

}  // namespace

TEST_CASE("the product tools come in a fixed order", "[schema]") {
  std::vector<std::string> names;
  for (const auto& tool : product_registry().tools()) names.push_back(tool->definition().name);
  CHECK(names == std::vector<std::string>{"list_accounts", "get_metrics", "add_account", "whoami"});
}

TEST_CASE("each tool's tools/list entry matches its snapshot", "[schema][snapshot]") {
  const bool update = std::getenv("UPDATE_SNAPSHOTS") != nullptr;
  for (const auto& tool : product_registry().tools()) {
    const auto& definition = tool->definition();
    const std::string path = std::string(CA_TOOLS_SNAPSHOT_DIR) + "/" + definition.name + ".json";
    const Json actual = tools_list_entry(definition);
    INFO(path << "  (regenerate: UPDATE_SNAPSHOTS=1 ca_tools_tests \"[snapshot]\")");
    if (update) {
      std::ofstream(path) << actual.dump(2) << "\n";
      continue;
    }
    std::ifstream file(path);
    REQUIRE(file.good());  // a missing snapshot fails
    std::stringstream text;
    text << file.rdbuf();
    CHECK(actual.dump(2) + "\n" == text.str());
  }
}

TEST_CASE("every tool has a title, a description and all four annotations stated", "[schema]") {
  for (const auto& tool : product_registry().tools()) {
    const auto& definition = tool->definition();
    INFO(definition.name);
    CHECK_FALSE(definition.title.empty());
    CHECK(definition.description.size() > 100);
    const Json annotations = tools_list_entry(definition)["annotations"];
    for (const char* hint : {"readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"}) {
      CHECK(annotations.contains(hint));
      CHECK(annotations[hint].is_boolean());
    }
    CHECK_FALSE(definition.annotations.destructive);
    CHECK(definition.annotations.idempotent);
    CHECK(definition.annotations.open_world);
    CHECK(definition.annotations.read_only == (definition.name != "add_account"));
  }
}

TEST_CASE("every schema is a closed object schema within the portable subset", "[schema]") {
  for (const auto& tool : product_registry().tools()) {
    const auto& definition = tool->definition();
    for (const Json* schema : {&definition.input_schema, &definition.output_schema}) {
      INFO(definition.name);
      CHECK((*schema)["type"] == "object");
      CHECK((*schema)["additionalProperties"] == false);
      check_portable(*schema, definition.name);
    }
  }
}

TEST_CASE("every input property has examples, and its first example is valid", "[schema]") {
  for (const auto& tool : product_registry().tools()) {
    const auto& definition = tool->definition();
    for (const auto& [name, property] : definition.input_schema["properties"].items()) {
      INFO(definition.name << "." << name);
      REQUIRE(property.contains("examples"));
      const Json arguments = {{name, property["examples"][0]}};
      Json single = definition.input_schema;
      single.erase("required");
      CHECK(ca::tools::validate_arguments(arguments, single).value_or("") == "");
    }
  }
}

TEST_CASE("every embedded schema parses and expands its includes", "[schema]") {
  const auto names = ca::schemas::names();
  CHECK(names.size() == 9);
  for (const auto& name : names) {
    INFO(name);
    CHECK(ca::schemas::get(name).is_object());
    CHECK(ca::schemas::get(name).dump().find("$include") == std::string::npos);
  }
  CHECK_THROWS(ca::schemas::get("no_such_schema"));
}
