// Process-level behaviour of the binary: exit codes, signals, stderr messages, and stdout staying protocol-only.
#include <catch2/catch.hpp>

#include <csignal>

#include "child_process.hpp"
#include "common/json_util.hpp"

using ca::Json;
using ca::test::ChildProcess;
using ca::test::kRunLimit;

namespace {

const std::string kInitialize =
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
    R"("capabilities":{},"clientInfo":{"name":"t","version":"0"}}})"
    "\n";

}  // namespace

TEST_CASE("end of input right away exits 0 with nothing on stdout", "[process]") {
  ChildProcess server(CA_SERVER_BINARY, {});
  server.close_stdin();
  CHECK(server.wait(kRunLimit) == 0);
  CHECK(server.stdout_lines().empty());
}

TEST_CASE("SIGTERM, SIGINT and SIGHUP end a running server with exit code 0", "[process]") {
  const int signal = GENERATE(SIGTERM, SIGINT, SIGHUP);
  ChildProcess server(CA_SERVER_BINARY, {});
  server.write(kInitialize);
  const auto response = server.read_line(kRunLimit);
  REQUIRE(response);
  CHECK(Json::parse(*response)["result"]["protocolVersion"] == "2025-11-25");
  server.signal(signal);  // stdin stays open: the reader is blocked in read() when the signal arrives
  CHECK(server.wait(kRunLimit) == 0);
  CHECK_THAT(server.stderr_text(), Catch::Contains("received signal " + std::to_string(signal)));
}

TEST_CASE("a bad flag exits 2 with the reason on stderr and nothing on stdout", "[process]") {
  ChildProcess server(CA_SERVER_BINARY, {"--workers", "zero"});
  CHECK(server.wait(kRunLimit) == 2);
  CHECK(server.stdout_lines().empty());
  CHECK_THAT(server.stderr_text(), Catch::Contains("--workers"));
}

TEST_CASE("a plain-http base URL to a host that is not loopback exits 2 with the reason", "[process]") {
  ChildProcess server(CA_SERVER_BINARY, {}, {{"CREATORAUDIT_BASE_URL", "http://api.example.com/v2"}});
  CHECK(server.wait(kRunLimit) == 2);
  CHECK(server.stdout_lines().empty());
  CHECK_THAT(server.stderr_text(), Catch::Contains("bad configuration") && Catch::Contains("plain http://"));
}

TEST_CASE("a bad CREATORAUDIT_LOG_LEVEL exits 2", "[process]") {
  ChildProcess server(CA_SERVER_BINARY, {}, {{"CREATORAUDIT_LOG_LEVEL", "chatty"}});
  CHECK(server.wait(kRunLimit) == 2);
  CHECK_THAT(server.stderr_text(), Catch::Contains("invalid log level \"chatty\""));
}

TEST_CASE("--help and --version print to stderr only and exit 0", "[process]") {
  const std::string flag = GENERATE("--help", "--version");
  ChildProcess server(CA_SERVER_BINARY, {flag});
  CHECK(server.wait(kRunLimit) == 0);
  CHECK(server.stdout_lines().empty());
  CHECK_FALSE(server.stderr_text().empty());
}

TEST_CASE("without an API key the server starts, lists tools and warns on stderr", "[process]") {
  ChildProcess server(CA_SERVER_BINARY, {});
  server.write(kInitialize + R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})" + "\n");
  server.close_stdin();
  CHECK(server.wait(kRunLimit) == 0);
  const auto lines = server.stdout_lines();
  REQUIRE(lines.size() == 2);
  CHECK(Json::parse(lines[1])["result"]["tools"].size() >= 1);
  CHECK_THAT(server.stderr_text(), Catch::Contains("[warning]") && Catch::Contains("CREATORAUDIT_API_KEY"));
}

TEST_CASE("the log level from the environment silences info lines", "[process]") {
  ChildProcess server(CA_SERVER_BINARY, {}, {{"CREATORAUDIT_LOG_LEVEL", "error"}, {"CREATORAUDIT_API_KEY", "k"}});
  server.write(kInitialize);
  server.close_stdin();
  CHECK(server.wait(kRunLimit) == 0);
  CHECK(server.stderr_text().empty());
}

TEST_CASE("--sandbox says on stderr that the data is simulated", "[process]") {
  ChildProcess server(CA_SERVER_BINARY, {"--sandbox"});
  server.write(kInitialize);
  server.close_stdin();
  CHECK(server.wait(kRunLimit) == 0);
  CHECK_THAT(server.stderr_text(), Catch::Contains("SIMULATED"));
}
