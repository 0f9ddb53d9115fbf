// A whole MCP session fed arbitrary bytes, exactly as the server reads stdin: the transport's line reader, a
// session on a ServerCore with the real tool registry (no API client, so tool calls stop after argument
// validation), and the line writer. Properties: nothing crashes, throws or trips a sanitizer, and every line written
// is one JSON value. Kept a thin adapter of the server's own wiring (server/main.cpp) so it follows refactors of
// the entry point. As in the server, one ServerCore (registry, worker pool) serves every session of the process:
// each input is one session, and the pool's threads are not started and joined per input.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "server/session.hpp"
#include "server/stdio_loop.hpp"
#include "server/transport.hpp"
#include "tests/fuzz/fuzz_support.hpp"
#include "tests/fuzz/product_registry.hpp"

namespace {

// The smallest --max-line-bytes the server accepts, so inputs reach the oversize-line path too.
constexpr std::size_t kMaxLineBytes = 1024;

ca::server::ServerCore& core() {
  static ca::server::ServerCore& core = *[] {
    ca::server::SessionOptions options;
    options.workers = 1;
    options.queue_limit = 2;
    options.call_timeout = ca::Millis(2000);
    return new ca::server::ServerCore(ca::fuzz::product_registry(), options);  // never destroyed, like the registry
  }();
  return core;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ca::fuzz::quiet_logging();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream input(std::string(reinterpret_cast<const char*>(data), size));
  std::ostringstream output;
  {
    ca::server::LineWriter writer(output);
    ca::server::Session session(core(), writer);
    ca::server::StreamSource source(input);
    ca::server::LineReader reader(source, kMaxLineBytes);
    ca::server::read_until_end(reader, session, writer, kMaxLineBytes);
    CA_FUZZ_CHECK(session.drain(ca::Millis(2000)), "every call finished by its deadline at end of input");
  }
  std::istringstream lines(output.str());
  for (std::string line; std::getline(lines, line);) {
    const auto message = ca::Json::parse(line, nullptr, /*allow_exceptions=*/false);
    CA_FUZZ_CHECK(!message.is_discarded() && (message.is_object() || message.is_array()),
                  "every output line is a JSON object or array");
  }
  return 0;
}
