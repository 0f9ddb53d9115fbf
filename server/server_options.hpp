#pragma once
// The server's own settings (the client's are in client/config.hpp). Each has a flag and an environment variable;
// a flag wins over the environment. docs/protocol.md lists them with their defaults.
#include <cstddef>
#include <string>

namespace CLI {
class App;
}

namespace ca::server {

struct ServerOptions {
  std::size_t workers = 4;                        // --workers            CREATORAUDIT_WORKERS
  std::size_t queue_limit = 16;                   // --queue-limit        CREATORAUDIT_QUEUE_LIMIT
  long long call_timeout_ms = 180'000;            // --call-timeout-ms    CREATORAUDIT_CALL_TIMEOUT_MS
  std::size_t max_line_bytes = 4u << 20;          // --max-line-bytes     CREATORAUDIT_MAX_LINE_BYTES
  std::size_t max_result_bytes = 64u << 10;       // --max-result-bytes   CREATORAUDIT_MAX_RESULT_BYTES
  long long shutdown_grace_ms = 2'000;            // --shutdown-grace-ms  CREATORAUDIT_SHUTDOWN_GRACE_MS
  std::string log_level = "info";                 // --log-level          CREATORAUDIT_LOG_LEVEL
  std::string log_file;                           // --log-file           CREATORAUDIT_LOG_FILE
  bool sandbox = false;                           // --sandbox            CREATORAUDIT_SANDBOX
};

void add_server_flags(CLI::App& app, ServerOptions& options);

}  // namespace ca::server
