// tools/call: protocol faults, results per version, validation, exceptions, the queue bound, cancellation,
// progress and deadlines.
#include "server/tool_rendering.hpp"
#include "test_support.hpp"

using ca::Json;
using ca::test::Harness;

namespace {

std::string text_of(const Json& response) { return response["result"]["content"][0]["text"].get<std::string>(); }

}  // namespace

TEST_CASE("a successful result has one compact text copy and, from 2025-06-18, structuredContent", "[tools]") {
  const std::string version = GENERATE("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");
  Harness h;
  h.initialize(version);
  h.call(1, "echo", {{"text", "hi"}});
  const Json result = h.out.wait_response(1)["result"];
  CHECK(result["content"] == Json::parse(R"([{"type":"text","text":"{\"text\":\"hi\"}"}])"));
  CHECK_FALSE(result.contains("isError"));
  if (version >= "2025-06-18") {
    CHECK(result["structuredContent"] == Json::parse(R"({"text":"hi"})"));
  } else {
    CHECK_FALSE(result.contains("structuredContent"));
  }
}

TEST_CASE("a result that brings its own text goes out with it, as the text block and as structuredContent",
          "[tools]") {
  using ca::dump_compact;
  using ca::server::render_result;
  using ca::tools::ToolResult;
  const Json tree = {{"rows", {{{"name", "a \"b\"\n"}}}}, {"returned", 1}};
  const std::string text = dump_compact(tree);
  const Json rendered = render_result(ToolResult::success(tree, text), "2025-06-18");
  const Json wire = Json::parse(dump_compact(rendered));
  CHECK(wire["content"][0]["text"] == text);
  CHECK(wire["structuredContent"] == tree);
  // The same bytes as a result serialised here.
  CHECK(dump_compact(rendered) == dump_compact(render_result(ToolResult::success(tree), "2025-06-18")));
  const Json older = Json::parse(dump_compact(render_result(ToolResult::success(tree, text), "2025-03-26")));
  CHECK(older["content"][0]["text"] == text);
  CHECK_FALSE(older.contains("structuredContent"));
}

TEST_CASE("tools/call protocol faults are JSON-RPC -32602 errors", "[tools]") {
  Harness h;
  h.initialize();
  SECTION("unknown tool") {
    const Json r = h.call(1, "nope", Json::object());
    CHECK(r["error"]["code"] == -32602);
    CHECK(r["error"]["message"] == "Unknown tool: nope");
  }
  SECTION("missing name") { CHECK(h.request(1, "tools/call", Json::object())["error"]["code"] == -32602); }
  SECTION("missing params") {
    h.send(std::string(R"({"jsonrpc":"2.0","id":1,"method":"tools/call"})"));
    CHECK(h.out.last()["error"]["code"] == -32602);
  }
  SECTION("non-string name") { CHECK(h.request(1, "tools/call", {{"name", 3}})["error"]["code"] == -32602); }
  SECTION("array arguments") { CHECK(h.call(1, "echo", Json::array({1}))["error"]["code"] == -32602); }
  SECTION("string arguments that are not an object") {
    CHECK(h.call(1, "echo", "[1,2]")["error"]["code"] == -32602);
  }
}

TEST_CASE("arguments double-encoded as a JSON string are accepted when they decode to an object", "[tools]") {
  Harness h;
  h.initialize();
  h.call(1, "echo", R"({"text":"double"})");
  CHECK(text_of(h.out.wait_response(1)) == R"({"text":"double"})");
}

TEST_CASE("double-encoded arguments nested too deep are -32602, not a crash", "[tools]") {
  Harness h;
  h.initialize();
  CHECK(h.call(1, "echo", std::string(1'000'000, '[') + std::string(1'000'000, ']'))["error"]["code"] == -32602);
}

TEST_CASE("missing arguments count as an empty object", "[tools]") {
  Harness h;
  h.initialize();
  h.request(1, "tools/call", {{"name", "context"}});
  CHECK_FALSE(h.out.wait_response(1)["result"].contains("isError"));
}

TEST_CASE("arguments that fail the input schema give an isError result naming the argument", "[tools]") {
  Harness h;
  h.initialize();
  SECTION("wrong type") {
    h.call(1, "echo", {{"text", 5}});
    const Json r = h.out.wait_response(1);
    CHECK(r["result"]["isError"] == true);
    CHECK(text_of(r) == "Invalid argument `text`: must be a string (got 5). Example: \"hello\".");
  }
  SECTION("missing") {
    h.call(1, "echo", Json::object());
    CHECK_THAT(text_of(h.out.wait_response(1)), Catch::Contains("`text`"));
  }
  SECTION("unexpected") {
    h.call(1, "echo", {{"text", "a"}, {"txet", "b"}});
    CHECK(text_of(h.out.wait_response(1)) == "Unexpected argument `txet`. Allowed arguments: text.");
  }
}

TEST_CASE("an exception inside a tool becomes an isError result", "[tools]") {
  Harness h;
  h.initialize();
  h.call(1, "throws", Json::object());
  const Json r = h.out.wait_response(1);
  CHECK(r["result"]["isError"] == true);
  CHECK_THAT(text_of(r), Catch::Contains("boom") && Catch::Contains("throws"));
}

TEST_CASE("the tool context carries the deadline and settings", "[tools]") {
  ca::FakeClock clock;
  ca::server::SessionOptions options;
  options.clock = &clock;
  options.call_timeout = ca::Millis(5000);
  options.tool_settings.text_budget_bytes = 1234;
  Harness h(options);
  h.initialize("2025-06-18");
  h.call(1, "context", Json::object());
  CHECK(h.out.wait_response(1)["result"]["structuredContent"] ==
        Json::parse(R"({"deadline_in_ms":5000,"text_budget_bytes":1234})"));
}

TEST_CASE("ping is answered while every worker is busy", "[tools][concurrency]") {
  ca::server::SessionOptions options;
  options.workers = 1;
  Harness h(options);
  h.initialize();
  h.call(1, "slow", Json::object());
  h.slow->started.wait();
  CHECK(h.request(2, "ping")["result"] == Json::object());
  CHECK_FALSE(h.out.has_response(1));
  h.slow->release.cancel();
  CHECK(h.out.wait_response(1)["result"]["structuredContent"]["cancelled"] == false);
}

TEST_CASE("a full queue answers busy at once instead of hanging", "[tools][concurrency]") {
  ca::server::SessionOptions options;
  options.workers = 1;
  options.queue_limit = 1;
  Harness h(options);
  h.initialize();
  h.call(1, "slow", Json::object());  // runs
  h.call(2, "slow", Json::object());  // waits in the queue
  const Json busy = h.call(3, "echo", {{"text", "x"}});  // answered synchronously
  REQUIRE(!busy.is_null());
  CHECK(busy["result"]["isError"] == true);
  CHECK_THAT(busy["result"]["content"][0]["text"].get<std::string>(), Catch::Contains("busy"));
  h.slow->release.cancel();
  h.wait_idle();
  CHECK(h.out.has_response(1));
  CHECK(h.out.has_response(2));
  h.call(4, "echo", {{"text", "x"}});  // capacity is back
  CHECK_FALSE(h.out.wait_response(4)["result"].contains("isError"));
}

TEST_CASE("a request id that is still in flight is rejected with -32600", "[tools]") {
  Harness h;
  h.initialize();
  h.call(1, "slow", Json::object());
  CHECK(h.call(1, "echo", {{"text", "x"}})["error"]["code"] == -32600);
}

TEST_CASE("a cancelled running call gets its token set and sends no response", "[tools][cancel]") {
  Harness h;
  h.initialize();
  h.call(7, "slow", Json::object());
  h.slow->started.wait();
  h.cancel(7);
  h.slow->finished.wait();
  h.wait_idle();
  CHECK(h.slow->saw_cancel);
  CHECK_FALSE(h.out.has_response(7));
  CHECK(h.request(8, "ping")["result"] == Json::object());  // and the session carries on
}

TEST_CASE("a call cancelled while queued never runs and sends no response", "[tools][cancel]") {
  ca::server::SessionOptions options;
  options.workers = 1;
  Harness h(options);
  h.initialize();
  h.call("a", "slow", Json::object());
  h.slow->started.wait();
  h.call("b", "slow", Json::object());
  h.cancel("b");
  h.slow->release.cancel();
  h.wait_idle();
  CHECK(h.slow->started_count == 1);
  CHECK(h.out.has_response("a"));
  CHECK_FALSE(h.out.has_response("b"));
}

TEST_CASE("cancel_all cancels every call, and none of them is answered", "[tools][cancel]") {
  Harness h;
  h.initialize();
  h.call(1, "slow", Json::object());
  h.call(2, "slow", Json::object());
  h.session->cancel_all();
  h.wait_idle();
  CHECK_FALSE(h.out.has_response(1));
  CHECK_FALSE(h.out.has_response(2));
}

TEST_CASE("progress is sent with strictly increasing values and never after the response", "[tools][progress]") {
  Harness h;
  h.initialize();
  h.call(1, "progress", {{"values", {1, 1, 0.5, 2, 3.5}}}, {{"progressToken", "tok"}});
  h.out.wait_response(1);
  h.wait_idle();
  const auto progress = h.out.with_method("notifications/progress");
  REQUIRE(progress.size() == 3);
  CHECK(progress[0]["params"] == Json::parse(R"({"progressToken":"tok","progress":1.0,"total":10.0,)"
                                             R"("message":"step 1"})"));
  CHECK(progress[1]["params"]["progress"] == 2.0);
  CHECK(progress[2]["params"]["progress"] == 3.5);
  // Every progress line precedes the response line.
  const auto messages = h.out.messages();
  CHECK(messages.back().contains("result"));
  // A tool that kept its callback cannot send progress after the response.
  REQUIRE(h.progress->saved_progress);
  h.progress->saved_progress(99, std::nullopt, "late");
  CHECK(h.out.with_method("notifications/progress").size() == 3);
}

TEST_CASE("without a progressToken a tool's progress goes nowhere", "[tools][progress]") {
  Harness h;
  h.initialize();
  h.call(1, "progress", {{"values", {1, 2}}});
  CHECK(h.out.wait_response(1)["result"]["structuredContent"]["wanted_progress"] == false);
  CHECK(h.out.with_method("notifications/progress").empty());
}

TEST_CASE("progress messages are left out before 2025-03-26", "[tools][progress]") {
  Harness h;
  h.initialize("2024-11-05");
  h.call(1, "progress", {{"values", {1}}}, {{"progressToken", 5}});
  h.out.wait_response(1);
  const auto progress = h.out.with_method("notifications/progress");
  REQUIRE(progress.size() == 1);
  CHECK(progress[0]["params"] == Json::parse(R"({"progressToken":5,"progress":1.0,"total":10.0})"));
}

TEST_CASE("drain lets the calls in flight finish and answers them", "[tools][shutdown]") {
  Harness h;
  h.initialize();
  h.call(1, "slow", Json::object());
  h.slow->started.wait();
  h.slow->release.cancel();
  CHECK(h.session->drain(ca::Millis(0)));
  CHECK(h.out.has_response(1));
}

TEST_CASE("drain cancels calls that outlive their deadline", "[tools][shutdown]") {
  ca::FakeClock clock;  // never advances: every deadline lies 1 ms ahead
  ca::server::SessionOptions options;
  options.clock = &clock;
  options.call_timeout = ca::Millis(1);
  Harness h(options);
  h.initialize();
  h.call(1, "slow", Json::object());
  h.slow->started.wait();
  h.session->drain(ca::Millis(0));  // past the deadline at once: cancels
  h.wait_idle();
  CHECK(h.slow->saw_cancel);
  CHECK_FALSE(h.out.has_response(1));
}
