// Every transcript in tests/transcripts/ against the real binary, and every example session in examples/ for the
// invariants that hold whatever the data: each stdout line is JSON, each request gets exactly one response.
#include <catch2/catch.hpp>

#include <fstream>

#include "child_process.hpp"
#include "transcript.hpp"

using ca::Json;
using namespace ca::test;

namespace {

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += "  " + line + "\n";
  return out;
}

}  // namespace

TEST_CASE("transcripts: stdout matches the expected lines", "[transcripts]") {
  const auto transcripts = load_transcripts(CA_TRANSCRIPT_DIR);
  REQUIRE(transcripts.size() >= 4);
  for (const auto& t : transcripts) {
    DYNAMIC_SECTION(t.name) {
      ChildProcess server(CA_SERVER_BINARY, t.args);
      server.write(t.input);
      server.close_stdin();
      const int code = server.wait(kRunLimit);
      INFO("stderr:\n" << server.stderr_text());
      CHECK(code == 0);
      const auto problems = compare_lines(t.expected, server.stdout_lines());
      INFO("problems:\n" << joined(problems));
      CHECK(problems.empty());
    }
  }
}

TEST_CASE("the matcher honours <any>, <contains:...> and exact members", "[transcripts]") {
  CHECK(json_matches(Json::parse(R"({"a":"<any>","b":"<contains:ell>"})"), Json::parse(R"({"a":[1],"b":"hello"})")));
  CHECK_FALSE(json_matches(Json::parse(R"({"a":1})"), Json::parse(R"({"a":1,"b":2})")));
  CHECK_FALSE(json_matches(Json::parse(R"({"b":"<contains:x>"})"), Json::parse(R"({"b":"hello"})")));
  CHECK(compare_lines({R"({"id":2})", R"({"id":1})"}, {R"({"id":1})", R"({"id":2})"}).empty());
  CHECK(compare_lines({R"({"id":1})"}, {R"({"id":1})", "not json"}).size() == 2);
}

TEST_CASE("example sessions: every line is JSON and every request is answered once", "[transcripts][examples]") {
  for (const char* example : {"handshake.jsonl", "protocol-errors.jsonl"}) {
    DYNAMIC_SECTION(example) {
      std::ifstream in(std::string(CA_EXAMPLES_DIR) + "/" + example);
      REQUIRE(in);
      std::string input, line;
      std::map<std::string, int> request_ids;
      while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        input += line + "\n";
        const Json message = Json::parse(line, nullptr, false);
        if (message.is_object() && message.contains("id") && message.contains("method")) {
          request_ids[ca::dump_compact(message["id"])] = 0;
        }
      }
      ChildProcess server(CA_SERVER_BINARY, {});
      server.write(input);
      server.close_stdin();
      CHECK(server.wait(kRunLimit) == 0);
      for (const auto& out : server.stdout_lines()) {
        const Json message = Json::parse(out, nullptr, false);
        REQUIRE_FALSE(message.is_discarded());
        if (message.contains("id") && request_ids.count(ca::dump_compact(message["id"])) != 0) {
          ++request_ids[ca::dump_compact(message["id"])];
        }
      }
      for (const auto& [id, count] : request_ids) {
        INFO("request id " << id);
        CHECK(count == 1);
      }
    }
  }
}
