#pragma once
// cpp-httplib 0.11.4 gives handlers no access to their socket (process_and_close_socket is private), yet the drop
// faults must end a connection without a single response byte, and a trickled response must control every write;
// a content provider would still have httplib send the status line and headers first, in one piece. So the
// dispatcher finds the request's socket by its address pair (local port + peer port, both on the Request) among
// the process's descriptors. After a drop or a trickle it shuts the socket down: httplib's own later write fails,
// httplib closes the socket itself, and the client sees the connection end with nothing more sent.
#include <httplib.h>

namespace ca::sandbox {

// The descriptor of the connection `req` arrived on, or -1 if none matches.
int connection_fd(const httplib::Request& req);

}  // namespace ca::sandbox
