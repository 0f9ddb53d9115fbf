#include "transcript.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ca::test {
namespace {

const std::string kInSuffix = ".in.jsonl";

std::vector<std::string> content_lines(const std::filesystem::path& path) {
  std::vector<std::string> lines;
  std::ifstream in(path, std::ios::binary);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  }
  return lines;
}

}  // namespace

std::vector<Transcript> load_transcripts(const std::string& directory) {
  std::vector<Transcript> transcripts;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    const std::string file = entry.path().filename().string();
    if (file.size() <= kInSuffix.size() || !file.ends_with(kInSuffix)) continue;
    Transcript t;
    t.name = file.substr(0, file.size() - kInSuffix.size());
    const auto base = entry.path().parent_path() / t.name;
    for (const auto& line : content_lines(entry.path())) t.input += line + "\n";
    t.expected = content_lines(base.string() + ".out.jsonl");
    t.args = content_lines(base.string() + ".args");
    transcripts.push_back(std::move(t));
  }
  std::sort(transcripts.begin(), transcripts.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return transcripts;
}

bool json_matches(const Json& expected, const Json& actual) {
  if (expected.is_string()) {
    const auto& e = expected.get_ref<const std::string&>();
    if (e == "<any>") return true;
    if (e.starts_with("<contains:") && e.ends_with(">")) {
      return actual.is_string() &&
             actual.get_ref<const std::string&>().find(e.substr(10, e.size() - 11)) != std::string::npos;
    }
  }
  if (expected.is_object()) {
    if (!actual.is_object() || actual.size() != expected.size()) return false;
    for (const auto& [key, value] : expected.items()) {
      if (!actual.contains(key) || !json_matches(value, actual[key])) return false;
    }
    return true;
  }
  if (expected.is_array()) {
    if (!actual.is_array() || actual.size() != expected.size()) return false;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      if (!json_matches(expected[i], actual[i])) return false;
    }
    return true;
  }
  return expected == actual;
}

std::vector<std::string> compare_lines(const std::vector<std::string>& expected,
                                       const std::vector<std::string>& actual) {
  std::vector<std::string> problems;
  std::vector<Json> parsed;
  for (const auto& line : actual) {
    Json value = Json::parse(line, nullptr, false);
    if (value.is_discarded()) problems.push_back("stdout line is not JSON: " + line);
    parsed.push_back(std::move(value));
  }
  std::vector<bool> used(parsed.size(), false);
  for (const auto& line : expected) {
    const Json want = Json::parse(line);
    bool found = false;
    for (std::size_t i = 0; i < parsed.size() && !found; ++i) {
      if (!used[i] && json_matches(want, parsed[i])) used[i] = found = true;
    }
    if (!found) problems.push_back("expected line not found: " + line);
  }
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    if (!used[i]) problems.push_back("unexpected stdout line: " + actual[i]);
  }
  return problems;
}

}  // namespace ca::test
