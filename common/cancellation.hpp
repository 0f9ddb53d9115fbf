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

  // A descriptor that poll(2) sees readable (POLLIN) once the token is cancelled, so that a wait on a socket ends
  // at the cancel instead of waking every few milliseconds to look. Made by the first call (most tokens never
  // wait on a socket), shared by every copy; never read, so it stays readable. When the last copy goes, an
  // uncancelled token's descriptor is kept for a later token (a few are kept; a cancelled one is closed). -1 when
  // it cannot be made (no descriptors left): the caller then looks at cancelled() periodically.
  int wake_fd() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace ca
