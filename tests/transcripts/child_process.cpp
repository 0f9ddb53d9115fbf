#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace ca::test {
namespace {

void make_pipe(int fds[2]) {
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
}

std::vector<std::string> child_environment(const std::map<std::string, std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    const std::string name = entry.substr(0, entry.find('='));
    if (name.rfind("CREATORAUDIT_", 0) == 0 || extra.count(name) != 0) continue;
    env.push_back(entry);
  }
  for (const auto& [name, value] : extra) {
    if (!value.empty()) env.push_back(name + "=" + value);
  }
  return env;
}

}  // namespace

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env) {
  int in[2], out[2], err[2];
  make_pipe(in);
  make_pipe(out);
  make_pipe(err);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);

  std::vector<std::string> argv_strings = {program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  auto env_strings = child_environment(env);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);

  const int rc = posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  stdin_ = in[1];
  stdout_ = out[0];
  stderr_fd_ = err[0];
  if (rc != 0) throw std::runtime_error("cannot start " + program + ": " + std::strerror(rc));
  ::signal(SIGPIPE, SIG_IGN);  // a server that exits early must fail the test, not kill it
}

ChildProcess::~ChildProcess() {
  if (!exit_code_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  for (int fd : {stdin_, stdout_, stderr_fd_}) {
    if (fd >= 0) ::close(fd);
  }
}

void ChildProcess::write(const std::string& bytes) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(stdin_, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("the server closed its stdin");
    written += static_cast<std::size_t>(n);
  }
}

void ChildProcess::close_stdin() {
  if (stdin_ >= 0) ::close(stdin_);
  stdin_ = -1;
}

bool ChildProcess::pump(std::chrono::milliseconds timeout) {
  pollfd fds[2] = {{stdout_, POLLIN, 0}, {stderr_fd_, POLLIN, 0}};
  if (stdout_ < 0 && stderr_fd_ < 0) return false;
  const int ready = ::poll(fds, 2, static_cast<int>(timeout.count()));
  if (ready <= 0) return true;
  char buffer[65536];
  for (auto& p : fds) {
    if (p.fd < 0 || p.revents == 0) continue;
    const ssize_t n = ::read(p.fd, buffer, sizeof buffer);
    if (n > 0) {
      (p.fd == stdout_ ? stdout_buffer_ : stderr_).append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      ::close(p.fd);
      (p.fd == stdout_ ? stdout_ : stderr_fd_) = -1;
    }
  }
  return stdout_ >= 0 || stderr_fd_ >= 0;
}

std::optional<std::string> ChildProcess::read_line(std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto newline = stdout_buffer_.find('\n', consumed_);
    if (newline != std::string::npos) {
      std::string line = stdout_buffer_.substr(consumed_, newline - consumed_);
      consumed_ = newline + 1;
      return line;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0 || stdout_ < 0) return std::nullopt;
    pump(left);
  }
}

int ChildProcess::wait(std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (!pump(left)) break;
  }
  int status = 0;
  if (stdout_ >= 0 || stderr_fd_ >= 0) ::kill(pid_, SIGKILL);  // still talking after the timeout
  ::waitpid(pid_, &status, 0);
  exit_code_ = WIFEXITED(status) && (stdout_ < 0 && stderr_fd_ < 0) ? WEXITSTATUS(status) : -1;
  return *exit_code_;
}

void ChildProcess::signal(int signal) { ::kill(pid_, signal); }

std::vector<std::string> ChildProcess::stdout_lines() const {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (auto nl = stdout_buffer_.find('\n'); nl != std::string::npos; nl = stdout_buffer_.find('\n', start)) {
    lines.push_back(stdout_buffer_.substr(start, nl - start));
    start = nl + 1;
  }
  if (start < stdout_buffer_.size()) lines.push_back(stdout_buffer_.substr(start));  // an unterminated tail
  return lines;
}

}  // namespace ca::test
