#include "sandbox/faults.hpp"

#include <array>
#include <utility>

namespace ca::sandbox {
namespace {

constexpr std::array<std::pair<BodyFault, const char*>, 3> kBodyFaultNames = {{
    {BodyFault::Truncated, "truncated"},
    {BodyFault::InvalidJson, "invalid-json"},
    {BodyFault::Oversized, "oversized"},
}};
constexpr std::array<std::pair<GarbageBody, const char*>, 8> kGarbageNames = {{
    {GarbageBody::NotJson, "not-json"},
    {GarbageBody::DataString, "data-string"},
    {GarbageBody::NumbersAsStrings, "numbers-as-strings"},
    {GarbageBody::Nulls, "nulls"},
    {GarbageBody::ExtremeNumbers, "extreme-numbers"},
    {GarbageBody::MissingFields, "missing-fields"},
    {GarbageBody::WrongContainers, "wrong-containers"},
    {GarbageBody::Any, "any"},
}};
constexpr std::array<std::pair<TricklePart, const char*>, 3> kTrickleNames = {{
    {TricklePart::Headers, "headers"},
    {TricklePart::Body, "body"},
    {TricklePart::All, "all"},
}};
constexpr std::array<std::pair<MixFault, const char*>, 6> kMixNames = {{
    {MixFault::ServiceUnavailable, "503"},
    {MixFault::DropBeforeResponse, "drop-before"},
    {MixFault::DropAfterCommit, "drop-after"},
    {MixFault::GarbageBody, "garbage"},
    {MixFault::Trickle, "trickle"},
    {MixFault::Latency, "latency"},
}};

template <class Table, class Enum>
std::string name_in(const Table& table, Enum value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return "?";
}

template <class Table>
auto parse_in(const Table& table, const std::string& name) -> std::optional<typename Table::value_type::first_type> {
  for (const auto& [v, n] : table)
    if (name == n) return v;
  return std::nullopt;
}

template <class Table>
std::string names_in(const Table& table) {
  std::string all;
  for (const auto& [v, name] : table) all.append(all.empty() ? "" : ",").append(name);
  return all;
}

}  // namespace

std::string body_fault_names() { return names_in(kBodyFaultNames); }
std::string garbage_body_names() { return names_in(kGarbageNames); }
std::string trickle_part_names() { return names_in(kTrickleNames); }
std::string mix_fault_names() { return names_in(kMixNames); }

std::string fault_name(BodyFault fault) { return name_in(kBodyFaultNames, fault); }
std::optional<BodyFault> parse_body_fault(const std::string& name) { return parse_in(kBodyFaultNames, name); }
std::string fault_name(GarbageBody kind) { return name_in(kGarbageNames, kind); }
std::string fault_name(TricklePart part) { return name_in(kTrickleNames, part); }
std::string fault_name(MixFault kind) { return name_in(kMixNames, kind); }
std::optional<GarbageBody> parse_garbage_body(const std::string& name) { return parse_in(kGarbageNames, name); }
std::optional<TricklePart> parse_trickle_part(const std::string& name) { return parse_in(kTrickleNames, name); }
std::optional<MixFault> parse_mix_fault(const std::string& name) { return parse_in(kMixNames, name); }

void FaultPlan::reseed(std::uint64_t seed) {
  std::lock_guard lock(mutex_);
  rng_ = Rng(mix64(seed ^ 0xfa017));
}

void FaultPlan::set_retry_after_mode(RetryAfterMode mode) {
  std::lock_guard lock(mutex_);
  retry_after_ = mode;
}

RetryAfterMode FaultPlan::retry_after_mode() const {
  std::lock_guard lock(mutex_);
  return retry_after_;
}

void FaultPlan::script_statuses(std::vector<int> statuses, std::string prefix) {
  std::lock_guard lock(mutex_);
  scripted_.assign(statuses.begin(), statuses.end());
  scripted_prefix_ = std::move(prefix);
}

void FaultPlan::set_failure_probability(double p) {
  std::lock_guard lock(mutex_);
  failure_probability_ = p;
}

void FaultPlan::set_latency(Millis latency) {
  std::lock_guard lock(mutex_);
  latency_ = latency;
}

void FaultPlan::drop_connections(DropMode mode, int count, std::string prefix) {
  std::lock_guard lock(mutex_);
  (mode == DropMode::BeforeResponse ? drop_before_ : drop_after_) = {count, std::move(prefix)};
}

void FaultPlan::corrupt_bodies(BodyFault fault, int count, std::string prefix) {
  std::lock_guard lock(mutex_);
  corruption_ = fault;
  corrupt_ = {count, std::move(prefix)};
}

void FaultPlan::garbage_bodies(GarbageBody kind, int count, std::string prefix) {
  std::lock_guard lock(mutex_);
  garbage_kind_ = kind;
  garbage_ = {count, std::move(prefix)};
}

void FaultPlan::set_garbage_probability(double p, GarbageBody kind) {
  std::lock_guard lock(mutex_);
  garbage_probability_ = p;
  garbage_probability_kind_ = kind;
}

void FaultPlan::trickle_responses(int count, std::string prefix) {
  std::lock_guard lock(mutex_);
  trickle_ = {count, std::move(prefix)};
}

void FaultPlan::set_trickle_probability(double p) {
  std::lock_guard lock(mutex_);
  trickle_probability_ = p;
}

void FaultPlan::set_trickle_options(TrickleOptions options) {
  std::lock_guard lock(mutex_);
  trickle_options_ = options;
}

TrickleOptions FaultPlan::trickle_options() const {
  std::lock_guard lock(mutex_);
  return trickle_options_;
}

void FaultPlan::set_fault_mix(FaultMix mix) {
  std::lock_guard lock(mutex_);
  mix_ = std::move(mix);
}

FaultMix FaultPlan::fault_mix() const {
  std::lock_guard lock(mutex_);
  return mix_;
}

void FaultPlan::reset() {
  std::lock_guard lock(mutex_);
  retry_after_ = RetryAfterMode::Seconds;
  scripted_.clear();
  scripted_prefix_.clear();
  failure_probability_ = garbage_probability_ = trickle_probability_ = 0;
  latency_ = Millis{0};
  drop_before_ = drop_after_ = corrupt_ = garbage_ = trickle_ = {};
  trickle_options_ = {};
  mix_ = {};
}

Millis FaultPlan::latency() const {
  std::lock_guard lock(mutex_);
  return latency_;
}

int FaultPlan::next_scripted_status(const std::string& path) {
  std::lock_guard lock(mutex_);
  if (scripted_.empty() || !matches(scripted_prefix_, path)) return 0;
  const int status = scripted_.front();
  scripted_.pop_front();
  return status;
}

bool FaultPlan::roll(double p) { return p > 0 && rng_.chance(p); }

bool FaultPlan::roll_failure() {
  std::lock_guard lock(mutex_);
  return roll(failure_probability_);
}

std::optional<MixFault> FaultPlan::roll_mix(const std::string& path) {
  std::lock_guard lock(mutex_);
  if (mix_.kinds.empty() || !matches(mix_.path_prefix, path) || !roll(mix_.rate)) return std::nullopt;
  return mix_.kinds[static_cast<std::size_t>(rng_.range(0, static_cast<std::int64_t>(mix_.kinds.size()) - 1))];
}

bool FaultPlan::take(Counted& c, const std::string& path) {
  if (c.count <= 0 || !matches(c.prefix, path)) return false;
  --c.count;
  return true;
}

bool FaultPlan::take_drop(DropMode mode, const std::string& path) {
  std::lock_guard lock(mutex_);
  return take(mode == DropMode::BeforeResponse ? drop_before_ : drop_after_, path);
}

std::optional<BodyFault> FaultPlan::take_corruption(const std::string& path) {
  std::lock_guard lock(mutex_);
  if (!take(corrupt_, path)) return std::nullopt;
  return corruption_;
}

GarbageBody FaultPlan::resolve(GarbageBody kind) {
  if (kind != GarbageBody::Any) return kind;
  return static_cast<GarbageBody>(rng_.range(0, static_cast<std::int64_t>(GarbageBody::Any) - 1));
}

std::optional<GarbageBody> FaultPlan::take_garbage(const std::string& path, bool forced) {
  std::lock_guard lock(mutex_);
  if (forced) return resolve(GarbageBody::Any);
  if (take(garbage_, path)) return resolve(garbage_kind_);
  if (roll(garbage_probability_)) return resolve(garbage_probability_kind_);
  return std::nullopt;
}

bool FaultPlan::take_trickle(const std::string& path) {
  std::lock_guard lock(mutex_);
  return take(trickle_, path) || roll(trickle_probability_);
}

}  // namespace ca::sandbox
