// The Streamable HTTP transport in-process: an HttpTransport on 127.0.0.1 (any port) over the fake tools of
// test_support, driven by cpp-httplib's client. Waits are on events and counts; none asserts a duration.
#include <catch2/catch.hpp>

#include <httplib.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <fstream>
#include <thread>

#include "server/http_serve.hpp"
#include "server/http_transport.hpp"
#include "test_support.hpp"
#include "tests/sandbox/raw_socket.hpp"

namespace ca::test {
namespace {

using server::HttpTransport;
using server::HttpTransportSettings;

// Emits progress 1, waits until released (or cancelled), emits progress 2, returns.
class TickerTool final : public FakeTool {
 public:
  TickerTool()
      : FakeTool([] {
          tools::ToolDefinition d;
          d.name = "ticker";
          d.description = "A fake tool for transport tests.";
          d.input_schema = {{"type", "object"}};
          return d;
        }()) {}
  tools::ToolResult call(const Json&, tools::ToolContext& context) override {
    context.progress(1, 2, "first");
    if (++running == 2) second_started.set();
    started.set();
    while (!release.cancelled()) {
      if (context.cancel.wait_for(Millis(5))) {
        saw_cancel = true;
        finished.set();
        return tools::ToolResult::success({{"cancelled", true}});
      }
    }
    context.progress(2, 2, "second");
    finished.set();
    return tools::ToolResult::success({{"cancelled", false}});
  }
  Event started;
  Event finished;
  CancellationToken release;
  std::atomic<bool> saw_cancel{false};
  Event second_started;  // two calls have started (they run at once until `release`)
  std::atomic<int> running{0};
};

const httplib::Headers kJsonAccept = {{"Accept", "application/json, text/event-stream"}};

// kJsonAccept plus one header.
httplib::Headers accept_with(const std::string& name, const std::string& value) {
  httplib::Headers headers = kJsonAccept;
  headers.emplace(name, value);
  return headers;
}

Json initialize_body(const Json& id = 1) {
  return {{"jsonrpc", "2.0"},
          {"id", id},
          {"method", "initialize"},
          {"params",
           {{"protocolVersion", "2025-11-25"},
            {"capabilities", Json::object()},
            {"clientInfo", {{"name", "http-test"}, {"version", "0"}}}}}};
}

Json modern_body(const Json& id, const std::string& method, Json params = Json::object(),
                 const std::string& version = "2026-07-28") {
  params["_meta"] = {{"io.modelcontextprotocol/protocolVersion", version},
                     {"io.modelcontextprotocol/clientInfo", {{"name", "http-test"}, {"version", "0"}}},
                     {"io.modelcontextprotocol/clientCapabilities", Json::object()}};
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

httplib::Headers modern_headers(const std::string& method, const std::string& name = "",
                                const std::string& version = "2026-07-28") {
  httplib::Headers headers = accept_with("MCP-Protocol-Version", version);
  headers.emplace("Mcp-Method", method);
  if (!name.empty()) headers.emplace("Mcp-Name", name);
  return headers;
}

// The JSON-RPC messages of an SSE body, in order.
std::vector<Json> sse_messages(const std::string& body) {
  std::vector<Json> messages;
  std::size_t at = 0;
  while ((at = body.find("data: ", at)) != std::string::npos) {
    const auto end = body.find('\n', at);
    messages.push_back(Json::parse(body.substr(at + 6, end - at - 6)));
    at = end;
  }
  return messages;
}

struct HttpHarness {
  explicit HttpHarness(HttpTransportSettings settings = {}, server::SessionOptions options = {}) {
    registry.add(std::make_unique<EchoTool>());
    auto ticker_tool = std::make_unique<TickerTool>();
    ticker = ticker_tool.get();
    registry.add(std::move(ticker_tool));
    core = std::make_unique<server::ServerCore>(registry, std::move(options));
    if (settings.address.host.empty()) settings.address = {"127.0.0.1", 0, true};
    if (settings.keepalive == Millis(15'000)) settings.keepalive = Millis(100);
    host = settings.address.host;
    transport = std::make_unique<HttpTransport>(*core, std::move(settings));
    port = transport->bind();
    serving = std::thread([this] { transport->serve(); });
    // Serving once a request is answered: stop() before that would find nothing to stop.
    REQUIRE(client().Get("/ready"));
  }
  ~HttpHarness() {
    ticker->release.cancel();
    transport->stop();
    serving.join();
  }
  httplib::Client client() const {
    httplib::Client c(host, port);
    c.set_read_timeout(kSafetyTimeout);
    return c;
  }
  httplib::Result post(const Json& body, httplib::Headers headers = kJsonAccept) const {
    return client().Post("/mcp", headers, dump_compact(body), "application/json");
  }
  // initialize, then notifications/initialized; returns the session id.
  std::string open_session() const {
    auto res = post(initialize_body());
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const std::string id = res->get_header_value("Mcp-Session-Id");
    REQUIRE(!id.empty());
    httplib::Headers headers = kJsonAccept;
    headers.emplace("Mcp-Session-Id", id);
    auto initialized = post({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}, headers);
    REQUIRE(initialized);
    REQUIRE(initialized->status == 202);
    return id;
  }
  static httplib::Headers with_session(const std::string& id) {
    httplib::Headers headers = kJsonAccept;
    headers.emplace("Mcp-Session-Id", id);
    headers.emplace("MCP-Protocol-Version", "2025-11-25");
    return headers;
  }

  tools::ToolRegistry registry;
  std::string host;  // where the transport listens
  TickerTool* ticker = nullptr;
  std::unique_ptr<server::ServerCore> core;
  std::unique_ptr<HttpTransport> transport;
  int port = 0;
  std::thread serving;
};

Json body_of(const httplib::Result& res) {
  REQUIRE(res);
  return Json::parse(res->body);
}

void check_status(const httplib::Result& res, int status) {
  REQUIRE(res);
  CHECK(res->status == status);
}

// An HTTP error status with a JSON-RPC error body of `code`.
void check_refused(const httplib::Result& res, int status, int code) {
  REQUIRE(res);
  CHECK(res->status == status);
  CHECK(body_of(res)["error"]["code"] == code);
}

}  // namespace

TEST_CASE("http: initialize opens a session; its id serves later requests; DELETE ends it", "[http]") {
  HttpHarness h;
  const std::string id = h.open_session();
  CHECK(h.transport->sessions() == 1);
  auto list = h.post({{"jsonrpc", "2.0"}, {"id", 2}, {"method", "tools/list"}}, HttpHarness::with_session(id));
  check_status(list, 200);
  CHECK(list->get_header_value("Content-Type") == "application/json");
  CHECK(body_of(list)["result"]["tools"].size() == 2);

  auto ended = h.client().Delete("/mcp", HttpHarness::with_session(id));
  check_status(ended, 200);
  CHECK(h.transport->sessions() == 0);
  auto after = h.post({{"jsonrpc", "2.0"}, {"id", 3}, {"method", "tools/list"}}, HttpHarness::with_session(id));
  check_status(after, 404);  // the client's cue to initialize again
  CHECK(body_of(after)["error"]["code"] == -32600);
}

TEST_CASE("http: a request without a session id, or with an unknown one, is refused", "[http]") {
  HttpHarness h;
  auto no_session = h.post({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "tools/list"}});
  check_status(no_session, 400);
  auto unknown = h.post({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "tools/list"}},
                        HttpHarness::with_session("not-a-session"));
  check_status(unknown, 404);
  auto delete_unknown = h.client().Delete("/mcp", HttpHarness::with_session("not-a-session"));
  check_status(delete_unknown, 404);
  CHECK(h.transport->sessions() == 0);
}

TEST_CASE("http: a running call streams its progress, then its answer, on the POST's SSE stream", "[http]") {
  HttpHarness h;
  const std::string id = h.open_session();
  std::thread releaser([&] {
    h.ticker->started.wait();
    h.ticker->release.cancel();
  });
  auto res = h.post({{"jsonrpc", "2.0"},
                     {"id", 7},
                     {"method", "tools/call"},
                     {"params", {{"name", "ticker"}, {"arguments", Json::object()}, {"_meta", {{"progressToken", "p"}}}}}},
                    HttpHarness::with_session(id));
  releaser.join();
  check_status(res, 200);
  CHECK(res->get_header_value("Content-Type") == "text/event-stream");
  const auto messages = sse_messages(res->body);
  REQUIRE(messages.size() == 3);
  CHECK(messages[0]["method"] == "notifications/progress");
  CHECK(messages[0]["params"]["progress"] == 1);
  CHECK(messages[1]["params"]["progress"] == 2);
  CHECK(messages[2]["id"] == 7);
  CHECK(messages[2]["result"]["structuredContent"]["cancelled"] == false);
}

TEST_CASE("http: a client that closes its stream cancels its call and frees the worker", "[http]") {
  server::SessionOptions options;
  options.workers = 1;
  HttpHarness h({}, options);
  const std::string id = h.open_session();
  httplib::Request req;
  req.method = "POST";
  req.path = "/mcp";
  req.headers = HttpHarness::with_session(id);
  req.body = dump_compact(Json{{"jsonrpc", "2.0"},
                               {"id", 8},
                               {"method", "tools/call"},
                               {"params", {{"name", "ticker"}, {"arguments", Json::object()}}}});
  req.set_header("Content-Type", "application/json");
  // Hang up as soon as the stream shows anything (a keep-alive comment, sent every 100 ms here).
  req.content_receiver = [](const char*, std::size_t, uint64_t, uint64_t) { return false; };
  httplib::Response res;
  httplib::Error error;
  h.client().send(req, res, error);
  h.ticker->finished.wait();
  CHECK(h.ticker->saw_cancel);
  // The only worker is free again: the next call runs and answers.
  auto echo = h.post({{"jsonrpc", "2.0"},
                      {"id", 9},
                      {"method", "tools/call"},
                      {"params", {{"name", "echo"}, {"arguments", {{"text", "again"}}}}}},
                     HttpHarness::with_session(id));
  REQUIRE(echo);
  const auto answer = echo->get_header_value("Content-Type") == "application/json" ? Json::parse(echo->body)
                                                                                    : sse_messages(echo->body).back();
  CHECK(answer["result"]["structuredContent"]["text"] == "again");
}

TEST_CASE("http: notifications/cancelled ends the cancelled call's stream, without an answer", "[http]") {
  HttpHarness h;
  const std::string id = h.open_session();
  std::thread canceller([&] {
    h.ticker->started.wait();
    auto res = h.post({{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", 11}}}},
                      HttpHarness::with_session(id));
    CHECK(res);
  });
  auto res = h.post({{"jsonrpc", "2.0"},
                     {"id", 11},
                     {"method", "tools/call"},
                     {"params", {{"name", "ticker"}, {"arguments", Json::object()}, {"_meta", {{"progressToken", 1}}}}}},
                    HttpHarness::with_session(id));
  canceller.join();
  check_status(res, 200);
  const auto messages = sse_messages(res->body);
  REQUIRE(messages.size() == 1);  // the first progress notification; no answer follows a cancellation
  CHECK(messages[0]["method"] == "notifications/progress");
  h.ticker->finished.wait();
  CHECK(h.ticker->saw_cancel);
}

TEST_CASE("http: notifications get 202 and no body", "[http]") {
  HttpHarness h;
  const std::string id = h.open_session();
  auto res = h.post({{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", 99}}}},
                    HttpHarness::with_session(id));
  check_status(res, 202);
  CHECK(res->body.empty());
}

TEST_CASE("http: DNS rebinding is refused: a foreign Origin or Host gets 403", "[http]") {
  HttpHarness h;
  const httplib::Headers evil_origin = accept_with("Origin", "http://evil.example");
  auto res = h.post(initialize_body(), evil_origin);
  check_refused(res, 403, -32600);

  const httplib::Headers evil_host = accept_with("Host", "evil.example:8080");
  res = h.post(initialize_body(), evil_host);
  check_status(res, 403);
  CHECK(h.transport->sessions() == 0);

  const httplib::Headers local_origin = accept_with("Origin", "http://localhost:6274");
  res = h.post(initialize_body(), local_origin);
  check_status(res, 200);
}

TEST_CASE("http: with a token, a request without it or with a wrong one gets 401", "[http]") {
  HttpTransportSettings settings;
  settings.token = "0123456789abcdef-secret";
  HttpHarness h(settings);
  auto res = h.post(initialize_body());
  check_status(res, 401);
  CHECK(res->get_header_value("WWW-Authenticate") == "Bearer");
  CHECK(res->body.find("secret") == std::string::npos);
  const httplib::Headers wrong = accept_with("Authorization", "Bearer 0123456789abcdef-secreX");
  res = h.post(initialize_body(), wrong);
  check_status(res, 401);
  const httplib::Headers right = accept_with("Authorization", "Bearer 0123456789abcdef-secret");
  res = h.post(initialize_body(), right);
  check_status(res, 200);
}

TEST_CASE("http: hostile requests get HTTP or JSON-RPC errors and the server keeps serving", "[http]") {
  HttpTransportSettings settings;
  settings.max_body_bytes = 4096;
  HttpHarness h(settings);
  auto client = h.client();
  auto res = client.Post("/mcp", kJsonAccept, std::string(10'000, '['), "application/json");
  check_status(res, 413);
  res = client.Post("/mcp", kJsonAccept, "{not json", "application/json");
  check_refused(res, 400, -32700);
  res = client.Post("/mcp", kJsonAccept, dump_compact(initialize_body()), "text/plain");
  check_status(res, 415);
  res = client.Post("/mcp", {{"Accept", "text/html"}}, dump_compact(initialize_body()), "application/json");
  check_status(res, 406);
  res = client.Get("/mcp", kJsonAccept);
  check_status(res, 405);
  res = client.Post("/elsewhere", kJsonAccept, dump_compact(initialize_body()), "application/json");
  check_status(res, 404);
  res = client.Post("/mcp", kJsonAccept, "[]", "application/json");
  check_status(res, 400);
  res = client.Post("/mcp", kJsonAccept, std::string("{\"jsonrpc\":\"2.0\",\"id\":1,\0}", 25), "application/json");
  check_status(res, 400);
  CHECK(h.transport->sessions() == 0);
  h.open_session();  // still serving
}

TEST_CASE("http: a chunked body or one without a length gets 411 before it is read", "[http]") {
  // httplib 0.11 caps only bodies with a Content-Length; a chunked one would grow without bound. Only the headers
  // are sent: the 411 must come without the server waiting for (or reading) any body.
  HttpHarness h;
  const std::string head = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                           "Accept: application/json, text/event-stream\r\nConnection: close\r\n";
  for (const std::string& framing : {std::string("Transfer-Encoding: chunked\r\n"), std::string()}) {
    const auto reply = sandbox::testing::raw_exchange(h.port, head + framing + "\r\n");
    INFO(reply.bytes);
    CHECK(reply.bytes.rfind("HTTP/1.1 411", 0) == 0);
  }
  CHECK(h.transport->sessions() == 0);
  h.open_session();  // still serving
}

TEST_CASE("http: a deeply nested body is refused with a JSON-RPC error, not a crash", "[http]") {
  // The transport reads the body to route it before the session's own depth check: it must check first too.
  HttpHarness h;
  auto client = h.client();
  const std::string deep = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"a\":" +
                           std::string(200'000, '[') + std::string(200'000, ']') + "}}";
  auto res = client.Post("/mcp", kJsonAccept, deep, "application/json");
  REQUIRE(res);
  CHECK(res->status >= 400);
  CHECK(res->body.find("nested deeper") != std::string::npos);
  h.open_session();  // still serving
}

namespace {

Json tools_list_request(int id) { return {{"jsonrpc", "2.0"}, {"id", id}, {"method", "tools/list"}}; }

// Posts a ticker call on the session from a thread of its own; the call runs until the ticker is released.
std::thread run_ticker(HttpHarness& h, const std::string& session, int id) {
  return std::thread([&h, session, id] {
    h.post({{"jsonrpc", "2.0"}, {"id", id}, {"method", "tools/call"},
            {"params", {{"name", "ticker"}, {"arguments", Json::object()}}}},
           HttpHarness::with_session(session));
  });
}

}  // namespace

TEST_CASE("http: at --http-max-sessions a new session replaces the least recently used idle one, never a busy one",
          "[http]") {
  FakeClock clock;
  HttpTransportSettings settings;
  settings.clock = &clock;
  settings.max_sessions = 2;
  HttpHarness h(settings);
  const std::string a = h.open_session();
  clock.advance(Millis(10));
  const std::string b = h.open_session();
  clock.advance(Millis(10));
  const std::string c = h.open_session();  // replaces a, the least recently used
  clock.advance(Millis(10));
  CHECK(h.transport->sessions() == 2);
  check_status(h.post(tools_list_request(2), HttpHarness::with_session(a)), 404);
  check_status(h.post(tools_list_request(3), HttpHarness::with_session(b)), 200);  // b is now the most recent
  clock.advance(Millis(10));

  std::thread busy, busy_too;
  // A failed check must not leave a blocked call's thread unjoined (std::terminate would end every test).
  struct ReleaseAndJoin {
    HttpHarness& h;
    std::thread& first;
    std::thread& second;
    ~ReleaseAndJoin() {
      h.ticker->release.cancel();
      if (first.joinable()) first.join();
      if (second.joinable()) second.join();
    }
  } guard{h, busy, busy_too};
  busy = run_ticker(h, c, 4);  // c, now the least recently used, has a call running
  h.ticker->started.wait();
  const std::string d = h.open_session();  // replaces b, not the busy c
  check_status(h.post(tools_list_request(5), HttpHarness::with_session(b)), 404);
  CHECK(h.transport->sessions() == 2);

  busy_too = run_ticker(h, d, 6);  // every session busy: one more initialize gets 503
  h.ticker->second_started.wait();
  auto res = h.post(initialize_body());
  check_status(res, 503);
  CHECK(res->get_header_value("Retry-After") == "60");
  h.ticker->release.cancel();
  busy.join();
  busy_too.join();
  check_status(h.post(tools_list_request(7), HttpHarness::with_session(c)), 200);
  // DELETE frees a place as before.
  REQUIRE(h.client().Delete("/mcp", HttpHarness::with_session(c))->status == 200);
  CHECK(h.transport->sessions() == 1);
}

TEST_CASE("http: a session idle past --http-session-idle-ms is ended; its client gets 404", "[http]") {
  FakeClock clock;
  HttpTransportSettings settings;
  settings.clock = &clock;
  settings.session_idle = Millis(60'000);
  HttpHarness h(settings);
  const std::string id = h.open_session();
  clock.advance(Millis(59'999));
  auto res = h.post({{"jsonrpc", "2.0"}, {"id", 2}, {"method", "tools/list"}}, HttpHarness::with_session(id));
  check_status(res, 200);  // used: the idle time starts again
  clock.advance(Millis(60'000));
  res = h.post({{"jsonrpc", "2.0"}, {"id", 3}, {"method", "tools/list"}}, HttpHarness::with_session(id));
  check_status(res, 404);
  CHECK(h.transport->sessions() == 0);
}

TEST_CASE("http: 2026-07-28 requests are served statelessly, each checked against its mirrored headers", "[http]") {
  HttpHarness h;
  auto res = h.post(modern_body(1, "tools/list"), modern_headers("tools/list"));
  check_status(res, 200);
  CHECK(res->has_header("Mcp-Session-Id") == false);
  CHECK(body_of(res)["result"]["resultType"] == "complete");
  CHECK(h.transport->sessions() == 0);

  auto call = h.post(modern_body(2, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "hi"}}}}),
                     modern_headers("tools/call", "=?base64?ZWNobw==?="));  // "echo", in the sentinel encoding
  check_status(call, 200);

  SECTION("a missing or different header: 400 with -32020") {
    httplib::Headers headers = modern_headers("tools/list");
    headers.erase("Mcp-Method");
    res = h.post(modern_body(3, "tools/list"), headers);
    check_refused(res, 400, -32020);
    res = h.post(modern_body(4, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "hi"}}}}),
                 modern_headers("tools/call", "other"));
    check_refused(res, 400, -32020);
    res = h.post(modern_body(5, "tools/list"), modern_headers("tools/list", "", "2099-01-01"));
    check_refused(res, 400, -32020);
  }
  SECTION("a version header that contradicts the body is -32020 even when the body's version is unknown") {
    res = h.post(modern_body(8, "server/discover", Json::object(), "v999.0.0"), modern_headers("server/discover"));
    check_refused(res, 400, -32020);
  }
  SECTION("a missing _meta envelope: 400 with -32602; an unknown tool stays a 200 with -32602") {
    res = h.post({{"jsonrpc", "2.0"}, {"id", 9}, {"method", "server/discover"}, {"params", Json::object()}},
                 modern_headers("server/discover"));
    check_refused(res, 400, -32602);
    res = h.post(modern_body(10, "tools/call", {{"name", "nope"}, {"arguments", Json::object()}}),
                 modern_headers("tools/call", "nope"));
    check_refused(res, 200, -32602);
  }
  SECTION("an unsupported version: 400 with -32022; an unknown method: 404 with -32601") {
    res = h.post(modern_body(6, "tools/list", Json::object(), "2099-01-01"),
                 modern_headers("tools/list", "", "2099-01-01"));
    check_refused(res, 400, -32022);
    res = h.post(modern_body(7, "no/such"), modern_headers("no/such"));
    check_refused(res, 404, -32601);
  }
}

TEST_CASE("http: --http settings: an address beyond loopback needs a token file", "[http]") {
  server::HttpOptions options;
  options.listen = "0.0.0.0:8080";
  auto settings = server::http_settings(options, 1 << 20);
  REQUIRE(std::holds_alternative<std::string>(settings));
  CHECK_THAT(std::get<std::string>(settings), Catch::Contains("--http-token-file"));

  options.listen = "127.0.0.1:8080";
  CHECK(std::holds_alternative<HttpTransportSettings>(server::http_settings(options, 1 << 20)));
  options.listen = "[::1]:0";
  CHECK(std::get<HttpTransportSettings>(server::http_settings(options, 1 << 20)).address.loopback);
  for (const char* bad : {"8080", "127.0.0.1", "127.0.0.1:99999", "::1:80", "127.0.0.1:x"}) {
    options.listen = bad;
    CHECK(std::holds_alternative<std::string>(server::http_settings(options, 1 << 20)));
  }
}

TEST_CASE("http: loopback is decided by the parsed address, never by how a name looks", "[http]") {
  server::HttpOptions options;
  for (const char* loopback : {"127.0.0.1:0", "127.1.2.3:0", "localhost:0", "[::1]:0", "[0:0:0:0:0:0:0:1]:0",
                               "[::ffff:127.0.0.1]:0"}) {
    INFO(loopback);
    options.listen = loopback;
    const auto settings = server::http_settings(options, 1 << 20);
    REQUIRE(std::holds_alternative<HttpTransportSettings>(settings));
    CHECK(std::get<HttpTransportSettings>(settings).address.loopback);
  }
  // A name that starts like a loopback address may resolve anywhere: it needs the token file.
  for (const char* beyond : {"127.example.com:8080", "127.0.0.1.nip.io:8080", "[::ffff:10.0.0.1]:8080",
                             "128.0.0.1:8080", "[::2]:8080"}) {
    INFO(beyond);
    options.listen = beyond;
    const auto settings = server::http_settings(options, 1 << 20);
    REQUIRE(std::holds_alternative<std::string>(settings));
    CHECK_THAT(std::get<std::string>(settings), Catch::Contains("--http-token-file"));
  }
}

TEST_CASE("http: bound to this host's own non-loopback address, only the token's holder gets in", "[http]") {
  // The machine's first non-loopback IPv4 address; without one there is nothing to bind beyond loopback.
  std::string address;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) == 0) {
    for (ifaddrs* it = list; it && address.empty(); it = it->ifa_next) {
      if (!it->ifa_addr || it->ifa_addr->sa_family != AF_INET) continue;
      char text[INET_ADDRSTRLEN];
      inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(it->ifa_addr)->sin_addr, text, sizeof text);
      if (std::string(text).rfind("127.", 0) != 0) address = text;
    }
    freeifaddrs(list);
  }
  if (address.empty()) {
    WARN("no non-loopback IPv4 address on this machine; skipped");
    return;
  }
  HttpTransportSettings settings;
  settings.address = {address, 0, false};
  settings.token = "a-token-of-24-characters";
  HttpHarness h(settings);
  auto client = h.client();
  auto res = client.Post("/mcp", kJsonAccept, dump_compact(initialize_body()), "application/json");
  check_status(res, 401);
  const httplib::Headers headers = accept_with("Authorization", "Bearer a-token-of-24-characters");
  res = client.Post("/mcp", headers, dump_compact(initialize_body()), "application/json");
  check_status(res, 200);
  // Loopback no longer answers: the server listens on that address only.
  CHECK_FALSE(httplib::Client("127.0.0.1", h.port).Post("/mcp", headers, "{}", "application/json"));
}

}  // namespace ca::test
