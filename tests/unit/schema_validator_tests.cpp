// The argument validator: each supported keyword, its message (argument, rule, example) and nested paths.
#include <catch2/catch.hpp>

#include "tools/schema_validator.hpp"

using ca::Json;
using ca::tools::validate_arguments;

namespace {

const Json kSchema = Json::parse(R"({
  "type": "object",
  "properties": {
    "max_results": {"type": "integer", "minimum": 1, "maximum": 1000, "examples": [50]},
    "ratio": {"type": "number", "minimum": 0},
    "limit": {"type": "integer", "maximum": 10},
    "period": {"type": "string", "enum": ["7d", "30d", "90d"]},
    "q": {"type": "string", "minLength": 2, "maxLength": 5},
    "handle": {"type": "string", "pattern": "^[a-z_]+$", "examples": ["nasa"]},
    "code": {"type": "string", "pattern": "^[A-Z]{3}$"},
    "start_date": {"type": "string", "format": "date"},
    "account_id": {"type": "string", "format": "uuid"},
    "active": {"type": "boolean"},
    "account_ids": {"type": "array", "minItems": 1, "maxItems": 3, "uniqueItems": true,
                    "items": {"type": "string", "format": "uuid"}},
    "filters": {"type": "object", "properties": {"platform": {"type": "string", "enum": ["instagram", "tiktok"]}},
                "required": ["platform"], "additionalProperties": false},
    "nullable": {"type": ["string", "null"]}
  },
  "required": ["period"],
  "additionalProperties": false
})");

std::string failure(Json arguments) {
  if (!arguments.contains("period")) arguments["period"] = "7d";
  auto message = validate_arguments(arguments, kSchema);
  REQUIRE(message);
  return *message;
}

}  // namespace

TEST_CASE("valid arguments pass", "[validator]") {
  CHECK_FALSE(validate_arguments(Json::parse(R"({"period":"30d","max_results":1000,"ratio":0.5,"q":"ab",
    "handle":"nasa_gov","start_date":"2024-02-29","account_id":"123E4567-e89b-12d3-a456-426614174000",
    "active":false,"account_ids":["123e4567-e89b-12d3-a456-426614174000"],"filters":{"platform":"tiktok"},
    "nullable":null,"limit":10})"), kSchema));
  CHECK_FALSE(validate_arguments(Json::parse(R"({"period":"7d","max_results":50.0})"), kSchema));
  CHECK_FALSE(validate_arguments(Json::object(), Json::parse(R"({"type":"object"})")));
}

TEST_CASE("a range violation names the argument, the range, the value and the example", "[validator]") {
  CHECK(failure({{"max_results", 5000}}) ==
        "Invalid argument `max_results`: must be an integer from 1 to 1000 (got 5000). Example: 50.");
  CHECK(failure({{"ratio", -1}}) == "Invalid argument `ratio`: must be a number of at least 0 (got -1). Example: 0.");
  CHECK(failure({{"limit", 11}}) == "Invalid argument `limit`: must be an integer of at most 10 (got 11). Example: 1.");
}

TEST_CASE("a type violation says which type is wanted", "[validator]") {
  CHECK(failure({{"max_results", "50"}}) ==
        "Invalid argument `max_results`: must be an integer (got \"50\"). Example: 50.");
  CHECK(failure({{"max_results", 2.5}}) ==
        "Invalid argument `max_results`: must be an integer (got 2.5). Example: 50.");
  CHECK(failure({{"active", "yes"}}) ==
        "Invalid argument `active`: must be a boolean (true or false) (got \"yes\"). Example: true.");
  CHECK(failure({{"nullable", 1}}) ==
        "Invalid argument `nullable`: must be a string or null (got 1). Example: \"x\".");
  CHECK(failure({{"account_ids", "abc"}}) ==
        "Invalid argument `account_ids`: must be an array (got \"abc\"). "
        "Example: [\"123e4567-e89b-12d3-a456-426614174000\"].");
}

TEST_CASE("enum violations list the choices", "[validator]") {
  CHECK(failure({{"period", "1y"}}) ==
        "Invalid argument `period`: must be one of \"7d\", \"30d\", \"90d\" (got \"1y\"). Example: \"7d\".");
}

TEST_CASE("string length counts characters", "[validator]") {
  CHECK(failure({{"q", "a"}}) ==
        "Invalid argument `q`: must be a string of 2 to 5 characters, but it has 1 (got \"a\"). Example: \"xx\".");
  CHECK_FALSE(validate_arguments({{"period", "7d"}, {"q", "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"}}, kSchema));
}

TEST_CASE("patterns are checked, with the schema's example when there is one", "[validator]") {
  CHECK(failure({{"handle", "NASA"}}) ==
        "Invalid argument `handle`: must match the pattern ^[a-z_]+$ (got \"NASA\"). Example: \"nasa\".");
  CHECK(failure({{"code", "ab"}}) == "Invalid argument `code`: must match the pattern ^[A-Z]{3}$ (got \"ab\").");
}

TEST_CASE("date format wants a real calendar date", "[validator]") {
  for (const char* bad : {"2024-02-30", "2023-02-29", "2024-13-01", "2024-1-01", "yesterday", "2024-00-10"}) {
    CHECK(failure({{"start_date", bad}}) == "Invalid argument `start_date`: must be a calendar date in YYYY-MM-DD "
                                            "format (got \"" + std::string(bad) + "\"). Example: \"2024-01-31\".");
  }
  CHECK_FALSE(validate_arguments({{"period", "7d"}, {"start_date", "2000-02-29"}}, kSchema));
}

TEST_CASE("uuid format", "[validator]") {
  CHECK_THAT(failure({{"account_id", "123"}}),
             Catch::StartsWith("Invalid argument `account_id`: must be a UUID") &&
                 Catch::EndsWith("Example: \"123e4567-e89b-12d3-a456-426614174000\"."));
}

TEST_CASE("array items are checked with their index in the path", "[validator]") {
  const std::string ok = "123e4567-e89b-12d3-a456-426614174000";
  CHECK_THAT(failure({{"account_ids", {ok, "nope"}}}),
             Catch::StartsWith("Invalid argument `account_ids[1]`: must be a UUID"));
  CHECK(failure({{"account_ids", Json::array()}}) ==
        "Invalid argument `account_ids`: must be an array of 1 to 3 items, but it has 0 (got []). "
        "Example: [\"" + ok + "\"].");
  CHECK_THAT(failure({{"account_ids", {ok, ok, ok, ok}}}), Catch::Contains("1 to 3 items, but it has 4"));
  CHECK(failure({{"account_ids", {ok, "123e4567-e89b-12d3-a456-426614174001", ok}}}) ==
        "Invalid argument `account_ids`: items must be unique, but `account_ids[2]` repeats `account_ids[0]` (\"" +
            ok + "\").");
}

TEST_CASE("nested objects use dotted paths", "[validator]") {
  CHECK(failure({{"filters", {{"platform", "youtube"}}}}) ==
        "Invalid argument `filters.platform`: must be one of \"instagram\", \"tiktok\" (got \"youtube\"). "
        "Example: \"instagram\".");
  CHECK(failure({{"filters", Json::object()}}) ==
        "Missing required argument `filters.platform`. Example: \"instagram\".");
  CHECK(failure({{"filters", {{"platform", "tiktok"}, {"x", 1}}}}) ==
        "Unexpected argument `filters.x`. Allowed arguments: platform.");
}

TEST_CASE("required and additionalProperties:false at the top level", "[validator]") {
  CHECK(*validate_arguments(Json::object(), kSchema) == "Missing required argument `period`. Example: \"7d\".");
  CHECK_THAT(failure({{"perod", "7d"}}),
             Catch::StartsWith("Unexpected argument `perod`. Allowed arguments: max_results, ratio, limit, period,"));
  CHECK(*validate_arguments({{"x", 1}}, Json::parse(R"({"type":"object","additionalProperties":false})")) ==
        "Unexpected argument `x`. This takes no arguments.");
}

TEST_CASE("arguments that are not an object are refused", "[validator]") {
  CHECK(*validate_arguments(Json::array(), kSchema) == "Invalid arguments: must be a JSON object (got []).");
}

TEST_CASE("long values are shortened in messages", "[validator]") {
  const std::string message = failure({{"q", std::string(500, 'z')}});
  CHECK(message.size() < 250);
  CHECK_THAT(message, Catch::Contains("...)"));
}
