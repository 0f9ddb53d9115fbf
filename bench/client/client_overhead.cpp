// The client's own cost per request beyond the loopback round trip: N GETs of /v2/whoami through Client::get
// against the same N through a bare keep-alive httplib::Client, both on an in-process sandbox. Allocations are
// counted by a replaced global operator new, on the calling thread only (the sandbox's threads are not counted).
//
// Two pairs: a conditional GET answered 304 (headers only) and a full 200. The 200 pair is kept short because
// the sandbox's responses stall on Nagle + delayed ACK (about 40 ms each, see docs/client.md); the 304 pair has
// no body and shows the client's overhead without that noise.
//
//   ca_client_bench [304-requests-per-round=2000] [200-requests-per-round=100] [rounds=3]
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
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

// The fastest round: on a shared machine, the least disturbed estimate of the intrinsic cost.
double fastest(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

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
  httplib::Headers conditional = headers;
  conditional.emplace("If-None-Match", first->get_header_value("ETag"));

  auto bare_304 = [&] {
    auto r = bare.Get("/v2/whoami", conditional);
    if (!r || r->status != 304) std::abort();
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
    bare_304();
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
  modes.push_back({"bare httplib, If-None-Match (304)", requests, bare_304, {}, {}});
  modes.push_back({"Client::get, ETag cache (304)", requests, client_get(cached_client), {}, {}});
  modes.push_back({"bare httplib + Json::parse (200)", full_requests, bare_200_parsed, {}, {}});
  modes.push_back({"Client::get, cache off (200)", full_requests, client_get(plain_client), {}, {}});
  for (int round = 0; round < rounds; ++round) {
    for (auto& mode : modes) {
      mode.last = measure(mode.n, mode.run);
      mode.ns.push_back(mode.last.ns_per_request);
    }
  }
  std::printf("rounds: %d; allocations counted on the calling thread, last round\n", rounds);
  std::printf("%-36s %8s %10s %10s %14s %14s\n", "mode", "n/round", "us median", "us fastest", "allocs/request",
              "bytes/request");
  for (const auto& m : modes)
    std::printf("%-36s %8d %10.1f %10.1f %14.1f %14.0f\n", m.name, m.n, median(m.ns) / 1000.0,
                fastest(m.ns) / 1000.0, m.last.allocations_per_request, m.last.bytes_per_request);
  auto overhead = [&](const char* what, const Mode& client, const Mode& bare_mode) {
    std::printf("client overhead on a %s: %+.1f us/request (median), %+.1f us (fastest), %+.1f allocs/request\n",
                what, (median(client.ns) - median(bare_mode.ns)) / 1000.0,
                (fastest(client.ns) - fastest(bare_mode.ns)) / 1000.0,
                client.last.allocations_per_request - bare_mode.last.allocations_per_request);
  };
  overhead("304", modes[1], modes[0]);
  overhead("200", modes[3], modes[2]);
  return 0;
}
