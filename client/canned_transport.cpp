// The transport for tests and fuzzers: each attempt is answered by a function, with no socket in between.
#include "client/transport.hpp"

namespace ca::api {
namespace {

class CannedTransport final : public Transport {
 public:
  explicit CannedTransport(CannedUpstream upstream) : upstream_(std::move(upstream)) {}

  AttemptResult send(const AttemptRequest& request, const AttemptLimits& limits,
                     const CancellationToken& cancel) override {
    AttemptResult out;
    if (cancel.cancelled()) {
      out.failure = ErrorKind::Cancelled;
      out.failure_detail = "cancelled before sending";
      return out;
    }
    CannedResponse canned = upstream_(request);
    out.headers_arrived = canned.status != 0;
    out.status = canned.status;
    out.headers = std::move(canned.headers);
    out.failure = canned.failure;
    out.failure_detail = std::move(canned.failure_detail);
    if (!out.failure && canned.body.size() > limits.max_body_bytes) {
      out.failure = ErrorKind::BodyTooLarge;
      out.failure_detail = "the response body exceeds max_response_bytes (" + std::to_string(limits.max_body_bytes) +
                           "); reading stopped";
      return out;
    }
    out.body = std::move(canned.body);
    return out;
  }

 private:
  CannedUpstream upstream_;
};

}  // namespace

std::shared_ptr<Transport> make_canned_transport(CannedUpstream upstream) {
  return std::make_shared<CannedTransport>(std::move(upstream));
}

}  // namespace ca::api
