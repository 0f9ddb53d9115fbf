#pragma once
// How the server names itself: initialize's serverInfo, and _meta serverInfo on every 2026-07-28 result.
#include <string>

#include "common/json_util.hpp"

namespace ca::server {

// {name, title?, version}: the title is sent from 2025-06-18 on.
Json server_info(const std::string& protocol_version);

// What the server declares it can do; the same in every era (tools that never change, log messages on request).
Json server_capabilities();

}  // namespace ca::server
