#pragma once
// Turning an API error response (RFC 9457 problem+json, or whatever arrived instead) into an ApiError.
#include <string>

#include "client/error.hpp"

namespace ca::api {

// status from the HTTP line; request ID from the X-Request-ID header, else the body's request_id. A body that is
// not a problem object still yields an error with the status and a generic title.
ApiError problem_from_response(int status, const std::string& body, const std::string& header_request_id);

}  // namespace ca::api
