// What the schema validator gained for output schemas: maps (additionalProperties as a schema), $ref into $defs,
// result wording, schema defaults, and the date check that upstream windows are read with.
#include <catch2/catch.hpp>

#include "tools/schema_validator.hpp"

using ca::Json;
using ca::tools::validate_arguments;
using ca::tools::validate_result;

namespace {

const Json kMapSchema = Json::parse(R"({
  "type": "object",
  "$defs": {"sums": {"type": "object", "properties": {"views": {"type": "integer", "minimum": 0}},
                     "additionalProperties": false}},
  "properties": {"accounts": {"type": "object", "additionalProperties": {"$ref": "#/$defs/sums"}},
                 "n": {"type": "integer", "default": 7}},
  "additionalProperties": false
})");

}  // namespace

TEST_CASE("a map's members are checked against its value schema, reached through $ref", "[validator]") {
  CHECK_FALSE(validate_result({{"accounts", {{"a", {{"views", 1}}}, {"b", Json::object()}}}}, kMapSchema));
  CHECK(validate_result({{"accounts", {{"a", {{"views", -1}}}}}}, kMapSchema) ==
        "Invalid result field `accounts.a.views`: must be an integer of at least 0 (got -1).");
  CHECK(validate_result({{"accounts", {{"a", {{"plays", 1}}}}}}, kMapSchema) ==
        "Unexpected result field `accounts.a.plays`.");
  CHECK(validate_result({{"accounts", {{"a", 5}}}}, kMapSchema) ==
        "Invalid result field `accounts.a`: must be an object (got 5).");
}

TEST_CASE("a $ref that points nowhere constrains nothing", "[validator]") {
  const Json schema = {{"type", "object"}, {"properties", {{"x", {{"$ref", "#/$defs/missing"}}}}}};
  CHECK_FALSE(validate_result({{"x", "anything"}}, schema));
}

TEST_CASE("arguments keep their wording and examples; results name the field", "[validator]") {
  const Json schema = {{"type", "object"},
                       {"properties", {{"max_results", {{"type", "integer"}, {"maximum", 10}, {"examples", {5}}}}}},
                       {"required", {"max_results"}},
                       {"additionalProperties", false}};
  CHECK(validate_arguments({{"max_results", 50}}, schema) ==
        "Invalid argument `max_results`: must be an integer of at most 10 (got 50). Example: 5.");
  CHECK(validate_result({{"max_results", 50}}, schema) ==
        "Invalid result field `max_results`: must be an integer of at most 10 (got 50).");
  CHECK(validate_result(Json::object(), schema) == "Missing required result field `max_results`.");
}

TEST_CASE("schema defaults fill absent top-level arguments only", "[validator]") {
  CHECK(ca::tools::with_schema_defaults(Json::object(), kMapSchema) == Json({{"n", 7}}));
  CHECK(ca::tools::with_schema_defaults({{"n", 3}}, kMapSchema) == Json({{"n", 3}}));
}

TEST_CASE("is_calendar_date accepts real days only", "[validator]") {
  using ca::tools::is_calendar_date;
  CHECK(is_calendar_date("2024-02-29"));
  CHECK_FALSE(is_calendar_date("2023-02-29"));
  CHECK_FALSE(is_calendar_date("2026-13-01"));
  CHECK_FALSE(is_calendar_date("2026-1-01"));
  CHECK_FALSE(is_calendar_date("２０２６-01-01"));
  CHECK_FALSE(is_calendar_date("2026-01-0x"));
}
