// dump_compact and compact_size (common/json_util.hpp) write nlohmann's compact text themselves; these check that
// it is byte for byte nlohmann's own dump(-1, ' ', false, replace), escapes and ill-formed UTF-8 included.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>

#include "common/json_util.hpp"

using ca::Json;

namespace {

std::string nlohmann_dump(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

void check_same_text(const Json& value) {
  const std::string expected = nlohmann_dump(value);
  INFO("expected: " << expected);
  CHECK(ca::dump_compact(value) == expected);
  CHECK(ca::compact_size(value) == expected.size());
}

}  // namespace

TEST_CASE("dump_compact writes nlohmann's text for every kind of value", "[json][writer]") {
  check_same_text(nullptr);
  check_same_text(true);
  check_same_text(false);
  check_same_text(Json::object());
  check_same_text(Json::array());
  for (std::int64_t n : {std::int64_t{0}, std::int64_t{-1}, std::numeric_limits<std::int64_t>::min(),
                         std::numeric_limits<std::int64_t>::max()})
    check_same_text(n);
  for (std::uint64_t n : {std::uint64_t{0}, std::uint64_t{7}, std::numeric_limits<std::uint64_t>::max()})
    check_same_text(n);
  for (double d : {0.0, -0.0, 1.0, 0.1, 1e21, 1e-7, 123456.789, 5e-324, 1.7976931348623157e308,
                   std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()})
    check_same_text(d);
  check_same_text(Json::parse(R"({"a":[1,{"b":null,"c":[true,false,"x"]}],"":{"":[]},"d":-2.5})"));
}

TEST_CASE("dump_compact escapes like nlohmann and replaces ill-formed UTF-8 as nlohmann does", "[json][writer]") {
  std::string every_byte;
  for (int b = 0; b < 256; ++b) every_byte += static_cast<char>(b);
  const std::vector<std::string> texts = {
      "", "plain", "quote \" backslash \\ slash /", "\b\f\n\r\t", std::string("nul \0 end", 9), "\x1f\x7f",
      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "\xef\xbb\xbf bom", "\xe2\x80\xae rlo",
      "\xff", "\xc3", "\xc3(", "\xe2\x82", "\xed\xa0\x80 surrogate", "\xc0\xaf overlong", "\xf4\x90\x80\x80 big",
      "ok \x80\x80 then ok", every_byte};
  for (const auto& text : texts) {
    check_same_text(text);
    check_same_text(Json{{text, text}});  // as an object key too
  }
}

TEST_CASE("dump_compact agrees with nlohmann on random strings and nested values", "[json][writer]") {
  std::mt19937 random(14);
  const auto random_text = [&] {
    // Mostly ASCII with escapes, some multi-byte characters and some stray bytes.
    static const std::vector<std::string> pieces = {"a", "\"", "\\", "\n", "\x01", "\xc3\xa9", "\xe2\x82\xac",
                                                    "\xf0\x9f\x98\x80", "\x80", "\xc3", "\xed\xbf\xbf", "~"};
    std::string out;
    for (std::size_t count = random() % 12; count > 0; --count) out += pieces[random() % pieces.size()];
    return out;
  };
  for (int round = 0; round < 2000; ++round) {
    Json value = Json::object();
    for (int i = 0; i < 4; ++i) {
      Json row = {{random_text(), random_text()}, {"n", static_cast<std::int64_t>(random()) - (1 << 30)},
                  {"f", std::ldexp(static_cast<double>(random()), static_cast<int>(random() % 80) - 40)}};
      value[random_text()] = Json::array({row, random_text(), nullptr});
    }
    check_same_text(value);
  }
}

TEST_CASE("dump_compact agrees with nlohmann on long strings, whatever falls on a word or buffer boundary",
          "[json][writer]") {
  // The writer reads strings eight bytes at a time and escapes through a 512-byte buffer: long runs of plain text,
  // with escapes, multi-byte characters and bad bytes at every offset, cross both kinds of boundary.
  std::mt19937 random(1409);
  static const std::vector<std::string> rare = {"\"", "\\", "\n", "\x1f", "\x7f", "\xc3\xa9", "\xff",
                                                "\xf0\x9f\x98\x80"};
  for (int round = 0; round < 600; ++round) {
    std::string text(static_cast<std::size_t>(random() % 2600), 'x');
    for (auto& c : text) c = static_cast<char>(' ' + random() % 95);  // printable ASCII, quotes and backslashes too
    for (std::size_t count = random() % 6; count > 0 && !text.empty(); --count) {
      text.insert(random() % text.size(), rare[random() % rare.size()]);
    }
    check_same_text(Json(text));
    check_same_text(Json::object({{text, text}}));  // keys go through the same path
  }
  // The step that writes the most at once (seven plain bytes, then the longest escape, \u00xx) at 24 alignments
  // against the buffer's end; with a lead of 4 or 17 bytes a step ends on the buffer's very last byte.
  for (std::size_t lead = 0; lead < 24; ++lead) {
    std::string text(lead, 'l');
    for (int i = 0; i < 200; ++i) text += "seven..\x01";
    check_same_text(Json(text));
  }
  for (std::size_t plain = 0; plain < 1100; ++plain) check_same_text(Json(std::string(plain, 'p') + "\x02 tail"));
  // A text copy of JSON inside JSON: an escape every few bytes, for many buffers' worth.
  Json rows = Json::array();
  for (int i = 0; i < 300; ++i) rows.push_back({{"id", i}, {"name", "n\"" + std::to_string(i)}});
  check_same_text(Json(ca::dump_compact(rows)));
}

TEST_CASE("an already_serialized value is written as the text it stands for, and only one made so", "[json][writer]") {
  const Json inner = Json::parse(R"({"rows":[{"name":"a \"b\"\n","n":1.5},null],"note":"é"})");
  Json whole = {{"text", ca::dump_compact(inner)}, {"structured", inner}};
  Json spliced = {{"text", ca::dump_compact(inner)}, {"structured", ca::already_serialized(ca::dump_compact(inner))}};
  CHECK(ca::dump_compact(spliced) == nlohmann_dump(whole));
  CHECK(ca::compact_size(spliced) == nlohmann_dump(whole).size());
  std::string appended = "prefix ";
  ca::append_compact(appended, spliced);
  CHECK(appended == "prefix " + nlohmann_dump(whole));
  // Other binary values keep nlohmann's text: without a subtype, and with a subtype of their own.
  check_same_text(Json::binary({1, 2, 3}));
  check_same_text(Json::binary({'{', '}'}, 7));
  check_same_text(Json::binary({}, 0));
  // The marked value holds its text once: what it costs is what a kept tree is charged.
  CHECK(ca::json_heap_bytes(ca::already_serialized(std::string(1000, 'x'))) >= 1000);
}

TEST_CASE("dump_compact_within gives the text when it fits, and nothing when one byte is missing", "[json][writer]") {
  std::mt19937 random(77);
  for (int round = 0; round < 300; ++round) {
    Json rows = Json::array();
    const int count = static_cast<int>(random() % 12);
    for (int i = 0; i < count; ++i) {
      rows.push_back({{"id", i}, {"text", std::string(random() % 40, 'x') + "\"\n\x01é"}, {"n", 0.5 * i}});
    }
    const Json value = {{"rows", rows}, {"more", {{"deep", Json::array({rows})}}}};
    const std::string text = nlohmann_dump(value);
    CHECK(ca::dump_compact_within(value, text.size()) == text);
    CHECK(ca::dump_compact_within(value, text.size() + random() % 100) == text);
    CHECK_FALSE(ca::dump_compact_within(value, text.size() - 1 - random() % text.size()).has_value());
  }
  CHECK(ca::dump_compact_within(Json::object(), 2) == "{}");
  CHECK_FALSE(ca::dump_compact_within(Json::object(), 1).has_value());
}

TEST_CASE("object_with_capacity makes an empty object that takes that many members without moving them",
          "[json]") {
  Json object = ca::object_with_capacity(5);
  REQUIRE(object.is_object());
  CHECK(object.empty());
  object["first"] = Json::array({1, 2, 3});
  const Json* first = &object["first"];
  for (const char* key : {"b", "c", "d", "e"}) object[key] = key;
  CHECK(&object["first"] == first);  // no reallocation: growing would have copied every member, deeply
  CHECK(ca::dump_compact(object) == R"({"first":[1,2,3],"b":"b","c":"c","d":"d","e":"e"})");
}

TEST_CASE("json_heap_bytes counts containers and long strings, and any depth", "[json]") {
  CHECK(ca::json_heap_bytes(Json(7)) == 0);
  CHECK(ca::json_heap_bytes(Json(nullptr)) == 0);
  const Json short_text = "short";
  const Json long_text = std::string(100, 'x');
  CHECK(ca::json_heap_bytes(long_text) >= ca::json_heap_bytes(short_text) + 101);  // the buffer, its NUL too
  Json object = ca::object_with_capacity(4);
  const std::size_t empty_object = ca::json_heap_bytes(object);
  CHECK(empty_object >= 4 * sizeof(Json::object_t::value_type));
  object["text"] = long_text;
  CHECK(ca::json_heap_bytes(object) == empty_object + ca::json_heap_bytes(long_text));
  Json deep = Json::array();
  for (int i = 0; i < 100'000; ++i) deep = Json::array({std::move(deep)});  // no recursion: this must not overflow
  CHECK(ca::json_heap_bytes(deep) >= 100'000 * sizeof(Json));
}
