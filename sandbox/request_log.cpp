#include "sandbox/request_log.hpp"

#include <stdexcept>

namespace ca::sandbox {

ca::Json RequestLogEntry::to_json() const {
  return {{"method", method},
          {"path", path},
          {"query", query},
          {"auth_present", auth_present},
          {"idempotency_key", idempotency_key},
          {"if_none_match", if_none_match},
          {"status", status},
          {"request_id", request_id},
          {"in_flight", in_flight},
          {"fault", fault}};
}

RequestLog::RequestLog(const std::string& path) {
  if (path.empty()) return;
  file_.open(path, std::ios::app);
  if (!file_) throw std::runtime_error("cannot open request log " + path);
}

void RequestLog::append(const RequestLogEntry& entry) {
  std::lock_guard lock(mutex_);
  entries_.push_back(entry);
  if (entries_.size() > kMaxLogEntries) entries_.pop_front();
  if (file_.is_open()) file_ << dump_compact(entry.to_json()) << '\n' << std::flush;
}

std::vector<RequestLogEntry> RequestLog::entries() const {
  std::lock_guard lock(mutex_);
  return {entries_.begin(), entries_.end()};
}

void RequestLog::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

}  // namespace ca::sandbox
