#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "common/utf8.hpp"

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

namespace {

// sanitize_text one character at a time, as it was before printable ASCII was copied in runs: the rules, with no
// fast path, to compare against.
std::string sanitize_by_character(std::string_view text, std::size_t max_bytes) {
  const std::string_view ellipsis = "\xE2\x80\xA6";
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t length = ca::utf8_sequence_length(text, i, &cp);
    std::string_view piece;
    if (length == 0) {
      piece = ca::kUtf8Replacement;
    } else if (cp == '\t' || cp == '\n' || cp == '\r') {
      piece = " ";
    } else if (!ca::is_control_or_hidden(cp)) {
      piece = text.substr(i, length);
    }
    i += length == 0 ? 1 : length;
    if (out.size() + piece.size() > max_bytes) {
      while (!out.empty() && out.size() + ellipsis.size() > max_bytes) {
        std::size_t start = out.size() - 1;
        while (start > 0 && (static_cast<unsigned char>(out[start]) & 0xC0) == 0x80) --start;
        out.resize(start);
      }
      if (out.size() + ellipsis.size() <= max_bytes) out += ellipsis;
      return out;
    }
    out += piece;
  }
  return out;
}

}  // namespace

TEST_CASE("sanitize_text copies printable ASCII in runs with the same result as character by character",
          "[sanitize]") {
  std::mt19937 random(2311);
  static const std::vector<std::string> pieces = {
      "abc", "x", " ", "~", "\x7f", "\t", "\n", "\x01",                  // ASCII: printable, DEL, line breaks, C0
      "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xe2\x80\x8b",  // é € 😀, a zero-width space
      "\x80", "\xc3"};                                                 // ill-formed bytes
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    for (std::size_t count = random() % 40; count > 0; --count) text += pieces[random() % pieces.size()];
    const std::size_t max_bytes = random() % 70;
    INFO("text: " << text << " max_bytes: " << max_bytes);
    CHECK(sanitize_text(text, max_bytes) == sanitize_by_character(text, max_bytes));
  }
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
