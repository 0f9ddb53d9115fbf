#pragma once
// A transcript is three files in tests/transcripts/: NAME.in.jsonl (lines sent to the server verbatim, then
// stdin is closed), NAME.out.jsonl (the lines expected on stdout) and optionally NAME.args (extra flags, one per
// line). Lines starting with '#' are comments in all three.
//
// Expected lines are JSON, matched against the actual lines in any order (concurrent calls finish in any order;
// ids tell the responses apart), each actual line used once. Inside an expected value, the string "<any>"
// matches any value and "<contains:TEXT>" any string containing TEXT; everything else must be equal, with the
// same object members.
#include <string>
#include <vector>

#include "common/json_util.hpp"

namespace ca::test {

struct Transcript {
  std::string name;
  std::string input;                   // bytes to send, '\n'-terminated lines
  std::vector<std::string> expected;   // expected stdout lines
  std::vector<std::string> args;
};

std::vector<Transcript> load_transcripts(const std::string& directory);

bool json_matches(const Json& expected, const Json& actual);

// Problems found comparing `actual` stdout lines with `expected` ones; empty when they match.
std::vector<std::string> compare_lines(const std::vector<std::string>& expected,
                                       const std::vector<std::string>& actual);

}  // namespace ca::test
