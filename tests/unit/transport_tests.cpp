// Line framing in, one compact line per message out.
#include <sstream>
#include <thread>

#include "server/transport.hpp"
#include "server/utf8.hpp"
#include "test_support.hpp"

using ca::Json;
using namespace ca::server;

namespace {

std::vector<std::string> read_all(const std::string& input, std::size_t limit, int* oversize = nullptr) {
  std::istringstream in(input);
  StreamSource source(in);
  LineReader reader(source, limit);
  std::vector<std::string> lines;
  for (;;) {
    auto event = reader.next();
    if (std::holds_alternative<EndOfInput>(event)) return lines;
    if (auto* line = std::get_if<Line>(&event)) {
      lines.push_back(line->text);
    } else if (oversize != nullptr) {
      ++*oversize;
    }
  }
}

// An endless line of 'x': counts how many bytes were pulled from it.
class EndlessLine final : public ByteSource {
 public:
  std::size_t read(char* buffer, std::size_t capacity) override {
    std::fill(buffer, buffer + capacity, 'x');
    delivered += capacity;
    return capacity;
  }
  std::size_t delivered = 0;
};

}  // namespace

TEST_CASE("lines are split on \\n, a trailing \\r is stripped and blank lines are skipped", "[transport]") {
  CHECK(read_all("a\nb\r\n\n  \r\nc", 100) == std::vector<std::string>{"a", "b", "c"});
  CHECK(read_all("x\r", 100) == std::vector<std::string>{"x"});
  CHECK(read_all("", 100).empty());
}

TEST_CASE("a line over the limit is reported once, skipped, and the next line is read", "[transport]") {
  int oversize = 0;
  const std::string big(5000, 'x');
  CHECK(read_all("first\n" + big + "\nlast\n", 1024, &oversize) == std::vector<std::string>{"first", "last"});
  CHECK(oversize == 1);
}

TEST_CASE("a line of exactly the limit is accepted, one byte more is not", "[transport]") {
  int oversize = 0;
  CHECK(read_all(std::string(8, 'a') + "\r\n" + std::string(9, 'b') + "\n", 8, &oversize) ==
        std::vector<std::string>{std::string(8, 'a')});
  CHECK(oversize == 1);
}

TEST_CASE("an oversize line is reported before it ends, without buffering it whole", "[transport]") {
  EndlessLine source;
  LineReader reader(source, 1024);
  CHECK(std::holds_alternative<OversizeLine>(reader.next()));
  CHECK(source.delivered <= 1024 + 64 * 1024);  // the limit plus one read chunk
}

TEST_CASE("sanitize_utf8 keeps valid text and replaces each bad byte with U+FFFD", "[transport][utf8]") {
  const std::string valid = "plain \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80";
  CHECK(sanitize_utf8(valid) == valid);
  CHECK(sanitize_utf8("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
  CHECK(sanitize_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");          // overlong
  CHECK(sanitize_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  CHECK(sanitize_utf8("\xE2\x82") == "\xEF\xBF\xBD\xEF\xBF\xBD");          // truncated
  CHECK(sanitize_utf8("\xF4\x90\x80\x80").find("\xF4") == std::string::npos);  // above U+10FFFF
}

TEST_CASE("LineWriter writes one compact line per message, even with newlines and bad UTF-8 inside",
          "[transport]") {
  std::ostringstream out;
  LineWriter writer(out);
  writer.send(Json{{"text", "a\nb"}, {"bad", std::string("\xFF")}});
  CHECK(out.str() == "{\"text\":\"a\\nb\",\"bad\":\"\xEF\xBF\xBD\"}\n");
  CHECK_FALSE(writer.failed());
}

TEST_CASE("LineWriter never interleaves lines written from many threads", "[transport][concurrency]") {
  std::ostringstream out;
  LineWriter writer(out);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) writer.send(Json{{"thread", t}, {"i", i}, {"pad", std::string(300, 'p')}});
    });
  }
  for (auto& thread : threads) thread.join();
  std::istringstream lines(out.str());
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    CHECK(Json::parse(line).size() == 3);
    ++count;
  }
  CHECK(count == 800);
}

TEST_CASE("LineWriter reports a failed stream and drops later messages", "[transport]") {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  LineWriter writer(out);
  writer.send(Json::object());
  CHECK(writer.failed());
}
