#pragma once
// get_metrics' creator part: one GET /creators/{id}/analytics per creator (the API has no batch form). The
// endpoint takes dates, not a period, so a 7d/30d/90d window is turned into the dates it stands for.
#include <string>
#include <vector>

#include "client/client.hpp"
#include "common/clock.hpp"
#include "tools/tool_support.hpp"

namespace ca::tools {

// start_date and end_date of `window`: as given for custom, else the last 7/30/90 UTC days ending today (today
// included, as the batch metrics count them), by `now`.
api::Query creator_window_query(const api::MetricsWindow& window, WallTime now);

struct CreatorAnswer {
  std::string id;
  api::Result<Json> answer;  // the envelope ({data, meta}) or the API error
};

// One request per id, at most max_parallel_requests at once (api::parallel_requests), answers in the order given,
// a progress step per answer; stops sending at cancellation or the deadline (after a cancellation the ids not
// sent are left out; at the deadline they carry DeadlineExceeded).
std::vector<CreatorAnswer> fetch_creator_analytics(api::Client& client, const std::vector<std::string>& ids,
                                                   const api::Query& window, const api::CallOptions& options,
                                                   ProgressReporter& progress);

}  // namespace ca::tools
