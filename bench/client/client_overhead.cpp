// The client's own cost per request beyond the loopback round trip: N GETs of /v2/whoami through Client::get
// against the same N through a floor that does nothing but the round trip (a blocking keep-alive socket that
// writes a fixed request and reads the head and a Content-Length body), and a bare keep-alive httplib::Client for
// the 200s, all on an in-process sandbox. Allocations are counted by a replaced global operator new, on the
// calling thread only (the sandbox's threads are not counted).
//
// Two groups: a conditional GET answered 304 (headers only) and a full 200. The sandbox answers a 304 the way
// real servers do, without Content-Length, which httplib's client reads "until close": httplib cannot be the 304
// baseline, hence the socket floor.
//
//   ca_client_bench [304-requests-per-round=2000] [200-requests-per-round=100] [rounds=3]
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "client/client.hpp"
#include "sandbox/sandbox.hpp"

namespace {

thread_local bool t_counting = false;
thread_local std::uint64_t t_allocations = 0;
thread_local std::uint64_t t_bytes = 0;

void* counted_alloc(std::size_t size) {
  if (t_counting) {
    ++t_allocations;
    t_bytes += size;
  }
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}

struct Sample {
  double ns_per_request = 0;
  double allocations_per_request = 0;
  double bytes_per_request = 0;
};

template <class Fn>
Sample measure(int requests, Fn&& one_request) {
  t_allocations = t_bytes = 0;
  t_counting = true;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < requests; ++i) one_request();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  t_counting = false;
  return {static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count()) / requests,
          static_cast<double>(t_allocations) / requests, static_cast<double>(t_bytes) / requests};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// The fastest round: on a shared machine, the least disturbed estimate of the intrinsic cost.
double fastest(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

// The least a keep-alive HTTP/1.1 GET can cost on loopback: one write, reads until the head and a Content-Length
// body are in, no header parsing beyond that. Reconnects when the server says Connection: close (httplib's server
// does every 5 requests).
class SocketFloor {
 public:
  SocketFloor(int port, std::string request) : port_(port), request_(std::move(request)) { buffer_.resize(1 << 16); }
  ~SocketFloor() { close_socket(); }

  // Returns the status code and leaves the body (if any) in body().
  int get() {
    if (fd_ < 0) connect_socket();
    if (::send(fd_, request_.data(), request_.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request_.size()))
      std::abort();
    std::size_t have = 0, head_end = std::string::npos;
    while (head_end == std::string::npos) {
      have += read_some(have);
      head_end = std::string_view(buffer_.data(), have).find("\r\n\r\n");
    }
    const std::string_view head(buffer_.data(), head_end);
    std::size_t length = 0;
    if (auto at = find_ci(head, "\r\ncontent-length:"); at != std::string::npos)
      length = std::strtoul(head.data() + at + 17, nullptr, 10);
    while (have < head_end + 4 + length) have += read_some(have);
    body_.assign(buffer_.data() + head_end + 4, length);
    const int status = std::atoi(buffer_.data() + 9);
    if (find_ci(head, "\r\nconnection: close") != std::string::npos) close_socket();
    return status;
  }
  const std::string& body() const { return body_; }

 private:
  static std::size_t find_ci(std::string_view text, std::string_view lower_needle) {
    auto it = std::search(text.begin(), text.end(), lower_needle.begin(), lower_needle.end(),
                          [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
    return it == text.end() ? std::string::npos : static_cast<std::size_t>(it - text.begin());
  }
  std::size_t read_some(std::size_t offset) {
    const ssize_t n = ::recv(fd_, buffer_.data() + offset, buffer_.size() - offset, 0);
    if (n <= 0) std::abort();
    return static_cast<std::size_t>(n);
  }
  void connect_socket() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port_));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) std::abort();
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  void close_socket() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  int port_;
  std::string request_;
  std::vector<char> buffer_;
  std::string body_;
  int fd_ = -1;
};

}  // namespace

void* operator new(std::size_t size) { return counted_alloc(size); }
void* operator new[](std::size_t size) { return counted_alloc(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

int main(int argc, char** argv) {
  const int requests = argc > 1 ? std::atoi(argv[1]) : 2000;       // per round, 304 modes
  const int full_requests = argc > 2 ? std::atoi(argv[2]) : 100;   // per round, 200 modes
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 3;

  ca::sandbox::Sandbox sandbox;
  sandbox.start(0);
  sandbox.set_rate_limit(1'000'000'000, 60);

  ca::api::ClientConfig config;
  config.base_url = sandbox.base_url();
  config.api_key = "sandbox-key";
  config.connection_pool_size = 1;
  ca::api::ClientConfig no_cache = config;
  no_cache.etag_cache_bytes = 0;
  ca::api::Client cached_client(config);
  ca::api::Client plain_client(no_cache);
  const ca::api::CallOptions options;

  httplib::Client bare("127.0.0.1", sandbox.port());
  bare.set_keep_alive(true);
  httplib::Headers headers{{"Authorization", "Bearer sandbox-key"}, {"Accept", "application/json"}};
  auto first = bare.Get("/v2/whoami", headers);
  if (!first || first->status != 200) return 1;

  const std::string request_head = "GET /v2/whoami HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(sandbox.port()) +
                                   "\r\nAuthorization: Bearer sandbox-key\r\nAccept: application/json\r\n";
  SocketFloor floor_304(sandbox.port(), request_head + "If-None-Match: " + first->get_header_value("ETag") + "\r\n\r\n");
  SocketFloor floor_200(sandbox.port(), request_head + "\r\n");
  auto floor_304_get = [&] {
    if (floor_304.get() != 304) std::abort();
  };
  auto floor_200_parsed = [&] {
    if (floor_200.get() != 200 || ca::Json::parse(floor_200.body()).is_discarded()) std::abort();
  };
  auto bare_200_parsed = [&] {
    auto r = bare.Get("/v2/whoami", headers);
    if (!r || r->status != 200 || ca::Json::parse(r->body).is_discarded()) std::abort();
  };
  auto client_get = [&](ca::api::Client& c) {
    return [&c, &options] {
      if (!c.get("/whoami", {}, options).ok()) std::abort();
    };
  };

  for (int i = 0; i < 20; ++i) {  // warm up connections, the cache, the sandbox
    floor_304_get();
    floor_200_parsed();
    client_get(cached_client)();
  }
  client_get(plain_client)();

  struct Mode {
    const char* name;
    int n;
    std::function<void()> run;
    std::vector<double> ns;
    Sample last;
  };
  std::vector<Mode> modes;
  modes.push_back({"socket floor, If-None-Match (304)", requests, floor_304_get, {}, {}});
  modes.push_back({"Client::get, ETag cache (304)", requests, client_get(cached_client), {}, {}});
  modes.push_back({"socket floor + Json::parse (200)", full_requests, floor_200_parsed, {}, {}});
  modes.push_back({"bare httplib + Json::parse (200)", full_requests, bare_200_parsed, {}, {}});
  modes.push_back({"Client::get, cache off (200)", full_requests, client_get(plain_client), {}, {}});
  for (int round = 0; round < rounds; ++round) {
    for (auto& mode : modes) {
      mode.last = measure(mode.n, mode.run);
      mode.ns.push_back(mode.last.ns_per_request);
    }
  }
  std::printf("rounds: %d; allocations counted on the calling thread, last round\n", rounds);
  std::printf("%-40s %8s %10s %10s %14s %14s\n", "mode", "n/round", "us median", "us fastest", "allocs/request",
              "bytes/request");
  for (const auto& m : modes)
    std::printf("%-40s %8d %10.1f %10.1f %14.1f %14.0f\n", m.name, m.n, median(m.ns) / 1000.0,
                fastest(m.ns) / 1000.0, m.last.allocations_per_request, m.last.bytes_per_request);
  auto overhead = [&](const char* what, const Mode& client, const Mode& bare_mode) {
    std::printf("client overhead on a %s: %+.1f us/request (median), %+.1f us (fastest), %+.1f allocs/request\n",
                what, (median(client.ns) - median(bare_mode.ns)) / 1000.0,
                (fastest(client.ns) - fastest(bare_mode.ns)) / 1000.0,
                client.last.allocations_per_request - bare_mode.last.allocations_per_request);
  };
  overhead("304 (vs the socket floor)", modes[1], modes[0]);
  overhead("200 (vs the socket floor)", modes[4], modes[2]);
  overhead("200 (vs bare httplib)", modes[4], modes[3]);
  return 0;
}
