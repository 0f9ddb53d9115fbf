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

TEST_CASE("a $ref is followed once; one that is not a string, or points at a non-object, is as before",
          "[validator]") {
  // Keywords are read in one pass over each schema object; these pin the cases that pass touched.
  const Json schema = Json::parse(R"({
    "type": "object",
    "$defs": {"count": {"type": "integer", "minimum": 0}, "flag": true,
              "hop": {"$ref": "#/$defs/count"}},
    "properties": {
      "direct": {"$ref": "#/$defs/count"},
      "not_text": {"$ref": 7, "type": "string"},
      "to_bool": {"$ref": "#/$defs/flag"},
      "hop": {"$ref": "#/$defs/hop"},
      "outside": {"$ref": "https://example.com/schema", "type": "string"}
    }
  })");
  CHECK(validate_result({{"direct", -1}}, schema) ==
        "Invalid result field `direct`: must be an integer of at least 0 (got -1).");
  CHECK(validate_result({{"not_text", 5}}, schema) == "Invalid result field `not_text`: must be a string (got 5).");
  CHECK_FALSE(validate_result({{"to_bool", "anything"}}, schema));  // resolves to `true`: not an object, no rule
  CHECK_FALSE(validate_result({{"hop", -1}}, schema));              // one step only: the target's own $ref is not followed
  CHECK_FALSE(validate_result({{"outside", 5}}, schema));           // not "#/...": constrains nothing
}

TEST_CASE("a schema reached again, for each row and from two places, is checked every time", "[validator]") {
  // Each schema object is read once per check and remembered by address; the later rows must still be checked.
  const Json schema = Json::parse(R"({
    "type": "object",
    "$defs": {"row": {"type": "object", "properties": {"id": {"type": "integer", "minimum": 1}},
                      "required": ["id"]}},
    "properties": {"rows": {"type": "array", "items": {"$ref": "#/$defs/row"}},
                   "also": {"$ref": "#/$defs/row"}}
  })");
  CHECK_FALSE(validate_result({{"rows", {{{"id", 1}}, {{"id", 2}}}}, {"also", {{"id", 3}}}}, schema));
  CHECK(validate_result({{"rows", {{{"id", 1}}, {{"id", 2}}, {{"id", 0}}}}}, schema) ==
        "Invalid result field `rows[2].id`: must be an integer of at least 1 (got 0).");
  CHECK(validate_result({{"rows", {{{"id", 1}}, Json::object()}}}, schema) == "Missing required result field `rows[1].id`.");
  CHECK(validate_result({{"rows", {{{"id", 1}}}}, {"also", {{"id", "x"}}}}, schema) ==
        "Invalid result field `also.id`: must be an integer (got \"x\").");
}

TEST_CASE("count keywords keep their rules and their messages", "[validator]") {
  const Json schema = Json::parse(R"({
    "type": "object",
    "properties": {
      "tags": {"type": "array", "minItems": 1, "maxItems": 2, "uniqueItems": true, "items": {"type": "string"}},
      "code": {"type": "string", "minLength": 3},
      "note": {"type": "string", "maxLength": 2}
    }
  })");
  CHECK_FALSE(validate_result({{"tags", {"a", "b"}}, {"code", "abc"}, {"note", "ok"}}, schema));
  CHECK(validate_result({{"tags", Json::array()}}, schema) ==
        "Invalid result field `tags`: must be an array of 1 to 2 items, but it has 0 (got []).");
  CHECK(validate_result({{"tags", {"a", "a"}}}, schema) ==
        "Invalid result field `tags`: items must be unique, but `tags[1]` repeats `tags[0]` (\"a\").");
  CHECK(validate_result({{"tags", {"a", 1}}}, schema) ==
        "Invalid result field `tags[1]`: must be a string (got 1).");
  CHECK(validate_result({{"code", "ab"}}, schema) ==
        "Invalid result field `code`: must be a string of at least 3 characters, but it has 2 (got \"ab\").");
  CHECK(validate_result({{"note", "abc"}}, schema) ==
        "Invalid result field `note`: must be a string of at most 2 characters, but it has 3 (got \"abc\").");
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
