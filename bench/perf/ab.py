#!/usr/bin/env python3
"""Two server builds side by side, for a comparison this VM's noise cannot fake (issue 14). Both servers talk to one
sandbox and take turns call by call, so a slow phase of the host lands on both; each one's on-CPU time is counted by
its own `perf stat`. Not a test: it prints numbers.

  python3 bench/perf/ab.py --a OLD_BIN --b NEW_BIN [--case list50] [--calls 100] [--rounds 10] [--latency-ms 50]

--a-env / --b-env KEY=VALUE set an environment variable for one side only (repeatable), so that one binary can be
compared with itself under two settings. Cases: perf.py's list_accounts cases (list1, list50, list1000, list50_304)."""
import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import perf  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--a", required=True, help="first server binary")
    parser.add_argument("--b", required=True, help="second server binary")
    parser.add_argument("--a-env", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--b-env", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--sandbox-bin", default="build/ci/sandbox/creatoraudit-sandbox")
    parser.add_argument("--case", default="list50", choices=sorted(perf.LIST_CASES))
    parser.add_argument("--calls", type=int, default=100, help="calls per server per round")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--any-output", action="store_true",
                        help="compare servers whose answers differ (the floor, bench/perf/floor.cpp)")
    return parser.parse_args()


def start_server(binary, base_url, case_env, extra_env):
    return perf.start_server(binary, base_url, dict(case_env, **dict(item.split("=", 1) for item in extra_env)))


def call(server, call_id, arguments):
    answer = server.request(call_id, "tools/call", {"name": "list_accounts", "arguments": arguments}, timeout=120)
    if not answer or answer.get("result", {}).get("isError"):
        raise SystemExit("call %d failed: %r" % (call_id, answer))
    return len(answer["result"]["content"][0]["text"])


def run_round(args, base_url):
    arguments, case_env = perf.LIST_CASES[args.case]
    servers = [start_server(args.a, base_url, case_env, args.a_env),
               start_server(args.b, base_url, case_env, args.b_env)]
    try:
        text_bytes = [call(server, 1, arguments) for server in servers]  # warm-up, not counted
        if text_bytes[0] != text_bytes[1] and not args.any_output:
            raise SystemExit("the two servers' answers differ in length: %r" % text_bytes)
        clocks = [perf.PerfTaskClock(server.pid) for server in servers]
        faults = [perf.minor_faults(server.pid) for server in servers]
        for i in range(args.calls):
            for server in servers:
                call(server, 2 + i, arguments)
        counts = [clock.stop() for clock in clocks]
        faults = [perf.minor_faults(server.pid) - before for server, before in zip(servers, faults)]
    finally:
        for server in servers:
            server.close_and_wait(10)
    return [(cpu * 1000 / args.calls, switches / args.calls, fault / args.calls)
            for (cpu, switches), fault in zip(counts, faults)]


def main():
    args = parse_args()
    log_path = "/tmp/ca-ab-%d.jsonl" % os.getpid()
    sandbox, base_url = perf.start_sandbox(args.sandbox_bin, args.latency_ms, log_path, 1_000_000, 60)
    print("case %s, %d calls per server per round, sandbox latency %d ms" % (args.case, args.calls, args.latency_ms))
    print("| round | A CPU ms/call | B CPU ms/call | B/A | A switches/call | B switches/call |")
    print("|---|---|---|---|---|---|")
    rounds = []
    try:
        for round_number in range(1, args.rounds + 1):
            (a_cpu, a_switches, _), (b_cpu, b_switches, _) = run_round(args, base_url)
            rounds.append((a_cpu, b_cpu))
            print("| %d | %.3f | %.3f | %.2f | %.1f | %.1f |" % (round_number, a_cpu, b_cpu, b_cpu / a_cpu,
                                                               a_switches, b_switches), flush=True)
    finally:
        sandbox.terminate()
        sandbox.wait(10)
        os.remove(log_path)
    # The host's noise only ever adds CPU time, so each side's cheapest round is its best estimate; the median
    # ratio says whether B beat A round by round.
    print("A: min %.3f, median %.3f; B: min %.3f, median %.3f; median B/A %.2f" % (
        min(a for a, _ in rounds), statistics.median(a for a, _ in rounds), min(b for _, b in rounds),
        statistics.median(b for _, b in rounds), statistics.median(b / a for a, b in rounds)))


if __name__ == "__main__":
    main()
