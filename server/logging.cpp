#include "server/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "common/utf8.hpp"

namespace ca::server {
namespace {

// "[2026-11-29 09:33:57.706] [creatoraudit-mcp] [warning] text", with %* the escaped message.
constexpr const char* kLogPattern = "[%Y-%m-%d %H:%M:%S.%e] [%n] [%l] %*";

class EscapedMessage final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    const std::string escaped = escape_log_text(std::string_view(msg.payload.data(), msg.payload.size()));
    dest.append(escaped.data(), escaped.data() + escaped.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<EscapedMessage>(); }
};

std::unique_ptr<spdlog::formatter> make_formatter() {
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<EscapedMessage>('*').set_pattern(kLogPattern);
  return formatter;
}

void append_hex(std::string& out, const char* prefix, unsigned value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  out += prefix;
  out += kDigits[(value >> 4) & 0xF];
  out += kDigits[value & 0xF];
}

}  // namespace

std::string escape_log_text(std::string_view text) {
  std::string out;
  out.reserve(std::min(text.size(), kMaxLogRecordBytes));
  std::size_t i = 0;
  while (i < text.size() && out.size() < kMaxLogRecordBytes) {
    char32_t cp = 0;
    const std::size_t length = utf8_sequence_length(text, i, &cp);
    if (length == 0) {
      out += kUtf8Replacement;
      ++i;
      continue;
    }
    if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp < 0x80 && is_control_or_hidden(cp)) {
      append_hex(out, "\\x", static_cast<unsigned>(cp));
    } else if (is_control_or_hidden(cp)) {
      append_hex(out, "\\u", static_cast<unsigned>(cp >> 8));
      append_hex(out, "", static_cast<unsigned>(cp & 0xFF));
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  if (i < text.size()) out += " ... (" + std::to_string(text.size() - i) + " more bytes not logged)";
  return out;
}

void install_stderr_logger() {
  auto logger = std::make_shared<spdlog::logger>("creatoraudit-mcp", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->set_formatter(make_formatter());
  logger->set_level(spdlog::level::info);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(std::move(logger));
}

std::optional<std::string> configure_logging(const std::string& level, const std::string& log_file) {
  const auto parsed = spdlog::level::from_str(level);
  // from_str maps unknown names to "off"; only "off" itself may mean off.
  if (parsed == spdlog::level::off && level != "off") {
    return "invalid log level \"" + level + "\" (use trace, debug, info, warn, error, critical or off)";
  }
  spdlog::default_logger()->set_level(parsed);
  if (!log_file.empty()) {
    try {
      add_log_sink(std::make_shared<spdlog::sinks::basic_file_sink_mt>(log_file));
    } catch (const spdlog::spdlog_ex& e) {
      return "cannot open log file " + log_file + ": " + e.what();
    }
  }
  return std::nullopt;
}

void add_log_sink(std::shared_ptr<spdlog::sinks::sink> sink) {
  sink->set_formatter(make_formatter());
  spdlog::default_logger()->sinks().push_back(std::move(sink));
}

}  // namespace ca::server
