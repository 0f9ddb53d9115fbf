// The floor under perf.py's CPU column (docs/performance.md, "The floor"): the least a stdio server can do per
// tools/call on this machine. It answers `initialize`, and for each `tools/call` sends one GET for
// `max_results` accounts over one kept-alive connection, reads the whole response, and answers with a short text.
// No JSON parser, no threads, no TLS, no rate bookkeeping, no poll: one blocking read of stdin, one write and one
// or more reads on the socket, one write of stdout. What it costs per call is what this machine charges for the
// wake-ups and the system calls that any server answering the same calls must make. Not a server: it trusts
// its input (perf.py's lines) and dies on anything else.
//
//   cmake --build BUILD --target ca_perf_floor
//   python3 bench/perf/perf.py --server-bin BUILD/tests/client/bench_perf/ca_perf_floor --cases list1,list50
// It reads CREATORAUDIT_BASE_URL (http://127.0.0.1:PORT/PREFIX) and CREATORAUDIT_API_KEY, as the server does.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "ca_perf_floor: %s\n", what);
  std::exit(1);
}

void write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n <= 0) die("write failed");
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

// The text after `"key":` (and any spaces) up to the next ',' or '}' (perf.py's ids and max_results are bare
// integers).
std::string field(const std::string& line, const std::string& key) {
  const auto at = line.find("\"" + key + "\":");
  if (at == std::string::npos) return {};
  const auto begin = line.find_first_not_of(' ', at + key.size() + 3);
  if (begin == std::string::npos) return {};
  return line.substr(begin, line.find_first_of(",}", begin) - begin);
}

struct Upstream {
  int fd = -1;
  std::string host_header;
  std::string prefix;
  std::string authorization;
  std::string buffer;  // bytes read past the last response

  explicit Upstream(const std::string& base_url, const std::string& key) : authorization("Bearer " + key) {
    const std::string scheme = "http://";
    if (base_url.compare(0, scheme.size(), scheme) != 0) die("CREATORAUDIT_BASE_URL must be http://HOST:PORT/...");
    const auto authority_end = base_url.find('/', scheme.size());
    host_header = base_url.substr(scheme.size(), authority_end - scheme.size());
    prefix = authority_end == std::string::npos ? "" : base_url.substr(authority_end);
    const auto colon = host_header.rfind(':');
    if (colon == std::string::npos) die("CREATORAUDIT_BASE_URL needs a port");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(std::atoi(host_header.c_str() + colon + 1)));
    if (::inet_pton(AF_INET, host_header.substr(0, colon).c_str(), &address.sin_addr) != 1) die("not an IPv4 host");
    fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) die("connect");
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }

  // One GET, and its whole Content-Length-framed response; returns the body's size.
  std::size_t get(const std::string& path) {
    write_all(fd, "GET " + prefix + path + " HTTP/1.1\r\nHost: " + host_header + "\r\nAuthorization: " +
                      authorization + "\r\nAccept: application/json\r\n\r\n");
    std::size_t header_end;
    while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) fill();
    const std::string head = buffer.substr(0, header_end);
    std::size_t length = 0;
    for (std::size_t at = 0; (at = head.find("\r\n", at)) != std::string::npos; at += 2) {
      if (strncasecmp(head.c_str() + at + 2, "content-length:", 15) == 0) {
        length = std::strtoul(head.c_str() + at + 17, nullptr, 10);
      }
    }
    while (buffer.size() < header_end + 4 + length) fill();
    buffer.erase(0, header_end + 4 + length);
    return length;
  }

  void fill() {
    char chunk[64 * 1024];
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0) die("the upstream closed the connection");
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
};

}  // namespace

int main() {
  const char* base_url = std::getenv("CREATORAUDIT_BASE_URL");
  const char* key = std::getenv("CREATORAUDIT_API_KEY");
  if (base_url == nullptr || key == nullptr) die("set CREATORAUDIT_BASE_URL and CREATORAUDIT_API_KEY");
  Upstream upstream(base_url, key);
  std::string input;
  char chunk[64 * 1024];
  for (;;) {
    std::size_t newline;
    while ((newline = input.find('\n')) == std::string::npos) {
      const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
      if (n <= 0) return 0;
      input.append(chunk, static_cast<std::size_t>(n));
    }
    const std::string line = input.substr(0, newline);
    input.erase(0, newline + 1);
    const std::string id = field(line, "id");
    if (id.empty()) continue;  // a notification
    std::string result = R"({"protocolVersion":"2025-11-25","capabilities":{},"serverInfo":{"name":"floor","version":"0"}})";
    if (line.find("\"tools/call\"") != std::string::npos) {
      std::string limit = field(line, "max_results");
      const std::size_t bytes = upstream.get("/accounts?limit=" + (limit.empty() ? std::string("20") : limit));
      result = R"({"content":[{"type":"text","text":"upstream body of )" + std::to_string(bytes) + R"( bytes"}]})";
    }
    write_all(STDOUT_FILENO, R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":)" + result + "}\n");
  }
}
