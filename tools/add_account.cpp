// add_account: start tracking an account (or find it when it already is) and wait briefly for its first refresh.
#include "tools/account_handle.hpp"
#include "tools/account_view.hpp"
#include "tools/handle_resolver.hpp"
#include "tools/product_tools.hpp"
#include "tools/tool_support.hpp"
#include "tools/tracked_create.hpp"
#include "tools/upstream_fields.hpp"

namespace ca::tools {
namespace {

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

// The tracked account, found by listing (the 409 body's extension members are not relied on); null when not found.
api::Result<Json> find_tracked(api::Client& client, const AccountHandle& handle, const api::CallOptions& options,
                               ProgressReporter& progress) {
  const auto resolved = resolve_handles(client, {handle.platform + ":" + handle.username}, options, progress);
  if (!resolved.failed.empty()) return resolved.failed.front().second;
  if (resolved.accounts.empty()) return Json(nullptr);
  return resolved.accounts.front().second;
}

ToolResult add_account(api::Client& client, const Json& arguments, ToolContext& context) {
  const AccountHandle handle =
      *parse_profile_reference(arguments["username"].get<std::string>(), optional_string(arguments, "platform")).handle;
  ProgressReporter progress(context);
  const api::CallOptions options = call_options(context, &progress);

  Json body = {{"platform", handle.platform}, {"username", handle.username}};
  if (const auto category = optional_string(arguments, "category")) body["category"] = *category;
  if (const auto hours = optional_integer(arguments, "scrape_interval_hours")) body["scrape_interval_hours"] = *hours;

  const auto usable = [](const Json& account) { return compact_account(account).has_value(); };
  auto outcome = create_or_find(TrackedCreate{
      .what = handle.platform + ":" + handle.username,
      .noun = "account",
      .create = [&]() -> api::Result<Json> {
        auto created = client.create_account(body, options);
        if (!created) return created.error();
        return std::move(created.value().account);
      },
      .find = [&] { return find_tracked(client, handle, options, progress); },
      .usable = usable,
      .look_again = "list_accounts with query=\"" + handle.username + "\"",
  });
  if (auto* error = std::get_if<ToolResult>(&outcome)) return std::move(*error);
  Tracked tracked = std::get<Tracked>(std::move(outcome));

  const auto id = *uuid_field(tracked.resource, "id");
  tracked.resource = wait_for_first_refresh(
      client, std::move(tracked.resource), optional_integer(arguments, "wait_seconds").value_or(0),
      [&] { return client.get_account(id, options); }, usable, context, options);
  const CheckAgain check_again{"list_accounts",
                               {{"platform", handle.platform}, {"query", handle.username}},
                               "the account is refreshed once last_scrape_time is a time",
                               "add_account"};
  return ToolResult::success(tracked_result(tracked, "account", *compact_account(tracked.resource), check_again));
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
