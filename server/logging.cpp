#include "server/logging.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace ca::server {

void install_stderr_logger() {
  auto logger = std::make_shared<spdlog::logger>("creatoraudit-mcp", std::make_shared<spdlog::sinks::stderr_sink_mt>());
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
  spdlog::default_logger()->sinks().push_back(std::move(sink));
}

}  // namespace ca::server
