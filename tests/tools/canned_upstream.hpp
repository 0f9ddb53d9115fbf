#pragma once
// A stand-in for the CreatorAudit API that answers whatever a test scripts: per method and path (the part after
// /v2, without the query), a status, a body (any bytes) and headers. It lets the tool tests feed every tool the
// bodies a broken or hostile upstream could send, which the faithful sandbox never does. A client built by
// client() talks to it through the real HTTP stack on loopback, with a FakeClock so polls take no real time.
#include <httplib.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "client/client.hpp"
#include "common/clock.hpp"

namespace ca::tools::testing {

struct CannedResponse {
  int status = 200;
  std::string body;
  httplib::Headers headers;
};

class CannedUpstream {
 public:
  CannedUpstream();
  ~CannedUpstream();
  CannedUpstream(const CannedUpstream&) = delete;
  CannedUpstream& operator=(const CannedUpstream&) = delete;

  // Answers METHOD requests whose path equals `path` ("/accounts", "/accounts/metrics", ...); a path ending in '*'
  // matches every path that starts with what precedes it. Later calls for the same key replace earlier ones.
  void on(const std::string& method, const std::string& path, CannedResponse response);
  void on_json(const std::string& method, const std::string& path, const Json& body, int status = 200);
  void clear();

  // How many requests arrived for METHOD and an exact path.
  int requests(const std::string& method, const std::string& path) const;

  std::unique_ptr<api::Client> client();
  FakeClock clock;

 private:
  void handle(const httplib::Request& request, httplib::Response& response);

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::map<std::string, CannedResponse> responses_;  // "METHOD path"
  std::map<std::string, int> counts_;
};

}  // namespace ca::tools::testing
