// The JSON-RPC layer on its own, under a scripted handler: the reply-once guarantee (answered twice, or never),
// exceptions at the boundary, batches that always complete, cancellation and the in-flight map.
#include <functional>
#include <thread>

#include "server/params.hpp"
#include "server/rpc_connection.hpp"
#include "test_support.hpp"

using ca::Json;
using ca::test::error_code;
using namespace ca::server;

namespace {

class ScriptedHandler final : public rpc::Handler {
 public:
  std::function<void(rpc::Request, rpc::Reply)> on_call = [](rpc::Request, rpc::Reply reply) {
    reply.result(Json::object());
  };
  std::vector<rpc::Reply> kept;  // replies a test holds on to
  std::vector<std::string> notifications;
  bool batches = true;

  void on_request(rpc::Request request, rpc::Reply reply) override { on_call(std::move(request), std::move(reply)); }
  void on_notification(const std::string& method, const Json&) override { notifications.push_back(method); }
  bool accepts_batches() const override { return batches; }
};

struct Fixture {
  ca::test::RecordingChannel out;
  ScriptedHandler handler;
  rpc::Connection connection{out, handler, "notifications/cancelled"};

  void send(const std::string& line) { connection.receive(line); }
  void request(const Json& id, const std::string& method = "m") {
    send(ca::dump_compact(Json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}}));
  }
  void cancel(const Json& id) {
    send(ca::dump_compact(
        Json{{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", id}}}}));
  }
};

}  // namespace

TEST_CASE("rpc: a request answered twice goes out once", "[rpc]") {
  Fixture f;
  f.handler.on_call = [](rpc::Request, rpc::Reply reply) {
    reply.result({{"n", 1}});
    reply.result({{"n", 2}});
    reply.error(-32603, "late");
  };
  f.request(1);
  REQUIRE(f.out.size() == 1);
  CHECK(f.out.last() == Json::parse(R"({"jsonrpc":"2.0","id":1,"result":{"n":1}})"));
  CHECK(f.connection.in_flight() == 0);
}

TEST_CASE("rpc: a request dropped without an answer is answered -32603 with its id", "[rpc]") {
  Fixture f;
  f.handler.on_call = [](rpc::Request, rpc::Reply) {};
  f.request("dropped");
  const Json r = f.out.last();
  CHECK(r["id"] == "dropped");
  CHECK(error_code(r) == -32603);
  CHECK(f.connection.in_flight() == 0);
}

TEST_CASE("rpc: a request dropped on another thread is answered -32603 there", "[rpc]") {
  Fixture f;
  f.handler.on_call = [](rpc::Request, rpc::Reply reply) {
    std::thread([reply] { (void)reply; }).detach();
  };
  f.request(5);
  CHECK(error_code(f.out.wait_response(5)) == -32603);
  CHECK(f.connection.wait_idle_until(std::chrono::steady_clock::now() + ca::test::kSafetyTimeout));
}

TEST_CASE("rpc: what a handler throws is answered at the boundary", "[rpc]") {
  Fixture f;
  SECTION("InvalidParams is -32602 with its message") {
    f.handler.on_call = [](rpc::Request, rpc::Reply) { throw InvalidParams("Invalid params: \"x\" is wrong"); };
    f.request(1);
    CHECK(error_code(f.out.last()) == -32602);
    CHECK(f.out.last()["error"]["message"] == "Invalid params: \"x\" is wrong");
  }
  SECTION("a standard exception is -32603") {
    f.handler.on_call = [](rpc::Request, rpc::Reply) { throw std::out_of_range("boom"); };
    f.request(1);
    CHECK(error_code(f.out.last()) == -32603);
    CHECK_THAT(f.out.last()["error"]["message"].get<std::string>(), Catch::Contains("boom"));
  }
  SECTION("anything else is -32603") {
    f.handler.on_call = [](rpc::Request, rpc::Reply) { throw 42; };
    f.request(1);
    CHECK(error_code(f.out.last()) == -32603);
  }
  SECTION("after an answer, a throw adds nothing") {
    f.handler.on_call = [](rpc::Request, rpc::Reply reply) {
      reply.result(Json::object());
      throw std::runtime_error("after");
    };
    f.request(1);
    CHECK(f.out.last()["result"] == Json::object());
  }
  CHECK(f.out.size() == 1);
  CHECK(f.out.last()["id"] == 1);
}

TEST_CASE("rpc: a notification whose handler throws is still never answered", "[rpc]") {
  Fixture f;
  struct Throwing final : rpc::Handler {
    void on_request(rpc::Request, rpc::Reply reply) override { reply.result(Json::object()); }
    void on_notification(const std::string&, const Json&) override { throw std::runtime_error("x"); }
    bool accepts_batches() const override { return false; }
  } throwing;
  rpc::Connection connection(f.out, throwing, "notifications/cancelled");
  connection.receive(R"({"jsonrpc":"2.0","method":"notifications/x"})");
  CHECK(f.out.size() == 0);
}

TEST_CASE("rpc: a batch completes even when a handler drops or throws on an element", "[rpc][batch]") {
  Fixture f;
  f.handler.on_call = [&f](rpc::Request request, rpc::Reply reply) {
    if (request.method == "drop") return;
    if (request.method == "throw") throw std::runtime_error("x");
    if (request.method == "later") {
      f.handler.kept.push_back(reply);
      return;
    }
    reply.result({{"method", request.method}});
  };
  f.send(R"([{"jsonrpc":"2.0","id":1,"method":"ok"},{"jsonrpc":"2.0","id":2,"method":"drop"},)"
         R"({"jsonrpc":"2.0","id":3,"method":"throw"},{"jsonrpc":"2.0","id":4,"method":"later"},)"
         R"({"jsonrpc":"2.0","method":"note"},5])");
  CHECK(f.out.size() == 0);  // element 4 is still being worked on
  f.handler.kept.front().result({{"method", "later"}});
  REQUIRE(f.out.size() == 1);
  const Json batch = f.out.last();
  REQUIRE(batch.is_array());
  REQUIRE(batch.size() == 5);
  std::map<std::string, Json> by_id;
  for (const auto& r : batch) by_id[ca::dump_compact(r["id"])] = r;
  CHECK(by_id["1"]["result"]["method"] == "ok");
  CHECK(error_code(by_id["2"]) == -32603);
  CHECK(error_code(by_id["3"]) == -32603);
  CHECK(by_id["4"]["result"]["method"] == "later");
  CHECK(error_code(by_id["null"]) == -32600);
  CHECK(f.handler.notifications == std::vector<std::string>{"note"});
}

TEST_CASE("rpc: batches are refused when the handler does not accept them", "[rpc][batch]") {
  Fixture f;
  f.handler.batches = false;
  f.send(R"([{"jsonrpc":"2.0","id":1,"method":"ok"}])");
  CHECK(error_code(f.out.last()) == -32600);
  CHECK(f.out.last()["id"].is_null());
}

TEST_CASE("rpc: a cancelled request is never answered, and its id is free at once", "[rpc][cancel]") {
  Fixture f;
  f.handler.on_call = [&f](rpc::Request request, rpc::Reply reply) {
    if (request.method == "keep") {
      f.handler.kept.push_back(reply);
    } else {
      reply.result(Json::object());
    }
  };
  f.request(9, "keep");
  CHECK(f.connection.in_flight() == 1);
  const rpc::Reply kept = f.handler.kept.front();
  CHECK_FALSE(kept.cancellation().cancelled());
  f.cancel(9);
  CHECK(kept.cancellation().cancelled());
  CHECK_FALSE(kept.notify("notifications/progress", Json::object()));
  f.request(9, "again");  // the client may reuse the id of a request it cancelled
  CHECK(f.out.last() == Json::parse(R"({"jsonrpc":"2.0","id":9,"result":{}})"));
  kept.result({{"late", true}});  // swallowed
  CHECK(f.out.size() == 1);
  f.handler.kept.clear();
  CHECK(f.connection.in_flight() == 0);
}

TEST_CASE("rpc: a cancelled request dropped without an answer is not answered either", "[rpc][cancel]") {
  Fixture f;
  f.handler.on_call = [&f](rpc::Request, rpc::Reply reply) { f.handler.kept.push_back(reply); };
  f.request(3);
  f.cancel(3);
  f.handler.kept.clear();
  CHECK(f.out.size() == 0);
  CHECK(f.connection.in_flight() == 0);
}

TEST_CASE("rpc: an id still in flight is refused with -32600", "[rpc]") {
  Fixture f;
  f.handler.on_call = [&f](rpc::Request, rpc::Reply reply) { f.handler.kept.push_back(reply); };
  f.request("x");
  f.request("x");
  CHECK(error_code(f.out.last()) == -32600);
  CHECK(f.out.last()["id"] == "x");
  f.handler.kept.front().result(Json::object());
  f.handler.kept.clear();
}

TEST_CASE("rpc: request notifications stop at the answer, under the same lock", "[rpc]") {
  Fixture f;
  f.handler.on_call = [&f](rpc::Request, rpc::Reply reply) { f.handler.kept.push_back(reply); };
  f.request(1);
  const rpc::Reply kept = f.handler.kept.front();
  CHECK(kept.notify("notifications/progress", {{"progress", 1}}));
  kept.result(Json::object());
  CHECK_FALSE(kept.notify("notifications/progress", {{"progress", 2}}));
  const auto messages = f.out.messages();
  REQUIRE(messages.size() == 2);
  CHECK(messages[0]["method"] == "notifications/progress");
  CHECK(messages[1]["id"] == 1);
  f.handler.kept.clear();
}

TEST_CASE("rpc: cancel_all cancels what is in flight; answering after the connection is gone is safe",
          "[rpc][cancel]") {
  ca::test::RecordingChannel out;
  ScriptedHandler handler;
  handler.on_call = [&handler](rpc::Request, rpc::Reply reply) { handler.kept.push_back(reply); };
  {
    rpc::Connection connection(out, handler, "notifications/cancelled");
    connection.receive(R"({"jsonrpc":"2.0","id":1,"method":"m"})");
    connection.receive(R"({"jsonrpc":"2.0","id":2,"method":"m"})");
    connection.cancel_all();
    CHECK(handler.kept[0].cancellation().cancelled());
    CHECK(handler.kept[1].cancellation().cancelled());
    CHECK(connection.in_flight() == 2);  // still running until their handlers let go
  }
  handler.kept[0].result(Json::object());
  handler.kept.clear();
  CHECK(out.size() == 0);
}
