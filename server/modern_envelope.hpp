#pragma once
// The 2026-07-28 (stateless) revision on the wire: the `_meta` envelope every request carries instead of an
// initialize handshake, and what every result carries back.
#include <optional>
#include <string>
#include <variant>

#include "common/json_util.hpp"
#include "server/log_level.hpp"

namespace ca::server {

inline constexpr const char* kProtocolVersionMeta = "io.modelcontextprotocol/protocolVersion";
inline constexpr const char* kClientCapabilitiesMeta = "io.modelcontextprotocol/clientCapabilities";
inline constexpr const char* kClientInfoMeta = "io.modelcontextprotocol/clientInfo";
inline constexpr const char* kLogLevelMeta = "io.modelcontextprotocol/logLevel";
inline constexpr const char* kServerInfoMeta = "io.modelcontextprotocol/serverInfo";

// Error codes of the revision (the spec reserves -32020..-32099). -32020 (HeaderMismatch) is HTTP-only.
constexpr int kMissingRequiredClientCapability = -32021;
constexpr int kUnsupportedProtocolVersion = -32022;

struct Envelope {
  std::string protocol_version;
  Json client_capabilities;           // an object
  std::optional<LogLevel> log_level;  // absent: the request gets no notifications/message
};

struct EnvelopeError {
  int code;  // -32602, or -32022 for a version this server does not serve
  std::string message;
  Json data;  // -32022: {supported, requested}
};

// True when params._meta names a protocol version (whatever its value): the request claims the modern revision.
bool has_modern_claim(const Json& params);

// The envelope of params._meta, checked: -32602 naming the first missing or malformed field (protocolVersion and
// clientCapabilities are required; clientInfo and logLevel are checked when present), then -32022 when the version
// is not one this server serves.
std::variant<Envelope, EnvelopeError> read_envelope(const Json& params);

// The part of `required` (a ClientCapabilities object, e.g. {"sampling":{}}) that `declared` lacks: a
// ClientCapabilities object naming each missing capability; empty when nothing is missing.
Json missing_capabilities(const Json& required, const Json& declared);

// tools/list and server/discover never change while the process runs and hold nothing specific to a client, so
// clients and shared caches may keep them for an hour.
inline constexpr long long kStaticResultTtlMs = 3'600'000;

// Adds the caching hints (ttlMs, cacheScope "public") the revision requires on those results.
Json with_cache_hints(Json result);

// `result` as the revision wants every result: resultType "complete", and the server named in
// _meta["io.modelcontextprotocol/serverInfo"].
Json complete_result(Json result, const Json& server_info);

}  // namespace ca::server
