// The official SDK v2 client over Streamable HTTP (`creatoraudit-mcp --http`), 2025-11-25 era (sessions): every
// check of the SDK v2 suite (list, every tool with structured output validated, argument errors, unknown tool,
// progress, cancellation, clean exit), plus what the HTTP transport adds: DNS-rebinding protection, the token rule
// beyond loopback, and the API key never reaching an HTTP client. The 2026-07-28 era: http-stateless.test.mjs.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { MCP_BIN, initializeRequest, startHttpServer } from "./helpers.mjs";
import { describeSdkV2 } from "./sdk-v2-suite.mjs";

describeSdkV2("HTTP, 2025-11-25 (sessions)", { versionNegotiation: { mode: "legacy" }, era: "2025-11-25", http: true });

const post = (url, body, headers = {}) => fetch(url, {
  method: "POST",
  headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers },
  body: JSON.stringify(body),
});

describe("HTTP transport: secure by default", { timeout: 60000 }, () => {
  test("a browser page from a foreign origin gets 403; the API key is never shown", async () => {
    const key = "ca-live-e2e-http-never-shown-8d1f";
    const server = await startHttpServer([], { ...process.env, CREATORAUDIT_API_KEY: key });
    try {
      const refused = await post(server.url, initializeRequest(1), { Origin: "http://evil.example" });
      assert.equal(refused.status, 403);
      const res = await post(server.url, initializeRequest(1), { "X-Api-Key": "client-supplied", Authorization: "Bearer x" });
      assert.equal(res.status, 200);
      const text = await res.text();
      assert.ok(!text.includes(key));
      assert.ok(!server.stderr().includes(key), "the key is not logged");
    } finally {
      assert.equal((await server.stop()).code, 0);
    }
  });

  test("beyond loopback without --http-token-file the server refuses to start (exit 2)", () => {
    const run = spawnSync(MCP_BIN, ["--http", "0.0.0.0:0"], { encoding: "utf8", timeout: 15000 });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--http-token-file/);
    assert.equal(run.stdout, "");
  });
});
