#include "server/stdio_loop.hpp"

#include <spdlog/spdlog.h>

#include <type_traits>

namespace ca::server {

void read_until_end(LineReader& reader, Session& session, const LineWriter& writer, std::size_t max_line_bytes) {
  for (;;) {
    const ReadEvent event = reader.next();
    if (std::holds_alternative<EndOfInput>(event)) {
      spdlog::info("end of input");
      return;
    }
    if (const auto* line = std::get_if<Line>(&event)) {
      session.handle_line(line->text);
    } else {
      session.reject_oversize_line(max_line_bytes);
    }
    if (writer.failed()) {
      spdlog::warn("stdout is closed; stopping");
      return;
    }
  }
}

}  // namespace ca::server
