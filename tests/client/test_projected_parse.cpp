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

namespace {

// What a body parses to, as text: "discarded" when it is not JSON.
std::string outcome(const Json& parsed) { return parsed.is_discarded() ? "discarded" : parsed.dump(); }

// The simdjson path either declines (the nlohmann path then answers) or gives exactly the nlohmann path's value.
void check_paths_agree(const std::string& body, const ItemFields& item_fields) {
  INFO("body: " << body.substr(0, 200));
  const Json reference = detail::parse_with_nlohmann(body, item_fields);
  const auto fast = detail::parse_with_simdjson(body, item_fields);
  if (fast) CHECK(outcome(*fast) == outcome(reference));
  CHECK(outcome(parse_upstream_body(body, item_fields)) == outcome(reference));
}

std::string nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

TEST_CASE("the simdjson and nlohmann paths agree on ordinary and odd bodies", "[client][projection]") {
  const std::vector<std::string> bodies = {
      R"({"data":[{"id":"a","username":"x","bio":"long","stats":{"id":1,"bio":2}},{"bio":"b","id":"c"}]})",
      R"({"data":[1,"two",null,true,[{"bio":1}],{"id":{"bio":2}}],"pagination":{"has_next":false}})",
      R"({"data":[{"id":"a","id":"b","bio":1,"id":"c"}],"data":[{"id":"d","bio":2}]})",
      R"({"n":[0,-0,1,-1,9223372036854775807,9223372036854775808,18446744073709551615,-9223372036854775808]})",
      R"({"n":[1.0,1e2,-0.0,2.5e-3,1.7976931348623157e308,5e-324,0.1,123456789012345678901234567890]})",
      R"({"n":[18446744073709551616,-9223372036854775809,1e400,-1e400]})",
      R"({"s":["\u00e9\ud83d\ude00","\"\\\/\b\f\n\r\t","\u0000","caf)" "\xc3\xa9" R"("]})",
      R"({"s":"\ud800"})", R"({"s":"\udc00"})", R"({"s":"\ud800\u0041"})", R"({"s":"\udc00\ud800"})",
      "\xef\xbb\xbf{\"data\":[]}", "{\"s\":\"\xff\"}", "{\"s\":\"\xed\xa0\x80\"}", "{\"a\":1} x", "{\"a\":1}   ",
      "[]", "3", "\"text\"", "null", "", " ", "{", "{\"a\":}", "[1,]", "{\"a\":1,}", "tru", "nul", "01", "1.",
      "{\"a\"\n:\t1}", "\n[\r1 ]\t", nested(1000), nested(1025), nested(5000), "{\"data\":" + nested(2000) + "}",
  };
  for (const auto& body : bodies) {
    check_paths_agree(body, nullptr);
    check_paths_agree(body, fields({"id", "stats"}));
  }
}

TEST_CASE("a large object keeps first positions and last values for repeated names", "[client][projection]") {
  std::string body = "{";
  for (int i = 0; i < 100; ++i) body += "\"k" + std::to_string(i % 60) + "\":" + std::to_string(i) + ",";
  body.back() = '}';
  check_paths_agree(body, nullptr);
  const Json parsed = parse_upstream_body(body, nullptr);
  REQUIRE(parsed.size() == 60);
  CHECK(parsed.begin().key() == "k0");
  CHECK(parsed["k0"] == 60);
  CHECK(parsed["k59"] == 59);
  CHECK(detail::parse_with_simdjson(body, nullptr).has_value());
}

TEST_CASE("an ordinary list page takes the simdjson path", "[client][projection]") {
  const std::string page =
      R"({"data":[{"id":"a","username":"x","followers":12,"rate":0.5}],"pagination":{"has_next":false}})";
  CHECK(detail::parse_with_simdjson(page, fields({"id", "followers"})).has_value());
  CHECK(detail::parse_with_simdjson(page, nullptr).has_value());
}

TEST_CASE("a hostile object of 200,000 members parses in linear time, at the root and below", "[client][projection]") {
  // nlohmann's ordered_map finds each new name by a scan: 200,000 members would take about 2e10 comparisons. The
  // simdjson path indexes large objects, so this returns at once (a hang here is the failure).
  for (const bool nested : {false, true}) {
    std::string body = nested ? R"({"data":[{"id":"a","wide":{)" : "{";
    for (int i = 0; i < 200'000; ++i) body += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    body += R"("k0":"last"})";
    if (nested) body += "}]}";
    const Json parsed = parse_upstream_body(body, nested ? fields({"wide"}) : nullptr);
    const Json& wide = nested ? parsed["data"][0]["wide"] : parsed;
    REQUIRE(wide.size() == 200'000);
    CHECK(wide.begin().key() == "k0");
    CHECK(wide["k0"] == "last");
    CHECK(wide["k199999"] == 199'999);
  }
}

TEST_CASE("a projected item keeps only its kept names, however wide it is and however often they repeat",
          "[client][projection]") {
  // A projected item's repeats are found by scanning what it kept (at most the few kept names), not by an index.
  std::string body = R"({"data":[{)";
  for (int i = 0; i < 200'000; ++i) {
    body += "\"" + (i % 2 ? std::string("id") : "k" + std::to_string(i)) + "\":" + std::to_string(i) + ",";
  }
  body += R"("name":"n","id":"last"}]})";
  const Json parsed = parse_upstream_body(body, fields({"name", "id"}));
  const Json& item = parsed["data"][0];
  REQUIRE(item.size() == 2);
  CHECK(item.begin().key() == "id");  // the first position of a repeated name, with its last value
  CHECK(item["id"] == "last");
  CHECK(item["name"] == "n");
}

TEST_CASE("a body simdjson declines goes to nlohmann only up to 256 KiB", "[client][projection]") {
  // A 20-digit integer is beyond simdjson's 64 bits; nlohmann takes it (as a float).
  const std::string small = R"({"n":18446744073709551616})";
  CHECK_FALSE(detail::parse_with_simdjson(small, nullptr).has_value());
  CHECK(parse_upstream_body(small, nullptr)["n"].is_number_float());
  // The same behind a wide object past the limit is refused as not JSON, without nlohmann's quadratic scan.
  std::string large = "{";
  while (large.size() <= detail::kFallbackMaxBytes) large += "\"k" + std::to_string(large.size()) + "\":0,";
  large += R"("n":18446744073709551616})";
  CHECK(parse_upstream_body(large, nullptr).is_discarded());
}

TEST_CASE("integers keep nlohmann's types: unsigned without a minus sign, signed with one", "[client][projection]") {
  const std::string body = R"([0,7,18446744073709551615,-1,-9223372036854775808,2.5])";
  const Json fast = *detail::parse_with_simdjson(body, nullptr);
  const Json reference = detail::parse_with_nlohmann(body, nullptr);
  REQUIRE(fast.size() == reference.size());
  for (std::size_t i = 0; i < fast.size(); ++i) {
    INFO("item " << i);
    CHECK(fast[i].type() == reference[i].type());
  }
}

TEST_CASE("a body with a byte order mark takes the simdjson path", "[client][projection]") {
  const std::string body = "\xEF\xBB\xBF{\"data\":[{\"id\":\"a\",\"bio\":1}]}";
  const auto fast = detail::parse_with_simdjson(body, fields({"id"}));
  REQUIRE(fast.has_value());
  CHECK(*fast == Json::parse(R"({"data":[{"id":"a"}]})"));
}
