#pragma once
// The fault switches tests and flags turn on. Each switch may be narrowed to a path prefix; counted switches are
// consumed one per matching request. Every probability switch (503s, garbage, trickle, the random mix) draws from
// one seeded stream, so a serial client meets the same faults in every run. Thread-safe: handlers consult it
// concurrently.
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "sandbox/determinism.hpp"
#include "sandbox/sandbox.hpp"

namespace ca::sandbox {

class FaultPlan {
 public:
  explicit FaultPlan(std::uint64_t seed) { reseed(seed); }

  void reseed(std::uint64_t seed);
  void set_retry_after_mode(RetryAfterMode mode);
  RetryAfterMode retry_after_mode() const;
  void script_statuses(std::vector<int> statuses, std::string prefix);
  void set_failure_probability(double p);
  void set_latency(Millis latency);
  void drop_connections(DropMode mode, int count, std::string prefix);
  void corrupt_bodies(BodyFault fault, int count, std::string prefix);
  void garbage_bodies(GarbageBody kind, int count, std::string prefix);
  void set_garbage_probability(double p, GarbageBody kind);
  void trickle_responses(int count, std::string prefix);
  void set_trickle_probability(double p);
  void set_trickle_options(TrickleOptions options);
  TrickleOptions trickle_options() const;
  void set_fault_mix(FaultMix mix);
  FaultMix fault_mix() const;
  void reset();

  Millis latency() const;
  int next_scripted_status(const std::string& path);  // 0 = serve normally
  bool roll_failure();
  std::optional<MixFault> roll_mix(const std::string& path);  // at most one per request
  bool take_drop(DropMode mode, const std::string& path);
  std::optional<BodyFault> take_corruption(const std::string& path);
  // For a 2xx body: the counted switch first, then the probability. `forced` (the mix drew a garbage body)
  // skips both. GarbageBody::Any is resolved here, from the seeded stream.
  std::optional<GarbageBody> take_garbage(const std::string& path, bool forced);
  bool take_trickle(const std::string& path);

 private:
  struct Counted {
    int count = 0;
    std::string prefix;
  };
  static bool matches(const std::string& prefix, const std::string& path) { return path.rfind(prefix, 0) == 0; }
  static bool take(Counted& c, const std::string& path);
  bool roll(double p);  // caller holds mutex_; draws nothing when p <= 0
  GarbageBody resolve(GarbageBody kind);  // caller holds mutex_

  mutable std::mutex mutex_;
  Rng rng_{0};
  RetryAfterMode retry_after_ = RetryAfterMode::Seconds;
  std::deque<int> scripted_;
  std::string scripted_prefix_;
  double failure_probability_ = 0;
  Millis latency_{0};
  Counted drop_before_, drop_after_, corrupt_, garbage_, trickle_;
  BodyFault corruption_ = BodyFault::Truncated;
  GarbageBody garbage_kind_ = GarbageBody::Any, garbage_probability_kind_ = GarbageBody::Any;
  double garbage_probability_ = 0, trickle_probability_ = 0;
  TrickleOptions trickle_options_;
  FaultMix mix_;
};

// Names used in flags, docs and the request log's `fault` field.
std::string fault_name(BodyFault fault);      // truncated, invalid-json, oversized
std::optional<BodyFault> parse_body_fault(const std::string& name);
std::string fault_name(GarbageBody kind);     // not-json, data-string, …, any
std::string fault_name(TricklePart part);     // headers, body, all
std::string fault_name(MixFault kind);        // 503, drop-before, drop-after, garbage, trickle, latency
std::optional<GarbageBody> parse_garbage_body(const std::string& name);
std::optional<TricklePart> parse_trickle_part(const std::string& name);
std::optional<MixFault> parse_mix_fault(const std::string& name);
// Every name of a kind, comma-separated in declaration order (for help texts and the mix's default).
std::string body_fault_names();
std::string garbage_body_names();
std::string trickle_part_names();
std::string mix_fault_names();

}  // namespace ca::sandbox
