// The TypeScript SDK v2 client in `auto` version negotiation probes with `server/discover` (2026-07-28) on a
// short-lived sibling process; the server answers the probe, so the client must pick 2026-07-28, at once, and
// then run every check of the suite in that era. In `legacy` mode the same client still gets the handshake.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { MCP_BIN } from "./helpers.mjs";
import { describeSdkV2 } from "./sdk-v2-suite.mjs";

// A probe that waited for its timeout would fall back to the handshake and fail the era check below.
describeSdkV2("auto", { versionNegotiation: { mode: "auto", probe: { timeoutMs: 60000 } }, era: "2026-07-28" });
describeSdkV2("legacy", { versionNegotiation: { mode: "legacy" }, era: "2025-11-25" });

test("auto negotiation settles on 2026-07-28 without waiting for the probe timeout", { timeout: 20000 }, async () => {
  const client = new Client(
    { name: "ca-e2e-sdk2-probe", version: "0.0.1" },
    { capabilities: {}, versionNegotiation: { mode: "auto", probe: { timeoutMs: 60000 } } },
  );
  await client.connect(new StdioClientTransport({ command: MCP_BIN, args: ["--sandbox"], stderr: "ignore", env: { ...process.env } }));
  try {
    assert.equal(client.getNegotiatedProtocolVersion(), "2026-07-28");
  } finally {
    await client.close();
  }
});
