#pragma once
// spdlog's default logger writes to stdout, which would corrupt the protocol. install_stderr_logger() replaces it
// before anything logs; configure_logging() then applies --log-level / --log-file.
//
// One record, one line: every sink formats the message through escape_log_text, so text that came from a client
// or an upstream (an API error body, say) can neither start a forged log line nor drive the terminal.
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

// `text` with CR, LF and tab written as \r \n \t, the other C0 controls, DEL and the C1 controls (ESC and CSI
// among them) as \xHH / \u00HH, and ill-formed UTF-8 replaced by U+FFFD. Everything else is kept as is.
std::string escape_log_text(std::string_view text);

}  // namespace ca::server
