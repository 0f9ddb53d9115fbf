// The server driven line by line, the way a hand-written or probing client would: every stdout line must be a
// JSON message, protocol faults get their JSON-RPC error codes, and the discovery probe of 2026-era clients gets
// -32601 before (and after) initialize.
import { test } from "node:test";
import assert from "node:assert/strict";
import { initializeRequest, RawSession } from "./helpers.mjs";

const discoverProbe = (id) => ({
  jsonrpc: "2.0",
  id,
  method: "server/discover",
  params: {
    _meta: {
      "io.modelcontextprotocol/protocolVersion": "2026-07-28",
      "io.modelcontextprotocol/clientInfo": { name: "ca-e2e-raw", version: "0" },
      "io.modelcontextprotocol/clientCapabilities": {},
    },
  },
});

function assertError(response, code) {
  assert.ok(response.error, `expected error ${code}, got ${JSON.stringify(response)}`);
  assert.equal(response.error.code, code, JSON.stringify(response.error));
  assert.equal(response.jsonrpc, "2.0");
}

test("before initialize: server/discover and unknown methods get -32601, ping works, other requests are refused", async () => {
  const s = new RawSession();
  try {
    // Each answer is awaited before the next line is sent: nothing else could have triggered it.
    assertError(await s.request(discoverProbe("server-discover-probe-1")), -32601);
    assertError(await s.request({ jsonrpc: "2.0", id: 2, method: "no/such/method" }), -32601);
    assert.deepEqual((await s.request({ jsonrpc: "2.0", id: 3, method: "ping" })).result, {});
    const early = await s.request({ jsonrpc: "2.0", id: 4, method: "tools/list" });
    assert.ok(early.error, "tools/list before initialize is an error");
    assert.match(early.error.message, /initializ/i);
    assert.equal((await s.initialize()).result.protocolVersion, "2025-11-25");
    assertError(await s.request(discoverProbe(5)), -32601);
    assert.ok((await s.request({ jsonrpc: "2.0", id: 6, method: "tools/list" })).result.tools.length > 0);
  } finally {
    assert.deepEqual((await s.close()).code, 0);
  }
  assert.deepEqual(s.badLines, [], "every stdout line is JSON");
});

test("JSON-RPC faults: parse error, invalid request, batch, CRLF framing", async () => {
  const s = new RawSession();
  try {
    await s.initialize();
    s.send("{not json");
    const parseError = await s.next((m) => m.error?.code === -32700, "the -32700 reply");
    assert.equal(parseError.id, null);
    assertError(await s.request({ jsonrpc: "1.0", id: 10, method: "ping" }), -32600);
    s.send([{ jsonrpc: "2.0", id: 11, method: "ping" }]);
    const batch = await s.next((m) => m.error?.code === -32600 && m.id !== 10, "the reply to a batch");
    assertError(batch, -32600);
    s.send(JSON.stringify({ jsonrpc: "2.0", id: 12, method: "ping" }) + "\r");
    assert.deepEqual((await s.response(12)).result, {});
    const unknownTool = await s.request({
      jsonrpc: "2.0", id: 13, method: "tools/call", params: { name: "nope", arguments: {} },
    });
    assertError(unknownTool, -32602);
  } finally {
    assert.deepEqual((await s.close()).code, 0);
  }
  assert.deepEqual(s.badLines, [], "every stdout line is JSON");
  assert.ok(!s.messages.some((m) => m.id === 11), "a batch is not executed under 2025-11-25");
});

test("version negotiation echoes supported versions and answers 2025-11-25 to others", async () => {
  for (const [asked, expected] of [
    ["2025-11-25", "2025-11-25"],
    ["2025-06-18", "2025-06-18"],
    ["2025-03-26", "2025-03-26"],
    ["2024-11-05", "2024-11-05"],
    ["1999-01-01", "2025-11-25"],
  ]) {
    const s = new RawSession();
    const res = await s.request(initializeRequest(1, asked));
    assert.equal(res.result.protocolVersion, expected, `asked ${asked}`);
    assert.equal(res.result.serverInfo.name, "creatoraudit-mcp");
    assert.equal((await s.close()).code, 0);
    assert.deepEqual(s.badLines, []);
  }
});

test("before 2025-06-18 tool results carry text only, no structuredContent or outputSchema", async () => {
  const s = new RawSession();
  try {
    await s.request(initializeRequest(1, "2025-03-26"));
    s.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    const list = await s.request({ jsonrpc: "2.0", id: 2, method: "tools/list" });
    for (const tool of list.result.tools) assert.equal(tool.outputSchema, undefined, tool.name);
    const call = await s.request({
      jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "whoami", arguments: {} },
    });
    assert.ok(!call.result.isError, JSON.stringify(call.result));
    assert.equal(call.result.structuredContent, undefined);
    assert.ok(JSON.parse(call.result.content[0].text).organization_id);
  } finally {
    assert.equal((await s.close()).code, 0);
  }
  assert.deepEqual(s.badLines, []);
});

test("notifications are never answered", async () => {
  const s = new RawSession();
  try {
    await s.initialize();
    s.send({ jsonrpc: "2.0", method: "notifications/unknown_thing" });
    s.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 999 } });
    // Lines are read in order, so every reply to the notifications would come before the ping's.
    await s.request({ jsonrpc: "2.0", id: "after", method: "ping" });
    const replies = s.messages.filter((m) => "result" in m || "error" in m);
    assert.deepEqual(replies.map((m) => m.id), ["init", "after"]);
  } finally {
    assert.equal((await s.close()).code, 0);
  }
});
