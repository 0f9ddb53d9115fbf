// JSON-RPC framing rules and error codes, as answered by the Session.
#include "server/json_depth.hpp"
#include "test_support.hpp"

using ca::Json;
using ca::test::error_code;
using ca::test::Harness;

TEST_CASE("a line that is not JSON is answered with -32700 and id null", "[jsonrpc]") {
  Harness h;
  h.send(std::string("{\"jsonrpc\":\"2.0\",\"id\":1,"));
  const Json r = h.out.last();
  CHECK(error_code(r) == -32700);
  CHECK(r["id"].is_null());
}

TEST_CASE("invalid UTF-8 in a line is replaced with U+FFFD instead of failing the parse", "[jsonrpc]") {
  Harness h;
  h.send(std::string("{\"jsonrpc\":\"2.0\",\"id\":\"a\xff\xc3(b\",\"method\":\"ping\"}"));
  const Json r = h.out.last();
  CHECK(r["id"] == "a\xEF\xBF\xBD\xEF\xBF\xBD(b");
  CHECK(r["result"] == Json::object());
}

TEST_CASE("messages that are not request objects are answered with -32600", "[jsonrpc]") {
  Harness h;
  h.initialize();
  SECTION("a number") { h.send(std::string("42")); }
  SECTION("a string") { h.send(std::string("\"ping\"")); }
  SECTION("an object without method or id") { h.send(std::string("{\"jsonrpc\":\"2.0\"}")); }
  SECTION("a non-string method") { h.send(std::string("{\"jsonrpc\":\"2.0\",\"method\":7}")); }
  const Json r = h.out.last();
  CHECK(error_code(r) == -32600);
  CHECK(r["id"].is_null());
}

TEST_CASE("a request with a bad jsonrpc member is -32600 and keeps its id", "[jsonrpc]") {
  Harness h;
  SECTION("wrong version") { h.send(std::string("{\"jsonrpc\":\"1.0\",\"id\":5,\"method\":\"ping\"}")); }
  SECTION("missing") { h.send(std::string("{\"id\":5,\"method\":\"ping\"}")); }
  const Json r = h.out.last();
  CHECK(error_code(r) == -32600);
  CHECK(r["id"] == 5);
}

TEST_CASE("null, boolean, fractional and object ids are -32600 with id null", "[jsonrpc]") {
  Harness h;
  const std::string id = GENERATE("null", "true", "1.5", "{}", "[1]");
  h.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");
  const Json r = h.out.last();
  CHECK(error_code(r) == -32600);
  CHECK(r["id"].is_null());
}

TEST_CASE("string and integer ids are echoed exactly", "[jsonrpc]") {
  Harness h;
  CHECK(h.request("abc", "ping")["result"] == Json::object());
  CHECK(h.request(-7, "ping")["id"] == -7);
  CHECK(h.request(9007199254740993LL, "ping")["id"] == 9007199254740993LL);
}

TEST_CASE("unknown methods are -32601 at once, before and after initialize", "[jsonrpc]") {
  Harness h;
  CHECK(error_code(h.request(1, "prompts/list")) == -32601);
  h.initialize();
  CHECK(error_code(h.request(2, "resources/list")) == -32601);
  CHECK(error_code(h.request(3, "server/discover")) == -32601);  // a 2026-07-28 method, after a legacy handshake
}

TEST_CASE("notifications are never answered, known or not, valid or not", "[jsonrpc]") {
  Harness h;
  h.send(std::string("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
  h.send(std::string("{\"jsonrpc\":\"2.0\",\"method\":\"no/such/notification\",\"params\":{}}"));
  h.send(std::string("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":99}}"));
  h.send(std::string("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":[1]}"));
  CHECK(h.out.size() == 0);
}

TEST_CASE("responses sent by the client are ignored", "[jsonrpc]") {
  Harness h;
  h.send(std::string("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}"));
  h.send(std::string("{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":1,\"message\":\"x\"}}"));
  CHECK(h.out.size() == 0);
}

TEST_CASE("requests other than initialize and ping before initialize get -32600 saying so", "[jsonrpc][lifecycle]") {
  Harness h;
  CHECK(h.request(1, "ping")["result"] == Json::object());
  for (const char* method : {"tools/list", "tools/call", "logging/setLevel"}) {
    const Json r = h.request(method, method);
    CHECK(error_code(r) == -32600);
    CHECK_THAT(r["error"]["message"].get<std::string>(), Catch::Contains("not initialized"));
  }
}

TEST_CASE("params that are not an object are -32602", "[jsonrpc]") {
  Harness h;
  h.initialize();
  h.send(std::string("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":[1,2]}"));
  CHECK(error_code(h.out.last()) == -32602);
}

TEST_CASE("every output line is one compact line", "[jsonrpc]") {
  Harness h;
  h.initialize();
  h.call(1, "echo", {{"text", "two\nlines \xff"}});
  h.out.wait_response(1);
  for (const auto& line : h.out.lines()) {
    CHECK(line.find('\n') == std::string::npos);
    CHECK(line.find(": ") == std::string::npos);
  }
}

TEST_CASE("batches are -32600 unless 2025-03-26 was negotiated", "[jsonrpc][batch]") {
  Harness h;
  SECTION("before initialize") {}
  SECTION("at 2025-11-25") { h.initialize("2025-11-25"); }
  SECTION("at 2025-06-18") { h.initialize("2025-06-18"); }
  SECTION("at 2024-11-05") { h.initialize("2024-11-05"); }
  h.send(std::string("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"));
  const Json r = h.out.last();
  CHECK(error_code(r) == -32600);
  CHECK(r["id"].is_null());
}

TEST_CASE("at 2025-03-26 a batch is answered with an array of responses", "[jsonrpc][batch]") {
  Harness h;
  h.initialize("2025-03-26");
  const std::size_t before = h.out.size();
  h.send(std::string("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},"
                     "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"},"
                     "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"nope\"},"
                     "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                     "\"arguments\":{\"text\":\"hi\"}}},"
                     "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"initialize\",\"params\":{}},"
                     "7]"));
  h.wait_idle();
  REQUIRE(h.out.size() == before + 1);
  const Json batch = h.out.last();
  REQUIRE(batch.is_array());
  REQUIRE(batch.size() == 5);  // everything but the notification
  std::map<std::string, Json> by_id;
  for (const auto& r : batch) by_id[ca::dump_compact(r["id"])] = r;
  CHECK(by_id["1"]["result"] == Json::object());
  CHECK(error_code(by_id["2"]) == -32601);
  CHECK(by_id["3"]["result"]["content"][0]["text"] == "{\"text\":\"hi\"}");
  CHECK(error_code(by_id["4"]) == -32600);  // initialize must not be batched
  CHECK(error_code(by_id["null"]) == -32600);
}

TEST_CASE("at 2025-03-26 a batch of notifications gets no response, and an empty batch is -32600",
          "[jsonrpc][batch]") {
  Harness h;
  h.initialize("2025-03-26");
  const std::size_t before = h.out.size();
  h.send(std::string("[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}]"));
  CHECK(h.out.size() == before);
  h.send(std::string("[]"));
  CHECK(error_code(h.out.last()) == -32600);
}

TEST_CASE("a line nested deeper than the limit is -32600, without parsing it", "[jsonrpc]") {
  Harness h;
  const auto nested = [](std::size_t depth) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":" + std::string(depth - 2, '[') +
           std::string(depth - 2, ']') + "}}";
  };
  h.send(nested(ca::server::kMaxJsonNesting));
  CHECK(h.out.last()["result"] == Json::object());
  h.send(nested(ca::server::kMaxJsonNesting + 1));
  CHECK(error_code(h.out.last()) == -32600);
  h.send(nested(1'000'000));  // would overflow the stack in nlohmann's recursive copy/destroy
  CHECK(error_code(h.out.last()) == -32600);
}

TEST_CASE("brackets inside strings do not count as nesting", "[jsonrpc]") {
  CHECK_FALSE(ca::server::nests_deeper_than("{\"a\":\"[[[[[\\\"[[[[\"}", 2));
  CHECK(ca::server::nests_deeper_than("[[[\"]]]\"]]]", 2));
}

TEST_CASE("\"params\": null counts as no params", "[jsonrpc]") {
  Harness h;
  h.send(std::string(R"({"jsonrpc":"2.0","id":1,"method":"ping","params":null})"));
  CHECK(h.out.last()["result"] == Json::object());
}
