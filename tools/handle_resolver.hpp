#pragma once
// Resolves handles (instagram:natgeo) to tracked accounts with as few GET /accounts requests
// as it can: one `q` lookup per handle when a platform has few handles, otherwise one probe page of the whole
// platform (with its total) and then whichever is cheaper: the remaining pages or a lookup per unmatched handle.
// The platforms' scans, and then all lookups, go out in parallel (api::parallel_requests, max_parallel_requests).
#include <string>
#include <vector>

#include "client/client.hpp"
#include "tools/account_handle.hpp"
#include "tools/tool_support.hpp"

namespace ca::tools {

struct ResolvedHandles {
  std::vector<std::pair<std::string, Json>> accounts;         // (handle as given, the API account), in the order given
  std::vector<std::string> not_found;                         // handles as given
  std::vector<std::pair<std::string, api::ApiError>> failed;  // handles whose lookup failed
};

// Handles are "platform:username" strings that already passed parse_platform_handle.
ResolvedHandles resolve_handles(api::Client& client, const std::vector<std::string>& handles,
                                const api::CallOptions& options, ProgressReporter& progress);

}  // namespace ca::tools
