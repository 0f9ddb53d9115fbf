#pragma once
// The fault switches as command-line flags, each also readable from a CREATORAUDIT_SANDBOX_* variable (the flag's
// name in upper case, '-' as '_'). One definition serves the creatoraudit-sandbox binary and any other front end
// of an in-process sandbox: a prefix (e.g. "sandbox-") keeps the flag names apart from the host's own.
#include <cstdint>
#include <string>

#include "sandbox/faults.hpp"
#include "sandbox/sandbox.hpp"

namespace CLI {
class App;
}

namespace ca::sandbox {

struct FaultFlags {
  std::string retry_after = "seconds";
  std::string script;      // comma-separated statuses
  double fail_probability = 0;
  int latency_ms = 0;
  int drop_before = 0, drop_after = 0;
  std::string corrupt;     // truncated | invalid-json | oversized
  int corrupt_count = 1;
  std::string garbage;     // a GarbageBody name
  int garbage_count = 1;
  double garbage_probability = 0;
  int trickle = 0;
  double trickle_probability = 0;
  std::string trickle_part = "all";
  int trickle_bytes = static_cast<int>(TrickleOptions{}.bytes_per_write);
  int trickle_pause_ms = static_cast<int>(TrickleOptions{}.pause.count());
  int trickle_max_ms = static_cast<int>(TrickleOptions{}.max_duration.count());
  double fault_rate = 0;
  std::string fault_kinds = mix_fault_names();  // all of them
  int fault_latency_ms = static_cast<int>(FaultMix{}.latency.count());
  std::string fault_seed;  // empty = the data seed
  std::string fault_path;  // narrows the counted switches and the mix
};

void add_fault_flags(CLI::App& app, FaultFlags& flags, const std::string& prefix = "");
// Switches the faults on; a value add_fault_flags' checks would refuse throws std::invalid_argument.
void apply_fault_flags(Sandbox& sandbox, const FaultFlags& flags);

}  // namespace ca::sandbox
