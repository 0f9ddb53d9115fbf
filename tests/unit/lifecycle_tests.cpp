// initialize negotiation, capabilities, ping, logging/setLevel, tools/list and version-dependent rendering.
#include <spdlog/spdlog.h>

#include "common/version.hpp"
#include "server/client_log_sink.hpp"
#include "test_support.hpp"

using ca::Json;
using ca::test::Harness;

TEST_CASE("initialize echoes each supported protocol version", "[lifecycle]") {
  const std::string version = GENERATE("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");
  Harness h;
  CHECK(h.initialize(version)["result"]["protocolVersion"] == version);
}

TEST_CASE("initialize answers 2025-11-25 to an unknown or missing version", "[lifecycle]") {
  Harness h;
  SECTION("newer") { CHECK(h.initialize("2026-07-28")["result"]["protocolVersion"] == "2025-11-25"); }
  SECTION("older") { CHECK(h.initialize("2024-10-07")["result"]["protocolVersion"] == "2025-11-25"); }
  SECTION("missing") { CHECK(h.request(1, "initialize")["result"]["protocolVersion"] == "2025-11-25"); }
}

TEST_CASE("initialize declares tools and logging, and names the server", "[lifecycle]") {
  Harness h;
  const Json result = h.initialize()["result"];
  CHECK(result["capabilities"] == Json::parse(R"({"tools":{"listChanged":false},"logging":{}})"));
  CHECK(result["serverInfo"]["name"] == "creatoraudit-mcp");
  CHECK(result["serverInfo"]["title"] == "CreatorAudit");
  CHECK(result["serverInfo"]["version"] == ca::kVersion);
  CHECK_FALSE(result.contains("instructions"));  // empty instructions are omitted
}

TEST_CASE("initialize carries the instructions when there are some", "[lifecycle]") {
  ca::server::SessionOptions options;
  options.instructions = "Call whoami first.";
  Harness h(options);
  CHECK(h.initialize()["result"]["instructions"] == "Call whoami first.");
}

TEST_CASE("serverInfo.title is sent only from 2025-06-18", "[lifecycle]") {
  Harness h;
  CHECK_FALSE(h.initialize("2025-03-26")["result"]["serverInfo"].contains("title"));
}

TEST_CASE("tools/list lists the registry in order, each version rendering what it knows", "[lifecycle][tools]") {
  Harness h;
  const std::string version = GENERATE("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");
  h.initialize(version);
  const Json tools = h.request(1, "tools/list")["result"]["tools"];
  REQUIRE(tools.size() == 6);
  CHECK(tools[0]["name"] == "echo");
  CHECK(tools[1]["name"] == "slow");
  CHECK(tools[4]["name"] == "throws");
  const Json& echo = tools[0];
  CHECK(echo["description"] == "A fake tool for protocol tests.");
  CHECK(echo["inputSchema"] == h.registry.find("echo")->definition().input_schema);
  const bool modern = version >= "2025-06-18";
  CHECK(echo.contains("title") == modern);
  CHECK(echo.contains("outputSchema") == modern);
  CHECK_FALSE(tools[1].contains("outputSchema"));  // a tool without one never gets one
  if (version >= "2025-03-26") {
    CHECK(echo["annotations"] == Json::parse(R"({"readOnlyHint":true,"destructiveHint":false,)"
                                             R"("idempotentHint":true,"openWorldHint":false})"));
    CHECK(tools[1]["annotations"].size() == 4);
  } else {
    CHECK_FALSE(echo.contains("annotations"));
  }
}

TEST_CASE("tools/list accepts the start cursor and rejects any other with -32602", "[lifecycle][tools]") {
  Harness h;
  h.initialize();
  CHECK(h.request(1, "tools/list", {{"cursor", ""}})["result"]["tools"].size() == 6);
  CHECK(h.request(2, "tools/list", {{"cursor", nullptr}})["result"].contains("tools"));
  CHECK_FALSE(h.request(3, "tools/list")["result"].contains("nextCursor"));
  CHECK(h.request(4, "tools/list", {{"cursor", "page-2"}})["error"]["code"] == -32602);
  CHECK(h.request(5, "tools/list", {{"cursor", 7}})["error"]["code"] == -32602);
}

TEST_CASE("ping answers an empty object", "[lifecycle]") {
  Harness h;
  h.initialize();
  CHECK(h.request(1, "ping") == Json::parse(R"({"jsonrpc":"2.0","id":1,"result":{}})"));
}

TEST_CASE("logging/setLevel answers {} and rejects unknown levels with -32602", "[lifecycle][logging]") {
  Harness h;
  h.initialize();
  CHECK(h.request(1, "logging/setLevel", {{"level", "warning"}})["result"] == Json::object());
  CHECK(h.request(2, "logging/setLevel", {{"level", "loud"}})["error"]["code"] == -32602);
  CHECK(h.request(3, "logging/setLevel", {{"level", 3}})["error"]["code"] == -32602);
  CHECK(h.request(4, "logging/setLevel")["error"]["code"] == -32602);
}

TEST_CASE("log messages go to the client only after setLevel, and only at or above that level",
          "[lifecycle][logging]") {
  using ca::server::LogLevel;
  Harness h;
  h.initialize();
  h.session->log_to_client(LogLevel::Emergency, "t", "before asking");
  CHECK(h.out.with_method("notifications/message").empty());

  h.request(1, "logging/setLevel", {{"level", "warning"}});
  h.session->log_to_client(LogLevel::Info, "t", "info");
  h.session->log_to_client(LogLevel::Notice, "t", "notice");
  h.session->log_to_client(LogLevel::Warning, "t", "warning");
  h.session->log_to_client(LogLevel::Critical, "t", "critical");
  auto sent = h.out.with_method("notifications/message");
  REQUIRE(sent.size() == 2);
  CHECK(sent[0]["params"] == Json::parse(R"({"level":"warning","logger":"t","data":"warning"})"));
  CHECK(sent[1]["params"]["level"] == "critical");

  h.request(2, "logging/setLevel", {{"level", "debug"}});
  h.session->log_to_client(LogLevel::Debug, "t", "debug");
  CHECK(h.out.with_method("notifications/message").size() == 3);
}

TEST_CASE("the client log sink mirrors spdlog warnings and errors, not info", "[lifecycle][logging]") {
  Harness h;
  h.initialize();
  h.request(1, "logging/setLevel", {{"level", "debug"}});
  auto sink = std::make_shared<ca::server::ClientLogSink>();
  spdlog::logger logger("mirror-test", sink);
  logger.set_level(spdlog::level::trace);
  logger.info("not mirrored");
  sink->attach(h.session.get());
  logger.info("info stays on stderr");
  logger.warn("disk {} full", "almost");
  logger.error("failed");
  sink->detach();
  logger.error("after detach");
  const auto sent = h.out.with_method("notifications/message");
  REQUIRE(sent.size() == 2);
  CHECK(sent[0]["params"]["level"] == "warning");
  CHECK(sent[0]["params"]["data"] == "disk almost full");
  CHECK(sent[1]["params"]["level"] == "error");
}
