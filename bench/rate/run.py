#!/usr/bin/env python3
"""Shared-rate-budget benchmark (issue 13; reported in docs/scaling.md, not run in CI).

N worker processes (bench/rate/rate_worker.cpp) make sequential whoami calls on ONE key against a sandbox with a
tight limit, once per rate store: local (each process alone, for contrast), host, redis, and redis killed
(SIGKILL) and restarted during the run. The sandbox's request log (stderr, one JSON line per request) is
time-stamped as it arrives and bucketed into the sandbox's windows (aligned to epoch multiples of the window).

  python3 bench/rate/run.py [--build build/asan] [--limit 20] [--window 10] [--procs 4] [--calls 16]

Prints one markdown table row per store: 429s, calls ok/failed, the requests the sandbox counted per window,
and the mean of the full windows (every window but the first and last, which the run only partly covers) as a
share of the limit.
"""
import argparse, collections, json, os, signal, socket, subprocess, sys, tempfile, threading, time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(port):
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(250):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return proc
        except OSError:
            time.sleep(0.02)
    raise RuntimeError("redis-server did not start")


def run(args, store, restart_redis=False):
    sandbox = subprocess.Popen([f"{args.build}/sandbox/creatoraudit-sandbox", "--port", "0", "--rate-limit",
                                str(args.limit), "--rate-window", str(args.window)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base_url = sandbox.stdout.readline().strip()
    log = []  # (arrival time, status)

    def read_log():
        for line in sandbox.stderr:
            try:
                log.append((time.time(), json.loads(line)["status"]))
            except (ValueError, KeyError):
                pass

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    redis, spec = None, store
    if store == "redis":
        port = free_port()
        redis = start_redis(port)
        spec = f"redis://127.0.0.1:{port}"
    runtime_dir = tempfile.mkdtemp(prefix="ca-rate-bench-")  # a fresh host budget file per run
    env = dict(os.environ, CREATORAUDIT_API_KEY="sandbox-key", CREATORAUDIT_BASE_URL=base_url,
               XDG_RUNTIME_DIR=runtime_dir)
    started = time.time()
    logs = [open(f"{args.logs}/{store}{'-restart' if restart_redis else ''}-{i}.log", "w") if args.logs
            else subprocess.DEVNULL for i in range(args.procs)]
    workers = [subprocess.Popen([f"{args.build}/tests/client/bench_rate/ca_rate_worker", "--calls", str(args.calls),
                                 "--rate-store", spec, "--max-attempts", "10"],
                                env=env, stdout=subprocess.PIPE, stderr=logs[i], text=True)
               for i in range(args.procs)]
    if restart_redis:
        time.sleep(args.window * 0.8)
        redis.send_signal(signal.SIGKILL)
        redis.wait()
        time.sleep(args.window * 0.8)
        redis = start_redis(port)
    results, codes = [], []
    for w in workers:
        out, _ = w.communicate(timeout=600)
        codes.append(w.returncode)
        results.append(json.loads(out.strip().splitlines()[-1]) if out.strip() else {})
    elapsed = time.time() - started
    sandbox.send_signal(signal.SIGTERM)
    sandbox.wait(timeout=10)
    reader.join(timeout=5)
    if redis:
        redis.kill()
        redis.wait()
    statuses = collections.Counter(status for _, status in log)
    windows = collections.Counter(int(t // args.window) for t, _ in log)
    per_window = [windows[w] for w in sorted(windows)]
    full = per_window[1:-1]
    share = (sum(full) / len(full) / args.limit) if full else float("nan")
    total = lambda key: sum(r.get(key, 0) for r in results)
    name = store + (" (killed + restarted)" if restart_redis else "")
    print(f"| {name} | {statuses.get(429, 0)} | {total('ok')} / {total('failed')} | {codes} | "
          f"{per_window} | {share:.0%} | {elapsed:.1f} s | shared {total('shared_slots')}, local "
          f"{total('local_slots')}, outages {total('outages')}, recoveries {total('recoveries')}; worker seconds "
          f"{[r.get('seconds') for r in results]} |", flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default="build/asan")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--window", type=int, default=10)
    p.add_argument("--procs", type=int, default=4)
    p.add_argument("--calls", type=int, default=20, help="calls per process")
    p.add_argument("--stores", default="local,host,redis,redis-restart")
    p.add_argument("--logs", default="", help="a directory for each worker's stderr (its warnings)")
    args = p.parse_args()
    print(f"{args.procs} processes x {args.calls} calls, sandbox limit {args.limit} per {args.window} s")
    print("| store | 429s | calls ok / failed | exit codes | requests per window | full windows / limit | "
          "wall time | slots |")
    print("|---|---|---|---|---|---|---|---|")
    for store in args.stores.split(","):
        if store == "redis-restart":
            run(args, "redis", restart_redis=True)
        else:
            run(args, store)


if __name__ == "__main__":
    sys.exit(main())
