// One log record, one line (issue 8 item 6): an upstream that is not the sandbox answers every request with an
// RFC 9457 problem whose title and detail try to start a forged log line and drive the terminal. Whatever the
// server logs about it must stay one escaped line per record on stderr, and the copy mirrored to the client
// (notifications/message) must carry no control characters either.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { RawSession } from "./helpers.mjs";

const FORGED = "\r\n[2026-01-01 00:00:00.000] [creatoraudit-mcp] [critical] forged line";
const TERMINAL = "\u001b[2J\u001b]0;pwned\u0007\u009b31m";
const LOG_LINE = /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] \[creatoraudit-mcp\] \[(trace|debug|info|warning|error|critical)\] /;
// C0 controls (tab excepted: never produced, but harmless), DEL and C1 controls.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

let upstream;
let baseUrl;
before(async () => {
  upstream = createServer((req, res) => {
    res.writeHead(403, { "content-type": "application/problem+json", "x-request-id": "req-hostile-1" });
    res.end(JSON.stringify({
      type: "about:blank", status: 403, code: "forbidden",
      title: `Forbidden${FORGED}`, detail: `key revoked${FORGED}${TERMINAL}`,
    }));
  });
  await new Promise((res) => upstream.listen(0, "127.0.0.1", res));
  baseUrl = `http://127.0.0.1:${upstream.address().port}/v2`;
});
after(() => new Promise((res) => upstream.close(res)));

test("a hostile upstream error body stays one escaped line per log record, on stderr and in log notifications", async () => {
  const s = new RawSession(["--log-level", "debug"], { ...process.env, CREATORAUDIT_BASE_URL: baseUrl, CREATORAUDIT_API_KEY: "k" });
  let mirrored;
  try {
    await s.initialize();
    await s.request({ jsonrpc: "2.0", id: "lvl", method: "logging/setLevel", params: { level: "debug" } });
    const call = await s.request({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "whoami", arguments: {} } });
    assert.equal(call.result.isError, true);
    mirrored = s.messages.filter((m) => m.method === "notifications/message");
  } finally {
    assert.equal((await s.close()).code, 0);
  }
  const lines = s.stderr.split("\n").filter((line) => line !== "");
  const hostile = lines.filter((line) => line.includes("forged line"));
  assert.ok(hostile.length > 0, `the upstream's text was logged:\n${s.stderr}`);
  for (const line of lines) {
    assert.match(line, LOG_LINE, "every stderr line is a record of its own");
    assert.doesNotMatch(line, CONTROL, `no control character in ${JSON.stringify(line)}`);
  }
  assert.ok(hostile.some((line) => line.includes("\\r\\n[2026-01-01") && line.includes("\\x1b[2J")), hostile.join("\n"));
  assert.ok(mirrored.length > 0, "the warning was mirrored to the client");
  for (const m of mirrored) assert.doesNotMatch(String(m.params.data), CONTROL);
});
