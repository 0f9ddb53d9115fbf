#pragma once
// Host name to socket addresses without ever blocking past a deadline: IP literals are parsed on the spot, names
// are resolved by getaddrinfo on a helper thread that the caller stops waiting for at its deadline or on
// cancellation (getaddrinfo cannot be interrupted; the abandoned thread finishes on its own and frees its result).
#include <sys/socket.h>

#include <string>
#include <vector>

#include "client/error.hpp"
#include "common/cancellation.hpp"
#include "common/clock.hpp"

namespace ca::api {

struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family() const { return storage.ss_family; }
};

// The numeric form of an address, without port or brackets ("203.0.113.7", "2001:db8::1").
std::string format_address(const SocketAddress& address);

// Lookups still running (waited for or abandoned) at most; past it a new lookup fails at once rather than start
// yet another thread behind a resolver that does not answer.
inline constexpr int kMaxPendingLookups = 8;

// The addresses of `host` (no brackets around IPv6) in resolver order. Errors: ConnectionFailed (unknown name, too
// many lookups pending), Timeout (`until` passed), Cancelled.
Result<std::vector<SocketAddress>> resolve_host(const std::string& host, int port, SteadyTime until,
                                                const CancellationToken& cancel);

}  // namespace ca::api
