#pragma once
// spdlog's default logger writes to stdout, which would corrupt the protocol. install_stderr_logger() replaces it
// before anything logs; configure_logging() then applies --log-level / --log-file.
#include <memory>
#include <optional>
#include <string>

#include <spdlog/sinks/sink.h>

namespace ca::server {

void install_stderr_logger();

// Sets the level ("trace", "debug", "info", "warn", "error", "critical", "off") and, when `log_file` is not empty,
// adds a file sink. Returns an error message for a bad level or an unopenable file.
std::optional<std::string> configure_logging(const std::string& level, const std::string& log_file);

// Adds a sink (e.g. the client log mirror) to the default logger.
void add_log_sink(std::shared_ptr<spdlog::sinks::sink> sink);

}  // namespace ca::server
