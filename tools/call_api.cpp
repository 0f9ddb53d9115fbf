// call_api: the opt-in escape hatch, one request to any path under the configured base URL (tools/api_target.hpp
// says which), for what no tool covers. GET only unless the server offers write tools; the answer compacted.
#include <vector>

#include "client/url_encoding.hpp"
#include "tools/api_target.hpp"
#include "tools/product_tools.hpp"
#include "tools/sanitize.hpp"
#include "tools/tool_support.hpp"

namespace ca::tools {
namespace {

const char* const kDescription =
    "Send one raw request to the CreatorAudit v2 API, for what the other tools do not cover. path is relative to "
    "the API base (no /v2 prefix, no host), with its query string, e.g. /creators?limit=5 or /account-videos/metrics. "
    "GET only, unless this server offers write tools: then POST with a JSON body. Returns the JSON answer with nulls "
    "dropped; over the size cap, arrays are cut and a note says so. Prefer the dedicated tools: they page, batch "
    "and keep results small.";

// Deeper answers are refused rather than walked: no API resource nests more than a few levels, and the walk below
// (and serialisation) is recursive.
constexpr std::size_t kMaxDepth = 64;

std::size_t depth_of(const Json& value) {
  std::size_t deepest = 0;
  std::vector<std::pair<const Json*, std::size_t>> stack = {{&value, 1}};
  while (!stack.empty()) {
    const auto [node, depth] = stack.back();
    stack.pop_back();
    deepest = std::max(deepest, depth);
    if (depth > kMaxDepth) break;
    if (node->is_structured()) {
      for (const auto& child : *node) stack.emplace_back(&child, depth + 1);
    }
  }
  return deepest;
}

// Null members removed at every level (null array entries stay: their positions may matter).
Json without_nulls(const Json& value) {
  if (value.is_object()) {
    Json out = Json::object();
    for (const auto& [key, child] : value.items()) {
      if (!child.is_null()) out[key] = without_nulls(child);
    }
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const auto& child : value) out.push_back(without_nulls(child));
    return out;
  }
  return value;
}

// The longest array in `data` (at the top or one level down, where list answers keep their rows), or nullptr.
Json* largest_array(Json& data) {
  Json* best = nullptr;
  const auto consider = [&best](Json& candidate) {
    if (candidate.is_array() && (!best || candidate.size() > best->size())) best = &candidate;
  };
  for (auto& [key, child] : data.items()) {
    consider(child);
    if (child.is_object()) {
      for (auto& [inner_key, grandchild] : child.items()) consider(grandchild);
    }
  }
  return best;
}

ToolResult call_api(api::Client& client, const Json& arguments, ToolContext& context) {
  const auto target = std::get<ApiTarget>(parse_api_target(optional_string(arguments, "path").value_or("")));
  const std::string method = optional_string(arguments, "method").value_or("GET");
  if (method != "GET" && !context.settings.api_writes) {
    return ToolResult::error(
        "call_api sends only GET on this server: " + method +
        " needs a server that offers write tools (not --read-only, and a write tool such as add_account enabled).");
  }
  const api::CallOptions options = call_options(context);
  auto response = method == "GET" ? client.get(target.path, target.query, options)
                                  : client.post_write(target.path + api::encode_query(target.query),
                                                      arguments.value("body", Json::object()), options);
  if (!response) return api_error_result(response.error());
  const Json& body = response.value();
  if (depth_of(body) > kMaxDepth) {
    return ToolResult::error("The API's answer nests deeper than " + std::to_string(kMaxDepth) +
                             " levels; it is not shown.");
  }
  Json data = sanitize_strings(without_nulls(body.is_object() ? body : Json{{"value", body}}));

  const std::size_t budget = context.settings.text_budget_bytes;
  Json* rows = largest_array(data);
  const std::size_t total = rows ? rows->size() : 0;
  const Json all_rows = rows ? *rows : Json::array();
  FittedResult output = longest_fitting_prefix(total, budget, [&](std::size_t kept) {
    if (rows) *rows = Json(all_rows.begin(), all_rows.begin() + static_cast<std::ptrdiff_t>(kept));
    Json out = {{"data", data}};
    if (kept < total) {
      out["note"] = budget_note(kept, total, "items of the largest list", budget,
                                "Ask for fewer (limit=...) or page with the cursor.");
    }
    return out;
  });
  if (output.text.size() > budget) {
    return ToolResult::success({{"note", "The API's answer is larger than the " + std::to_string(budget) +
                                             "-byte result limit even without its lists; ask for less."}});
  }
  return as_result(std::move(output));
}

}  // namespace

ToolUnit call_api_unit() {
  return ToolUnit{
      .name = "call_api",
      .title = "Call the API directly",
      .toolsets = {},
      // It can POST when write tools are offered, so it is not read-only; it never deletes.
      .annotations = {.read_only = false, .destructive = false, .idempotent = false, .open_world = true},
      .description = kDescription,
      .guide = "a raw API request for what no other tool covers (GET; POST only where writes are allowed).",
      .opt_in = true,
      .check = [](const Json& arguments) -> std::optional<ToolResult> {
        const auto parsed = parse_api_target(optional_string(arguments, "path").value_or(""));
        if (const auto* rule = std::get_if<std::string>(&parsed)) {
          return argument_error("path", *rule, "\"/creators?limit=5\"");
        }
        if (arguments.contains("body") && optional_string(arguments, "method").value_or("GET") == "GET") {
          return argument_error("body", "is only sent with method POST", "{\"method\":\"POST\",\"body\":{}}");
        }
        return std::nullopt;
      },
      .build = [](api::Client& client) -> ToolHandler {
        return [&client](const Json& arguments, ToolContext& context) { return call_api(client, arguments, context); };
      },
  };
}

}  // namespace ca::tools
