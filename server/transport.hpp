#pragma once
// The stdio transport: newline-delimited messages in, one writer out. It works on any byte source (stdin's fd in
// the server, a std::istream in tests) and any sink, and knows nothing of JSON-RPC beyond "one JSON per line".
#include <cstddef>
#include <istream>
#include <mutex>
#include <ostream>
#include <string>
#include <variant>

#include "common/json_util.hpp"

namespace ca::server {

// Where bytes come from. read() blocks until at least one byte is available and returns 0 only at end of input.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual std::size_t read(char* buffer, std::size_t capacity) = 0;
};

class FdSource final : public ByteSource {
 public:
  explicit FdSource(int fd) : fd_(fd) {}
  std::size_t read(char* buffer, std::size_t capacity) override;  // read errors count as end of input

 private:
  int fd_;
};

class StreamSource final : public ByteSource {
 public:
  explicit StreamSource(std::istream& in) : in_(in) {}
  std::size_t read(char* buffer, std::size_t capacity) override;

 private:
  std::istream& in_;
};

struct Line {
  std::string text;  // without the newline and without a trailing '\r'
};
struct OversizeLine {};  // a line longer than the limit; its bytes were dropped as they arrived
struct EndOfInput {};
using ReadEvent = std::variant<Line, OversizeLine, EndOfInput>;

// Splits a byte stream into lines of at most `max_line_bytes` (excluding the newline). A longer line is reported
// once as OversizeLine as soon as it crosses the limit, and the rest of it is skipped without being buffered.
// Blank lines are skipped.
class LineReader {
 public:
  LineReader(ByteSource& source, std::size_t max_line_bytes) : source_(source), max_line_bytes_(max_line_bytes) {}
  ReadEvent next();

 private:
  ByteSource& source_;
  std::size_t max_line_bytes_;
  std::string pending_;    // bytes read but not yet returned (at most max_line_bytes_ + one chunk)
  bool discarding_ = false;  // inside an oversize line: drop bytes up to the next newline
  bool eof_ = false;
};

// Everything the server sends goes through one OutputChannel, so lines never interleave.
class OutputChannel {
 public:
  virtual ~OutputChannel() = default;
  virtual void send(const Json& message) = 0;
  // A frame given its own channel (Connection::receive with `out`) was settled without any answer: its
  // notifications need none, and a cancelled request gets none. An HTTP exchange waiting for an answer ends here.
  virtual void settled_without_answer() {}
};

// Writes each message as one compact line (dump_compact: no embedded newline, bad UTF-8 replaced), under one
// mutex, to a file descriptor or a std::ostream. After a write error (the client closed its end) further messages
// are dropped and failed() turns true.
class LineWriter final : public OutputChannel {
 public:
  explicit LineWriter(int fd) : fd_(fd) {}
  explicit LineWriter(std::ostream& out) : out_(&out) {}
  void send(const Json& message) override;
  bool failed() const;

 private:
  bool write_all(const std::string& line);

  int fd_ = -1;
  std::ostream* out_ = nullptr;
  mutable std::mutex mutex_;
  bool failed_ = false;
};

}  // namespace ca::server
