// add_account: start tracking an account (or find it when it already is) and wait briefly for its first refresh.
#include "tools/account_handle.hpp"
#include "tools/account_view.hpp"
#include "tools/handle_resolver.hpp"
#include "tools/product_tools.hpp"
#include "tools/tool_support.hpp"
#include "tools/upstream_fields.hpp"

namespace ca::tools {
namespace {

// When the first refresh has not landed, the model is told to look again after this long: the API says data
// "begins populating within seconds" but gives no bound, so ask for one more check, not a loop.
constexpr int kCheckAgainAfterSeconds = 30;

// wait_seconds' maximum (schemas/add_account.input.json) stays under 60 s on purpose: LangChain, Mastra, the
// OpenAI Agents SDK and mcp-use end a call after 60 s by default, and progress notifications do not reset their
// timers, so a longer wait would turn our own "pending" answer into a client-side timeout.
const char* const kDescription =
    "Start tracking an Instagram or TikTok account. username takes a handle (natgeo), @handle or profile URL "
    "(https://www.instagram.com/natgeo/, https://www.tiktok.com/@khaby.lame); platform is needed unless the URL "
    "implies it. Safe to repeat: an account that is already tracked comes back with status already_tracked and "
    "nothing changes. After adding, it waits up to wait_seconds (default {wait_seconds.default}, max "
    "{wait_seconds.maximum}) for the first refresh and returns the compact account, with metrics when refresh is "
    "complete. When refresh is pending, do not call add_account again: follow the hint (list_accounts with the "
    "username as query, after check_again_after_seconds). Needs an API key with the write scope. For metrics over "
    "a window, call get_metrics with the account id.";

std::optional<ToolResult> check_arguments(const Json& arguments) {
  const HandleParse parsed =
      parse_profile_reference(optional_string(arguments, "username").value_or(""), optional_string(arguments, "platform"));
  if (parsed.handle) return std::nullopt;
  return argument_error(parsed.argument, parsed.error,
                        parsed.argument == "platform" ? "\"instagram\"" : "\"https://www.tiktok.com/@khaby.lame\"");
}

struct Lookup {
  Json account;  // null when not found
  std::optional<api::ApiError> error;
};

// The tracked account, found by listing (the 409 body's extension members are not relied on).
Lookup find_tracked(api::Client& client, const AccountHandle& handle, const api::CallOptions& options,
                    ProgressReporter& progress) {
  const auto resolved = resolve_handles(client, {handle.platform + ":" + handle.username}, options, progress);
  if (!resolved.failed.empty()) return {nullptr, resolved.failed.front().second};
  if (resolved.accounts.empty()) return {nullptr, std::nullopt};
  return {resolved.accounts.front().second, std::nullopt};
}

ToolResult add_account(api::Client& client, const Json& arguments, ToolContext& context) {
  const AccountHandle handle =
      *parse_profile_reference(arguments["username"].get<std::string>(), optional_string(arguments, "platform")).handle;
  const std::string name = handle.platform + ":" + handle.username;
  ProgressReporter progress(context);
  const api::CallOptions options = call_options(context, &progress);

  Json body = {{"platform", handle.platform}, {"username", handle.username}};
  if (const auto category = optional_string(arguments, "category")) body["category"] = *category;
  if (const auto hours = optional_integer(arguments, "scrape_interval_hours")) body["scrape_interval_hours"] = *hours;

  std::string status = "created";
  Json account;
  auto created = client.create_account(body, options);
  if (created) {
    account = created.value().account;
  } else if (created.error().status == 409) {
    status = "already_tracked";
  } else {
    return api_error_result(created.error());
  }
  // A 409, or a create whose answer does not carry a usable account: find the account by listing.
  if (!compact_account(account)) {
    const Lookup existing = find_tracked(client, handle, options, progress);
    if (existing.error) return api_error_result(*existing.error);
    if (!compact_account(existing.account)) {
      const std::string what = status == "already_tracked"
                                   ? describe_api_error(created.error()) + " The API reports " + name +
                                         " as already tracked, but listing does not find it"
                                   : "The API accepted " + name + " but its answer did not include the account, "
                                                                  "and listing does not find it yet";
      return ToolResult::error(what + "; try list_accounts with query=\"" + handle.username + "\" in a minute.");
    }
    account = existing.account;
  }

  const auto wait_seconds = optional_integer(arguments, "wait_seconds").value_or(0);
  if (!is_refreshed(account) && wait_seconds > 0 && !context.cancel.cancelled()) {
    const auto id = *uuid_field(account, "id");
    auto polled = client.poll_until([&] { return client.get_account(id, options); }, is_refreshed,
                                    Millis(wait_seconds * 1000), options);
    // A poll that was cancelled, timed out, failed or answered garbage still leaves a tracked account: report the
    // last good view of it, as pending when that is what it is.
    if (polled && compact_account(polled.value().resource)) account = polled.value().resource;
  }

  const bool refreshed = is_refreshed(account);
  Json output = {{"status", status}, {"refresh", refreshed ? "complete" : "pending"}, {"account", *compact_account(account)}};
  if (!refreshed) {
    const Json check_with = {{"platform", handle.platform}, {"query", handle.username}};
    output["check_again_after_seconds"] = kCheckAgainAfterSeconds;
    output["hint"] = "The first refresh has not finished yet. In about " + std::to_string(kCheckAgainAfterSeconds) +
                     " s call list_accounts with " + dump_compact(check_with) +
                     "; the account is refreshed once last_scrape_time is a time. Do not call add_account again.";
  }
  return ToolResult::success(std::move(output));
}

}  // namespace

ToolUnit add_account_unit() {
  return ToolUnit{
      .name = "add_account",
      .title = "Track an account",
      .toolsets = {"accounts"},
      // A write, but neither destructive nor repeated: a second call finds the account already tracked.
      .annotations = Annotations{.read_only = false, .destructive = false, .idempotent = true, .open_world = true},
      .description = kDescription,
      .guide = "start tracking a handle or profile URL; it is safe to repeat. If refresh is pending, do not call it "
               "again in a loop: check later with list_accounts as its hint says.",
      .check = check_arguments,
      .build = [](api::Client& client) -> ToolHandler {
        return [&client](const Json& arguments, ToolContext& context) {
          return add_account(client, arguments, context);
        };
      },
  };
}

}  // namespace ca::tools
