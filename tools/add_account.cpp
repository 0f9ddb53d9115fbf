// add_account: start tracking an account (or find it when it already is) and wait briefly for its first refresh.
#include "tools/account_handle.hpp"
#include "tools/account_view.hpp"
#include "tools/handle_resolver.hpp"
#include "tools/product_tools.hpp"
#include "tools/tool_support.hpp"

namespace ca::tools {
namespace {

// When the first refresh has not landed, the model is told to look again after this long: the API says data
// "begins populating within seconds" but gives no bound, so ask for one more check, not a loop.
constexpr int kCheckAgainAfterSeconds = 30;

const char* const kDescription =
    "Start tracking an Instagram or TikTok account. username takes a handle (natgeo), @handle or profile URL "
    "(https://www.instagram.com/natgeo/, https://www.tiktok.com/@khaby.lame); platform is needed unless the URL "
    "implies it. Safe to repeat: an account that is already tracked comes back with status already_tracked and "
    "nothing changes. After adding, it waits up to wait_seconds (default 20, max 120) for the first refresh and "
    "returns the compact account, with metrics when refresh is complete. When refresh is pending, do not call "
    "add_account again: follow the hint (list_accounts with the username as query, after "
    "check_again_after_seconds). Needs an API key with the write scope. For metrics over a window, call "
    "get_metrics with the account id.";

struct Lookup {
  Json account;  // null when not found
  std::optional<api::ApiError> error;
};

// The already-tracked account, found by listing (the 409 body's extension members are not relied on).
Lookup find_tracked(api::Client& client, const AccountHandle& handle, const api::CallOptions& options,
                    ProgressReporter& progress) {
  const auto resolved = resolve_handles(client, {handle.platform + ":" + handle.username}, options, progress);
  if (!resolved.failed.empty()) return {nullptr, resolved.failed.front().second};
  if (resolved.accounts.empty()) return {nullptr, std::nullopt};
  return {resolved.accounts.front().second, std::nullopt};
}

class AddAccountTool final : public ProductTool {
 public:
  // A write, but neither destructive nor repeated: a second call finds the account already tracked.
  AddAccountTool()
      : ProductTool("add_account", "Track an account", kDescription,
                    Annotations{.read_only = false, .destructive = false, .idempotent = true, .open_world = true}) {}

  ToolResult call(const Json& arguments, ToolContext& context) override {
    const HandleParse parsed =
        parse_profile_reference(arguments["username"].get<std::string>(), optional_string(arguments, "platform"));
    if (!parsed.handle) {
      return argument_error(parsed.argument, parsed.error,
                            parsed.argument == "platform" ? "\"instagram\"" : "\"https://www.tiktok.com/@khaby.lame\"");
    }
    if (!context.client) return missing_api_key_result();
    api::Client& client = *context.client;
    const AccountHandle& handle = *parsed.handle;
    ProgressReporter progress(context);
    const api::CallOptions options = call_options(context, &progress);

    Json body = {{"platform", handle.platform}, {"username", handle.username}};
    if (const auto category = optional_string(arguments, "category")) body["category"] = *category;
    if (arguments.contains("scrape_interval_hours")) body["scrape_interval_hours"] = arguments["scrape_interval_hours"];

    std::string status = "created";
    Json account;
    auto created = client.create_account(body, options);
    if (created) {
      account = created.value().account;
    } else if (created.error().status == 409) {
      status = "already_tracked";
      const Lookup existing = find_tracked(client, handle, options, progress);
      if (existing.error) return api_error_result(*existing.error);
      if (existing.account.is_null()) {
        const std::string name = handle.platform + ":" + handle.username;
        return ToolResult::error(describe_api_error(created.error()) + " The API reports " + name +
                                 " as already tracked, but listing does not find it; try list_accounts with query=\"" +
                                 handle.username + "\".");
      }
      account = existing.account;
    } else {
      return api_error_result(created.error());
    }

    const auto wait_seconds = integer_or(arguments, "wait_seconds", 20);
    if (!is_refreshed(account) && wait_seconds > 0 && account.contains("id") && !context.cancel.cancelled()) {
      const auto id = account["id"].get<std::string>();
      auto polled = client.poll_until([&] { return client.get_account(id, options); }, is_refreshed,
                                      Millis(wait_seconds * 1000), options);
      // A poll that was cancelled, timed out or failed still leaves a tracked account: report it as pending.
      if (polled && polled.value().resource.is_object()) account = polled.value().resource;
    }

    const bool refreshed = is_refreshed(account);
    Json output = {
        {"status", status}, {"refresh", refreshed ? "complete" : "pending"}, {"account", compact_account(account)}};
    if (!refreshed) {
      const Json check_with = {{"platform", handle.platform}, {"query", handle.username}};
      output["check_again_after_seconds"] = kCheckAgainAfterSeconds;
      output["hint"] = "The first refresh has not finished yet. In about " + std::to_string(kCheckAgainAfterSeconds) +
                       " s call list_accounts with " + dump_compact(check_with) +
                       "; the account is refreshed once last_scrape_time is a time. Do not call add_account again.";
    }
    return ToolResult::success(std::move(output));
  }
};

}  // namespace

std::unique_ptr<Tool> make_add_account_tool() { return std::make_unique<AddAccountTool>(); }

}  // namespace ca::tools
