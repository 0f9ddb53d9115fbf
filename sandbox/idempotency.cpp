#include "sandbox/idempotency.hpp"

#include <nlohmann/json.hpp>

#include "sandbox/determinism.hpp"

namespace ca::sandbox {

std::string IdempotencyStore::fingerprint(const std::string& method, const std::string& path,
                                          const std::string& raw_body) {
  // Unordered json sorts keys on dump, so {"a":1,"b":2} and {"b":2,"a":1} are the same request.
  const auto parsed = nlohmann::json::parse(raw_body, nullptr, false);
  const std::string canonical = parsed.is_discarded() ? raw_body : parsed.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return method + " " + path + " " + hex64(hash64(canonical));
}

std::pair<IdempotencyStore::Lookup, std::optional<Reply>> IdempotencyStore::find(const std::string& scope,
                                                                                 const std::string& fingerprint,
                                                                                 WallTime now) {
  std::erase_if(entries_, [&](const auto& kv) { return now - kv.second.at >= kIdempotencyWindow; });
  const auto it = entries_.find(scope);
  if (it == entries_.end()) return {Lookup::Fresh, std::nullopt};
  if (it->second.fingerprint != fingerprint) return {Lookup::Conflict, std::nullopt};
  return {Lookup::Replay, it->second.reply};
}

void IdempotencyStore::remember(const std::string& scope, const std::string& fingerprint, const Reply& reply,
                                WallTime now) {
  entries_[scope] = {fingerprint, reply, now};
}

}  // namespace ca::sandbox
