#pragma once
// What the sandbox saw: one entry per request, kept in memory for tests and optionally appended to a JSON-lines
// file. Never holds the API key itself, only whether an Authorization header was present.
#include <deque>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "sandbox/sandbox.hpp"

namespace ca::sandbox {

// Bound on the in-memory log (the oldest entries go first); the file, when configured, keeps everything.
constexpr std::size_t kMaxLogEntries = 100'000;

class RequestLog {
 public:
  explicit RequestLog(const std::string& path);
  void append(const RequestLogEntry& entry);
  std::vector<RequestLogEntry> entries() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  std::deque<RequestLogEntry> entries_;
  std::ofstream file_;
};

}  // namespace ca::sandbox
