// The real creatoraudit-mcp binary against the Python upstream: the issue's two user-visible failures, end to end.
// Each waits for an answer for a bounded time that is far shorter than the stall the bug caused (the read
// timeout is set well above it), so a regression fails here instead of passing slowly.
#include <catch2/catch.hpp>

#include "../transcripts/child_process.hpp"
#include "python_upstream.hpp"

using ca::Json;
using ca::test::ChildProcess;
using ca::test::PythonUpstream;

namespace {

constexpr std::chrono::seconds kAnswerLimit{15};

const std::string kInitialize =
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
    R"("capabilities":{},"clientInfo":{"name":"upstream-test","version":"0"}}})"
    "\n"
    R"({"jsonrpc":"2.0","method":"notifications/initialized"})"
    "\n";

std::string tool_call(int id, const std::string& tool, const std::string& arguments = "{}") {
  return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":"tools/call","params":{"name":")" + tool +
         R"(","arguments":)" + arguments + "}}\n";
}

// The next response on stdout (log notifications are skipped), within kAnswerLimit; null when none came.
Json next_response(ChildProcess& server) {
  while (auto line = server.read_line(kAnswerLimit)) {
    Json message = Json::parse(*line);
    if (message.contains("id")) return message;
  }
  return Json();
}

ChildProcess start_server(const std::string& base_url, std::vector<std::string> args = {}) {
  return ChildProcess(CA_SERVER_BINARY, args,
                      {{"CREATORAUDIT_BASE_URL", base_url},
                       {"CREATORAUDIT_API_KEY", "upstream-process-key"},
                       {"CREATORAUDIT_READ_TIMEOUT_MS", "60000"},
                       {"CREATORAUDIT_MAX_ATTEMPTS", "1"}});
}

// Initializes `server` and leaves its list_accounts (id 2) blocked on `upstream`, whose /v2/accounts was scripted
// "silent": the upstream has seen the request when this returns.
void block_call_2(ChildProcess& server, PythonUpstream& upstream) {
  server.write(kInitialize);
  REQUIRE(next_response(server)["id"] == 1);
  server.write(tool_call(2, "list_accounts"));
  REQUIRE(upstream.wait_for_events("silent_request").size() == 1);
}

const std::string kCancelCall2 =
    R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":2,"reason":"test"}})"
    "\n";

}  // namespace

TEST_CASE("issue 8.1: the same list_accounts twice against http.server's bare 304 is answered from the cache, on "
          "one connection",
          "[upstream][process][etag]") {
  PythonUpstream upstream;
  ChildProcess server = start_server(upstream.http_server_base_url());
  server.write(kInitialize);
  REQUIRE(next_response(server)["id"] == 1);
  server.write(tool_call(2, "list_accounts"));
  const Json first = next_response(server);
  REQUIRE(first["id"] == 2);
  REQUIRE_FALSE(first["result"].value("isError", false));
  server.write(tool_call(3, "list_accounts"));
  const Json second = next_response(server);
  REQUIRE(second["id"] == 3);
  CHECK_FALSE(second["result"].value("isError", false));
  CHECK(second["result"]["structuredContent"] == first["result"]["structuredContent"]);
  const Json stats = upstream.stats();
  REQUIRE(stats["http_requests"].size() == 2);
  CHECK(stats["http_requests"][0]["status"] == 200);
  CHECK(stats["http_requests"][1]["status"] == 304);
  CHECK(stats["http_connections"] == 1);
  server.close_stdin();
  CHECK(server.wait(kAnswerLimit) == 0);
}

TEST_CASE("notifications/cancelled frees the only worker while it waits on a silent upstream",
          "[upstream][process][cancel]") {
  PythonUpstream upstream;
  upstream.script("/v2/accounts", "silent");
  upstream.script("/v2/whoami", "whoami");
  ChildProcess server = start_server(upstream.raw_base_url(), {"--workers", "1"});
  block_call_2(server, upstream);  // the only worker is now blocked on the upstream
  server.write(kCancelCall2);
  server.write(tool_call(3, "whoami"));
  const Json answer = next_response(server);
  REQUIRE(answer["id"] == 3);  // a cancelled request is not answered; the next one is, so the worker was freed
  CHECK_FALSE(answer["result"].value("isError", false));
  CHECK(answer["result"]["structuredContent"]["organization_id"] == "org-upstream");
  CHECK(upstream.wait_for_events("peer_closed").size() == 1);  // and the client hung up on the silent upstream
  server.close_stdin();
  CHECK(server.wait(kAnswerLimit) == 0);
}

TEST_CASE("while a call waits on a silent upstream, a ping and a second call are read and answered at once",
          "[upstream][process]") {
  // The ping and the second call show that stdin is still read while the first call is blocked, and that other
  // calls still run beside it.
  PythonUpstream upstream;
  upstream.script("/v2/accounts", "silent");
  upstream.script("/v2/whoami", "whoami");
  ChildProcess server = start_server(upstream.raw_base_url());
  block_call_2(server, upstream);
  server.write(R"({"jsonrpc":"2.0","id":3,"method":"ping"})"
               "\n");
  CHECK(next_response(server)["id"] == 3);
  server.write(tool_call(4, "whoami"));
  const Json second = next_response(server);
  REQUIRE(second["id"] == 4);
  CHECK(second["result"]["structuredContent"]["organization_id"] == "org-upstream");
  // The first call is cancelled, and the server goes on serving.
  server.write(kCancelCall2);
  CHECK(upstream.wait_for_events("peer_closed").size() == 1);
  server.write(tool_call(5, "whoami"));
  CHECK(next_response(server)["id"] == 5);
  server.close_stdin();
  CHECK(server.wait(kAnswerLimit) == 0);
}

TEST_CASE("stdin closed while a call waits on a silent upstream: the call is still answered, then the server exits 0",
          "[upstream][process]") {
  PythonUpstream upstream;
  upstream.script("/v2/accounts", "silent");
  // A short call timeout bounds the silent call; the server exits after it, not at the read timeout (60 s).
  ChildProcess server = start_server(upstream.raw_base_url(), {"--call-timeout-ms", "2000"});
  block_call_2(server, upstream);
  server.close_stdin();
  const Json answer = next_response(server);  // the call's deadline ends it; it is still answered
  CHECK(answer["id"] == 2);
  CHECK(answer["result"].value("isError", false));
  CHECK(server.wait(kAnswerLimit) == 0);
}
