#!/usr/bin/env python3
"""Captures real CreatorAudit bodies and wire bytes from the sandbox as seeds for two fuzz targets:

  upstream_body:   seed-sandbox-ROUTE, the sandbox's body for each route a tool calls, prefixed with the two bytes
                   fuzz_upstream_body.cpp reads (which call, which status and headers);
  response_parser: seed-sandbox-wire-ROUTE, a whole response as the sandbox sends it (status line, headers, body),
                   prefixed with fuzz_response_parser.cpp's options byte and slice seed.

    python3 tests/fuzz/capture_sandbox_seeds.py --sandbox-bin build/dev/sandbox/creatoraudit-sandbox

The output is committed; rerun it when the sandbox's bodies change. It rewrites only seed-sandbox-* files.
"""
import argparse
import glob
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests", "fuzz", "corpus")
KEY = "sandbox-key"  # the sandbox's built-in read+write key

# fuzz_upstream_body.cpp's kCalls indices and answer() variant bits.
CALL = {"whoami": 0, "list_accounts": 1, "list_accounts_tiktok": 2, "account_metrics": 3, "handles": 4,
        "video_metrics": 5, "account_video_metrics": 6, "add_account": 7, "top_creators": 8, "get_overview": 9,
        "search": 10, "list_videos": 11, "list_videos_tracked": 12, "video_growth": 13, "call_api": 14,
        "list_creators": 15, "list_creators_one": 16, "creator_metrics": 17, "add_video": 18, "add_creator": 19,
        "update_creator": 20}
STATUS_BITS = {200: 0, 201: 2, 304: 3, 404: 4, 409: 5, 429: 6, 503: 7}
PROBLEM_JSON = 1 << 3
# fuzz_response_parser.cpp: options bits 2-4 pick the body cap; 6 is 1 MiB.
PARSER_CAP_1MIB = 6 << 2


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sandbox:
    def __init__(self, binary):
        self.port = free_port()
        self.process = subprocess.Popen([binary, "--port", str(self.port), "--accounts", "30", "--videos", "10",
                                         "--first-refresh-ms", "0"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("the sandbox did not start")

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/v2{path}", data=data, method=method,
                                         headers={"Authorization": f"Bearer {KEY}",
                                                  "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def wire(self, method, path, body=b""):
        """The response's bytes exactly as they arrive, read until the sandbox closes."""
        head = (f"{method} /v2{path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {KEY}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n")
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as s:
            s.sendall(head.encode() + body)
            out = b""
            while chunk := s.recv(65536):
                out += chunk
        return out

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sandbox-bin", required=True)
    args = parser.parse_args()
    sandbox = Sandbox(args.sandbox_bin)
    try:
        bodies = {}  # name -> (call, status, body)
        status, body = sandbox.call("GET", "/whoami")
        bodies["whoami"] = ("whoami", status, body)
        status, body = sandbox.call("GET", "/accounts?limit=3")
        bodies["accounts-page"] = ("list_accounts", status, body)
        bodies["accounts-page-for-handles"] = ("handles", status, body)
        account_ids = [a["id"] for a in json.loads(body)["data"]]
        status, body = sandbox.call("GET", "/accounts?limit=1&platform=tiktok&order_by=follower_count")
        bodies["accounts-tiktok-page"] = ("list_accounts_tiktok", status, body)
        status, body = sandbox.call("POST", "/accounts/metrics",
                                    {"account_ids": account_ids + ["0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b"],
                                     "period": "30d"})
        bodies["accounts-metrics"] = ("account_metrics", status, body)
        status, body = sandbox.call("GET", "/videos?limit=2")
        video_ids = [v["id"] for v in json.loads(body)["data"]]
        status, body = sandbox.call("POST", "/videos/metrics", {"video_ids": video_ids, "period": "7d"})
        bodies["videos-metrics"] = ("video_metrics", status, body)
        status, body = sandbox.call("GET", "/account-videos?limit=4")
        rows = json.loads(body)["data"]
        status, body = sandbox.call("POST", "/account-videos/metrics", {
            "instagram_post_ids": [r["id"] for r in rows if r["platform"] == "instagram"] + [1234567],
            "tiktok_video_ids": [r["id"] for r in rows if r["platform"] == "tiktok"] + [7654321], "period": "30d"})
        bodies["account-videos-metrics"] = ("account_video_metrics", status, body)
        status, body = sandbox.call("POST", "/accounts", {"platform": "instagram", "username": "fuzz.seed"})
        bodies["accounts-create"] = ("add_account", status, body)
        created = json.loads(body)["data"]["id"]
        status, body = sandbox.call("GET", f"/accounts/{created}")
        bodies["accounts-get"] = ("add_account", 200, body)
        status, body = sandbox.call("POST", "/accounts", {"platform": "instagram", "username": "fuzz.seed"})
        bodies["accounts-create-conflict"] = ("add_account", status, body)
        status, body = sandbox.call("GET", "/accounts/0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b")
        bodies["accounts-not-found"] = ("add_account", status, body)
        status, body = sandbox.call("POST", "/accounts/metrics", {"account_ids": ["not-a-uuid"]})
        bodies["accounts-metrics-invalid"] = ("account_metrics", status, body)
        status, body = sandbox.call("GET", "/creators/top?period=7d&limit=25")
        bodies["creators-top"] = ("top_creators", status, body)
        status, body = sandbox.call("GET", "/overview?period=90d")
        bodies["overview"] = ("get_overview", status, body)
        status, body = sandbox.call("GET", "/search?q=nat&limit=25")
        bodies["search"] = ("search", status, body)
        status, body = sandbox.call("GET", "/account-videos?limit=3")
        bodies["account-videos-page"] = ("list_videos", status, body)
        status, body = sandbox.call("GET", "/videos?limit=3&order_by=view_count")
        bodies["videos-page"] = ("list_videos_tracked", status, body)
        status, body = sandbox.call("POST", "/videos/deltas",
                                    {"video_ids": video_ids + ["0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b"],
                                     "windows": [1, 7, 30]})
        bodies["videos-deltas"] = ("video_growth", status, body)
        status, body = sandbox.call("GET", "/creators?limit=5")
        bodies["call-api-creators"] = ("call_api", status, body)
        status, body = sandbox.call("GET", "/creators?limit=3&order_by=name&order_direction=asc")
        bodies["creators-page"] = ("list_creators", status, body)
        creator_id = json.loads(body)["data"][0]["id"]
        status, body = sandbox.call("GET", f"/creators/{creator_id}")
        bodies["creators-get"] = ("list_creators_one", status, body)
        status, body = sandbox.call("GET", f"/creators/{creator_id}/analytics")
        bodies["creators-analytics"] = ("creator_metrics", status, body)
        status, body = sandbox.call("POST", "/videos", {"platform": "tiktok",
                                                        "identifier": "https://www.tiktok.com/@x/video/7300000000000000001"})
        bodies["videos-create"] = ("add_video", status, body)
        status, body = sandbox.call("POST", "/videos", {"platform": "tiktok", "identifier": "7300000000000000001"})
        bodies["videos-create-conflict"] = ("add_video", status, body)
        status, body = sandbox.call("POST", "/creators", {"name": "Fuzz"})
        bodies["creators-create"] = ("add_creator", status, body)
        new_creator = json.loads(body)["data"]["id"]
        status, body = sandbox.call("PUT", f"/creators/{new_creator}/accounts/{account_ids[0]}")
        bodies["creators-link"] = ("add_creator", status, body)
        status, body = sandbox.call("PATCH", f"/creators/{new_creator}", {"is_active": False})
        bodies["creators-update"] = ("update_creator", status, body)

        wire = {
            "whoami": sandbox.wire("GET", "/whoami"),
            "accounts-page": sandbox.wire("GET", "/accounts?limit=2"),
            "accounts-metrics": sandbox.wire("POST", "/accounts/metrics",
                                             json.dumps({"account_ids": account_ids[:2]}).encode()),
            "not-found": sandbox.wire("GET", "/accounts/0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b"),
        }
    finally:
        sandbox.stop()

    directory = os.path.join(CORPUS, "upstream_body")
    os.makedirs(directory, exist_ok=True)
    for old in glob.glob(os.path.join(directory, "seed-sandbox-*")):
        os.remove(old)
    for name, (call, status, body) in bodies.items():
        variant = STATUS_BITS.get(status, 0) | (PROBLEM_JSON if status >= 400 else 0)
        with open(os.path.join(directory, f"seed-sandbox-{name}"), "wb") as f:
            f.write(bytes([CALL[call], variant]) + body)

    directory = os.path.join(CORPUS, "response_parser")
    os.makedirs(directory, exist_ok=True)
    for old in glob.glob(os.path.join(directory, "seed-sandbox-*")):
        os.remove(old)
    for name, data in wire.items():
        # Whole, and with the peer's close (the sandbox closed after a Connection: close request).
        for suffix, options in (("", PARSER_CAP_1MIB), ("-then-close", PARSER_CAP_1MIB | 2)):
            with open(os.path.join(directory, f"seed-sandbox-wire-{name}{suffix}"), "wb") as f:
                f.write(bytes([options, len(name)]) + data)
    print(f"wrote {len(bodies)} upstream_body and {2 * len(wire)} response_parser seeds")


if __name__ == "__main__":
    main()
