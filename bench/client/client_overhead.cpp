// The client's own cost per request beyond the loopback round trip: N GETs of /v2/whoami through Client::get
// against the same N through a bare keep-alive httplib::Client, both on an in-process sandbox. Allocations are
// counted by a replaced global operator new, on the calling thread only (the sandbox's threads are not counted).
//
//   ca_client_bench [requests-per-round=2000] [rounds=5]
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>
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

}  // namespace

void* operator new(std::size_t size) { return counted_alloc(size); }
void* operator new[](std::size_t size) { return counted_alloc(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

int main(int argc, char** argv) {
  const int requests = argc > 1 ? std::atoi(argv[1]) : 2000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;

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
  const httplib::Headers headers{{"Authorization", "Bearer sandbox-key"}, {"Accept", "application/json"}};

  auto bare_get = [&] {
    auto r = bare.Get("/v2/whoami", headers);
    if (!r || r->status != 200) std::abort();
  };
  auto client_get = [&](ca::api::Client& c) {
    return [&c, &options] {
      if (!c.get("/whoami", {}, options).ok()) std::abort();
    };
  };

  for (int i = 0; i < 200; ++i) {  // warm up connections, caches, the sandbox
    bare_get();
    client_get(plain_client)();
    client_get(cached_client)();
  }

  std::vector<double> bare_ns, plain_ns, cached_ns;
  Sample bare_s, plain_s, cached_s;
  for (int round = 0; round < rounds; ++round) {
    bare_s = measure(requests, bare_get);
    plain_s = measure(requests, client_get(plain_client));
    cached_s = measure(requests, client_get(cached_client));
    bare_ns.push_back(bare_s.ns_per_request);
    plain_ns.push_back(plain_s.ns_per_request);
    cached_ns.push_back(cached_s.ns_per_request);
  }
  sandbox.set_rate_limit(600, 60);
  std::printf("requests per round: %d, rounds: %d (median of rounds; allocations from the last round)\n", requests,
              rounds);
  std::printf("%-34s %12s %14s %14s\n", "mode", "us/request", "allocs/request", "bytes/request");
  auto row = [](const char* name, double ns, const Sample& s) {
    std::printf("%-34s %12.1f %14.1f %14.0f\n", name, ns / 1000.0, s.allocations_per_request, s.bytes_per_request);
  };
  row("bare httplib::Client (200)", median(bare_ns), bare_s);
  row("Client::get, ETag cache off (200)", median(plain_ns), plain_s);
  row("Client::get, ETag cache on (304)", median(cached_ns), cached_s);
  std::printf("client overhead, cache off: %+.1f us/request, %+.1f allocs/request\n",
              (median(plain_ns) - median(bare_ns)) / 1000.0, plain_s.allocations_per_request - bare_s.allocations_per_request);
  return 0;
}
