#pragma once
// One HTTP POST as the JSON-RPC layer sees it: the OutputChannel its frame's answers and request notifications go
// to. The HTTP handler takes them out as they arrive (for an SSE stream) or once the final answer is in (for a
// JSON body). The exchange ends with the final answer — the frame's response, or the array answering a batch —
// or without one when every request of the frame was cancelled; nothing follows. After close() (the client went
// away) further messages are dropped.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

#include "common/clock.hpp"
#include "common/json_util.hpp"
#include "server/transport.hpp"

namespace ca::server {

class HttpExchange final : public OutputChannel {
 public:
  void send(const Json& message) override;
  void settled_without_answer() override;

  struct Batch {
    std::deque<Json> messages;  // in the order they were sent; the final answer, if any, last when `final`
    bool final = false;         // the exchange ended: nothing more will come
  };
  // Takes what arrived, waiting until something did or `until` passes.
  Batch take(SteadyTime until);
  // The final answer, if it arrived already (for a JSON body).
  std::optional<Json> final_answer() const;
  bool finished() const;  // ended, with or without an answer
  void close();

  // A response or an array of responses: what ends an exchange.
  static bool is_final(const Json& message);

 private:
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<Json> queue_;
  bool final_ = false;
  bool closed_ = false;
  std::optional<Json> final_message_;
};

}  // namespace ca::server
