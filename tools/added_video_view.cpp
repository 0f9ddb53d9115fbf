#include "tools/added_video_view.hpp"

#include "schemas/schemas.hpp"
#include "tools/account_view.hpp"
#include "tools/metric_sums.hpp"
#include "tools/tool_support.hpp"
#include "tools/upstream_fields.hpp"
#include "tools/video_view.hpp"

namespace ca::tools {

std::optional<Json> compact_added_video(const Json& video) {
  static const Json& platforms = schemas::get("added_video_row")["properties"]["platform"]["enum"];
  if (!video.is_object()) return std::nullopt;
  const auto id = uuid_field(video, "id");
  const auto platform = enum_field(video, "platform", platforms);
  if (!id || !platform) return std::nullopt;
  Json row = {{"id", *id}, {"platform", *platform}};
  if (auto url = video_url(*platform, video)) row["url"] = std::move(*url);
  if (const auto account = text_field(video, "account_username")) row["account"] = *account;
  const auto last_scrape_time = text_field(video, "last_scrape_time");
  if (last_scrape_time) put_lifetime_counts(row, video);
  if (bool_field(video, "is_active") == false) row["paused"] = true;
  row["last_scrape_time"] = last_scrape_time.value_or(kPendingFirstRefresh);
  return row;
}

}  // namespace ca::tools
