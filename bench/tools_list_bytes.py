#!/usr/bin/env python3
"""Bytes of tools/list per tool selection, as the binary serves it (docs/tools.md, "What the tools cost").

    python3 bench/tools_list_bytes.py build/ci/server/creatoraudit-mcp
"""
import json, subprocess, sys

binp = sys.argv[1]
def measure(extra):
    msgs = [{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"m","version":"1"}}},
            {"jsonrpc":"2.0","method":"notifications/initialized"},
            {"jsonrpc":"2.0","id":2,"method":"tools/list"}]
    p = subprocess.run([binp, "--sandbox"] + extra, input="\n".join(json.dumps(m) for m in msgs) + "\n", capture_output=True, text=True, timeout=60)
    for line in p.stdout.splitlines():
        m = json.loads(line)
        if m.get("id") == 2:
            tools = m["result"]["tools"]
            total = len(json.dumps(m["result"]["tools"], separators=(",", ":"), ensure_ascii=False).encode())
            d = sum(len(t.get("description","").encode()) for t in tools)
            i = sum(len(json.dumps(t["inputSchema"], separators=(",", ":"), ensure_ascii=False).encode()) for t in tools)
            o = sum(len(json.dumps(t.get("outputSchema",{}), separators=(",", ":"), ensure_ascii=False).encode()) for t in tools)
            return len(tools), total, d, i, o
for label, extra in [("default", []), ("--tools accounts", ["--tools", "accounts"]), ("--tools videos", ["--tools", "videos"]),
                     ("--tools creators", ["--tools", "creators"]), ("--tools org", ["--tools", "org"]),
                     ("--read-only", ["--read-only"]), ("--tools call_api (+ whoami)", ["--tools", "call_api"])]:
    n, total, d, i, o = measure(extra)
    print(f"| {label} | {n} | {total:,} B | {d:,} B | {i:,} B | {o:,} B | {(d+i)//n:,} B |")
