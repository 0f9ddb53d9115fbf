#pragma once
// The checks that make the HTTP transport safe to leave running (docs/protocol.md#http): DNS-rebinding protection
// (Origin and Host), the bearer token, and the decoding of 2026-07-28's mirrored header values.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ca::server {

// An Origin header is allowed when it is a loopback origin (http or https on localhost, 127.0.0.1 or [::1], any
// port) or one of `allowed` exactly. A browser page from anywhere else gets 403, whatever the bind address.
bool origin_allowed(std::string_view origin, const std::vector<std::string>& allowed);

// The Host header: bound to loopback, only loopback names (any port) or one of `allowed` (a DNS-rebinding page
// sends its own name); bound beyond loopback, anything unless `allowed` lists names.
bool host_allowed(std::string_view host, bool loopback_bind, const std::vector<std::string>& allowed);

// Whether `authorization` is "Bearer <token>", compared in time that depends only on the lengths.
bool bearer_matches(std::string_view authorization, std::string_view token);

// A 2026-07-28 header value that mirrors a body value: `=?base64?…?=` decoded, anything else as is. nullopt for
// a value with characters a header must not carry or an undecodable sentinel.
std::optional<std::string> decode_mirrored_header(std::string_view value);

}  // namespace ca::server
