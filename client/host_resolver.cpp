#include "client/host_resolver.hpp"

#include <arpa/inet.h>
#include <netdb.h>

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include "client/socket_wait.hpp"

namespace ca::api {
namespace {

std::atomic<int> g_pending_lookups{0};

// Shared by the waiting caller and the lookup thread; whichever lets go last frees it.
struct Lookup {
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  int status = 0;
  addrinfo* result = nullptr;
  ~Lookup() {
    if (result) freeaddrinfo(result);
  }
};

ApiError resolve_error(ErrorKind kind, std::string detail) {
  ApiError e;
  e.kind = kind;
  e.detail = std::move(detail);
  return e;
}

std::optional<SocketAddress> numeric_address(const std::string& host, int port) {
  SocketAddress out;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out.storage);
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<std::uint16_t>(port));
    out.length = sizeof(sockaddr_in);
    return out;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&out.storage);
  if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<std::uint16_t>(port));
    out.length = sizeof(sockaddr_in6);
    return out;
  }
  return std::nullopt;
}

}  // namespace

std::string format_address(const SocketAddress& address) {
  char text[INET6_ADDRSTRLEN] = "";
  const void* raw = address.family() == AF_INET6
                        ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in6*>(&address.storage)->sin6_addr)
                        : static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(&address.storage)->sin_addr);
  if (!inet_ntop(address.family(), raw, text, sizeof text)) return "?";
  return text;
}

Result<std::vector<SocketAddress>> resolve_host(const std::string& host, int port, SteadyTime until,
                                                const CancellationToken& cancel) {
  if (auto address = numeric_address(host, port)) return std::vector<SocketAddress>{*address};
  if (g_pending_lookups.load() >= kMaxPendingLookups)
    return resolve_error(ErrorKind::ConnectionFailed, "too many DNS lookups still pending; the resolver does not answer");

  auto lookup = std::make_shared<Lookup>();
  ++g_pending_lookups;
  try {
    std::thread([lookup, host, service = std::to_string(port)] {
      addrinfo hints{};
      hints.ai_family = AF_UNSPEC;
      hints.ai_socktype = SOCK_STREAM;
      hints.ai_flags = AI_ADDRCONFIG;
      addrinfo* result = nullptr;
      const int status = getaddrinfo(host.c_str(), service.c_str(), &hints, &result);
      {
        std::lock_guard lock(lookup->mutex);
        lookup->status = status;
        lookup->result = result;
        lookup->done = true;
      }
      lookup->done_cv.notify_all();
      --g_pending_lookups;
    }).detach();
  } catch (const std::system_error&) {
    --g_pending_lookups;
    return resolve_error(ErrorKind::ConnectionFailed, "cannot start a DNS lookup thread");
  }

  std::unique_lock lock(lookup->mutex);
  while (!lookup->done) {
    if (cancel.cancelled()) return resolve_error(ErrorKind::Cancelled, "cancelled while resolving " + host);
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) return resolve_error(ErrorKind::Timeout, "resolving " + host + " timed out");
    lookup->done_cv.wait_for(lock, std::min<std::chrono::nanoseconds>(until - now, kCancelCheckSlice));
  }
  if (lookup->status != 0 || !lookup->result)
    return resolve_error(ErrorKind::ConnectionFailed,
                         "cannot resolve " + host + ": " + gai_strerror(lookup->status ? lookup->status : EAI_NONAME));
  std::vector<SocketAddress> addresses;
  for (const addrinfo* ai = lookup->result; ai; ai = ai->ai_next) {
    if (ai->ai_addrlen > sizeof(sockaddr_storage)) continue;
    SocketAddress address;
    std::memcpy(&address.storage, ai->ai_addr, ai->ai_addrlen);
    address.length = ai->ai_addrlen;
    addresses.push_back(address);
  }
  if (addresses.empty()) return resolve_error(ErrorKind::ConnectionFailed, "cannot resolve " + host + ": no address");
  return addresses;
}

}  // namespace ca::api
