// The API key never reaches a log line: every spdlog line written while the client runs through successes,
// retries and failures is captured and scanned. A server that echoes the key back in a problem body is
// covered too: the error and its log line are redacted.
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <catch2/catch.hpp>
#include <sstream>
#include <thread>

#include "sandbox_fixture.hpp"

using namespace ca;
using namespace ca::api;

namespace {

constexpr const char* kSecretKey = "sk_test_DO-NOT-LOG_4f9a2c";

// Routes the default logger into a string at trace level for the lifetime of the object.
struct CapturedLog {
  std::ostringstream lines;
  std::shared_ptr<spdlog::logger> previous = spdlog::default_logger();
  CapturedLog() {
    auto logger = std::make_shared<spdlog::logger>("capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(lines));
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
  }
  ~CapturedLog() { spdlog::set_default_logger(previous); }
};

}  // namespace

TEST_CASE("the API key never appears in any log line", "[client][sandbox][logging]") {
  sandbox::SandboxOptions options;
  options.keys = {{kSecretKey, "secret test key", true, false}};
  test::SandboxFixture fx(options);
  CapturedLog log;
  {
    Client client(fx.config(kSecretKey));
    fx.sandbox.script_statuses({503, 0}, "/v2/whoami");
    CHECK(client.whoami({}).ok());                                                      // retry logged
    CHECK_FALSE(client.get_account("00000000-0000-4000-8000-000000000000", {}).ok());  // 404
    CHECK_FALSE(client.create_account({{"platform", "x"}}, {}).ok());                   // 422
    fx.sandbox.corrupt_bodies(sandbox::BodyFault::InvalidJson, 1, "/v2/overview");
    CHECK_FALSE(client.overview("7d", {}).ok());
    CHECK_FALSE(client.get_account("not-an-id", {}).ok());
  }
  {
    Client wrong(fx.config("wrong-key"));
    CHECK_FALSE(wrong.whoami({}).ok());  // 401
  }
  const std::string text = log.lines.str();
  CHECK(text.find("404") != std::string::npos);  // the capture did see the failures
  CHECK(text.find(kSecretKey) == std::string::npos);
}

TEST_CASE("a key echoed back by a server is redacted from the error and the log", "[client][logging]") {
  httplib::Server echo;
  echo.Get("/v2/whoami", [](const httplib::Request& req, httplib::Response& res) {
    res.status = 400;
    Json problem = {{"code", "BAD_REQUEST"},
                    {"detail", "Bad header: " + req.get_header_value("Authorization")},
                    {"title", "key " + req.get_header_value("Authorization").substr(7)}};
    res.set_content(problem.dump(), "application/problem+json");
  });
  const int port = echo.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { echo.listen_after_bind(); });
  while (!echo.is_running()) std::this_thread::yield();

  CapturedLog log;
  ClientConfig config;
  config.base_url = "http://127.0.0.1:" + std::to_string(port) + "/v2";
  config.api_key = kSecretKey;
  Client client(config);
  auto me = client.whoami({});
  echo.stop();
  thread.join();
  REQUIRE_FALSE(me.ok());
  CHECK(me.error().status == 400);
  CHECK(me.error().detail.find(kSecretKey) == std::string::npos);
  CHECK(me.error().title.find(kSecretKey) == std::string::npos);
  CHECK(me.error().message().find("[REDACTED]") != std::string::npos);
  CHECK(log.lines.str().find(kSecretKey) == std::string::npos);
  CHECK(log.lines.str().find("[REDACTED]") != std::string::npos);
}
