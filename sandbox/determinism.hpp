#pragma once
// Seeded randomness and hashing: every generated value derives from (seed, what, index), so two sandboxes with
// the same seed serve byte-identical data and window sums are reproducible across runs.
#include <cstdint>
#include <string>
#include <string_view>

namespace ca::sandbox {

std::uint64_t mix64(std::uint64_t x);                          // splitmix64 finaliser
std::uint64_t hash64(std::string_view text, std::uint64_t salt = 0);  // FNV-style, 8 bytes a step, then mixed
std::string hex64(std::uint64_t value);                         // 16 lower-case hex digits

// A small deterministic generator (splitmix64 stream).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  std::int64_t range(std::int64_t lo, std::int64_t hi);  // inclusive
  double unit();                                          // [0, 1)
  bool chance(double p) { return unit() < p; }
  std::string uuid();                                     // RFC 4122 version-4 shaped

 private:
  std::uint64_t state_;
};

bool is_uuid(std::string_view text);  // canonical 8-4-4-4-12 hex, either case
std::string random_uuid();            // non-deterministic (request ids)

}  // namespace ca::sandbox
