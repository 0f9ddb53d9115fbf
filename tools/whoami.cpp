// whoami: which organization and key this server uses, where it sends requests, and the rate budget left.
#include <ctime>

#include "client/base_url.hpp"
#include "tools/product_tools.hpp"
#include "tools/tool_support.hpp"
#include "tools/upstream_fields.hpp"

namespace ca::tools {
namespace {

const char* const kDescription =
    "Show which CreatorAudit organization and API key this server uses (organization_id, api_key_name; never the "
    "key), the API base URL, and the rate budget as last reported (limit, remaining, resets_at). Call it first "
    "when another tool fails with 401 or 403, or to check how many requests are left before a large job. "
    "One API request.";

// ISO-8601 UTC, or nullopt for a time gmtime cannot represent (a broken reset header).
std::optional<std::string> iso8601_utc(std::int64_t epoch_seconds) {
  const std::time_t time = static_cast<std::time_t>(epoch_seconds);
  std::tm parts{};
  if (gmtime_r(&time, &parts) == nullptr || parts.tm_year + 1900 > 9999 || parts.tm_year + 1900 < 1970) {
    return std::nullopt;
  }
  char text[32];
  if (std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts) == 0) return std::nullopt;
  return std::string(text);
}

ToolResult whoami(api::Client& client, ToolContext& context) {
  auto identity = client.whoami(call_options(context));
  if (!identity) return api_error_result(identity.error());

  Json output = Json::object();
  const auto organization = text_field(identity.value(), "organization_id");
  if (organization) output["organization_id"] = *organization;
  if (const auto name = text_field(identity.value(), "api_key_name")) output["api_key_name"] = *name;
  // Rebuilt from its parts, so that nothing but scheme, host, port and path is ever echoed.
  const auto base_url = api::parse_base_url(client.config().base_url);
  output["base_url"] = base_url ? base_url->origin() + base_url->path_prefix : std::string("(unparsable)");
  const api::RateBudget budget = client.rate_budget();  // includes the whoami response just read
  Json rate = Json::object();
  if (budget.limit) {
    if (const auto limit = count_value(*budget.limit)) rate["limit"] = *limit;
  }
  if (budget.remaining) {
    if (const auto remaining = count_value(*budget.remaining)) rate["remaining"] = *remaining;
  }
  if (budget.reset_epoch_seconds) {
    if (const auto resets_at = iso8601_utc(*budget.reset_epoch_seconds)) rate["resets_at"] = *resets_at;
  }
  if (!rate.empty()) output["rate_limit"] = std::move(rate);
  if (!organization) {
    output["note"] = "The API's answer had no organization_id, so the key's identity is unknown: check that "
                     "base_url is the CreatorAudit API, then call whoami again.";
  }
  return ToolResult::success(std::move(output));
}

}  // namespace

ToolUnit whoami_unit() {
  return ToolUnit{
      .name = "whoami",
      .title = "Show the API identity and rate budget",
      .toolsets = {"org"},
      .annotations = kReadOnlyTool,
      .description = kDescription,
      .guide = "the organization, key name and rate budget. Call it first when a call fails with 401 or 403.",
      .check = {},
      .build = [](api::Client& client) -> ToolHandler {
        return [&client](const Json&, ToolContext& context) { return whoami(client, context); };
      },
  };
}

}  // namespace ca::tools
