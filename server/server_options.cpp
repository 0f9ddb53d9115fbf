#include "server/server_options.hpp"

#include <CLI/CLI.hpp>

namespace ca::server {

void add_server_flags(CLI::App& app, ServerOptions& o) {
  app.add_option("--workers", o.workers, "Tool calls run at once")
      ->envname("CREATORAUDIT_WORKERS")->check(CLI::Range(1, 64))->capture_default_str();
  app.add_option("--queue-limit", o.queue_limit, "Tool calls waiting for a worker before new ones get 'busy'")
      ->envname("CREATORAUDIT_QUEUE_LIMIT")->check(CLI::Range(0, 1024))->capture_default_str();
  app.add_option("--call-timeout-ms", o.call_timeout_ms, "Deadline of each tool call, from its arrival")
      ->envname("CREATORAUDIT_CALL_TIMEOUT_MS")->check(CLI::Range(1LL, 3'600'000LL))->capture_default_str();
  app.add_option("--max-line-bytes", o.max_line_bytes, "Longest accepted input line (one JSON-RPC message)")
      ->envname("CREATORAUDIT_MAX_LINE_BYTES")->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 30))
      ->capture_default_str();
  app.add_option("--max-result-bytes", o.max_result_bytes, "Text budget of one tool result")
      ->envname("CREATORAUDIT_MAX_RESULT_BYTES")->check(CLI::Range(std::size_t{1024}, std::size_t{64} << 20))
      ->capture_default_str();
  app.add_option("--shutdown-grace-ms", o.shutdown_grace_ms,
                 "After a signal, or past the last deadline at end of input: wait this long for cancelled calls")
      ->envname("CREATORAUDIT_SHUTDOWN_GRACE_MS")->check(CLI::Range(0LL, 60'000LL))->capture_default_str();
  app.add_option("--log-level", o.log_level, "stderr log level: trace, debug, info, warn, error, critical, off")
      ->envname("CREATORAUDIT_LOG_LEVEL")->capture_default_str();
  app.add_option("--log-file", o.log_file, "Also write the log to this file")->envname("CREATORAUDIT_LOG_FILE");
  app.add_flag("--sandbox", o.sandbox, "Serve simulated data from an in-process CreatorAudit sandbox")
      ->envname("CREATORAUDIT_SANDBOX");
}

}  // namespace ca::server
