// Upstream body -> tool result, for every tool: a real api::Client whose upstream is canned (the client's test seam,
// make_canned_transport: no socket, a FakeClock so retries, pacing and polls take no real time) answers every
// request of a tool call with the fuzzed bytes as its body, and the call runs through the registry exactly as the
// server runs it (ToolRegistry::run). Input: one byte choosing the call (a tool with fixed valid arguments; each
// route the tools use is reached by one of them), one byte choosing the answer's status and headers, then the
// body. Properties: no crash, throw or sanitizer report; the call ends with a result; an error says something and
// is neither "failed unexpectedly" (a tool threw) nor an output-schema breach; and a success satisfies the tool's
// output schema (checked here again, independently of the registry's own check).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "client/client.hpp"
#include "client/transport.hpp"
#include "tests/fuzz/fuzz_support.hpp"
#include "tools/product_tools.hpp"
#include "tools/schema_validator.hpp"

namespace {

using ca::Json;

struct CallCase {
  const char* tool;
  const char* arguments;  // JSON
};

// Each route the tools call: GET /whoami, GET /accounts (listing and handle resolution), POST /accounts/metrics,
// /videos/metrics, /account-videos/metrics, POST /accounts then GET /accounts/{id} (polling), GET /creators/top,
// GET /overview, GET /search, GET /account-videos, GET /videos, POST /videos/deltas, and call_api's raw GET.
const CallCase kCalls[] = {
    {"whoami", "{}"},
    {"list_accounts", R"({"fields":["all"]})"},
    {"list_accounts", R"({"max_results":1,"platform":"tiktok","order_by":"follower_count"})"},
    {"get_metrics", R"({"account_ids":["0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b"]})"},
    {"get_metrics", R"({"accounts":["instagram:natgeo","tiktok:@khaby.lame"]})"},
    {"get_metrics", R"({"video_ids":["5d9e8f7a-1b2c-4d3e-8f4a-5b6c7d8e9f01"],"period":"7d"})"},
    {"get_metrics", R"({"instagram_post_ids":[1234567],"tiktok_video_ids":[7654321]})"},
    {"add_account", R"({"platform":"instagram","username":"natgeo","wait_seconds":20})"},
    {"top_creators", R"({"period":"7d","limit":25})"},
    {"get_overview", R"({"period":"90d"})"},
    {"search", R"({"query":"nat","limit":25})"},
    {"list_videos", R"({"fields":["all"]})"},
    {"list_videos", R"({"source":"tracked","account":"tiktok:khaby.lame","order_by":"view_count"})"},
    {"get_video_growth", R"({"video_ids":["5d9e8f7a-1b2c-4d3e-8f4a-5b6c7d8e9f01"],"windows":[1,7,30]})"},
    {"call_api", R"({"path":"/creators?limit=5"})"},
    {"list_creators", R"({"max_results":3})"},
    {"list_creators", R"({"creator_id":"0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b"})"},
    {"get_metrics", R"({"creator_ids":["0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b"],"period":"7d"})"},
    {"add_video", R"({"identifier":"https://www.tiktok.com/@x/video/7300000000000000001","wait_seconds":20})"},
    {"add_creator", R"({"name":"Fuzz","accounts":["0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b","instagram:natgeo"]})"},
    {"update_creator", R"({"creator_id":"0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b","is_active":false})"},
};
constexpr std::size_t kCallCount = sizeof(kCalls) / sizeof(kCalls[0]);

// Statuses a tool call can meet: successes, a bare 304, refusals and the retried ones (Retry-After 1 s).
constexpr int kStatuses[8] = {200, 200, 201, 304, 404, 409, 429, 503};

// Bits 0-2: the status; bits 3-4: Content-Type (JSON, problem+json, none, text/html); bit 5: an ETag; bit 6:
// X-RateLimit-* headers (a spent window with its reset a minute ahead); bit 7: Content-Length that disagrees.
ca::api::CannedResponse answer(std::uint8_t variant, const std::string& body, ca::WallTime now) {
  ca::api::CannedResponse out;
  out.status = kStatuses[variant & 7];
  static const char* const kTypes[4] = {"application/json", "application/problem+json", nullptr, "text/html"};
  if (const char* type = kTypes[(variant >> 3) & 3]) out.headers.add("Content-Type", type);
  if (variant & 0x20) out.headers.add("ETag", "\"v1\"");
  if (variant & 0x40) {
    const auto epoch = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    out.headers.add("X-RateLimit-Limit", "100");
    out.headers.add("X-RateLimit-Remaining", "0");
    out.headers.add("X-RateLimit-Reset", std::to_string(epoch + 60));
  }
  if (out.status == 429 || out.status == 503) out.headers.add("Retry-After", "1");
  if (variant & 0x80) out.headers.add("Content-Length", std::to_string(body.size() + 1));
  out.headers.add("X-Request-ID", "req_fuzz");
  out.body = body;
  return out;
}

ca::api::ClientConfig canned_config(ca::FakeClock& clock) {
  ca::api::ClientConfig config;
  config.base_url = "https://api.example.test/v2";
  config.api_key = "fuzz-canned-key";
  config.clock = &clock;
  config.max_attempts = 2;  // one retry: the retry path runs, and a canned answer does not change when asked again
  return config;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ca::fuzz::quiet_logging();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const CallCase& call = kCalls[data[0] % kCallCount];
  const std::uint8_t variant = data[1];
  const std::string body(reinterpret_cast<const char*>(data) + 2, size - 2);

  // A client per input: its ETag cache and rate budget (shared per key only while a client holds it) start empty,
  // so an input always replays the same way.
  ca::FakeClock clock;
  int requests = 0;
  ca::api::Client client(canned_config(clock), ca::api::make_canned_transport([&](const ca::api::AttemptRequest&) {
                           ++requests;
                           return answer(variant, body, clock.wall_now());
                         }));
  // call_api is opt-in: the registry offers it only when it is the tool under test.
  const ca::tools::ToolRegistry registry = ca::tools::build_product_registry(
      &client, std::string(call.tool) == "call_api" ? ca::tools::ToolSelection{.read_only = false, .tools = {"call_api"}, .exclude = {}}
                                                    : ca::tools::ToolSelection{});
  ca::tools::Tool* tool = registry.find(call.tool);
  CA_FUZZ_CHECK(tool != nullptr, "every fuzzed tool is registered");

  ca::tools::ToolContext context;
  context.clock = &clock;
  const ca::tools::ToolResult result = registry.run(*tool, Json::parse(call.arguments), context);
  CA_FUZZ_CHECK(requests > 0, "the call reached the upstream");
  if (result.is_error) {
    ca::fuzz::check_tool_error(tool->definition().name, result.error_message);
  } else {
    CA_FUZZ_CHECK(result.structured.is_object(), "a success is an object");
    CA_FUZZ_CHECK(!ca::tools::validate_result(result.structured, tool->definition().output_schema),
                  "a success satisfies the tool's output schema");
  }
  return 0;
}
