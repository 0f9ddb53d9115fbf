#pragma once
// Runs a program with pipes on stdin, stdout and stderr (no shell), for tests that drive the real server binary.
#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ca::test {

// How long a test waits for a child (a line, its exit): a hung server fails the test instead of hanging CI.
inline constexpr std::chrono::seconds kRunLimit{60};

class ChildProcess {
 public:
  // `env` is added to the parent's environment, minus every CREATORAUDIT_* variable (so a developer's key never
  // leaks into a test); an empty value removes the variable.
  ChildProcess(const std::string& program, const std::vector<std::string>& args,
               const std::map<std::string, std::string>& env = {});
  ~ChildProcess();  // kills the child if it still runs
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  void write(const std::string& bytes);
  void close_stdin();
  // The next stdout line (without '\n'), or nullopt at end of output or after `timeout`.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  // Reads stdout and stderr to their end (bounded by `timeout`) and returns the exit code, or -1 when the
  // child had to be killed or died from a signal.
  int wait(std::chrono::milliseconds timeout);
  void signal(int signal);

  std::vector<std::string> stdout_lines() const;  // complete lines read so far (after wait: all of them)
  const std::string& stderr_text() const { return stderr_; }

 private:
  // Reads what is available on both pipes for up to `timeout`; false when both are at their end.
  bool pump(std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  int stdin_ = -1, stdout_ = -1, stderr_fd_ = -1;
  std::string stdout_buffer_;
  std::size_t consumed_ = 0;  // bytes of stdout_buffer_ already returned by read_line
  std::string stderr_;
  std::optional<int> exit_code_;
};

}  // namespace ca::test
