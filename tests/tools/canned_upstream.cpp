#include "canned_upstream.hpp"

#include <catch2/catch.hpp>

namespace ca::tools::testing {

CannedUpstream::CannedUpstream() {
  const auto handler = [this](const httplib::Request& request, httplib::Response& response) {
    handle(request, response);
  };
  // httplib writes headers and body in separate sends; without TCP_NODELAY each answer waits for a delayed ACK.
  server_.set_tcp_nodelay(true);
  server_.Get(".*", handler);
  server_.Post(".*", handler);
  server_.Put(".*", handler);
  server_.Patch(".*", handler);
  // bind_to_any_port also listens, so requests queue until the accept loop below starts: no wait is needed.
  port_ = server_.bind_to_any_port("127.0.0.1");
  REQUIRE(port_ > 0);
  thread_ = std::thread([this] { server_.listen_after_bind(); });
}

CannedUpstream::~CannedUpstream() {
  server_.stop();
  thread_.join();
}

void CannedUpstream::on(const std::string& method, const std::string& path, CannedResponse response) {
  std::lock_guard lock(mutex_);
  responses_[method + " " + path] = std::move(response);
}

void CannedUpstream::on_json(const std::string& method, const std::string& path, const Json& body, int status) {
  const bool problem = status >= 400;
  on(method, path,
     CannedResponse{status, dump_compact(body),
                    {{"Content-Type", problem ? "application/problem+json" : "application/json"}}});
}

void CannedUpstream::clear() {
  std::lock_guard lock(mutex_);
  responses_.clear();
  counts_.clear();
}

int CannedUpstream::requests(const std::string& method, const std::string& path) const {
  std::lock_guard lock(mutex_);
  const auto it = counts_.find(method + " " + path);
  return it == counts_.end() ? 0 : it->second;
}

std::unique_ptr<api::Client> CannedUpstream::client() {
  api::ClientConfig config;
  config.base_url = "http://127.0.0.1:" + std::to_string(port_) + "/v2";
  config.api_key = "canned-upstream-key";
  config.clock = &clock;
  config.max_attempts = 1;  // a canned answer does not change when asked again
  return std::make_unique<api::Client>(config);
}

void CannedUpstream::handle(const httplib::Request& request, httplib::Response& response) {
  std::string path = request.path;
  if (path.rfind("/v2", 0) == 0) path = path.substr(3);
  std::lock_guard lock(mutex_);
  ++counts_[request.method + " " + path];
  const CannedResponse* found = nullptr;
  std::size_t best = 0;
  for (const auto& [key, canned] : responses_) {
    const auto space = key.find(' ');
    if (key.compare(0, space, request.method) != 0) continue;
    const std::string pattern = key.substr(space + 1);
    const bool wildcard = !pattern.empty() && pattern.back() == '*';
    const std::string stem = wildcard ? pattern.substr(0, pattern.size() - 1) : pattern;
    const bool match = wildcard ? path.rfind(stem, 0) == 0 : path == stem;
    if (match && stem.size() + (wildcard ? 0 : 1) > best) {
      found = &canned;
      best = stem.size() + (wildcard ? 0 : 1);
    }
  }
  if (!found) {
    response.status = 404;
    response.set_content(R"({"title":"Not Found","status":404,"detail":"Nothing canned for this path.","code":"NOT_FOUND"})",
                         "application/problem+json");
    return;
  }
  response.status = found->status;
  for (const auto& [name, value] : found->headers) {
    if (name != "Content-Type") response.set_header(name, value);
  }
  const auto type = found->headers.find("Content-Type");
  response.set_content(found->body, type == found->headers.end() ? "application/json" : type->second);
}

}  // namespace ca::tools::testing
