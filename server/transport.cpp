#include "server/transport.hpp"

#include <unistd.h>

#include <cerrno>

namespace ca::server {
namespace {

constexpr std::size_t kReadChunkBytes = 64 * 1024;
constexpr std::size_t kKeptLineBytes = 256 * 1024;  // a line buffer larger than this is freed after its message

bool is_blank(const std::string& s) { return s.find_first_not_of(" \t\r") == std::string::npos; }

}  // namespace

std::size_t FdSource::read(char* buffer, std::size_t capacity) {
  for (;;) {
    const ssize_t n = ::read(fd_, buffer, capacity);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno != EINTR) return 0;
  }
}

std::size_t StreamSource::read(char* buffer, std::size_t capacity) {
  in_.read(buffer, static_cast<std::streamsize>(capacity));
  return static_cast<std::size_t>(in_.gcount());
}

ReadEvent LineReader::next() {
  for (;;) {
    if (const auto newline = pending_.find('\n'); newline != std::string::npos) {
      std::string text = pending_.substr(0, newline);
      pending_.erase(0, newline + 1);
      if (discarding_) {  // the tail of an oversize line, already reported
        discarding_ = false;
        continue;
      }
      if (!text.empty() && text.back() == '\r') text.pop_back();
      if (text.size() > max_line_bytes_) return OversizeLine{};
      if (is_blank(text)) continue;
      return Line{std::move(text)};
    }
    if (pending_.size() > max_line_bytes_ + 1) {  // +1: the '\r' of a line of exactly the limit may be pending
      pending_.clear();
      if (!discarding_) {
        discarding_ = true;
        return OversizeLine{};
      }
    }
    if (eof_) {
      std::string text = std::move(pending_);
      pending_.clear();
      if (discarding_ || is_blank(text)) return EndOfInput{};
      if (text.back() == '\r') text.pop_back();
      return Line{std::move(text)};
    }
    char chunk[kReadChunkBytes];
    const std::size_t n = source_.read(chunk, sizeof chunk);
    if (n == 0) {
      eof_ = true;
    } else {
      pending_.append(chunk, n);
    }
  }
}

void LineWriter::send(const Json& message) {
  // One line buffer per thread, kept between messages: a result's line is tens of kilobytes, and building each in
  // a new string cost a dozen reallocations (and their copies) per message. One huge message does not stay resident.
  thread_local std::string line;
  line.clear();
  append_compact(line, message);
  line += '\n';
  {
    std::lock_guard lock(mutex_);
    if (!failed_) failed_ = !write_all(line);
  }
  if (line.capacity() > kKeptLineBytes) std::string().swap(line);
}

bool LineWriter::failed() const {
  std::lock_guard lock(mutex_);
  return failed_;
}

bool LineWriter::write_all(const std::string& line) {
  if (out_ != nullptr) {
    out_->write(line.data(), static_cast<std::streamsize>(line.size()));
    out_->flush();
    return static_cast<bool>(*out_);
  }
  std::size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    written += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace ca::server
