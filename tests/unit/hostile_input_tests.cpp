// Input lines that used to end the process (issue 8 item 4): numbers outside a double's range, initialize params
// of the wrong type, NUL bytes. Each is answered with a JSON-RPC error (with the request's id whenever it can be
// read), and the session keeps serving.
#include "server/json_numbers.hpp"
#include "test_support.hpp"

using ca::Json;
using ca::test::error_code;
using ca::test::error_message;
using ca::test::Harness;

namespace {


const std::string k400Digits = "1" + std::string(399, '0');

// The session still answers a plain ping after whatever came before.
void check_still_serving(Harness& h) {
  CHECK(h.request("still-alive", "ping")["result"] == Json::object());
}

}  // namespace

TEST_CASE("a number outside a double's range as the id is -32600 with id null", "[hostile]") {
  Harness h;
  h.send(std::string(R"({"jsonrpc":"2.0","id":1e999,"method":"ping"})"));
  const Json r = h.out.last();
  CHECK(error_code(r) == -32600);
  CHECK(r["id"].is_null());
  CHECK_THAT(error_message(r), Catch::Contains("1e999"));
  check_still_serving(h);
}

TEST_CASE("a number outside a double's range in params is -32602 naming the field, with the request's id",
          "[hostile]") {
  Harness h;
  SECTION("before initialize") {}
  SECTION("after initialize") { h.initialize(); }
  h.send(R"({"jsonrpc":"2.0","id":2,"method":"ping","params":{"n":1e999}})");
  const Json r = h.out.last();
  CHECK(r["id"] == 2);
  CHECK(error_code(r) == -32602);
  CHECK_THAT(error_message(r), Catch::Contains("params.n") && Catch::Contains("1e999"));
  h.send(R"({"jsonrpc":"2.0","id":3,"method":"ping","params":{"list":[1,)" + k400Digits + "]}}");
  CHECK(h.out.last()["id"] == 3);
  CHECK_THAT(error_message(h.out.last()), Catch::Contains("params.list[1]"));
  check_still_serving(h);
}

TEST_CASE("a number outside a double's range in a notification is ignored", "[hostile]") {
  Harness h;
  h.send(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":-1e999}})");
  h.send(R"({"jsonrpc":"2.0","method":"notifications/initialized","params":{"x":)" + k400Digits + "}}");
  CHECK(h.out.size() == 0);
  check_still_serving(h);
}

TEST_CASE("a number outside a double's range in tool arguments is an isError result naming the argument",
          "[hostile][tools]") {
  Harness h;
  h.initialize();
  SECTION("as an object") { h.send(R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"text":)" + k400Digits + "}}}"); }
  SECTION("double-encoded as a string") {
    h.send(R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":"{\"text\":)" + k400Digits + R"(}"}})");
  }
  const Json r = h.out.wait_response(7);
  REQUIRE(r.contains("result"));
  CHECK(r["result"]["isError"] == true);
  const std::string text = r["result"]["content"][0]["text"];
  CHECK_THAT(text, Catch::StartsWith("Invalid argument `text`:") && Catch::Contains("1000000000"));
  check_still_serving(h);
}

TEST_CASE("a number outside a double's range nested in tool arguments names its path", "[hostile][tools]") {
  Harness h;
  h.initialize();
  h.send(R"({"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"progress","arguments":{"values":[1,-2e400]}}})");
  const Json r = h.out.wait_response(8);
  CHECK(r["result"]["isError"] == true);
  CHECK_THAT(r["result"]["content"][0]["text"].get<std::string>(), Catch::StartsWith("Invalid argument `values[1]`:"));
}

TEST_CASE("at 2025-03-26 a batch element with an out-of-range number gets its own error", "[hostile][batch]") {
  Harness h;
  h.initialize("2025-03-26");
  h.send(R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"ping","params":{"n":1e999}}])");
  const Json batch = h.out.last();
  REQUIRE(batch.is_array());
  REQUIRE(batch.size() == 2);
  for (const auto& r : batch) {
    if (r["id"] == 1) CHECK(r["result"] == Json::object());
    if (r["id"] == 2) CHECK(error_code(r) == -32602);
  }
}

TEST_CASE("initialize with clientInfo of the wrong type is -32602; null counts as absent", "[hostile][lifecycle]") {
  Harness h;
  const std::string client_info = GENERATE("\"a string\"", "[1,2]", "42", "true", R"({"name":5,"version":"0"})");
  h.send(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":)" +
         client_info + "}}");
  const Json r = h.out.last();
  CHECK(r["id"] == 1);
  CHECK(error_code(r) == -32602);
  CHECK_THAT(error_message(r), Catch::Contains("clientInfo"));
  // Not initialized by the failed attempt.
  CHECK(error_code(h.request(2, "tools/list")) == -32600);
  check_still_serving(h);
}

TEST_CASE("initialize with clientInfo null is answered like one without clientInfo", "[hostile][lifecycle]") {
  Harness h;
  h.send(std::string(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":null}})"));
  CHECK(h.out.last()["result"]["protocolVersion"] == "2025-11-25");
}

TEST_CASE("params fields of the wrong type are -32602 naming the field", "[hostile]") {
  Harness h;
  SECTION("initialize protocolVersion") {
    const Json r = h.request(1, "initialize", {{"protocolVersion", 20251125}, {"capabilities", Json::object()}});
    CHECK(error_code(r) == -32602);
    CHECK_THAT(error_message(r), Catch::Contains("protocolVersion"));
  }
  SECTION("tools/call _meta") {
    h.initialize();
    const Json r = h.request(1, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "x"}}}, {"_meta", "x"}});
    CHECK(error_code(r) == -32602);
    CHECK_THAT(error_message(r), Catch::Contains("_meta"));
  }
  SECTION("tools/call progressToken") {
    h.initialize();
    const Json r = h.call(1, "echo", {{"text", "x"}}, {{"progressToken", 1.5}});
    CHECK(error_code(r) == -32602);
    CHECK_THAT(error_message(r), Catch::Contains("progressToken"));
  }
  check_still_serving(h);
}

TEST_CASE("a NUL byte after a JSON value is a parse error, answered with the id when it is readable",
          "[hostile][jsonrpc]") {
  Harness h;
  SECTION("after a request") {
    h.send(std::string("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}\0{\"x\":1}", 47));
    CHECK(h.out.last()["id"] == 5);
  }
  SECTION("alone after a value") {
    h.send(std::string("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}\0", 41));
    CHECK(h.out.last()["id"] == 5);
  }
  SECTION("inside a broken message") {
    h.send(std::string("{\"jsonrpc\":\"2.0\",\0\"id\":5}", 25));
    CHECK(h.out.last()["id"].is_null());
  }
  CHECK(h.out.size() == 1);
  CHECK(error_code(h.out.last()) == -32700);
  CHECK_THAT(error_message(h.out.last()), Catch::Contains("NUL"));
  check_still_serving(h);
}

TEST_CASE("parse_json_line reads numbers a double cannot hold as null and names where they were", "[hostile]") {
  using ca::server::format_json_path;
  using ca::server::parse_json_line;
  const auto parsed = parse_json_line(R"({"a":[1,-1e400,{"b\u0063":1e999}],"s":"1e999","ok":1.7976931348623157e308})");
  REQUIRE_FALSE(parsed.value.is_discarded());
  CHECK(parsed.value["a"][1].is_null());
  CHECK(parsed.value["a"][2]["bc"].is_null());
  CHECK(parsed.value["s"] == "1e999");  // inside a string it is text, not a number
  CHECK(parsed.value["ok"].get<double>() > 1e308);
  REQUIRE(parsed.out_of_range.size() == 2);
  CHECK(format_json_path(parsed.out_of_range[0].path) == "a[1]");
  CHECK(parsed.out_of_range[0].text == "-1e400");
  CHECK(format_json_path(parsed.out_of_range[1].path) == "a[2].bc");
  CHECK(parse_json_line("2e308").out_of_range.size() == 1);
  CHECK(parse_json_line("1e-999").out_of_range.empty());  // underflow reads as 0, which a double holds
  CHECK(parse_json_line(std::string(500, '9')).out_of_range.front().text == std::string(40, '9') + "...");
}

TEST_CASE("parse_json_line refuses a raw NUL byte but not an escaped one", "[hostile]") {
  using ca::server::parse_json_line;
  CHECK(parse_json_line(R"({"x":"\u0000"})").value["x"] == std::string(1, '\0'));
  const auto nul = parse_json_line(std::string("{\"x\":1}\0", 8));
  CHECK(nul.value.is_discarded());
  CHECK(nul.before_nul == Json{{"x", 1}});
}

TEST_CASE("parse_json_line describes only the first out-of-range numbers, under member names cut short",
          "[hostile]") {
  using ca::server::format_json_path;
  using ca::server::kMaxDescribedNumbers;
  using ca::server::parse_json_line;
  // A megabyte-long member name above ten thousand numbers: described in full, this cost gigabytes.
  const std::string name(1 << 20, 'k');
  std::string numbers;
  for (int i = 0; i < 10'000; ++i) numbers += (i == 0 ? "" : ",") + std::string("1e999");
  const auto parsed = parse_json_line("{\"" + name + "\":[" + numbers + "]}");
  REQUIRE_FALSE(parsed.value.is_discarded());
  CHECK(parsed.value[name].size() == 10'000);
  CHECK(parsed.value[name].back().is_null());  // every one is read as null, described or not
  REQUIRE(parsed.out_of_range.size() == kMaxDescribedNumbers);
  CHECK(format_json_path(parsed.out_of_range.front().path) == std::string(64, 'k') + "...[0]");
  // A cut never splits a character.
  const auto accented = parse_json_line("{\"" + std::string(63, 'a') + "\u00e9tail\":1e999}");
  CHECK(format_json_path(accented.out_of_range.front().path) == std::string(63, 'a') + "...");
}

TEST_CASE("a batch's out-of-range numbers are split by element in one pass", "[hostile][batch]") {
  using ca::server::JsonPath;
  using ca::server::out_of_range_by_element;
  const std::vector<ca::server::OutOfRangeNumber> numbers = {
      {JsonPath{std::size_t{2}, std::string("id")}, "1e999"},
      {JsonPath{std::size_t{0}, std::string("params"), std::string("x")}, "2e999"},
      {JsonPath{std::size_t{9}}, "3e999"},  // beyond the batch: ignored
      {JsonPath{std::string("id")}, "4e999"}};
  const auto split = out_of_range_by_element(numbers, 3);
  REQUIRE(split.size() == 3);
  REQUIRE(split[0].size() == 1);
  CHECK(ca::server::format_json_path(split[0][0].path) == "params.x");
  CHECK(split[1].empty());
  REQUIRE(split[2].size() == 1);
  CHECK(split[2][0].text == "1e999");
}
