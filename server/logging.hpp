#pragma once
// spdlog's default logger writes to stdout, which would corrupt the protocol. install_stderr_logger() replaces it
// before anything logs; configure_logging() then applies --log-level / --log-file.
//
// One record, one line: every sink formats the message through escape_log_text, so text that came from a client
// or an upstream (an API error body, say) can neither start a forged log line nor drive the terminal.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <spdlog/sinks/sink.h>

namespace ca::server {

void install_stderr_logger();

// Sets the level ("trace", "debug", "info", "warn", "error", "critical", "off") and, when `log_file` is not empty,
// adds a file sink. Returns an error message for a bad level or an unopenable file.
std::optional<std::string> configure_logging(const std::string& level, const std::string& log_file);

// Adds a sink (e.g. the client log mirror) to the default logger, with the escaping formatter.
void add_log_sink(std::shared_ptr<spdlog::sinks::sink> sink);

// The longest message one log record carries (about this many bytes; the rest is counted, not written): an
// upstream error body can be megabytes, and a record also goes to the MCP client as notifications/message.
inline constexpr std::size_t kMaxLogRecordBytes = 8192;

// `text` with CR, LF and tab written as \r \n \t, the other C0 controls and DEL as \xHH, the C1 controls (ESC's
// CSI among them) and the invisible formatting characters (bidi overrides, zero-width space, BOM: see
// ca::is_control_or_hidden) as \uHHHH, ill-formed UTF-8 replaced by U+FFFD, and cut after kMaxLogRecordBytes.
std::string escape_log_text(std::string_view text);

}  // namespace ca::server
