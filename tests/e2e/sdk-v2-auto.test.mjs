// The TypeScript SDK v2 client in `auto` version negotiation first probes with `server/discover` (2026-07-28).
// A legacy server must answer that probe with -32601 at once so the client falls back to the 2025-11-25
// handshake; a silent server would stall the client for the whole probe timeout (60 s here).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { MCP_BIN, PRODUCT_TOOLS, resultText } from "./helpers.mjs";

const PROBE_TIMEOUT_MS = 60000;
// Far below the probe timeout: a fallback that waited for the probe to time out cannot pass.
const FAST_FALLBACK_MS = 10000;

test("v2 client in auto mode falls back to 2025-11-25 without waiting for the probe timeout", { timeout: 20000 }, async () => {
  const client = new Client(
    { name: "ca-e2e-sdk2", version: "0.0.1" },
    { capabilities: {}, versionNegotiation: { mode: "auto", probe: { timeoutMs: PROBE_TIMEOUT_MS } } },
  );
  const transport = new StdioClientTransport({
    command: MCP_BIN,
    args: ["--sandbox"],
    stderr: "ignore",
    env: { ...process.env },
  });
  const started = performance.now();
  await client.connect(transport);
  const connectMs = performance.now() - started;
  try {
    assert.equal(client.getNegotiatedProtocolVersion(), "2025-11-25");
    assert.ok(connectMs < FAST_FALLBACK_MS, `connect took ${connectMs.toFixed(0)} ms`);

    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name), PRODUCT_TOOLS);
    const res = await client.callTool({ name: "whoami", arguments: {} });
    assert.ok(!res.isError, resultText(res));
    assert.ok(res.structuredContent.organization_id);
  } finally {
    await client.close();
  }
});
