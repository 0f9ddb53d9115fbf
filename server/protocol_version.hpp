#pragma once
// The MCP revisions this server speaks and what each one allows on the wire: the legacy (handshake) family,
// negotiated by initialize, and the modern (2026-07-28, stateless) revision, named by every request's _meta.
#include <string>
#include <vector>

namespace ca::server {

inline constexpr const char* kLatestProtocolVersion = "2025-11-25";  // the newest legacy revision
inline constexpr const char* kModernProtocolVersion = "2026-07-28";

// Newest first.
const std::vector<std::string>& supported_protocol_versions();  // legacy, negotiated by initialize
const std::vector<std::string>& supported_modern_versions();    // named in _meta; server/discover lists them

// The client's version when supported, else the latest (the spec: answer with a version you support, not an error).
std::string negotiate_protocol_version(const std::string& requested);

// Versions are ISO dates, so string comparison orders them.
inline bool at_least(const std::string& version, const char* since) { return version >= since; }

inline bool is_modern(const std::string& v) { return at_least(v, kModernProtocolVersion); }
inline bool allows_batches(const std::string& v) { return v == "2025-03-26"; }
inline bool has_annotations(const std::string& v) { return at_least(v, "2025-03-26"); }
inline bool has_progress_message(const std::string& v) { return at_least(v, "2025-03-26"); }
inline bool has_structured_output(const std::string& v) { return at_least(v, "2025-06-18"); }  // + titles

}  // namespace ca::server
