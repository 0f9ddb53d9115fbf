// add_creator: create a creator (POST /creators, one Idempotency-Key reused on every retry) and link tracked
// accounts to it (PUT /creators/{id}/accounts/{account_id}, one request per account). An account that cannot be
// linked (not tracked, owned by another creator, a failed request) is reported per account; only a failed create
// fails the call.
#include <algorithm>
#include <map>

#include "client/url_encoding.hpp"
#include "tools/account_handle.hpp"
#include "tools/creator_metadata_check.hpp"
#include "tools/creator_view.hpp"
#include "tools/handle_resolver.hpp"
#include "tools/product_tools.hpp"
#include "tools/tool_support.hpp"
#include "tools/upstream_fields.hpp"

namespace ca::tools {
namespace {

const char* const kDescription =
    "Create a creator (the person or brand behind accounts) and link tracked accounts to it. name is required; "
    "metadata holds your own tags; accounts lists up to {accounts.maxItems} tracked accounts to link, as account "
    "ids or platform:username handles (\"instagram:natgeo\"). An account has at most one creator: one already "
    "linked to another creator, or not tracked (add it with add_account first), comes back in not_linked with the "
    "reason while the others are linked. Each call creates a new creator, so check list_creators before "
    "creating one that may exist. Needs an API key with the write scope.";

std::optional<ToolResult> check_arguments(const Json& arguments) {
  for (const auto& account : string_list(arguments, "accounts")) {
    if (!api::is_uuid(account) && !parse_platform_handle(account)) {
      return argument_error("accounts",
                            "each entry must be an account id (UUID) or platform:username with platform instagram "
                            "or tiktok",
                            "[\"instagram:natgeo\", \"0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b\"]");
    }
  }
  return check_creator_metadata(arguments);
}

// The accounts to link, as (as given, account id), plus what could not be resolved, as (as given, reason).
struct Targets {
  std::vector<std::pair<std::string, std::string>> accounts;
  Json not_linked = Json::array();
};

Targets resolve_targets(api::Client& client, const std::vector<std::string>& given, const api::CallOptions& options,
                        ProgressReporter& progress) {
  Targets targets;
  std::vector<std::string> handles;
  for (const auto& account : given) {
    if (!api::is_uuid(account)) handles.push_back(account);
  }
  std::map<std::string, std::string> id_of_handle;
  if (!handles.empty()) {
    const ResolvedHandles resolved = resolve_handles(client, handles, options, progress);
    for (const auto& [handle, account] : resolved.accounts) {
      if (const auto id = uuid_field(account, "id")) id_of_handle.emplace(handle, api::ascii_lower(*id));
    }
    for (const auto& [handle, error] : resolved.failed) {
      targets.not_linked.push_back({{"account", handle}, {"reason", "lookup failed: " + describe_api_error(error)}});
    }
  }
  for (const auto& account : given) {
    if (api::is_uuid(account)) {
      targets.accounts.emplace_back(account, api::ascii_lower(account));
    } else if (const auto id = id_of_handle.find(account); id != id_of_handle.end()) {
      targets.accounts.emplace_back(account, id->second);
    } else if (std::none_of(targets.not_linked.begin(), targets.not_linked.end(),
                            [&](const Json& entry) { return entry["account"] == account; })) {
      targets.not_linked.push_back({{"account", account}, {"reason", "not a tracked account; add it with add_account first"}});
    }
  }
  return targets;
}

// One PUT per account, in the order given; progress and cancellation between requests. Kept apart so that
// independent links can be sent in parallel later.
void link_accounts(api::Client& client, const std::string& creator_id, const Targets& targets,
                   const api::CallOptions& options, ProgressReporter& progress, Json& linked, Json& not_linked) {
  std::vector<std::string> done;  // an id given twice (as id and as handle) is linked once
  for (const auto& [given, account_id] : targets.accounts) {
    if (std::find(done.begin(), done.end(), account_id) != done.end()) {
      linked.push_back({{"account", given}, {"id", account_id}});
      continue;
    }
    if (options.cancel.cancelled()) {
      not_linked.push_back({{"account", given}, {"reason", "cancelled before it was linked"}});
      continue;
    }
    progress.step("linking " + given);
    auto result = client.put("/creators/" + creator_id + "/accounts/" + account_id, Json::object(), options);
    if (result) {
      done.push_back(account_id);
      linked.push_back({{"account", given}, {"id", account_id}});
      continue;
    }
    const api::ApiError& error = result.error();
    std::string reason = describe_api_error(error);
    if (error.status == 409) reason = "already linked to another creator (an account has one creator): " + reason;
    if (error.status == 404) reason = "not found: " + reason;
    not_linked.push_back({{"account", given}, {"reason", std::move(reason)}});
  }
}

ToolResult add_creator(api::Client& client, const Json& arguments, ToolContext& context) {
  ProgressReporter progress(context);
  const api::CallOptions options = call_options(context, &progress);
  Json body = {{"name", arguments["name"]}};
  if (arguments.contains("metadata")) body["metadata"] = arguments["metadata"];

  // Accounts are resolved first, so that a handle typo costs no creator.
  const Targets targets = resolve_targets(client, string_list(arguments, "accounts"), options, progress);
  if (context.cancel.cancelled()) return ToolResult::error("Cancelled before the creator was created.");

  auto created = client.post_write("/creators", body, options);
  if (!created) return api_error_result(created.error());
  const Json* data = object_field(created.value(), "data");
  const auto creator = data ? compact_creator(*data) : std::nullopt;
  if (!creator) {
    return ToolResult::error(
        "The API accepted the creator but its answer carried no usable creator id, so no account was linked. Do "
        "not call add_creator again: find it with list_creators, then link accounts to it.");
  }
  Json row = *creator;
  // The create's account summary predates the links made below: leave it out rather than show stale zeros.
  for (const char* stale : {"accounts", "followers", "instagram", "tiktok"}) row.erase(stale);

  Json linked = Json::array();
  Json not_linked = targets.not_linked;
  link_accounts(client, api::ascii_lower((*creator)["id"].get<std::string>()), targets, options, progress, linked, not_linked);
  Json output = {{"creator", std::move(row)}};
  if (!linked.empty()) output["linked"] = std::move(linked);
  if (!not_linked.empty()) output["not_linked"] = std::move(not_linked);
  return ToolResult::success(std::move(output));
}

}  // namespace

ToolUnit add_creator_unit() {
  return ToolUnit{
      .name = "add_creator",
      .title = "Create a creator",
      .toolsets = {"creators"},
      // A write that is not repeatable: a second call creates a second creator of the same name.
      .annotations = Annotations{.read_only = false, .destructive = false, .idempotent = false, .open_world = true},
      .description = kDescription,
      .guide = "create a creator and link tracked accounts to it (ids or handles); look with list_creators first, "
               "since each call creates a new one.",
      .check = check_arguments,
      .build = [](api::Client& client) -> ToolHandler {
        return [&client](const Json& arguments, ToolContext& context) {
          return add_creator(client, arguments, context);
        };
      },
  };
}

}  // namespace ca::tools
