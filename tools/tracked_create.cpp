#include "tools/tracked_create.hpp"

#include "tools/account_view.hpp"

namespace ca::tools {

std::variant<Tracked, ToolResult> create_or_find(const TrackedCreate& request) {
  Tracked tracked{"created", nullptr};
  auto created = request.create();
  if (created) {
    tracked.resource = std::move(created.value());
  } else if (created.error().status == 409) {
    tracked.status = "already_tracked";
  } else {
    return api_error_result(created.error());
  }
  if (request.usable(tracked.resource)) return tracked;
  // A 409, or a create whose answer does not carry a usable resource: find it by listing.
  auto found = request.find();
  if (!found) return api_error_result(found.error());
  if (!request.usable(found.value())) {
    const std::string what =
        tracked.status == "already_tracked"
            ? describe_api_error(created.error()) + " The API reports " + request.what +
                  " as already tracked, but listing does not find it"
            : "The API accepted " + request.what + " but its answer did not include the " + request.noun +
                  ", and listing does not find it yet";
    return ToolResult::error(what + "; try " + request.look_again + " in a minute.");
  }
  tracked.resource = std::move(found.value());
  return tracked;
}

Json wait_for_first_refresh(api::Client& client, Json resource, std::int64_t wait_seconds,
                            const std::function<api::Result<Json>()>& fetch,
                            const std::function<bool(const Json&)>& usable, const ToolContext& context,
                            const api::CallOptions& options) {
  if (is_refreshed(resource) || wait_seconds <= 0 || context.cancel.cancelled()) return resource;
  auto polled = client.poll_until(fetch, is_refreshed, Millis(wait_seconds * 1000), options);
  // A poll that was cancelled, timed out, failed or answered garbage still leaves a tracked resource: report the
  // last good view of it, as pending when that is what it is.
  if (polled && usable(polled.value().resource)) return std::move(polled.value().resource);
  return resource;
}

Json tracked_result(const Tracked& tracked, const char* row_key, Json row, const CheckAgain& check_again) {
  const bool refreshed = is_refreshed(tracked.resource);
  Json output = {{"status", tracked.status}, {"refresh", refreshed ? "complete" : "pending"}, {row_key, std::move(row)}};
  if (!refreshed) {
    output["check_again_after_seconds"] = kCheckAgainAfterSeconds;
    output["hint"] = "The first refresh has not finished yet. In about " + std::to_string(kCheckAgainAfterSeconds) +
                     " s call " + check_again.tool + " with " + dump_compact(check_again.arguments) + "; " +
                     check_again.done_when + ". Do not call " + check_again.add_tool + " again.";
  }
  return output;
}

}  // namespace ca::tools
