// add_video: start tracking one post or video (or find it when it already is) and wait briefly for its first
// refresh. The create, the duplicate lookup and the polling are add_account's (tools/tracked_create.hpp).
#include "client/url_encoding.hpp"
#include "tools/added_video_view.hpp"
#include "tools/account_view.hpp"
#include "tools/product_tools.hpp"
#include "tools/tool_support.hpp"
#include "tools/tracked_create.hpp"
#include "tools/upstream_fields.hpp"
#include "tools/video_reference.hpp"

namespace ca::tools {
namespace {

// wait_seconds' maximum stays under 60 s for the same reason as add_account's (docs/tools.md).
const char* const kDescription =
    "Start tracking one Instagram post or TikTok video. identifier takes a URL "
    "(https://www.instagram.com/p/<shortcode>/, https://www.tiktok.com/@user/video/<id>), an Instagram shortcode "
    "or a numeric id; platform is needed unless the URL implies it. Safe to repeat: a video that is already "
    "tracked comes back with status already_tracked and nothing changes. After adding, it waits up to "
    "wait_seconds (default {wait_seconds.default}, max {wait_seconds.maximum}) for the first refresh and returns "
    "the compact video, with lifetime metrics when refresh is complete. When refresh is pending, do not call "
    "add_video again: follow the hint. To track every post of an account, use add_account instead. Needs an API "
    "key with the write scope. For metrics over a window, call get_metrics with the video id as video_ids.";

std::optional<ToolResult> check_arguments(const Json& arguments) {
  const VideoReferenceParse parsed = parse_video_reference(optional_string(arguments, "identifier").value_or(""),
                                                           optional_string(arguments, "platform"));
  if (parsed.video) return std::nullopt;
  return argument_error(parsed.argument, parsed.error,
                        parsed.argument == "platform" ? "\"instagram\""
                                                      : "\"https://www.instagram.com/p/CxYz123AbCd/\"");
}

// The tracked video, found by paging through GET /videos of its platform (the API has no filter by id or
// shortcode, and the 409 body's existing_id is not relied on); null when not found within the client's page
// bound (--max-pages).
api::Result<Json> find_tracked(api::Client& client, const VideoReference& video, const api::CallOptions& options) {
  const std::size_t max_items = static_cast<std::size_t>(client.config().max_pages) * api::kMaxPageSize;
  auto listed = client.list(api::ListRequest{"/videos", {{"platform", video.platform}}, max_items, std::nullopt, false},
                            options);
  if (!listed) return listed.error();
  for (const auto& item : listed.value().items) {
    if (is_same_video(item, video)) return item;
  }
  if (listed.value().error) return *listed.value().error;
  return Json(nullptr);
}

ToolResult add_video(api::Client& client, const Json& arguments, ToolContext& context) {
  const std::string identifier = arguments["identifier"].get<std::string>();
  const VideoReference video = *parse_video_reference(identifier, optional_string(arguments, "platform")).video;
  ProgressReporter progress(context);
  const api::CallOptions options = call_options(context, &progress);

  Json body = {{"platform", video.platform}, {"identifier", identifier}};
  for (const char* optional : {"metadata", "is_active", "scrape_interval_hours"}) {
    if (arguments.contains(optional)) body[optional] = arguments[optional];
  }
  const auto usable = [](const Json& resource) { return compact_added_video(resource).has_value(); };
  const auto data_of = [](api::Result<Json> envelope) -> api::Result<Json> {
    if (!envelope) return envelope.error();
    const Json* data = object_field(envelope.value(), "data");
    return data ? *data : Json(nullptr);
  };
  auto outcome = create_or_find(TrackedCreate{
      .what = "the " + video.platform + " video " + identifier.substr(0, 200),
      .noun = "video",
      .create = [&] { return data_of(client.post_write("/videos", body, options)); },
      .find = [&] { return find_tracked(client, video, options); },
      .usable = usable,
      .look_again = "list_videos with source tracked and platform " + video.platform,
  });
  if (auto* error = std::get_if<ToolResult>(&outcome)) return std::move(*error);
  Tracked tracked = std::get<Tracked>(std::move(outcome));

  const auto id = *uuid_field(tracked.resource, "id");
  // A video added inactive is registered but not refreshed (reference 3.4): there is nothing to wait for.
  const std::int64_t wait_seconds =
      optional_bool(arguments, "is_active") == false ? 0 : optional_integer(arguments, "wait_seconds").value_or(0);
  tracked.resource = wait_for_first_refresh(
      client, std::move(tracked.resource), wait_seconds,
      [&] { return data_of(client.get("/videos/" + id, {}, options)); }, usable, context, options);
  const CheckAgain check_again{"get_metrics", {{"video_ids", {api::ascii_lower(id)}}},
                               "its metrics stay at zero until the refresh has landed", "add_video"};
  return ToolResult::success(tracked_result(tracked, "video", *compact_added_video(tracked.resource), check_again));
}

}  // namespace

ToolUnit add_video_unit() {
  return ToolUnit{
      .name = "add_video",
      .title = "Track a video",
      .toolsets = {"videos"},
      // A write, but neither destructive nor repeated: a second call finds the video already tracked.
      .annotations = Annotations{.read_only = false, .destructive = false, .idempotent = true, .open_world = true},
      .description = kDescription,
      .guide = "start tracking one post or video by URL, shortcode or id; it is safe to repeat. If refresh is "
               "pending, do not call it again in a loop.",
      .check = check_arguments,
      .build = [](api::Client& client) -> ToolHandler {
        return [&client](const Json& arguments, ToolContext& context) {
          return add_video(client, arguments, context);
        };
      },
  };
}

}  // namespace ca::tools
