#!/usr/bin/env python3
"""Load benchmark of the Streamable HTTP transport (a benchmark, reported in docs/scaling.md; never run in CI).

    python3 bench/http/load.py --build-dir build/release [--sessions 50] [--calls 20] [--workers 16]

Starts creatoraudit-sandbox on loopback with a rate limit high enough not to pace the run (--rate-limit; the
API's own 600 a minute would make the run measure the rate budget, not the transport) and
`creatoraudit-mcp --http 127.0.0.1:0` pointed at it, then opens
--sessions concurrent MCP sessions, each on its own thread and connection: 2025-11-25 sessions (initialize,
Mcp-Session-Id) for the even ones, 2026-07-28 stateless requests for the odd ones, each making --calls tools/call
requests in turn (whoami, list_accounts, search, get_overview, top_creators; read-only, so the run can repeat). It samples the
server's RSS every 100 ms and reports: calls answered / sent, errors by kind, p50/p99/max latency per call,
throughput (calls per second over the whole run), and RSS at start, peak and end. Exit 1 when a call was not
answered with a result, or when the server died.
"""
import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ACCEPT = "application/json, text/event-stream"
META = {
    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
    "io.modelcontextprotocol/clientInfo": {"name": "bench-http", "version": "0"},
    "io.modelcontextprotocol/clientCapabilities": {},
}
CALLS = [
    ("whoami", {}),
    ("list_accounts", {"max_results": 5}),
    ("search", {"query": "a"}),
    ("list_accounts", {"max_results": 20, "order_by": "follower_count"}),
    ("get_overview", {}),
    ("top_creators", {}),
]


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))
    except (OSError, AttributeError):
        return None


def answer_of(response):
    body = response.read().decode()
    if response.getheader("Content-Type", "").startswith("text/event-stream"):
        messages = [json.loads(line[6:]) for line in body.split("\n") if line.startswith("data: ")]
        return messages[-1] if messages else None
    return json.loads(body) if body else None


class Session:
    def __init__(self, port, modern):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.modern = modern
        self.session_id = None
        self.next_id = 1

    def post(self, method, params, extra_headers=None):
        message = {"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}
        self.next_id += 1
        headers = {"Content-Type": "application/json", "Accept": ACCEPT, **(extra_headers or {})}
        if self.session_id:
            headers["Mcp-Session-Id"] = self.session_id
            headers["MCP-Protocol-Version"] = "2025-11-25"
        self.conn.request("POST", "/mcp", json.dumps(message), headers)
        response = self.conn.getresponse()
        answer = answer_of(response)
        if method == "initialize":
            self.session_id = response.getheader("Mcp-Session-Id")
        return response.status, answer

    def open(self):
        if self.modern:
            return
        status, answer = self.post("initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                                                  "clientInfo": {"name": "bench-http", "version": "0"}})
        if status != 200 or "result" not in answer:
            raise RuntimeError(f"initialize: HTTP {status} {answer}")
        self.conn.request("POST", "/mcp", json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}),
                          {"Content-Type": "application/json", "Accept": ACCEPT, "Mcp-Session-Id": self.session_id,
                           "MCP-Protocol-Version": "2025-11-25"})
        self.conn.getresponse().read()

    def call(self, name, arguments):
        params = {"name": name, "arguments": arguments}
        headers = None
        if self.modern:
            params["_meta"] = META
            headers = {"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": name}
        return self.post("tools/call", params, headers)

    def close(self):
        if self.session_id:
            self.conn.request("DELETE", "/mcp", headers={"Mcp-Session-Id": self.session_id})
            self.conn.getresponse().read()
        self.conn.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", default="build/release")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--workers", type=int, default=16, help="the server's --workers")
    parser.add_argument("--queue-limit", type=int, default=64, help="the server's --queue-limit")
    parser.add_argument("--rate-limit", type=int, default=1_000_000, help="the sandbox's requests per minute")
    args = parser.parse_args()

    sandbox = subprocess.Popen([os.path.join(ROOT, args.build_dir, "sandbox", "creatoraudit-sandbox"), "--port", "0",
                                "--rate-limit", str(args.rate_limit), "--rate-window", "60"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    base_url = sandbox.stdout.readline().strip()
    binary = os.path.join(ROOT, args.build_dir, "server", "creatoraudit-mcp")
    env = {**os.environ, "CREATORAUDIT_BASE_URL": base_url, "CREATORAUDIT_API_KEY": "sandbox-key"}
    server = subprocess.Popen([binary, "--http", "127.0.0.1:0", "--workers", str(args.workers),
                               "--queue-limit", str(args.queue_limit), "--log-level", "info"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    port = None
    deadline = time.monotonic() + 60
    while port is None and time.monotonic() < deadline:
        line = server.stderr.readline()
        if not line:
            break
        match = re.search(r"ready on http://127\.0\.0\.1:(\d+)/mcp", line)
        if match:
            port = int(match.group(1))
    if port is None:
        print("error: the server did not start", file=sys.stderr)
        server.kill()
        sandbox.kill()
        return 1
    threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()  # drain the log

    samples = []
    done = threading.Event()

    def sample():
        while not done.is_set():
            value = rss_kib(server.pid)
            if value:
                samples.append((time.monotonic(), value))
            done.wait(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    rss_start = rss_kib(server.pid)

    latencies, failures, lock = [], [], threading.Lock()
    start_barrier = threading.Barrier(args.sessions)

    def run(index):
        session = Session(port, modern=index % 2 == 1)
        try:
            session.open()
            start_barrier.wait()
            for i in range(args.calls):
                name, arguments = CALLS[(index + i) % len(CALLS)]
                began = time.monotonic()
                status, answer = session.call(name, arguments)
                took = time.monotonic() - began
                ok = status == 200 and answer and "result" in answer and not answer["result"].get("isError")
                with lock:
                    if ok:
                        latencies.append(took)
                    else:
                        failures.append(f"{name}: HTTP {status} {json.dumps(answer)[:200]}")
            session.close()
        except Exception as e:  # noqa: BLE001 - a benchmark reports every failure
            with lock:
                failures.append(f"session {index}: {e!r}")

    threads = [threading.Thread(target=run, args=(i,)) for i in range(args.sessions)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    done.set()
    sampler.join()
    rss_end = rss_kib(server.pid)
    alive = server.poll() is None
    server.terminate()
    code = server.wait(timeout=30)
    sandbox.terminate()
    sandbox.wait(timeout=30)

    sent = args.sessions * args.calls
    ordered = sorted(latencies)
    q = lambda p: ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else float("nan")  # noqa: E731
    print(f"sessions {args.sessions} x calls {args.calls} = {sent} calls; server --workers {args.workers} "
          f"--queue-limit {args.queue_limit}; sandbox --rate-limit {args.rate_limit}/min; load "
          f"{os.getloadavg()[0]:.1f}")
    print(f"answered with a result: {len(latencies)} / {sent}; failures: {len(failures)}")
    for failure in failures[:10]:
        print(f"  {failure}")
    print(f"latency per call: p50 {q(0.50) * 1000:.1f} ms, p99 {q(0.99) * 1000:.1f} ms, max {ordered[-1] * 1000 if ordered else 0:.1f} ms, "
          f"mean {statistics.mean(ordered) * 1000 if ordered else 0:.1f} ms")
    print(f"throughput: {len(latencies) / elapsed:.1f} calls/s over {elapsed:.2f} s (session set-up included)")
    peak = max(v for _, v in samples) if samples else None
    print(f"server RSS: start {rss_start} KiB, peak {peak} KiB, end {rss_end} KiB; exit status {code} after SIGTERM")
    return 0 if alive and not failures and len(latencies) == sent and code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
