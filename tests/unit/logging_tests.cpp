// One record, one line: every log record is escaped by the logging setup itself, so text from a client or an
// upstream can neither forge a log line nor drive the terminal (issue 8 item 6).
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "server/logging.hpp"
#include "test_support.hpp"

using ca::server::escape_log_text;

TEST_CASE("escape_log_text writes controls as escapes and keeps everything else", "[logging]") {
  CHECK(escape_log_text("a\r\nb\tc") == "a\\r\\nb\\tc");
  CHECK(escape_log_text(std::string("\x1b[31mred\x07\x7f", 10)) == "\\x1b[31mred\\x07\\x7f");
  CHECK(escape_log_text(std::string("nul\0x", 5)) == "nul\\x00x");
  CHECK(escape_log_text("csi \xc2\x9b" "2J, nel \xc2\x85") == "csi \\u009b2J, nel \\u0085");
  CHECK(escape_log_text("caf\xc3\xa9 \xc2\xa0 \xe2\x9c\x93 \"q\" \\") == "caf\xc3\xa9 \xc2\xa0 \xe2\x9c\x93 \"q\" \\");
  CHECK(escape_log_text("bad \xff byte") == "bad \xEF\xBF\xBD byte");
}

TEST_CASE("escape_log_text marks the characters that hide or reorder text, and bounds a record",
          "[logging]") {
  // U+202E (right-to-left override), U+200B (zero-width space), U+FEFF (BOM), U+2066 (isolate).
  CHECK(escape_log_text("a\u202Eb\u200Bc\uFEFFd\u2066e") == "a\\u202eb\\u200bc\\ufeffd\\u2066e");
  CHECK(escape_log_text("\u05D0\u200D") == "\u05D0\u200D");  // right-to-left letters and joiners stay
  const std::string huge(ca::server::kMaxLogRecordBytes * 3, 'x');
  const std::string logged = escape_log_text(huge);
  CHECK(logged.size() < ca::server::kMaxLogRecordBytes + 64);
  CHECK_THAT(logged, Catch::EndsWith("(" + std::to_string(huge.size() - ca::server::kMaxLogRecordBytes) +
                                     " more bytes not logged)"));
}

TEST_CASE("the logging setup writes a hostile message as one escaped line", "[logging]") {
  const auto path = std::filesystem::temp_directory_path() /
                    ("ca-logging-test-" + std::to_string(::getpid()) + ".log");
  std::filesystem::remove(path);
  ca::server::install_stderr_logger();
  REQUIRE_FALSE(ca::server::configure_logging("info", path.string()));
  spdlog::warn("CreatorAudit 500: {}",
               "detail\r\n[2026-01-01 00:00:00.000] [creatoraudit-mcp] [critical] forged\x1b[2J\x1b]0;title\x07");
  spdlog::default_logger()->flush();
  ca::server::install_stderr_logger();  // drops the file sink again

  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(path);
  REQUIRE(!text.empty());
  CHECK(text.find('\n') == text.size() - 1);  // exactly one line
  CHECK(text.find('\r') == std::string::npos);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK_THAT(text, Catch::Contains("[creatoraudit-mcp] [warning] CreatorAudit 500: detail\\r\\n[2026-01-01") &&
                       Catch::Contains("forged\\x1b[2J\\x1b]0;title\\x07"));
}
