// Waiting for an eventually-consistent resource (e.g. a new account's first refresh): fetch, test, and wait an
// interval that starts at poll_initial_interval and grows by half each time up to poll_max_interval. Bounded
// by max_wait and the caller's deadline; cancellation interrupts any wait at once.
#include "client/client_impl.hpp"

namespace ca::api {

Result<PollOutcome> Client::poll_until(const std::function<Result<Json>()>& fetch,
                                       const std::function<bool(const Json&)>& done, Millis max_wait,
                                       const CallOptions& options) {
  Clock& clock = *impl_->config.clock;
  const SteadyTime start = clock.now();
  const SteadyTime stop = std::min(options.deadline, max_wait.count() > 0 ? start + max_wait : start);
  Millis interval = impl_->config.poll_initial_interval;
  PollOutcome outcome;
  while (true) {
    auto fetched = fetch();
    ++outcome.polls;
    if (!fetched.ok()) return fetched.error();
    outcome.resource = std::move(fetched.value());
    outcome.satisfied = done(outcome.resource);
    const auto elapsed = std::chrono::duration_cast<Millis>(clock.now() - start);
    if (options.on_progress) {
      options.on_progress(static_cast<double>(elapsed.count()) / 1000.0, static_cast<double>(max_wait.count()) / 1000.0,
                          outcome.satisfied ? "ready" : "waiting (poll " + std::to_string(outcome.polls) + ")");
    }
    if (outcome.satisfied) return outcome;
    const auto left = std::chrono::duration_cast<Millis>(stop - clock.now());
    if (left.count() <= 0) return outcome;  // max_wait or the deadline ran out first
    if (!clock.sleep_for(std::min(interval, left), options.cancel)) {
      ApiError e = local_error(ErrorKind::Cancelled, "polling cancelled by the caller");
      return impl_->fail(ApiRequest{"GET", "(poll)", {}, {}, false, {}}, e);
    }
    interval = std::min(impl_->config.poll_max_interval, interval + interval / 2);
  }
}

}  // namespace ca::api
