// Lints over every tool's schemas and definition. The tools/list snapshots are checked in test_generated.cpp.
#include <catch2/catch.hpp>
#include <set>

#include "schemas/schemas.hpp"
#include "tool_test_support.hpp"
#include "tools/list_cursor.hpp"
#include "tools/tool_catalog.hpp"

using ca::Json;
using ca::tools::testing::every_tool_registry;

namespace {

// Bare true/false subschemas and `type` arrays are what `inspector --strict` flags; keep every schema portable.
// The one boolean allowed is `additionalProperties: false`, which closes an object; a map's value schema
// (`additionalProperties: {...}`) is checked like any other, and every `$ref` must point into the schema.
void check_portable(const Json& root, const Json& schema, const std::string& path) {
  INFO(path);
  REQUIRE(schema.is_object());
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"].get<std::string>();
    REQUIRE(ref.rfind("#/", 0) == 0);
    REQUIRE(root.contains(Json::json_pointer(ref.substr(1))));
    check_portable(root, root.at(Json::json_pointer(ref.substr(1))), path + " -> " + ref);
    return;
  }
  if (schema.contains("type")) CHECK(schema["type"].is_string());
  if (schema.contains("additionalProperties")) {
    const Json& additional = schema["additionalProperties"];
    CHECK((additional == false || additional.is_object()));
    if (additional.is_object()) check_portable(root, additional, path + "/additionalProperties");
  }
  if (schema.contains("items")) {
    CHECK(schema["items"].is_object());
    if (schema["items"].is_object()) check_portable(root, schema["items"], path + "/items");
  }
  if (schema.contains("properties")) {
    for (const auto& [name, property] : schema["properties"].items()) {
      CHECK_FALSE(property.is_boolean());
      if (property.is_object()) check_portable(root, property, path + "/properties/" + name);
    }
  }
}

}  // namespace

TEST_CASE("every tool has a title, a description and all four annotations stated", "[schema]") {
  for (const auto* tool : every_tool_registry().tools()) {
    const auto& definition = tool->definition();
    INFO(definition.name);
    CHECK_FALSE(definition.title.empty());
    CHECK(definition.description.size() > 100);
    const Json annotations = ca::tools::catalog_entry(definition)["annotations"];
    for (const char* hint : {"readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"}) {
      CHECK(annotations.contains(hint));
      CHECK(annotations[hint].is_boolean());
    }
    CHECK(definition.annotations.open_world);  // every tool talks to the CreatorAudit API
  }
}

TEST_CASE("every schema is a closed object schema within the portable subset", "[schema]") {
  for (const auto* tool : every_tool_registry().tools()) {
    const auto& definition = tool->definition();
    for (const Json* schema : {&definition.input_schema, &definition.output_schema}) {
      INFO(definition.name);
      CHECK((*schema)["type"] == "object");
      CHECK((*schema)["additionalProperties"] == false);
      check_portable(*schema, *schema, definition.name);
    }
  }
}

TEST_CASE("every input property has examples, and its first example is valid", "[schema]") {
  for (const auto* tool : every_tool_registry().tools()) {
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

TEST_CASE("every embedded schema parses, expands its includes, and belongs to a tool or is a fragment",
          "[schema]") {
  std::set<std::string> tool_schemas;
  for (const auto* tool : every_tool_registry().tools()) {
    tool_schemas.insert(tool->definition().name + ".input");
    tool_schemas.insert(tool->definition().name + ".output");
  }
  for (const auto& name : ca::schemas::names()) {
    INFO(name);
    CHECK(ca::schemas::get(name).dump().find("$include") == std::string::npos);
    // Tool schemas are <tool>.input / <tool>.output; everything else is a fragment for {"$include": name}.
    if (name.find('.') != std::string::npos) CHECK(tool_schemas.count(name) == 1);
  }
  for (const auto& name : tool_schemas) CHECK(ca::schemas::get(name).is_object());
  CHECK_THROWS(ca::schemas::get("no_such_schema"));
}

TEST_CASE("the cursor example shown to the model is a cursor the list tools accept", "[schema][cursor]") {
  for (const auto* tool : every_tool_registry().tools()) {
    const Json& properties = tool->definition().input_schema["properties"];
    if (!properties.contains("cursor")) continue;
    INFO(tool->definition().name);
    CHECK(ca::tools::decode_cursor(properties["cursor"]["examples"][0].get<std::string>()).has_value());
  }
}

TEST_CASE("add_account's and add_video's wait stays under the 60 s call timeout of common MCP clients", "[schema]") {
  // LangChain, Mastra, the OpenAI Agents SDK and mcp-use cut a call off at 60 s and progress does not reset
  // their timers: the longest wait must leave room for the create, the lookup and the answer.
  const std::string schema = GENERATE(as<std::string>{}, "add_account.input", "add_video.input");
  INFO(schema);
  const Json& wait = ca::schemas::get(schema)["properties"]["wait_seconds"];
  CHECK(wait["maximum"].get<int>() <= 45);
  CHECK(wait["default"].get<int>() <= wait["maximum"].get<int>());
}
