#pragma once
// A cancellation token shared between whoever may cancel (the MCP reader thread, a signal handler, a test) and
// whoever does the work (a tool, the HTTP client). Copies share one state; waits wake early on cancel, so a
// back-off or a poll interval never delays a cancellation.
#include <chrono>
#include <memory>

namespace ca {

class CancellationToken {
 public:
  CancellationToken();

  void cancel() const;
  bool cancelled() const;

  // Blocks for up to `d`; returns true as soon as the token is cancelled (also when it already was).
  bool wait_for(std::chrono::milliseconds d) const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace ca
