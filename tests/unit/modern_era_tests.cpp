// The 2026-07-28 era beside the handshake: the era chosen from the first request, server/discover, the _meta
// envelope on every request, resultType/ttlMs/cacheScope/serverInfo on results, the log level per request, and
// nothing of one era in the other.
#include <spdlog/spdlog.h>

#include "common/version.hpp"
#include "server/client_log_sink.hpp"
#include "server/modern_envelope.hpp"
#include "test_support.hpp"

using ca::Json;
using ca::test::error_code;
using ca::test::error_message;
using ca::server::Session;
using ca::test::Harness;

namespace {


const Json kServerInfo = {{"name", "creatoraudit-mcp"}, {"title", "CreatorAudit"}, {"version", ca::kVersion}};

// Mirrors spdlog's default logger into the harness's session for the life of the object.
class MirroredLog {
 public:
  explicit MirroredLog(Harness& h) : sink_(std::make_shared<ca::server::ClientLogSink>()) {
    sink_->attach(h.session.get());
    spdlog::default_logger()->sinks().push_back(sink_);
  }
  ~MirroredLog() {
    sink_->detach();
    auto& sinks = spdlog::default_logger()->sinks();
    sinks.erase(std::remove(sinks.begin(), sinks.end(), sink_), sinks.end());
  }

 private:
  std::shared_ptr<ca::server::ClientLogSink> sink_;
};

}  // namespace

TEST_CASE("server/discover lists the version, capabilities, instructions and caching hints", "[modern]") {
  ca::server::SessionOptions options;
  options.instructions = "Call whoami first.";
  Harness h(options);
  const Json r = h.modern_request(1, "server/discover");
  CHECK(r["result"] == Json{{"supportedVersions", {"2026-07-28"}},
                            {"capabilities", {{"tools", {{"listChanged", false}}}, {"logging", Json::object()}}},
                            {"instructions", "Call whoami first."},
                            {"ttlMs", 3'600'000},
                            {"cacheScope", "public"},
                            {"resultType", "complete"},
                            {"_meta", {{"io.modelcontextprotocol/serverInfo", kServerInfo}}}});
}

TEST_CASE("server/discover is a probe: a handshake may follow it", "[modern][era]") {
  Harness h;
  CHECK(h.modern_request(1, "server/discover")["result"]["resultType"] == "complete");
  CHECK(h.session->era() == Session::Era::Undecided);
  CHECK(h.initialize()["result"]["protocolVersion"] == "2025-11-25");
  CHECK(h.session->era() == Session::Era::Legacy);
  CHECK(error_code(h.modern_request(2, "server/discover")) == -32601);
}

TEST_CASE("a first request with an accepted envelope pins 2026-07-28: no initialize, ping or setLevel",
          "[modern][era]") {
  Harness h;
  CHECK(h.modern_request(1, "tools/list")["result"].contains("tools"));
  CHECK(h.session->era() == Session::Era::Modern);
  for (const char* removed : {"initialize", "ping", "logging/setLevel", "resources/subscribe"}) {
    INFO(removed);
    CHECK(error_code(h.modern_request(removed, removed)) == -32601);
  }
  CHECK(error_code(h.initialize()) == -32601);  // a handshake on a 2026-07-28 connection
  CHECK(error_code(h.request(2, "ping")) == -32601);
}

TEST_CASE("a refused envelope pins no era", "[modern][era]") {
  Harness h;
  h.request(1, "tools/list", {{"_meta", {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"}}}});
  CHECK(error_code(h.out.last()) == -32602);
  CHECK(h.session->era() == Session::Era::Undecided);
  CHECK(h.initialize()["result"]["protocolVersion"] == "2025-11-25");
}

TEST_CASE("every 2026-07-28 request is checked for its _meta envelope", "[modern][envelope]") {
  Harness h;
  h.modern_request(0, "tools/list");  // pins the era
  const Json version = "2026-07-28";
  const Json capabilities = Json::object();
  struct Case {
    const char* name;
    Json meta;
    const char* named;
  };
  const Case cases[] = {
      {"no _meta", nullptr, "_meta is missing"},
      {"_meta not an object", "x", "_meta must be an object"},
      {"no protocolVersion",
       {{"io.modelcontextprotocol/clientCapabilities", capabilities}},
       "io.modelcontextprotocol/protocolVersion"},
      {"protocolVersion not a string",
       {{"io.modelcontextprotocol/protocolVersion", 2026}, {"io.modelcontextprotocol/clientCapabilities", capabilities}},
       "io.modelcontextprotocol/protocolVersion"},
      {"no clientCapabilities",
       {{"io.modelcontextprotocol/protocolVersion", version}},
       "io.modelcontextprotocol/clientCapabilities"},
      {"clientCapabilities not an object",
       {{"io.modelcontextprotocol/protocolVersion", version}, {"io.modelcontextprotocol/clientCapabilities", "all"}},
       "io.modelcontextprotocol/clientCapabilities"},
      {"clientInfo without a version",
       {{"io.modelcontextprotocol/protocolVersion", version},
        {"io.modelcontextprotocol/clientCapabilities", capabilities},
        {"io.modelcontextprotocol/clientInfo", {{"name", "x"}}}},
       "io.modelcontextprotocol/clientInfo"},
      {"an unknown logLevel",
       {{"io.modelcontextprotocol/protocolVersion", version},
        {"io.modelcontextprotocol/clientCapabilities", capabilities},
        {"io.modelcontextprotocol/logLevel", "loud"}},
       "io.modelcontextprotocol/logLevel"},
  };
  int id = 1;
  for (const auto& c : cases) {
    INFO(c.name);
    Json params = {{"name", "echo"}, {"arguments", {{"text", "x"}}}};
    if (!c.meta.is_null()) params["_meta"] = c.meta;
    const Json r = h.request(id++, "tools/call", params);
    CHECK(error_code(r) == -32602);
    CHECK_THAT(error_message(r), Catch::Contains(c.named));
  }
  // clientInfo is optional.
  CHECK(h.request(id++, "tools/list",
                  {{"_meta", {{"io.modelcontextprotocol/protocolVersion", version},
                              {"io.modelcontextprotocol/clientCapabilities", capabilities}}}})["result"]
            .contains("tools"));
}

TEST_CASE("a version this server does not serve is -32022 with supported and requested", "[modern][envelope]") {
  Harness h;
  const std::string requested = GENERATE("1900-01-01", "2025-11-25", "v999.0.0");
  const Json r = h.request(1, "server/discover",
                           {{"_meta", {{"io.modelcontextprotocol/protocolVersion", requested},
                                       {"io.modelcontextprotocol/clientCapabilities", Json::object()}}}});
  CHECK(r["id"] == 1);
  CHECK(error_code(r) == -32022);
  CHECK(r["error"]["data"] == Json{{"supported", {"2026-07-28"}}, {"requested", requested}});
}

TEST_CASE("a capability the client lacks is named as a ClientCapabilities object", "[modern][envelope]") {
  using ca::server::missing_capabilities;
  // No method of this server requires one; the check that would answer -32021 is exercised here directly.
  CHECK(missing_capabilities(Json::object(), Json::object()).empty());
  CHECK(missing_capabilities({{"sampling", Json::object()}}, {{"sampling", Json::object()}}).empty());
  CHECK(missing_capabilities({{"sampling", Json::object()}, {"elicitation", {{"form", Json::object()}}}},
                             {{"sampling", Json::object()}}) == Json{{"elicitation", {{"form", Json::object()}}}});
  CHECK(missing_capabilities({{"roots", Json::object()}}, {{"roots", true}}) == Json{{"roots", Json::object()}});
}

TEST_CASE("2026-07-28 tools/list carries resultType, ttlMs, cacheScope and serverInfo; tools as in 2025-11-25",
          "[modern][tools]") {
  Harness legacy;
  legacy.initialize("2025-11-25");
  const Json legacy_tools = legacy.request(1, "tools/list")["result"]["tools"];
  Harness h;
  const Json result = h.modern_request(1, "tools/list")["result"];
  CHECK(result["tools"] == legacy_tools);
  CHECK(result["resultType"] == "complete");
  CHECK(result["ttlMs"] == 3'600'000);
  CHECK(result["cacheScope"] == "public");
  CHECK(result["_meta"] == Json{{"io.modelcontextprotocol/serverInfo", kServerInfo}});
  CHECK(error_code(h.modern_request(2, "tools/list", {{"cursor", "page-2"}})) == -32602);
}

TEST_CASE("2026-07-28 tools/call: structuredContent, resultType, serverInfo; errors as in 2025-11-25",
          "[modern][tools]") {
  Harness h;
  h.modern_request(1, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "hi"}}}});
  const Json result = h.out.wait_response(1)["result"];
  CHECK(result == Json{{"content", {{{"type", "text"}, {"text", R"({"text":"hi"})"}}}},
                       {"structuredContent", {{"text", "hi"}}},
                       {"resultType", "complete"},
                       {"_meta", {{"io.modelcontextprotocol/serverInfo", kServerInfo}}}});
  h.modern_request(2, "tools/call", {{"name", "echo"}, {"arguments", {{"text", 5}}}});
  const Json invalid = h.out.wait_response(2)["result"];
  CHECK(invalid["isError"] == true);
  CHECK(invalid["resultType"] == "complete");
  CHECK(error_code(h.modern_request(3, "tools/call", {{"name", "nope"}})) == -32602);
  const std::string huge = "1" + std::string(399, '0');
  h.send(R"({"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"echo","arguments":{"text":)" + huge +
         R"(},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}})");
  const Json out_of_range = h.out.wait_response(4)["result"];
  CHECK(out_of_range["isError"] == true);
  CHECK(out_of_range["resultType"] == "complete");
}

TEST_CASE("2026-07-28 progress and cancellation work as in 2025-11-25", "[modern][tools]") {
  Harness h;
  h.modern_request(1, "tools/call", {{"name", "progress"}, {"arguments", {{"values", {1, 2}}}}},
                   {{"progressToken", "p"}});
  h.out.wait_response(1);
  const auto progress = h.out.with_method("notifications/progress");
  REQUIRE(progress.size() == 2);
  CHECK(progress[0]["params"] ==
        Json::parse(R"({"progressToken":"p","progress":1.0,"total":10.0,"message":"step 1"})"));

  h.modern_request(2, "tools/call", {{"name", "slow"}});
  h.slow->started.wait();
  h.cancel(2);
  h.slow->finished.wait();
  h.wait_idle();
  CHECK(h.slow->saw_cancel);
  CHECK_FALSE(h.out.has_response(2));
}

TEST_CASE("2026-07-28 log messages go to the request that named a level, at that level", "[modern][logging]") {
  Harness h;
  MirroredLog mirror(h);
  h.modern_request(1, "tools/call", {{"name", "log"}, {"arguments", {{"text", "no level"}}}});
  h.out.wait_response(1);
  CHECK(h.out.with_method("notifications/message").empty());

  h.modern_request(2, "tools/call", {{"name", "log"}, {"arguments", {{"text", "above"}}}},
                   {{"io.modelcontextprotocol/logLevel", "error"}});
  h.out.wait_response(2);
  CHECK(h.out.with_method("notifications/message").empty());

  h.modern_request(3, "tools/call", {{"name", "log"}, {"arguments", {{"text", "x\x1b[2Jy\r\nz"}}}},
                   {{"io.modelcontextprotocol/logLevel", "debug"}});
  h.out.wait_response(3);
  const auto logged = h.out.with_method("notifications/message");
  REQUIRE(logged.size() == 1);  // warnings and worse only: info stays on stderr
  CHECK(logged[0]["params"] == Json{{"level", "warning"},
                                    {"logger", "creatoraudit-mcp"},
                                    {"data", "warning from the log tool: x\\x1b[2Jy\\r\\nz"}});
  // Sent before the response it belongs to.
  const auto messages = h.out.messages();
  CHECK(messages.back()["id"] == 3);
}

TEST_CASE("a 2025-era session never sees 2026-07-28 fields, even when a request carries the envelope",
          "[modern][era]") {
  Harness h;
  h.initialize();
  const Json listed = h.modern_request(1, "tools/list")["result"];
  CHECK_FALSE(listed.contains("resultType"));
  CHECK_FALSE(listed.contains("ttlMs"));
  CHECK_FALSE(listed.contains("cacheScope"));
  CHECK_FALSE(listed.contains("_meta"));
  h.modern_request(2, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "x"}}}});
  const Json called = h.out.wait_response(2)["result"];
  CHECK_FALSE(called.contains("resultType"));
  CHECK_FALSE(called.contains("_meta"));
  CHECK(h.request(3, "ping")["result"] == Json::object());
}

TEST_CASE("2026-07-28 has no batches", "[modern][batch]") {
  Harness h;
  h.modern_request(1, "tools/list");
  h.send(std::string(R"([{"jsonrpc":"2.0","id":2,"method":"tools/list"}])"));
  CHECK(error_code(h.out.last()) == -32600);
}

TEST_CASE("2025-era logging/setLevel does not reach a 2026-07-28 session", "[modern][logging]") {
  Harness h;
  MirroredLog mirror(h);
  h.modern_request(1, "tools/list");
  h.session->log_to_client(ca::server::LogLevel::Emergency, "t", "not for a stateless client");
  CHECK(h.out.with_method("notifications/message").empty());
}
