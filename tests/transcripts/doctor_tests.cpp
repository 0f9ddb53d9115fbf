// `creatoraudit-mcp doctor` run as a user runs it (the real binary, its stdout and exit status) against the
// in-process sandbox, a separately started creatoraudit-sandbox with a refused key, a closed loopback port, a
// self-signed HTTPS upstream, and a sandbox whose clock is far from this machine's.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>

#include "../client/tls_test_server.hpp"
#include "child_process.hpp"
#include "common/clock.hpp"
#include "sandbox/sandbox.hpp"

using ca::test::ChildProcess;
using ca::test::kRunLimit;

namespace {

struct DoctorRun {
  int status = -1;
  std::vector<std::string> lines;  // stdout
  std::string stderr_text;

  // The line of `check` ("ok    dns: ..."), or "" when there is none.
  std::string line(const std::string& check) const {
    for (const auto& l : lines)
      if (l.size() > 6 && l.compare(6, check.size() + 1, check + ":") == 0) return l;
    return "";
  }
  // The "fix:" line that follows the line of `check`, or "".
  std::string fix(const std::string& check) const {
    for (std::size_t i = 0; i + 1 < lines.size(); ++i)
      if (lines[i] == line(check) && lines[i + 1].find("fix: ") != std::string::npos) return lines[i + 1];
    return "";
  }
  std::string all() const {
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    return text + stderr_text;
  }
};

DoctorRun run_doctor(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {}) {
  ChildProcess doctor(CA_SERVER_BINARY, args, env);
  doctor.close_stdin();
  DoctorRun run;
  run.status = doctor.wait(kRunLimit);
  run.lines = doctor.stdout_lines();
  run.stderr_text = doctor.stderr_text();
  return run;
}

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

const std::vector<std::string> kChecks = {"configuration", "key",         "base url", "dns",  "tcp",
                                          "tls",           "whoami",      "rate budget", "clock", "tools"};

// A loopback port that was bound and closed again: nothing listens there.
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  socklen_t length = sizeof address;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  ::close(fd);
  return ntohs(address.sin_port);
}

// creatoraudit-sandbox as its own process; it prints its base URL first.
struct SandboxProcess {
  ChildProcess process{CA_SANDBOX_BINARY, {"--port", "0"}};
  std::string base_url;
  SandboxProcess() {
    auto line = process.read_line(kRunLimit);
    if (!line) FAIL("creatoraudit-sandbox did not start: " << process.stderr_text());
    base_url = *line;
  }
};

}  // namespace

TEST_CASE("doctor --sandbox: every check is ok and the exit status is 0", "[doctor]") {
  const std::vector<std::string> args = GENERATE(std::vector<std::string>{"doctor", "--sandbox"},
                                                 std::vector<std::string>{"--sandbox", "--check"});
  const DoctorRun run = run_doctor(args);
  INFO(run.all());
  CHECK(run.status == 0);
  REQUIRE(run.lines.size() == kChecks.size());
  for (std::size_t i = 0; i < kChecks.size(); ++i) CHECK(starts_with(run.lines[i], "ok    " + kChecks[i] + ": "));
  CHECK_THAT(run.line("key"), Catch::Contains("the built-in sandbox key (--sandbox)"));
  CHECK_THAT(run.line("whoami"), Catch::Contains("organization ") && Catch::Contains("key name \"Sandbox key"));
  CHECK_THAT(run.line("rate budget"), Catch::Contains("requests left"));
  CHECK_THAT(run.line("tools"), Catch::Contains("whoami"));
  CHECK(run.all().find("sandbox-key") == std::string::npos);  // the key's value, as opposed to its source
}

TEST_CASE("doctor with a key the API refuses: whoami FAIL with the fix, exit 1, the key never shown", "[doctor]") {
  SandboxProcess sandbox;
  const std::string key = "refused-key-0123456789abcdef";
  const DoctorRun run = run_doctor({"doctor"}, {{"CREATORAUDIT_BASE_URL", sandbox.base_url}, {"CREATORAUDIT_API_KEY", key}});
  INFO(run.all());
  CHECK(run.status == 1);
  CHECK(starts_with(run.line("key"), "ok    key: present, from CREATORAUDIT_API_KEY"));
  CHECK(starts_with(run.line("tcp"), "ok"));
  CHECK(starts_with(run.line("whoami"), "FAIL  whoami: "));
  CHECK_THAT(run.line("whoami"), Catch::Contains("401") && Catch::Contains("request_id="));
  CHECK_THAT(run.fix("whoami"), Catch::Contains("refused the key from CREATORAUDIT_API_KEY"));
  CHECK(starts_with(run.line("clock"), "ok"));  // the 401 still carried a Date header
  CHECK(run.all().find(key) == std::string::npos);
}

TEST_CASE("doctor names a key file as the key's source and accepts a good key from it", "[doctor]") {
  SandboxProcess sandbox;
  const auto path = std::filesystem::temp_directory_path() / ("ca_doctor_key_" + std::to_string(::getpid()));
  {
    std::ofstream file(path);
    file << "sandbox-key\n";
  }
  const DoctorRun run = run_doctor(
      {"doctor"}, {{"CREATORAUDIT_BASE_URL", sandbox.base_url}, {"CREATORAUDIT_API_KEY_FILE", path.string()}});
  std::filesystem::remove(path);
  INFO(run.all());
  CHECK(run.status == 0);
  CHECK(run.line("key") == "ok    key: present, from CREATORAUDIT_API_KEY_FILE (" + path.string() + ")");
  CHECK(starts_with(run.line("whoami"), "ok"));
  CHECK(run.all().find("sandbox-key") == std::string::npos);
}

TEST_CASE("doctor against a closed port: tcp FAIL, the later network checks skipped, exit 1", "[doctor]") {
  const std::string base_url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/v2";
  const DoctorRun run = run_doctor({"doctor"}, {{"CREATORAUDIT_BASE_URL", base_url}, {"CREATORAUDIT_API_KEY", "some-key-123"}});
  INFO(run.all());
  CHECK(run.status == 1);
  CHECK(starts_with(run.line("dns"), "ok    dns: 127.0.0.1 -> 127.0.0.1"));
  CHECK(starts_with(run.line("tcp"), "FAIL  tcp: "));
  CHECK_THAT(run.line("tcp"), Catch::Contains("Connection refused"));
  CHECK_THAT(run.fix("tcp"), Catch::Contains("port"));
  for (const char* check : {"tls", "whoami", "rate budget", "clock"})
    CHECK(run.line(check) == "skip  " + std::string(check) + ": not checked: tcp failed");
  for (const auto& check : kChecks) CHECK_FALSE(run.line(check).empty());  // every check has its line
  CHECK(starts_with(run.line("tools"), "ok"));
}

TEST_CASE("doctor against a self-signed HTTPS upstream: tls FAIL; trusted through --ca-bundle: tls ok", "[doctor]") {
  ca::test::SelfSignedLocalhost pki;
  ca::test::WhoamiOverTls server(pki);
  const std::string base_url = "https://localhost:" + std::to_string(server.port) + "/v2";
  const std::map<std::string, std::string> env{{"CREATORAUDIT_BASE_URL", base_url},
                                               {"CREATORAUDIT_API_KEY", "tls-doctor-key-42"}};
  SECTION("untrusted") {
    const DoctorRun run = run_doctor({"doctor"}, env);
    INFO(run.all());
    CHECK(run.status == 1);
    CHECK(starts_with(run.line("tcp"), "ok"));
    CHECK(starts_with(run.line("tls"), "FAIL  tls: "));
    CHECK_THAT(run.line("tls"), Catch::Contains("certificate verification failed"));
    CHECK_THAT(run.fix("tls"), Catch::Contains("--ca-bundle"));
    CHECK(starts_with(run.line("whoami"), "skip  "));
  }
  SECTION("trusted") {
    const DoctorRun run = run_doctor({"doctor", "--ca-bundle", pki.cert_path.string()}, env);
    INFO(run.all());
    CHECK(starts_with(run.line("tls"), "ok    tls: TLSv1."));
    CHECK_THAT(run.line("tls"), Catch::Contains("verified for localhost"));
    // This upstream's whoami has no organization_id and no rate headers: warnings, not failures.
    CHECK(starts_with(run.line("whoami"), "warn  "));
    CHECK(run.status == 0);
  }
}

TEST_CASE("doctor warns when the API's Date header is far from the local clock", "[doctor]") {
  ca::FakeClock clock;  // its wall time is fixed in 2027, far from the real one
  ca::sandbox::SandboxOptions options;
  options.clock = &clock;
  ca::sandbox::Sandbox sandbox(options);
  sandbox.start(0);
  const DoctorRun run =
      run_doctor({"doctor"}, {{"CREATORAUDIT_BASE_URL", sandbox.base_url()}, {"CREATORAUDIT_API_KEY", "sandbox-key"}});
  INFO(run.all());
  CHECK(starts_with(run.line("clock"), "warn  clock: this machine's clock is "));
  CHECK_THAT(run.fix("clock"), Catch::Contains("NTP"));
  CHECK(starts_with(run.line("whoami"), "ok"));
  CHECK(run.status == 0);  // a warning does not stop a session
}

TEST_CASE("doctor reports a bad configuration as its first check and exits 1", "[doctor]") {
  SECTION("a bad flag") {
    const DoctorRun run = run_doctor({"doctor", "--max-attempts", "zero"});
    INFO(run.all());
    CHECK(run.status == 1);
    REQUIRE_FALSE(run.lines.empty());
    CHECK(starts_with(run.lines[0], "FAIL  configuration: "));
    CHECK_THAT(run.lines[0], Catch::Contains("--max-attempts"));
    CHECK(starts_with(run.line("whoami"), "skip  "));
  }
  SECTION("plain http to a host that is not loopback") {
    const DoctorRun run = run_doctor({"--check"}, {{"CREATORAUDIT_BASE_URL", "http://api.example.com/v2"}});
    INFO(run.all());
    CHECK(run.status == 1);
    CHECK_THAT(run.line("configuration"), Catch::StartsWith("FAIL") && Catch::Contains("plain http://"));
  }
  SECTION("no key") {
    ca::sandbox::Sandbox sandbox;
    sandbox.start(0);
    const DoctorRun run = run_doctor({"doctor"}, {{"CREATORAUDIT_BASE_URL", sandbox.base_url()}});
    INFO(run.all());
    CHECK(run.status == 1);
    CHECK(starts_with(run.line("key"), "FAIL  key: none"));
    CHECK(starts_with(run.line("tcp"), "ok"));  // the network is still checked
    CHECK(starts_with(run.line("whoami"), "skip  "));
  }
}
