#include "server/modern_envelope.hpp"

#include <algorithm>

#include "server/jsonrpc.hpp"
#include "server/protocol_version.hpp"

namespace ca::server {
namespace {

std::string field(const char* key) { return std::string("_meta[\"") + key + "\"]"; }

EnvelopeError invalid(std::string message) {
  return {rpc::kInvalidParams, "Invalid params: " + std::move(message) + " (protocol 2026-07-28 needs _meta with \"" +
                                   kProtocolVersionMeta + "\" and \"" + kClientCapabilitiesMeta +
                                   "\" on every request; send initialize for 2025-11-25 and earlier)",
          nullptr};
}

const Json* member(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

bool is_implementation(const Json& value) {
  if (!value.is_object()) return false;
  const Json* name = member(value, "name");
  const Json* version = member(value, "version");
  return name != nullptr && name->is_string() && version != nullptr && version->is_string();
}

}  // namespace

bool has_modern_claim(const Json& params) {
  const auto meta = params.find("_meta");
  return meta != params.end() && meta->is_object() && meta->contains(kProtocolVersionMeta);
}

std::variant<Envelope, EnvelopeError> read_envelope(const Json& params) {
  const auto meta_it = params.find("_meta");
  if (meta_it == params.end() || meta_it->is_null()) return invalid("_meta is missing");
  if (!meta_it->is_object()) return invalid("_meta must be an object");
  const Json& meta = *meta_it;
  Envelope envelope;

  const Json* version = member(meta, kProtocolVersionMeta);
  if (version == nullptr) return invalid(field(kProtocolVersionMeta) + " is missing");
  if (!version->is_string()) return invalid(field(kProtocolVersionMeta) + " must be a string");
  envelope.protocol_version = version->get<std::string>();

  const Json* capabilities = member(meta, kClientCapabilitiesMeta);
  if (capabilities == nullptr) return invalid(field(kClientCapabilitiesMeta) + " is missing");
  if (!capabilities->is_object()) return invalid(field(kClientCapabilitiesMeta) + " must be an object");
  envelope.client_capabilities = *capabilities;

  if (const Json* info = member(meta, kClientInfoMeta); info != nullptr && !is_implementation(*info)) {
    return invalid(field(kClientInfoMeta) + " must be an object with string \"name\" and \"version\"");
  }
  if (const Json* level = member(meta, kLogLevelMeta)) {
    envelope.log_level = level->is_string() ? parse_log_level(level->get<std::string>()) : std::nullopt;
    if (!envelope.log_level) {
      return invalid(field(kLogLevelMeta) +
                     " must be one of debug, info, notice, warning, error, critical, alert, emergency");
    }
  }

  const auto& supported = supported_modern_versions();
  if (std::find(supported.begin(), supported.end(), envelope.protocol_version) == supported.end()) {
    return EnvelopeError{kUnsupportedProtocolVersion,
                         "Unsupported protocol version: " + dump_compact(*version) + " (this connection serves " +
                             kModernProtocolVersion + "; for 2025-11-25 and earlier, start with initialize)",
                         {{"supported", supported}, {"requested", envelope.protocol_version}}};
  }
  return envelope;
}

Json missing_capabilities(const Json& required, const Json& declared) {
  Json missing = Json::object();
  if (!required.is_object()) return missing;
  for (const auto& [name, settings] : required.items()) {
    if (!declared.is_object() || !declared.contains(name) || !declared.at(name).is_object()) missing[name] = settings;
  }
  return missing;
}

Json with_cache_hints(Json result) {
  result["ttlMs"] = kStaticResultTtlMs;
  result["cacheScope"] = "public";
  return result;
}

Json complete_result(Json result, const Json& server_info) {
  result["resultType"] = "complete";
  if (!result.contains("_meta") || !result["_meta"].is_object()) result["_meta"] = Json::object();
  result["_meta"][kServerInfoMeta] = server_info;
  return result;
}

}  // namespace ca::server
