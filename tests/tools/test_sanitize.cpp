#include <catch2/catch.hpp>

#include "tools/sanitize.hpp"

using ca::tools::sanitize_strings;
using ca::tools::sanitize_text;

TEST_CASE("sanitize_text removes control characters and turns line breaks into spaces", "[sanitize]") {
  CHECK(sanitize_text("a\x01" "b\x7f" "c") == "abc");
  CHECK(sanitize_text("line1\nline2\r\n\tend") == "line1 line2   end");
  CHECK(sanitize_text("c1\xc2\x85" "x") == "c1x");  // U+0085 NEL, a C1 control
}

TEST_CASE("sanitize_text removes bidi overrides, isolates and invisible marks", "[sanitize]") {
  CHECK(sanitize_text("evil\xe2\x80\xae" "txt.exe") == "eviltxt.exe");          // U+202E RLO
  CHECK(sanitize_text("\xe2\x81\xa6" "iso\xe2\x81\xa9") == "iso");                 // U+2066 LRI, U+2069 PDI
  CHECK(sanitize_text("a\xe2\x80\x8f" "b\xe2\x80\x8b" "c\xef\xbb\xbf") == "abc");  // RLM, ZWSP, BOM
}

TEST_CASE("sanitize_text keeps emoji, joiners and right-to-left letters, and replaces invalid bytes", "[sanitize]") {
  const std::string family = "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9";  // man ZWJ woman
  CHECK(sanitize_text(family) == family);
  CHECK(sanitize_text("\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d") == "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d");  // Hebrew
  CHECK(sanitize_text("bad\xff\xfe" "byte") == "bad\xef\xbf\xbd\xef\xbf\xbd" "byte");  // U+FFFD each
  CHECK(sanitize_text("cut\xe2\x80") == "cut\xef\xbf\xbd\xef\xbf\xbd");  // truncated sequence at the end
  CHECK(sanitize_text("\xed\xa0\x80") == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // a surrogate is ill-formed
}

TEST_CASE("sanitize_text cuts long text at a character boundary and says so", "[sanitize]") {
  CHECK(sanitize_text(std::string(10, 'a'), 10) == std::string(10, 'a'));
  CHECK(sanitize_text(std::string(11, 'a'), 10) == std::string(7, 'a') + "\xe2\x80\xa6");  // …
  const std::string euros = "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac";  // three 3-byte characters
  CHECK(sanitize_text(euros, 8) == "\xe2\x82\xac\xe2\x80\xa6");               // never half a character
  CHECK(sanitize_text(std::string(5000, 'x')).size() == ca::tools::kMaxUpstreamTextBytes);
}

TEST_CASE("sanitize_strings cleans every string and every key in nested JSON", "[sanitize]") {
  const ca::Json in = {{"name", "x\ny"},
                       {"nested", {{"bio", "\xe2\x80\xae" "z"}}},
                       {"list", {"a\x01"}},
                       {"n", 3},
                       {"k\x1b[31m\xe2\x80\xae", "v"}};
  const ca::Json out = sanitize_strings(in);
  CHECK(out == ca::Json({{"name", "x y"}, {"nested", {{"bio", "z"}}}, {"list", {"a"}}, {"n", 3}, {"k[31m", "v"}}));
}
