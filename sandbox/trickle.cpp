#include "sandbox/trickle.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

namespace ca::sandbox {
namespace {

bool send_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

TrickleResult write_trickled(int fd, const std::string& head, const std::string& body, const TrickleOptions& options,
                             const std::function<bool(ca::Millis)>& pause) {
  const auto started = std::chrono::steady_clock::now();
  const std::size_t step = std::max<std::size_t>(1, options.bytes_per_write);
  bool pausing = true;
  TrickleResult result;

  // One part of the response: in steps of `step` bytes with a pause before each write after the first, or (part
  // not trickled, or pausing over) in one write.
  const auto send_part = [&](const std::string& text, bool trickled) {
    for (std::size_t offset = 0; offset < text.size();) {
      if (result.writes > 0 && trickled && pausing) {  // no pause reaches past max_duration
        const auto left = options.max_duration - std::chrono::duration_cast<ca::Millis>(
                                                      std::chrono::steady_clock::now() - started);
        pausing = left.count() > 0 && pause(std::min(options.pause, left));
      }
      const std::size_t n = trickled && pausing ? std::min(step, text.size() - offset) : text.size() - offset;
      if (!send_all(fd, text.data() + offset, n)) return false;
      ++result.writes;
      offset += n;
    }
    return true;
  };
  result.complete = send_part(head, options.part != TricklePart::Body) &&
                    send_part(body, options.part != TricklePart::Headers);
  return result;
}

}  // namespace ca::sandbox
