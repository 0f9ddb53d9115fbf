#!/usr/bin/env python3
"""A test upstream on another stack than the client's: Python's standard library only.

Two servers on free loopback ports:
  raw          socketserver + raw sockets, so every case emits exactly the bytes it means to (framing, interim
               responses, trickles, silence). GET /v2/framing/<case>?mode=keep|close[&interval_ms=N] picks the
               case; other paths are answered by the case `script` assigned to their prefix (default: ok).
  http_server  http.server with protocol_version "HTTP/1.1", as in the issue's reproduction: GETs of
               /v2/accounts and /v2/whoami with a strong ETag, and a bare 304 (no Content-Length, kept alive)
               when If-None-Match matches.

Control, one line each way, on stdin/stdout:
  start-up             prints {"raw_port": N, "http_server_port": M}
  stats                prints the counters and events (connections accepted, requests, what each case saw)
  script PREFIX CASE   answers raw-server paths starting with PREFIX with CASE
  quit (or EOF)        stops
"""
import gzip
import json
import select
import socket
import socketserver
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

LOCK = threading.Lock()
STOP = threading.Event()
STATE = {"raw_connections": 0, "raw_requests": [], "events": [], "http_connections": 0, "http_requests": []}
SCRIPT = {}  # path prefix -> case name
HITS = {}  # request target -> how many times it was asked for


def record(event, **fields):
    with LOCK:
        STATE["events"].append(dict(event=event, at=time.monotonic(), **fields))


def json_body(value):
    return json.dumps(value, separators=(",", ":")).encode()


class Ctx:
    """What a case needs: the socket, the request, the mode, how often this exact target was asked for."""

    def __init__(self, sock, conn, method, target, headers, params, hits, nth_on_conn):
        self.sock, self.conn, self.method, self.target = sock, conn, method, target
        self.headers, self.params, self.hits, self.nth_on_conn = headers, params, hits, nth_on_conn
        self.close = params.get("mode", ["keep"])[0] == "close"

    def header(self, name):
        return self.headers.get(name.lower(), [""])[0]

    def interval(self, default_ms):
        return int(self.params.get("interval_ms", [default_ms])[0]) / 1000.0

    def send(self, data):
        self.sock.sendall(data)

    def respond(self, status_line, fields, body=b"", version="HTTP/1.1"):
        """Writes one response; returns whether the connection stays open."""
        lines = [version + " " + status_line] + ["%s: %s" % (k, v) for k, v in fields]
        if self.close:
            lines.append("Connection: close")
        self.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        return not self.close

    def peer_closed(self, wait=0.0):
        """True once the client has closed its side (or reset the connection)."""
        try:
            readable, _, _ = select.select([self.sock], [], [], wait)
            return bool(readable) and self.sock.recv(4096) == b""
        except OSError:
            return True


OK_BODY = json_body({"data": {"ok": True}})


def case_ok(ctx):
    return ctx.respond("200 OK", [("Content-Type", "application/json"), ("Content-Length", len(OK_BODY))], OK_BODY)


def case_etag(ctx):
    # A 200 with a strong ETag, then a bare 304 for the matching If-None-Match: no Content-Length, as nginx sends.
    if ctx.header("If-None-Match") == '"v1"':
        record("sent_304", conn=ctx.conn)
        return ctx.respond("304 Not Modified", [("ETag", '"v1"')])
    body = json_body({"data": {"etag": "v1"}})
    return ctx.respond("200 OK", [("ETag", '"v1"'), ("Content-Length", len(body))], body)


def case_no_content(ctx):
    return ctx.respond("204 No Content", [("X-Request-ID", "req-204")])


def case_chunked(ctx):
    parts = [b'{"data":', b'{"chunked":', b"true}}"]
    chunks = b"".join(b"%x;ext=%d;name=\"v\"\r\n%s\r\n" % (len(p), i, p) for i, p in enumerate(parts))
    chunks += b"0;last=1\r\nX-Trailer: t\r\nServer-Timing: total;dur=3\r\n\r\n"
    fields = [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked"), ("Trailer", "X-Trailer")]
    return ctx.respond("200 OK", fields, chunks)


def case_http10(ctx):
    # HTTP/1.0 without a length: the body ends when the connection does, whatever the mode.
    ctx.send(b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + OK_BODY)
    return False


def case_http10_keepalive(ctx):
    fields = [("Content-Length", len(OK_BODY))]
    if not ctx.close:
        fields.append(("Connection", "keep-alive"))
    ctx.respond("200 OK", fields, OK_BODY, version="HTTP/1.0")
    return not ctx.close


def case_gzip(ctx):
    body = json_body({"data": {"text": "compressible " * 200}})
    asked = "gzip" in ctx.header("Accept-Encoding")
    record("gzip", conn=ctx.conn, asked=asked)
    if not asked:
        return ctx.respond("200 OK", [("Content-Length", len(body)), ("Vary", "Accept-Encoding")], body)
    packed = gzip.compress(body)
    fields = [("Content-Encoding", "gzip"), ("Content-Length", len(packed)), ("Vary", "Accept-Encoding")]
    return ctx.respond("200 OK", fields, packed)


def case_interim(ctx):
    ctx.send(b"HTTP/1.1 100 Continue\r\nX-Hint: before\r\n\r\n"
             b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\nLink: </app.js>; rel=preload\r\n\r\n")
    return case_ok(ctx)


def case_header_case(ctx):
    # Lower-case names, a duplicated identical Content-Length, a rate-limit field sent twice in two spellings.
    head = ("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\nContent-Length: %d\r\n"
            "x-request-id: req-lower\r\nx-ratelimit-limit: 10\r\nX-RateLimit-Remaining: 9\r\n"
            "x-ratelimit-remaining: 9\r\netag: \"lc\"\r\n" % (len(OK_BODY), len(OK_BODY)))
    if ctx.close:
        head += "connection: close\r\n"
    ctx.send(head.encode() + b"\r\n" + OK_BODY)
    return not ctx.close


def case_retry_after(ctx):
    if ctx.hits == 1:
        body = json_body({"code": "SERVICE_UNAVAILABLE", "title": "Service Unavailable", "detail": "Try again."})
        return ctx.respond("503 Service Unavailable",
                           [("Retry-After", " \t 1 \t "), ("Content-Type", "application/problem+json"),
                            ("Content-Length", len(body))], body)
    return case_ok(ctx)


def case_far_retry_after(ctx):
    # One 429 that asks for a day's wait and says the budget is spent until then (?reset=EPOCH: the client's
    # clock may be a fake one); then 200s.
    if ctx.hits == 1:
        reset = int(ctx.params.get("reset", [int(time.time()) + 86400])[0])
        body = json_body({"code": "RATE_LIMITED", "title": "Too Many Requests", "detail": "Rate limit exceeded."})
        return ctx.respond("429 Too Many Requests",
                           [("Retry-After", "86400"), ("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "0"),
                            ("X-RateLimit-Reset", str(reset)), ("Content-Length", len(body))], body)
    return case_ok(ctx)


def case_trickle(ctx):
    # Status line, header fields and body, one byte at a time.
    head = ["HTTP/1.1 200 OK", "Content-Type: application/json", "Content-Length: %d" % len(OK_BODY)]
    if ctx.close:
        head.append("Connection: close")
    data = ("\r\n".join(head) + "\r\n\r\n").encode() + OK_BODY
    gap = ctx.interval(5)
    for i in range(len(data)):
        ctx.send(data[i:i + 1])
        time.sleep(gap)
    return not ctx.close


def case_silent(ctx):
    # Reads the request, never answers, and notes when the client gives up.
    record("silent_request", conn=ctx.conn, target=ctx.target)
    while not STOP.is_set():
        if ctx.peer_closed(0.05):
            record("peer_closed", conn=ctx.conn, target=ctx.target)
            return False
    return False


def case_drip(ctx):
    # A valid response, one byte per interval, for as long as the client listens; notes how much it sent.
    body = b"x" * 100000
    data = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    gap = ctx.interval(200)
    sent = 0
    record("drip_start", conn=ctx.conn)
    while sent < len(data) and not STOP.is_set():
        try:
            ctx.send(data[sent:sent + 1])
        except OSError:
            break
        sent += 1
        if ctx.peer_closed(gap):
            break
    record("drip_end", conn=ctx.conn, bytes_sent=sent)
    return False


def case_close_but_open(ctx):
    # Says "Connection: close" but keeps the connection open and would serve more on it: the client must not.
    ctx.send(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(OK_BODY), OK_BODY))
    return True


def case_drop_second(ctx):
    # Keep-alive for the first request on a connection; the second is read and the connection closed unanswered,
    # as when a server's idle timeout fires just as a reused connection carries a request.
    if ctx.nth_on_conn == 1:
        return case_ok(ctx)
    record("dropped", conn=ctx.conn, target=ctx.target)
    return False


def case_fin_after(ctx):
    # Answers keep-alive, then closes the idle connection a little later (a server-side keep-alive timeout).
    case_ok(ctx)
    time.sleep(ctx.interval(50))
    ctx.sock.shutdown(socket.SHUT_RDWR)
    record("fin_sent", conn=ctx.conn, target=ctx.target)
    return False


def case_whoami(ctx):
    body = json_body({"data": {"type": "whoami", "organization_id": "org-upstream", "api_key_name": "Upstream key"}})
    return ctx.respond("200 OK", [("Content-Type", "application/json"), ("Content-Length", len(body))], body)


CASES = {name[5:].replace("_", "-"): fn for name, fn in globals().items() if name.startswith("case_")}


def read_request(sock, buffered):
    """One request from the socket: (method, target, headers, body), leftover bytes; None at EOF."""
    while b"\r\n\r\n" not in buffered:
        data = sock.recv(65536)
        if not data:
            return None, b""
        buffered += data
    head, _, rest = buffered.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    length = int(headers.get("content-length", ["0"])[0])
    while len(rest) < length:
        data = sock.recv(65536)
        if not data:
            return None, b""
        rest += data
    return (method, target, headers, rest[:length]), rest[length:]


class RawHandler(socketserver.BaseRequestHandler):
    def handle(self):
        sock = self.request
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with LOCK:
            STATE["raw_connections"] += 1
            conn = STATE["raw_connections"]
        buffered = b""
        nth_on_conn = 0
        while not STOP.is_set():
            try:
                request, buffered = read_request(sock, buffered)
            except OSError:
                return
            if request is None:
                return
            method, target, headers, _ = request
            nth_on_conn += 1
            path, _, query = target.partition("?")
            with LOCK:
                HITS[target] = hits = HITS.get(target, 0) + 1
                STATE["raw_requests"].append({"conn": conn, "method": method, "target": target,
                                              "accept_encoding": headers.get("accept-encoding", [""])[0],
                                              "if_none_match": headers.get("if-none-match", [""])[0]})
                scripted = [c for p, c in SCRIPT.items() if path.startswith(p)]
            case = path[len("/v2/framing/"):] if path.startswith("/v2/framing/") else (scripted or ["ok"])[0]
            ctx = Ctx(sock, conn, method, target, headers, parse_qs(query), hits, nth_on_conn)
            try:
                keep_open = CASES[case](ctx)
            except OSError:
                return
            if not keep_open:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return


class RawServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


ACCOUNT = {"id": "0b5e6c2a-1f4e-4c53-9a53-2b1d2f6f8e01", "type": "account", "platform": "tiktok",
           "username": "upstream.creator", "name": "Upstream Creator", "is_verified": False, "is_active": True,
           "is_unavailable": False, "creator_id": None, "creator_name": None, "category": "music",
           "metadata": {}, "added_at": "2026-01-02T03:04:05Z", "first_scrape_time": "2026-01-02T03:10:00Z",
           "last_scrape_time": "2026-11-28T00:00:00Z", "scrape_interval_hours": 24, "follower_count": 1200,
           "following_count": 10, "profile_post_count": 30, "total_post_count": 30, "view_count": 90000,
           "play_count": 90000, "like_count": 5000, "comment_count": 300, "share_count": 120}


class IssueReproHandler(BaseHTTPRequestHandler):
    """The issue's reproduction: http.server speaking HTTP/1.1, bare 304 on a matching If-None-Match."""
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        with LOCK:
            STATE["http_connections"] += 1

    def do_GET(self):
        path = self.path.partition("?")[0]
        if path.startswith("/v2/accounts"):
            body = json_body({"data": [ACCOUNT], "pagination": {"has_next": False, "next_cursor": None}})
        elif path == "/v2/whoami":
            body = json_body({"data": {"type": "whoami", "organization_id": "org-repro", "api_key_name": "k"}})
        else:
            body = json_body({"data": {"ok": True}})
        etag = '"%08x"' % zlib.crc32(body)
        status = 304 if self.headers.get("If-None-Match") == etag else 200
        with LOCK:
            STATE["http_requests"].append({"target": self.path, "status": status})
        self.send_response(status)
        self.send_header("ETag", etag)
        if status == 304:
            self.end_headers()  # no Content-Length: what nginx and CDNs send
            return
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    raw = RawServer(("127.0.0.1", 0), RawHandler)
    http = ThreadingHTTPServer(("127.0.0.1", 0), IssueReproHandler)
    http.daemon_threads = True
    for server in (raw, http):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"raw_port": raw.server_address[1], "http_server_port": http.server_address[1]}), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "stats":
            with LOCK:
                print(json.dumps(STATE), flush=True)
        elif words[0] == "script" and len(words) == 3 and words[2] in CASES:
            with LOCK:
                SCRIPT[words[1]] = words[2]
            print(json.dumps({"ok": True}), flush=True)
        elif words[0] == "quit":
            break
        else:
            print(json.dumps({"error": "unknown command: " + line.strip()}), flush=True)
    STOP.set()


if __name__ == "__main__":
    main()
