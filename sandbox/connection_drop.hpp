#pragma once
// cpp-httplib 0.11.4 gives handlers no access to their socket (process_and_close_socket is private), yet the drop
// faults must end a connection without a single response byte; a content provider that fails would still send the
// status line and headers first. So the dispatcher finds the request's socket by its address pair (local port +
// peer port, both on the Request) among the process's descriptors and shuts it down: httplib's later write fails,
// it closes the socket itself, and the client sees the connection end with nothing sent.
#include <httplib.h>

namespace ca::sandbox {

// Returns false if no matching socket was found (the request then gets its normal response).
bool drop_connection(const httplib::Request& req);

}  // namespace ca::sandbox
