// The API key must never leave the server: not on stdout (responses, log notifications), not on stderr (logs),
// whatever the log level and whether the key is accepted or refused. The server is pointed at a separately started
// `creatoraudit-sandbox` so that it uses exactly the key given in its environment.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RawSession, resultText, startSandbox } from "./helpers.mjs";

// Distinctive strings, so that any occurrence in the output can only be a leak.
const VALID_KEY = "ca-live-e2e-Valid-4c1d8e2f0a"; // registered with the sandbox below (read + write)
const REFUSED_KEY = "ca-live-e2e-Secret-7f3a9c2b1d"; // unknown to the sandbox → 401

let sandbox;
before(async () => {
  sandbox = await startSandbox(["--key", `${VALID_KEY}:e2e key:rw`]);
});
after(async () => {
  await sandbox?.stop();
});

function serverEnv(keyVars) {
  const env = { ...process.env };
  delete env.CREATORAUDIT_API_KEY;
  delete env.CREATORAUDIT_API_KEY_FILE;
  return { ...env, CREATORAUDIT_BASE_URL: sandbox.baseUrl, ...keyVars };
}

// Runs every tool once with MCP log notifications at debug level, so everything the server might say is said.
async function exerciseEveryTool(s) {
  await s.initialize();
  assert.deepEqual((await s.request({ jsonrpc: "2.0", id: "lvl", method: "logging/setLevel", params: { level: "debug" } })).result, {});
  const call = (id, name, args) =>
    s.request({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } });
  const results = [
    await call(1, "whoami", {}),
    await call(2, "list_accounts", { max_results: 3 }),
    await call(3, "get_metrics", { account_ids: ["00000000-0000-4000-8000-000000000000"] }),
    await call(4, "add_account", { username: "e2e.secret.check", platform: "instagram", wait_seconds: 0 }),
  ];
  return results.map((r) => r.result);
}

function assertKeyAbsent(s, key) {
  assert.ok(!s.stdout.includes(key), "the key appears on stdout");
  assert.ok(!s.stderr.includes(key), "the key appears on stderr");
  assert.deepEqual(s.badLines, []);
}

test("a valid key from CREATORAUDIT_API_KEY never appears on stdout or stderr", async () => {
  const s = new RawSession(["--log-level", "trace"], serverEnv({ CREATORAUDIT_API_KEY: VALID_KEY }));
  const results = await exerciseEveryTool(s);
  for (const r of results) assert.ok(!r.isError, resultText(r));
  assert.equal((await s.close()).code, 0);
  assertKeyAbsent(s, VALID_KEY);
});

test("a key from CREATORAUDIT_API_KEY_FILE (trailing newline trimmed) works and is never shown", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "ca-e2e-")), "key");
  writeFileSync(file, VALID_KEY + "\n", { mode: 0o600 });
  const s = new RawSession(["--log-level", "trace"], serverEnv({ CREATORAUDIT_API_KEY_FILE: file }));
  const results = await exerciseEveryTool(s);
  for (const r of results) assert.ok(!r.isError, resultText(r));
  assert.equal((await s.close()).code, 0);
  assertKeyAbsent(s, VALID_KEY);
});

test("a refused key gives 401 isError results with a request id, and is never shown", async () => {
  const s = new RawSession(["--log-level", "trace"], serverEnv({ CREATORAUDIT_API_KEY: REFUSED_KEY }));
  const results = await exerciseEveryTool(s);
  const whoami = results[0];
  assert.equal(whoami.isError, true);
  assert.match(resultText(whoami), /401/);
  assert.match(resultText(whoami), /request_id=/);
  assert.equal((await s.close()).code, 0);
  assertKeyAbsent(s, REFUSED_KEY);
});
