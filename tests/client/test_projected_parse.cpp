// Parsing an upstream body into only the item members a caller reads (issue 14: less CPU per list call).
#include <catch2/catch.hpp>

#include "client/projected_parse.hpp"

using namespace ca;
using namespace ca::api;

namespace {

ItemFields fields(std::vector<std::string> names) {
  return std::make_shared<const std::vector<std::string>>(std::move(names));
}

}  // namespace

TEST_CASE("a projected parse keeps only the named members of each data item, and the rest of the body whole",
          "[client][projection]") {
  const std::string body =
      R"({"data":[{"id":"a","username":"x","bio":"long","stats":{"id":1,"bio":2}},{"bio":"b","id":"c"}],)"
      R"("pagination":{"has_next":true,"next_cursor":"abc","id":7},"meta":{"bio":"kept"}})";
  const Json parsed = parse_upstream_body(body, fields({"id", "stats"}));
  CHECK(parsed == Json::parse(R"({"data":[{"id":"a","stats":{"id":1,"bio":2}},{"id":"c"}],)"
                              R"("pagination":{"has_next":true,"next_cursor":"abc","id":7},"meta":{"bio":"kept"}})"));
}

TEST_CASE("without fields, or when data is not an array, the body is parsed whole", "[client][projection]") {
  const std::string listing = R"({"data":[{"id":"a","bio":"b"}]})";
  CHECK(parse_upstream_body(listing, nullptr) == Json::parse(listing));
  CHECK(parse_upstream_body(listing, fields({})) == Json::parse(listing));
  const std::string batch = R"({"data":{"k":{"id":"a","views":3}},"meta":{"not_found":[]}})";
  CHECK(parse_upstream_body(batch, fields({"id"})) == Json::parse(batch));
  const std::string after_array = R"({"other":[{"x":1}],"data":{"k":{"bio":1}}})";
  CHECK(parse_upstream_body(after_array, fields({"id"})) == Json::parse(after_array));
}

TEST_CASE("a body that is not JSON parses to a discarded value with or without fields", "[client][projection]") {
  for (const char* text : {"", "{", R"({"data":[{"id":)", "not json"}) {
    CHECK(parse_upstream_body(text, nullptr).is_discarded());
    CHECK(parse_upstream_body(text, fields({"id"})).is_discarded());
  }
}
