#pragma once
// The reader loop: lines from the transport into the session until end of input or until the client closed our
// stdout. Runs on the thread that calls it (the reader thread); tool calls never run here.
#include <cstddef>

#include "server/session.hpp"
#include "server/transport.hpp"

namespace ca::server {

// Returns when input ends or `writer` failed.
void read_until_end(LineReader& reader, Session& session, const LineWriter& writer, std::size_t max_line_bytes);

}  // namespace ca::server
