#include "sandbox/fault_flags.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "sandbox/faults.hpp"

namespace ca::sandbox {
namespace {

std::vector<std::string> split_list(const std::string& list) {
  std::vector<std::string> items;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');) items.push_back(item);
  return items;
}

std::vector<int> parse_statuses(const std::string& list) {
  std::vector<int> statuses;
  for (const auto& item : split_list(list)) {
    std::size_t used = 0;
    const int status = std::stoi(item, &used);  // throws std::invalid_argument / std::out_of_range
    if (used != item.size() || status < 0 || status > 599) throw std::invalid_argument("bad status: " + item);
    statuses.push_back(status);
  }
  return statuses;
}

std::optional<std::uint64_t> parse_seed(const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  try {
    return std::stoull(text);
  } catch (const std::out_of_range&) {
    return std::nullopt;
  }
}

std::vector<MixFault> parse_mix(const std::string& list) {
  std::vector<MixFault> kinds;
  for (const auto& item : split_list(list)) {
    const auto kind = parse_mix_fault(item);
    if (!kind) throw std::invalid_argument("unknown fault kind: " + item);
    kinds.push_back(*kind);
  }
  if (kinds.empty()) throw std::invalid_argument("no fault kinds");
  return kinds;
}

template <class Parse>
CLI::Validator one_of(Parse parse, const std::string& names) {
  return CLI::Validator([parse, names](std::string& v) { return parse(v) ? std::string() : "must be one of: " + names; },
                        "{" + names + "}", "");
}

template <class Parse>
std::string check_with(Parse parse, const std::string& value) {
  try {
    parse(value);
    return {};
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace

void add_fault_flags(CLI::App& app, FaultFlags& f, const std::string& prefix) {
  const auto add = [&](const std::string& name, auto& target, const std::string& help) {
    std::string env = "CREATORAUDIT_SANDBOX_" + name;
    for (auto& c : env) c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return app.add_option("--" + prefix + name, target, help)->envname(env);
  };
  add("retry-after", f.retry_after, "Retry-After on 429/503: seconds, http-date or absent")
      ->check(CLI::IsMember({"seconds", "http-date", "absent"}))
      ->capture_default_str();
  add("script-statuses", f.script, "Statuses served in turn, e.g. 503,503,200 (0 or 200 = normal)")
      ->check(CLI::Validator([](std::string& v) { return check_with(parse_statuses, v); }, "LIST", ""));
  add("fail-probability", f.fail_probability, "Probability of a 503 per request")->check(CLI::Range(0.0, 1.0));
  add("latency-ms", f.latency_ms, "Added latency per authenticated request")->check(CLI::Range(0, 3'600'000));
  add("drop-before-response", f.drop_before, "Drop the next N connections without acting or answering")
      ->check(CLI::NonNegativeNumber);
  add("drop-after-commit", f.drop_after, "Act on the next N requests, then drop without answering")
      ->check(CLI::NonNegativeNumber);
  add("corrupt-body", f.corrupt, "Corrupt 2xx bodies: truncated, invalid-json or oversized")
      ->check(one_of(parse_body_fault, body_fault_names()));
  add("corrupt-count", f.corrupt_count, "How many bodies --corrupt-body corrupts")->capture_default_str();
  add("garbage-body", f.garbage, "Garble 2xx bodies into this kind (any = a seeded pick per body)")
      ->check(one_of(parse_garbage_body, garbage_body_names()));
  add("garbage-count", f.garbage_count, "How many 2xx bodies --garbage-body garbles")->capture_default_str();
  add("garbage-probability", f.garbage_probability, "Probability that a 2xx body is garbled (as --garbage-body)")
      ->check(CLI::Range(0.0, 1.0));
  add("trickle", f.trickle, "Trickle the next N responses")->check(CLI::NonNegativeNumber);
  add("trickle-probability", f.trickle_probability, "Probability that a response is trickled")
      ->check(CLI::Range(0.0, 1.0));
  add("trickle-part", f.trickle_part, "What trickles: headers, body or all")
      ->check(one_of(parse_trickle_part, trickle_part_names()))
      ->capture_default_str();
  add("trickle-bytes", f.trickle_bytes, "Bytes per write of a trickle")->check(CLI::Range(1, 65536))->capture_default_str();
  add("trickle-pause-ms", f.trickle_pause_ms, "Pause between the writes of a trickle")
      ->check(CLI::Range(0, 600'000))
      ->capture_default_str();
  add("trickle-max-ms", f.trickle_max_ms, "Pausing stops after this long; the rest goes out at once")
      ->check(CLI::Range(0, 3'600'000))
      ->capture_default_str();
  add("fault-rate", f.fault_rate, "Probability that a request gets one fault from --fault-kinds")
      ->check(CLI::Range(0.0, 1.0));
  add("fault-kinds", f.fault_kinds, "Faults the mix picks from, comma-separated")
      ->check(CLI::Validator([](std::string& v) { return check_with(parse_mix, v); }, "LIST", ""))
      ->capture_default_str();
  add("fault-latency-ms", f.fault_latency_ms, "Delay a mix latency fault adds")
      ->check(CLI::Range(0, 3'600'000))
      ->capture_default_str();
  add("fault-seed", f.fault_seed, "Seed of every probability switch (default: --seed)")
      ->check(CLI::Validator([](std::string& v) { return parse_seed(v) ? "" : "must be an integer from 0 to 2^64-1"; },
                             "N", ""));
  add("fault-path", f.fault_path, "Narrow the counted faults and the mix to paths with this prefix");
}

void apply_fault_flags(Sandbox& s, const FaultFlags& f) {
  if (!f.fault_seed.empty()) {
    const auto seed = parse_seed(f.fault_seed);
    if (!seed) throw std::invalid_argument("bad fault seed: " + f.fault_seed);
    s.set_fault_seed(*seed);
  }
  s.set_retry_after_mode(f.retry_after == "http-date" ? RetryAfterMode::HttpDate
                         : f.retry_after == "absent"  ? RetryAfterMode::Absent
                                                      : RetryAfterMode::Seconds);
  if (!f.script.empty()) s.script_statuses(parse_statuses(f.script), f.fault_path);
  s.set_failure_probability(f.fail_probability);
  s.set_latency(ca::Millis(f.latency_ms));
  if (f.drop_before > 0) s.drop_connections(DropMode::BeforeResponse, f.drop_before, f.fault_path);
  if (f.drop_after > 0) s.drop_connections(DropMode::AfterCommit, f.drop_after, f.fault_path);
  const auto known = [](const auto& parsed, const std::string& name) {
    if (!parsed) throw std::invalid_argument("unknown fault name: " + name);
    return *parsed;
  };
  if (!f.corrupt.empty()) s.corrupt_bodies(known(parse_body_fault(f.corrupt), f.corrupt), f.corrupt_count, f.fault_path);
  const GarbageBody garbage = f.garbage.empty() ? GarbageBody::Any : known(parse_garbage_body(f.garbage), f.garbage);
  if (!f.garbage.empty()) s.garbage_bodies(garbage, f.garbage_count, f.fault_path);
  s.set_garbage_probability(f.garbage_probability, garbage);
  s.set_trickle_options({known(parse_trickle_part(f.trickle_part), f.trickle_part),
                         static_cast<std::size_t>(f.trickle_bytes), ca::Millis(f.trickle_pause_ms),
                         ca::Millis(f.trickle_max_ms)});
  if (f.trickle > 0) s.trickle_responses(f.trickle, f.fault_path);
  s.set_trickle_probability(f.trickle_probability);
  FaultMix mix;
  mix.rate = f.fault_rate;
  mix.kinds = parse_mix(f.fault_kinds);
  mix.latency = ca::Millis(f.fault_latency_ms);
  mix.path_prefix = f.fault_path;
  s.set_fault_mix(std::move(mix));
}

}  // namespace ca::sandbox
