#include "server/signal_watcher.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <stdexcept>

namespace ca::server {
namespace {

int g_pipe[2] = {-1, -1};  // the self-pipe; only one watcher per process
constexpr unsigned char kStop = 0;  // written by the destructor; signals are never 0

extern "C" void on_signal(int signal) {
  const int saved = errno;
  const unsigned char byte = static_cast<unsigned char>(signal);
  [[maybe_unused]] const auto n = ::write(g_pipe[1], &byte, 1);
  errno = saved;
}

void install(void (*handler)(int)) {
  struct sigaction action = {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  // SIGHUP too: a host whose terminal or session ends sends it, and it means the same as SIGTERM here.
  for (const int signal : {SIGTERM, SIGINT, SIGHUP}) sigaction(signal, &action, nullptr);
}

}  // namespace

SignalWatcher::SignalWatcher(std::function<void(int)> on_signal_callback) : on_signal_(std::move(on_signal_callback)) {
  if (::pipe2(g_pipe, O_CLOEXEC) != 0) throw std::runtime_error("cannot create the signal pipe");
  std::signal(SIGPIPE, SIG_IGN);
  install(on_signal);
  thread_ = std::thread([this] {
    for (;;) {
      unsigned char byte = kStop;
      const ssize_t n = ::read(g_pipe[0], &byte, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0 || byte == kStop) return;
      on_signal_(byte);
    }
  });
}

SignalWatcher::~SignalWatcher() {
  install(SIG_DFL);
  const unsigned char stop = kStop;
  [[maybe_unused]] const auto n = ::write(g_pipe[1], &stop, 1);
  thread_.join();
  ::close(g_pipe[0]);
  ::close(g_pipe[1]);
}

}  // namespace ca::server
