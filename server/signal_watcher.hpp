#pragma once
// SIGTERM/SIGINT/SIGHUP handling without doing work in a signal handler: the handler writes the signal number to a
// self-pipe, and a watcher thread turns it into a callback (cancel everything, exit). The reader thread may stay
// blocked in read(); the callback ends the process without waiting for it. SIGPIPE is ignored so that a client
// that closed our stdout shows up as a write error instead of killing the server.
#include <functional>
#include <thread>

namespace ca::server {

class SignalWatcher {
 public:
  explicit SignalWatcher(std::function<void(int signal)> on_signal);
  ~SignalWatcher();  // stops watching (restores the default handlers)
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  std::function<void(int)> on_signal_;
  std::thread thread_;
};

}  // namespace ca::server
