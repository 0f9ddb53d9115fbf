#!/usr/bin/env python3
"""Per-call cost of the server against a local upstream (issue 14): CPU time (the server process's on-CPU time over
N calls, from `perf stat -p`, or user+system ticks from /proc/PID/stat without perf), wall-time p50/p99 per call, upstream requests per call (and how many were
429s) from the sandbox's request log, and the server's RSS afterwards. The sandbox adds --latency-ms to every
request, so wall time shows how many round trips a call waits for. Not a test: it prints numbers.

  python3 bench/perf/perf.py --build-dir build/ci [--calls 300] [--latency-ms 50] [--cases list50,metrics1000]

Cases: list1 / list50 / list1000 (list_accounts 1, 50 and 1,000 rows, ETag cache off so that every page is a 200;
list1 shows what a call costs before any row: reading the line, one request, waking the threads),
list50_304 (the same 50-row call repeated with the ETag cache on: every call after the first is served by a 304),
metrics200 / metrics1000 (get_metrics for 200 and 1,000 account ids), metrics1000_tight (1,000 ids under a
sandbox limit of 10 requests per 2 s window: counts the 429s)."""
import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "soak"))
from mcp_stdio import McpProcess, StderrWatch  # noqa: E402

SANDBOX_KEY = "sandbox-key"
PROTOCOL_VERSION = "2025-11-25"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# The list_accounts cases (ab.py runs them too): arguments, and the server's environment. The ETag cache is off, so
# that every page is a 200, except in the case whose point is the 304.
NO_ETAG_CACHE = {"CREATORAUDIT_ETAG_CACHE_BYTES": "0"}
LIST_CASES = {"list1": ({"max_results": 1}, NO_ETAG_CACHE), "list50": ({"max_results": 50}, NO_ETAG_CACHE),
              "list1000": ({"max_results": 1000}, NO_ETAG_CACHE), "list50_304": ({"max_results": 50}, {})}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build-dir", default="build/ci", help="holds server/creatoraudit-mcp and sandbox/creatoraudit-sandbox")
    p.add_argument("--server-bin", help="the server binary (default BUILD_DIR/server/creatoraudit-mcp)")
    p.add_argument("--sandbox-bin", help="the sandbox binary (default BUILD_DIR/sandbox/creatoraudit-sandbox)")
    p.add_argument("--calls", type=int, default=300, help="measured calls per case (default 300; fewer for big cases)")
    p.add_argument("--latency-ms", type=int, default=50, help="latency the sandbox adds per request (default 50)")
    p.add_argument("--cases", default="list1,list50,list1000,list50_304,metrics200,metrics1000,metrics1000_tight")
    p.add_argument("--json", help="also write the rows as JSON lines to this file")
    p.add_argument("--record", metavar="DIR",
                   help="also sample the server with `perf record -g` over the measured calls into DIR/CASE.data "
                        "(read with `perf report -i`); sampling adds a little to the CPU it measures")
    p.add_argument("--cpu-clock", choices=["perf", "proc"], default="perf" if shutil.which("perf") else "proc",
                   help="perf: exact on-CPU time from `perf stat -p` (the default when perf is installed); "
                        "proc: user+system clock ticks from /proc/PID/stat")
    return p.parse_args()


def clean_env():
    return {k: v for k, v in os.environ.items() if not k.startswith("CREATORAUDIT_")}


def cpu_split(pid):
    """(user, system) seconds of the whole process, exited threads included (fields 14 and 15 of /proc/PID/stat).
    The kernel charges each clock tick to the mode it lands in, so over a few hundred ticks the split is a sample."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) / CLOCK_TICKS, int(fields[12]) / CLOCK_TICKS


def minor_faults(pid):
    """Minor page faults of the whole process so far (field 10 of /proc/PID/stat, exited threads included)."""
    with open("/proc/%d/stat" % pid) as f:
        return int(f.read().rsplit(")", 1)[1].split()[7])


def cpu_seconds(pid):
    return sum(cpu_split(pid))


class PerfTaskClock:
    """Exact on-CPU time of a process over a window: `perf stat -e task-clock` attached to it (threads started
    later included). /proc/PID/stat moves in 10 ms clock ticks and, on this kind of VM, wandered by ±20 % between
    runs of 500 calls; perf's count is the scheduler's own nanoseconds."""

    def __init__(self, pid):
        self.out = tempfile.NamedTemporaryFile(prefix="ca-perf-stat-", suffix=".csv", delete=False).name
        self.proc = subprocess.Popen(["perf", "stat", "-e", "task-clock,context-switches", "-x,", "-o", self.out, "-p", str(pid)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3)  # perf attaches to every thread before the window opens

    def stop(self):
        """(on-CPU seconds, context switches) over the window."""
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(10)
        counts = {}
        with open(self.out) as f:
            for line in f:
                fields = line.strip().split(",")
                if len(fields) > 2 and fields[0].replace(".", "", 1).isdigit():
                    counts[fields[2]] = float(fields[0])
        os.unlink(self.out)
        if "task-clock" in counts:
            return counts["task-clock"] / 1000, counts.get("context-switches")
        raise SystemExit("perf stat gave no task-clock (is perf allowed here? kernel.perf_event_paranoid)")


def start_recording(directory, case, pid):
    if not shutil.which("perf"):
        raise SystemExit("--record needs perf (Debian: linux-perf)")
    os.makedirs(directory, exist_ok=True)
    proc = subprocess.Popen(["perf", "record", "-q", "-g", "-F", "5000", "-o", os.path.join(directory, case + ".data"),
                             "-p", str(pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.3)  # as for perf stat: attached before the window opens
    return proc


def status_kib(pid, name):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(name + ":"):
                return int(line.split()[1])
    return 0


def start_sandbox(binary, latency_ms, log_path, rate_limit, rate_window):
    if os.path.exists(log_path):
        os.remove(log_path)
    argv = [binary, "--port", "0", "--accounts", "1200", "--rate-limit", str(rate_limit), "--rate-window",
            str(rate_window), "--latency-ms", str(latency_ms), "--request-log", log_path]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env())
    StderrWatch(proc.stderr, "sandbox")
    base_url = proc.stdout.readline().decode().strip()
    if not base_url.startswith("http://127.0.0.1:"):
        proc.kill()
        raise SystemExit("the sandbox did not start: " + " ".join(argv))
    return proc, base_url


def start_server(binary, base_url, env_extra):
    """The server under test against the sandbox at base_url, initialized (ab.py starts its two this way too)."""
    env = clean_env()
    env.update({"CREATORAUDIT_BASE_URL": base_url, "CREATORAUDIT_API_KEY": SANDBOX_KEY})
    env.update(env_extra)
    server = McpProcess([binary, "--log-level", "error"], env)
    init = server.request(0, "initialize", {"protocolVersion": PROTOCOL_VERSION, "capabilities": {},
                                            "clientInfo": {"name": "perf", "version": "0"}})
    if not init or "result" not in init:
        raise SystemExit("initialize failed: %r" % (init,))
    server.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    return server


def account_ids(base_url, count):
    ids, cursor = [], None
    while len(ids) < count:
        url = base_url + "/accounts?limit=200" + ("&cursor=" + cursor if cursor else "")
        request = urllib.request.Request(url, headers={"Authorization": "Bearer " + SANDBOX_KEY})
        page = json.load(urllib.request.urlopen(request, timeout=30))
        ids += [a["id"] for a in page["data"]]
        cursor = page["pagination"].get("next_cursor")
        if not page["pagination"].get("has_next"):
            break
    return ids[:count]


def log_statuses(log_path):
    statuses = []
    with open(log_path) as f:
        for line in f:
            try:
                statuses.append(json.loads(line).get("status"))
            except ValueError:
                pass
    return statuses


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run_case(args, name, server_bin, sandbox_bin):
    tool, arguments, calls, env_extra = "list_accounts", {}, args.calls, {}
    rate_limit, rate_window = 1_000_000, 60
    if name in LIST_CASES:
        arguments, env_extra = LIST_CASES[name]
        if name == "list1000":
            calls = max(1, args.calls // 5)
    elif name.startswith("metrics"):
        tool = "get_metrics"
        calls = max(1, args.calls // (5 if name == "metrics200" else 10))
        if name == "metrics1000_tight":
            rate_limit, rate_window, calls = 10, 2, 6
    else:
        raise SystemExit("unknown case " + name)
    log_path = "/tmp/ca-perf-%d-sandbox.jsonl" % os.getpid()
    sandbox, base_url = start_sandbox(sandbox_bin, args.latency_ms, log_path, rate_limit, rate_window)
    try:
        if tool == "get_metrics":
            arguments = {"account_ids": account_ids(base_url, 200 if name == "metrics200" else 1000)}
        server = start_server(server_bin, base_url, env_extra)
        # One warm-up call (connections opened, caches filled), not counted.
        warm = server.request(1, "tools/call", {"name": tool, "arguments": arguments}, timeout=120)
        if not warm or warm.get("result", {}).get("isError"):
            raise SystemExit("%s: the warm-up call failed: %s" % (name, json.dumps(warm)[:500]))
        requests_before = len(log_statuses(log_path))
        recorder = start_recording(args.record, name, server.pid) if args.record else None
        clock = PerfTaskClock(server.pid) if args.cpu_clock == "perf" else None
        split_before = cpu_split(server.pid)
        faults_before = minor_faults(server.pid)
        cpu_before = sum(split_before)
        walls, output_bytes = [], 0
        for i in range(calls):
            started = time.monotonic()
            answer = server.request(2 + i, "tools/call", {"name": tool, "arguments": arguments}, timeout=120)
            walls.append((time.monotonic() - started) * 1000)
            if not answer or answer.get("result", {}).get("isError"):
                raise SystemExit("%s: call %d failed: %s" % (name, i, json.dumps(answer)[:500]))
            output_bytes = len(answer["result"]["content"][0]["text"])
        cpu, switches = clock.stop() if clock else (cpu_seconds(server.pid) - cpu_before, None)
        faults = minor_faults(server.pid) - faults_before
        user, system = (after - before for after, before in zip(cpu_split(server.pid), split_before))
        if recorder:
            recorder.send_signal(signal.SIGINT)
            recorder.wait(30)
        rss, hwm = status_kib(server.pid, "VmRSS"), status_kib(server.pid, "VmHWM")
        server.close_and_wait(10)
        time.sleep(0.2)  # the sandbox logs a request after answering it
        statuses = log_statuses(log_path)[requests_before:]
    finally:
        sandbox.terminate()
        sandbox.wait(10)
    return {"case": name, "tool": tool, "calls": calls, "cpu_ms_per_call": round(cpu * 1000 / calls, 3),
            "user_share": round(user / (user + system), 2) if user + system > 0 else None,
            "switches_per_call": round(switches / calls, 1) if switches is not None else None,
            "minor_faults_per_call": round(faults / calls, 2),
            "p50_ms": round(percentile(walls, 50), 1), "p99_ms": round(percentile(walls, 99), 1),
            "upstream_requests_per_call": round(len(statuses) / calls, 2),
            "upstream_429": sum(1 for s in statuses if s == 429), "text_bytes": output_bytes,
            "rss_kib": rss, "hwm_kib": hwm}


def main():
    args = parse_args()
    server_bin = args.server_bin or os.path.join(args.build_dir, "server", "creatoraudit-mcp")
    sandbox_bin = args.sandbox_bin or os.path.join(args.build_dir, "sandbox", "creatoraudit-sandbox")
    for binary in (server_bin, sandbox_bin):
        if not os.access(binary, os.X_OK):
            raise SystemExit("missing %s: build it first (docs/performance.md)" % binary)
    print("server: %s; sandbox latency %d ms per request; load average %s" %
          (server_bin, args.latency_ms, " ".join(open("/proc/loadavg").read().split()[:3])))
    print("| case | calls | CPU ms/call (user+sys) | user share | context switches/call | minor faults/call | p50 ms | p99 ms | upstream requests/call | 429s | text bytes | "
          "VmRSS KiB | VmHWM KiB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    rows = []
    for name in args.cases.split(","):
        row = run_case(args, name, server_bin, sandbox_bin)
        rows.append(row)
        row_text = dict(row, switches_per_call="-" if row["switches_per_call"] is None else row["switches_per_call"],
                        user_share="-" if row["user_share"] is None else row["user_share"])
        print("| %(case)s | %(calls)d | %(cpu_ms_per_call).3f | %(user_share)s | %(switches_per_call)s | %(minor_faults_per_call).2f | %(p50_ms).1f | %(p99_ms).1f | "
              "%(upstream_requests_per_call).2f | %(upstream_429)d | %(text_bytes)d | %(rss_kib)d | %(hwm_kib)d |" % row_text,
              flush=True)
    if args.json:
        with open(args.json, "w") as f:
            for row in rows:
                f.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
