#pragma once
// `creatoraudit-mcp doctor` (or --check): checks a configuration end to end, as a real start would use it, and
// says per step what is wrong and how to fix it: configuration, key (its source, never the key), base URL, DNS,
// TCP, TLS, GET /whoami, the rate budget, clock skew against the API's Date header, and the tools enabled.
// Every network step is bounded by the client's connect / attempt timeouts. docs/client.md#doctor.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "client/config.hpp"
#include "common/clock.hpp"
#include "server/doctor_report.hpp"
#include "tools/tool_selection.hpp"

namespace ca::server {

// Beyond this difference between the local clock and the API's Date header, the clock check warns: the client
// compares X-RateLimit-Reset (epoch seconds) with the local clock, so a skewed clock paces too long or too little.
inline constexpr std::chrono::seconds kMaxClockSkew{60};

struct DoctorInput {
  // A configuration error found while reading flags and environment (the same parsing a start does); the checks
  // that need the configuration are then skipped.
  std::optional<std::string> config_problem;
  api::ClientConfig config;  // as a start would use it (after --sandbox rewrote it)
  tools::ToolSelection selection;
};

// Runs the checks in order, handing each line to `emit` as soon as it is known (a slow step shows where it is).
// Every line is redacted against the key before it is emitted. Returns every line.
std::vector<DoctorLine> run_doctor(const DoctorInput& input, const std::function<void(const DoctorLine&)>& emit);

}  // namespace ca::server
