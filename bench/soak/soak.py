#!/usr/bin/env python3
"""Soak: thousands of mixed tool calls through the real creatoraudit-mcp binary, on several workers, against a
sandbox that injects random faults; docs/testing.md has the short (CI) and long forms.

    bench/soak/soak.py --build-dir build/asan [--calls 2000] [--max-seconds 50] [--seed 1] ...

It starts creatoraudit-sandbox (with the faults of bench/soak/faults.py) and creatoraudit-mcp pointed at it
(CREATORAUDIT_BASE_URL on loopback, the sandbox's built-in key), keeps --concurrency calls in flight, samples the
server's RSS, and at the end checks, failing (exit 1) on any violation:
  - the server never died, never wrote a non-JSON line, printed no sanitizer report, and exited 0 at end of input;
  - every call was answered within its deadline (--call-timeout-ms) + 1 s, and none got a JSON-RPC error;
  - calls with invalid arguments were refused (isError), never run;
  - RSS stayed under --max-rss-mb and grew by at most --max-rss-growth-mb over the second half of the run;
  - exactly one account exists per created handle (read from the sandbox itself), and exactly one call reported
    "created" for a handle whose calls all succeeded.
The sandbox runs as its own process because its fault switches are flags of creatoraudit-sandbox, and because the
final account check must not go through the server under test.
"""
import argparse
import collections
import json
import os
import secrets
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import checks  # noqa: E402
import faults  # noqa: E402
from mcp_stdio import McpProcess, StderrWatch  # noqa: E402
from workload import Workload  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SANDBOX_KEY = "sandbox-key"  # the sandbox's built-in read+write key, not a secret
DEADLINE_SLACK_S = 1.0       # the requirement: answered within the call's deadline + 1 s
PROTOCOL_VERSION = "2025-11-25"
# ASan holds freed memory in a quarantine (256 MB by default) before reusing it, so an ASan build's RSS climbs for
# the first few hundred MB of churn whatever the program does. A smaller quarantine lets the curve settle within a
# short run; use-after-free is still caught for the last 32 MB freed.
ASAN_QUARANTINE = "quarantine_size_mb=32"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build-dir", default=os.path.join(ROOT, "build", "asan"),
                   help="build holding server/creatoraudit-mcp and sandbox/creatoraudit-sandbox (default build/asan)")
    p.add_argument("--sandbox-bin", help="the creatoraudit-sandbox to run (default BUILD_DIR/sandbox/...); the "
                   "sandbox is not what is measured, so a plain build keeps more CPU for the server")
    p.add_argument("--calls", type=int, default=2000, help="tool calls to make (default 2000)")
    p.add_argument("--max-seconds", type=float, default=50,
                   help="stop sending new calls after this long, even if --calls is not reached (default 50)")
    p.add_argument("--workers", type=int, default=4, help="the server's --workers (default 4)")
    p.add_argument("--concurrency", type=int, default=8,
                   help="calls in flight at once; keep it at most workers + the server's queue limit (default 8)")
    p.add_argument("--call-timeout-ms", type=int, default=8000, help="the server's --call-timeout-ms (default 8000)")
    p.add_argument("--seed", type=int, default=1, help="seed of the workload and of the sandbox's faults")
    p.add_argument("--fault-rate", type=float, default=0.15,
                   help="share of the sandbox's requests that get a fault (default 0.15)")
    p.add_argument("--max-rss-mb", type=float, default=1024, help="RSS limit of the server (default 1024)")
    p.add_argument("--max-rss-growth-mb", type=float, default=64,
                   help="allowed RSS growth from the second quarter of the run to the last (default 64)")
    p.add_argument("--rss-interval", type=float, default=0.5, help="seconds between RSS samples (default 0.5)")
    p.add_argument("--out-dir", help="where the sandbox's request log and the server's stderr go "
                   "(default BUILD_DIR/soak)")
    p.add_argument("--report", help="also write the figures as JSON to this file")
    return p.parse_args()


def clean_env():
    # CREATORAUDIT_* from the caller's shell would change what is being measured.
    return {k: v for k, v in os.environ.items() if not k.startswith("CREATORAUDIT_")}


def start_sandbox(sandbox_bin, args, fault_args, request_log):
    if os.path.exists(request_log):
        os.remove(request_log)  # the sandbox appends; the report counts this run's requests only
    argv = [sandbox_bin, "--port", "0", "--seed", str(args.seed), "--accounts", "500", "--rate-limit", "1000000",
            "--first-refresh-ms", "400", "--request-log", request_log]
    argv += fault_args
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env())
    stderr = StderrWatch(proc.stderr, "creatoraudit-sandbox")  # one line per request: drained, scanned
    base_url = proc.stdout.readline().decode().strip()
    if not base_url.startswith("http://127.0.0.1:"):
        proc.kill()
        raise SystemExit("the sandbox did not start: %s\n%s" % (" ".join(argv), "\n".join(stderr.tail)))
    return proc, stderr, base_url, argv


def sandbox_statuses(request_log):
    """How often the sandbox sent each status during the run (0: the connection was dropped without an answer)."""
    counts = collections.Counter()
    with open(request_log) as f:
        for line in f:
            try:
                counts[json.loads(line).get("status")] += 1
            except ValueError:
                counts["unreadable log line"] += 1
    return dict(sorted(counts.items(), key=lambda item: str(item[0])))


def classify(message):
    """(outcome, structured or error text) of one answer: ok, tool-error, internal-error, busy or protocol-error."""
    if "error" in message:
        return "protocol-error", json.dumps(message["error"])
    result = message.get("result") or {}
    text = " ".join(c.get("text", "") for c in result.get("content") or [] if isinstance(c, dict))
    if result.get("isError"):
        if "failed unexpectedly" in text:
            return "internal-error", text
        if "server is busy" in text:
            return "busy", text
        return "tool-error", text
    return "ok", result.get("structuredContent")


def main():
    args = parse_args()
    mcp_bin = os.path.join(args.build_dir, "server", "creatoraudit-mcp")
    sandbox_bin = args.sandbox_bin or os.path.join(args.build_dir, "sandbox", "creatoraudit-sandbox")
    for binary in (mcp_bin, sandbox_bin):
        if not os.access(binary, os.X_OK):
            raise SystemExit("missing %s: build it first (docs/testing.md)" % binary)
    run_dir = args.out_dir or os.path.join(args.build_dir, "soak")
    os.makedirs(run_dir, exist_ok=True)
    run_tag = "soak" + secrets.token_hex(3)

    settings = faults.FaultSettings(rate=args.fault_rate, seed=args.seed, latency_ms=args.call_timeout_ms // 4,
                                    trickle_pause_ms=200, trickle_max_ms=2 * args.call_timeout_ms,
                                    legacy_count=25, legacy_latency_ms=5)
    fault_args, fault_plan = faults.sandbox_fault_args(sandbox_bin, settings)
    request_log = os.path.join(run_dir, "sandbox-requests.jsonl")
    sandbox, sandbox_stderr, base_url, sandbox_argv = start_sandbox(sandbox_bin, args, fault_args, request_log)

    env = clean_env()
    env.update({"CREATORAUDIT_BASE_URL": base_url, "CREATORAUDIT_API_KEY": SANDBOX_KEY,
                "ASAN_OPTIONS": ":".join(filter(None, [env.get("ASAN_OPTIONS"), ASAN_QUARANTINE]))})
    mcp_argv = [mcp_bin, "--workers", str(args.workers), "--call-timeout-ms", str(args.call_timeout_ms),
                "--log-level", "info"]
    server = McpProcess(mcp_argv, env, stderr_copy=os.path.join(run_dir, "server-stderr.log"))
    init = server.request(0, "initialize", {"protocolVersion": PROTOCOL_VERSION, "capabilities": {},
                                            "clientInfo": {"name": "soak", "version": "0"}})
    if not init or "result" not in init:
        raise SystemExit("initialize failed: %r; stderr: %s" % (init, list(server.stderr.tail)))
    server.send({"jsonrpc": "2.0", "method": "notifications/initialized"})

    workload = Workload(args.seed, run_tag)
    deadline_s = args.call_timeout_ms / 1000 + DEADLINE_SLACK_S
    outcomes = collections.Counter()
    by_tool = collections.defaultdict(collections.Counter)
    error_texts = collections.defaultdict(collections.Counter)  # tool -> the start of each error text
    latencies = []
    tool_latencies = collections.defaultdict(list)
    late, unanswered, accepted_bad_arguments = [], [], []
    creates = collections.defaultdict(list)
    in_flight = {}  # id -> (Call, time sent)
    answered = [0]
    sampler = checks.RssSampler(server.pid, args.rss_interval, lambda: answered[0])

    start = time.monotonic()
    next_id = 1
    sending = True
    while (sending or in_flight) and server.alive():
        now = time.monotonic()
        if sending and (next_id > args.calls or now - start > args.max_seconds):
            sending = False
        while sending and len(in_flight) < args.concurrency and next_id <= args.calls:
            call = workload.next_call()
            params = {"name": call.tool, "arguments": call.arguments}
            if call.tool == "add_account":
                params["_meta"] = {"progressToken": "p%d" % next_id}
            sent = server.send({"jsonrpc": "2.0", "id": next_id, "method": "tools/call", "params": params})
            in_flight[next_id] = (call, sent)
            next_id += 1
        server.wait_any(0.05)
        for request_id in list(in_flight):
            call, sent = in_flight[request_id]
            got = server.take_response(request_id)
            if got is None:
                # Past the bound (and a margin to tell "late" from "never"), a call counts as unanswered.
                if time.monotonic() - sent > deadline_s + 10:
                    unanswered.append((request_id, call.tool, call.arguments))
                    if call.handle:
                        creates[call.handle].append("error")  # it may still have created the account
                    del in_flight[request_id]
                continue
            del in_flight[request_id]
            message, received = got
            answered[0] += 1
            latency = received - sent
            latencies.append(latency)
            tool_latencies[call.tool].append(latency)
            if latency > deadline_s:
                late.append((request_id, call.tool, round(latency, 2)))
            outcome, structured = classify(message)
            outcomes[outcome] += 1
            by_tool[call.tool][outcome] += 1
            if outcome != "ok" and call.kind != "argument-error":
                error_texts[call.tool][structured[:90]] += 1
            if call.kind == "argument-error" and outcome == "ok":
                accepted_bad_arguments.append((call.tool, call.arguments))
            if outcome == "ok":
                workload.observe(call, structured)
            if call.handle:
                status = structured.get("status") if outcome == "ok" and isinstance(structured, dict) else None
                creates[call.handle].append(status if status in ("created", "already_tracked") else "error")
    run_seconds = time.monotonic() - start
    server_died = not server.alive()
    for request_id, (call, _) in in_flight.items():
        unanswered.append((request_id, call.tool, call.arguments))
        if call.handle:
            creates[call.handle].append("error")

    sampler.stop()
    exit_code = server.close_and_wait(args.call_timeout_ms / 1000 + 10)

    try:
        found = checks.sandbox_accounts(base_url, SANDBOX_KEY, run_tag)
        account_violations = checks.account_check(workload.handles, creates, found)
    except RuntimeError as e:
        found, account_violations = [], ["could not read the sandbox's accounts: %s" % e]
    sandbox.send_signal(signal.SIGTERM)
    try:
        sandbox_code = sandbox.wait(30)
    except subprocess.TimeoutExpired:
        sandbox.kill()
        sandbox_code = None

    peak_mb = max((kib for _, kib, _ in sampler.samples), default=0) / 1024
    growth_mb = sampler.growth_kib() / 1024
    failures = []
    if server_died:
        failures.append("the server died during the run (exit %s)" % server.proc.returncode)
    if exit_code != 0:
        failures.append("the server's exit at end of input was %s, not 0" % exit_code)
    if server.stderr.sanitizer_lines:
        failures.append("sanitizer report: %s" % server.stderr.sanitizer_lines[:5])
    if server.non_json_lines:
        failures.append("%d stdout lines were not JSON objects, e.g. %r" % (len(server.non_json_lines),
                                                                              server.non_json_lines[0]))
    if late:
        failures.append("%d calls answered after deadline + 1 s (%.1f s), e.g. %s" % (len(late), deadline_s, late[:5]))
    if unanswered:
        failures.append("%d calls never answered, e.g. %s" % (len(unanswered), unanswered[:5]))
    if outcomes["protocol-error"]:
        failures.append("%d well-formed tool calls got a JSON-RPC error" % outcomes["protocol-error"])
    if accepted_bad_arguments:
        failures.append("invalid arguments were accepted: %s" % accepted_bad_arguments[:5])
    if peak_mb > args.max_rss_mb:
        failures.append("peak RSS %.0f MB > --max-rss-mb %.0f" % (peak_mb, args.max_rss_mb))
    if growth_mb > args.max_rss_growth_mb:
        failures.append("RSS grew %.0f MB in the second half > --max-rss-growth-mb %.0f" % (growth_mb,
                                                                                           args.max_rss_growth_mb))
    failures += ["accounts: " + v for v in account_violations]
    if sandbox_code != 0:
        failures.append("the sandbox exited %s on SIGTERM" % sandbox_code)
    if sandbox_stderr.sanitizer_lines:
        failures.append("sandbox sanitizer report: %s" % sandbox_stderr.sanitizer_lines[:5])

    def pct(values, q):
        values = sorted(values)
        return round(values[min(len(values) - 1, int(q * len(values)))], 3) if values else 0

    report = {
        "server": mcp_argv, "sandbox": sandbox_argv, "faults": fault_plan,
        "calls_sent": next_id - 1, "calls_answered": answered[0], "seconds": round(run_seconds, 1),
        "calls_per_second": round(answered[0] / run_seconds, 1) if run_seconds else 0,
        "outcomes": dict(outcomes), "by_tool": {t: dict(c) for t, c in by_tool.items()},
        "top_errors": {t: c.most_common(3) for t, c in error_texts.items()},
        "latency_s": {"p50": pct(latencies, 0.5), "p99": pct(latencies, 0.99), "max": pct(latencies, 1.0),
                      "bound": deadline_s,
                      "by_tool": {t: {"p50": pct(v, 0.5), "max": pct(v, 1.0)} for t, v in tool_latencies.items()}},
        "progress_notifications": server.notifications.get("notifications/progress", 0),
        "sandbox_statuses": sandbox_statuses(request_log),
        "created_handles": len(workload.handles), "accounts_found": len(found),
        "rss_mb": {"peak": round(peak_mb, 1), "growth_second_half": round(growth_mb, 1),
                   "curve": [(round(t, 1), round(kib / 1024, 1), n) for t, kib, n in sampler.curve(20)]},
        "server_exit": exit_code, "sandbox_exit": sandbox_code, "failures": failures,
    }
    print_report(report)
    if args.report:
        with open(args.report, "w") as f:
            json.dump(report, f, indent=1)
    return 1 if failures else 0


def print_report(r):
    print("soak: %d calls answered of %d sent in %.1f s (%.1f calls/s)" % (r["calls_answered"], r["calls_sent"],
                                                                          r["seconds"], r["calls_per_second"]))
    print("faults:")
    for name, how in r["faults"]:
        print("  %-22s %s" % (name, how))
    print("outcomes: %s" % json.dumps(r["outcomes"], sort_keys=True))
    lat = r["latency_s"]
    for tool, counts in sorted(r["by_tool"].items()):
        tool_lat = lat["by_tool"].get(tool, {})
        print("  %-14s %-48s latency p50 %.3f s, max %.3f s" % (tool, json.dumps(counts, sort_keys=True),
                                                                 tool_lat.get("p50", 0), tool_lat.get("max", 0)))
        for text, count in r["top_errors"].get(tool, []):
            print("      %4d x %s" % (count, text))
    print("latency: p50 %.3f s, p99 %.3f s, max %.3f s (bound %.1f s)" % (lat["p50"], lat["p99"], lat["max"],
                                                                         lat["bound"]))
    print("sandbox statuses (0 = dropped): %s" % json.dumps(r["sandbox_statuses"]))
    print("creates: %d handles, %d accounts found in the sandbox; %d progress notifications"
          % (r["created_handles"], r["accounts_found"], r["progress_notifications"]))
    rss = r["rss_mb"]
    print("RSS: peak %.1f MB, growth over the second half %.1f MB; curve (s, MB, calls answered):"
          % (rss["peak"], rss["growth_second_half"]))
    print("  " + "  ".join("%.0fs:%.0fMB/%d" % point for point in rss["curve"]))
    if r["failures"]:
        print("FAILED:")
        for failure in r["failures"]:
            print("  - " + failure)
    else:
        print("soak: every check passed")


if __name__ == "__main__":
    sys.exit(main())
