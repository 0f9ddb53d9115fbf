// whoami: which organization and key this server uses, where it sends requests, and the rate budget left.
#include <ctime>

#include "tools/product_tools.hpp"
#include "tools/sanitize.hpp"
#include "tools/tool_support.hpp"

namespace ca::tools {
namespace {

const char* const kDescription =
    "Show which CreatorAudit organization and API key this server uses (organization_id, api_key_name; never the "
    "key), the API base URL, and the rate budget as last reported (limit, remaining, resets_at). Call it first "
    "when another tool fails with 401 or 403, or to check how many requests are left before a large job. "
    "One API request.";

std::string iso8601_utc(std::int64_t epoch_seconds) {
  const std::time_t time = static_cast<std::time_t>(epoch_seconds);
  std::tm parts{};
  gmtime_r(&time, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

class WhoamiTool final : public ProductTool {
 public:
  WhoamiTool() : ProductTool("whoami", "Show the API identity and rate budget", kDescription, kReadOnlyTool) {}

  ToolResult call(const Json&, ToolContext& context) override {
    if (!context.client) return missing_api_key_result();
    auto identity = context.client->whoami(call_options(context));
    if (!identity) return api_error_result(identity.error());

    Json output = Json::object();
    for (const char* key : {"organization_id", "api_key_name"}) {
      if (identity.value().contains(key) && identity.value()[key].is_string()) {
        output[key] = sanitize_text(identity.value()[key].get<std::string>());
      }
    }
    output["base_url"] = context.client->config().base_url;
    const api::RateBudget budget = context.client->rate_budget();  // includes the whoami response just read
    Json rate = Json::object();
    if (budget.limit) rate["limit"] = *budget.limit;
    if (budget.remaining) rate["remaining"] = *budget.remaining;
    if (budget.reset_epoch_seconds) rate["resets_at"] = iso8601_utc(*budget.reset_epoch_seconds);
    if (!rate.empty()) output["rate_limit"] = std::move(rate);
    return ToolResult::success(std::move(output));
  }
};

}  // namespace

std::unique_ptr<Tool> make_whoami_tool() { return std::make_unique<WhoamiTool>(); }

}  // namespace ca::tools
