#pragma once
// One HTTP exchange on a leased connection, with the body read through a size cap, and every httplib failure
// turned into the client's ErrorKind. Whether headers arrived is recorded, so a failure after them still has a
// request ID and a cut-short body is told apart from a refused connection.
#include <httplib.h>

#include <optional>
#include <string>

#include "client/error.hpp"
#include "common/clock.hpp"

namespace ca::api {

struct AttemptRequest {
  std::string method;
  std::string target;  // path + encoded query
  httplib::Headers headers;
  std::string body;  // sent with Content-Type application/json when method is not GET
  Millis connect_timeout{0};
  Millis read_timeout{0};
  std::size_t max_body_bytes = 0;
};

struct AttemptResult {
  bool headers_arrived = false;
  int status = 0;
  httplib::Headers headers;
  std::string body;
  std::optional<ErrorKind> failure;  // a transport failure; status/headers may still be set
  std::string failure_detail;

  std::string header(const char* name) const;  // "" when absent
};

// Takes the request by value: its headers and body move into httplib's request instead of being copied.
AttemptResult perform_attempt(httplib::Client& client, AttemptRequest request);

}  // namespace ca::api
