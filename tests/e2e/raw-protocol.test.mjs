// The server driven line by line, the way a hand-written or probing client would: every stdout line must be a
// JSON message, protocol faults get their JSON-RPC error codes, the discovery probe of 2026-era clients is answered
// and leaves the handshake open, and a 2026-07-28 session never needs initialize.
import { test } from "node:test";
import assert from "node:assert/strict";
import { initializeRequest, modernRequest, RawSession } from "./helpers.mjs";

const discoverProbe = (id) => modernRequest(id, "server/discover");

function assertError(response, code) {
  assert.ok(response.error, `expected error ${code}, got ${JSON.stringify(response)}`);
  assert.equal(response.error.code, code, JSON.stringify(response.error));
  assert.equal(response.jsonrpc, "2.0");
}

test("before initialize: server/discover is answered without deciding the era, ping works, other requests wait for initialize", async () => {
  const s = new RawSession();
  try {
    // Each answer is awaited before the next line is sent: nothing else could have triggered it.
    const discovered = await s.request(discoverProbe("server-discover-probe-1"));
    assert.equal(discovered.result.resultType, "complete");
    assert.deepEqual(discovered.result.supportedVersions, ["2026-07-28"]);
    assertError(await s.request({ jsonrpc: "2.0", id: 2, method: "no/such/method" }), -32601);
    assert.deepEqual((await s.request({ jsonrpc: "2.0", id: 3, method: "ping" })).result, {});
    const early = await s.request({ jsonrpc: "2.0", id: 4, method: "tools/list" });
    assert.ok(early.error, "tools/list before initialize is an error");
    assert.match(early.error.message, /initializ/i);
    assert.equal((await s.initialize()).result.protocolVersion, "2025-11-25");
    assertError(await s.request(discoverProbe(5)), -32601); // a 2025-11-25 session has no server/discover
    const listed = await s.request({ jsonrpc: "2.0", id: 6, method: "tools/list" });
    assert.ok(listed.result.tools.length > 0);
    assert.equal(listed.result.resultType, undefined, "no 2026-07-28 field in a 2025-11-25 session");
  } finally {
    assert.deepEqual((await s.close()).code, 0);
  }
  assert.deepEqual(s.badLines, [], "every stdout line is JSON");
});

test("2026-07-28 without a handshake: tools/list, tools/call, the _meta checks, removed methods", async () => {
  const s = new RawSession();
  try {
    const listed = await s.request(modernRequest(1, "tools/list"));
    assert.equal(listed.result.resultType, "complete");
    assert.equal(listed.result.cacheScope, "public");
    assert.ok(Number.isInteger(listed.result.ttlMs) && listed.result.ttlMs >= 0);
    assert.equal(listed.result._meta["io.modelcontextprotocol/serverInfo"].name, "creatoraudit-mcp");
    const called = await s.request(modernRequest(2, "tools/call", { name: "whoami", arguments: {} }));
    assert.ok(!called.result.isError, JSON.stringify(called.result));
    assert.equal(called.result.resultType, "complete");
    assert.ok(called.result.structuredContent.organization_id);
    assertError(await s.request({ jsonrpc: "2.0", id: 3, method: "tools/list", params: {} }), -32602);
    const unsupported = await s.request(modernRequest(4, "tools/list", {}, { "io.modelcontextprotocol/protocolVersion": "1900-01-01" }));
    assertError(unsupported, -32022);
    assert.deepEqual(unsupported.error.data, { supported: ["2026-07-28"], requested: "1900-01-01" });
    for (const [id, method] of [[5, "ping"], [6, "logging/setLevel"], [7, "initialize"]]) {
      assertError(await s.request(modernRequest(id, method)), -32601);
    }
  } finally {
    assert.deepEqual((await s.close()).code, 0);
  }
  assert.deepEqual(s.badLines, [], "every stdout line is JSON");
});

test("lines that used to end the process are answered, and the server exits 0 at end of input", async () => {
  const s = new RawSession();
  const huge = "1" + "0".repeat(399);
  const lines = [
    '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":null}}',
    '{"jsonrpc":"2.0","id":2,"method":"ping","params":{"n":1e999}}',
    '{"jsonrpc":"2.0","id":3,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"hook","version":"0"}}}',
    '{"jsonrpc":"2.0","method":"notifications/initialized"}',
    '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"list_accounts","arguments":{"max_results":123456789012345678901234567890}}}',
    "[".repeat(100),
    '{"jsonrpc":"2.0","id":5,"method":"ping"}',
    `{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"list_accounts","arguments":{"max_results":${huge}}}}`,
    '{"jsonrpc":"2.0","id":1e999,"method":"ping"}',
    '{"jsonrpc":"2.0","id":7,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":[1]}}',
    '{"jsonrpc":"2.0","id":8,"method":"ping"}\u0000{"x":1}',
    '{"jsonrpc":"2.0","id":9,"method":"ping"}',
  ];
  for (const line of lines) s.send(line); // line 11 carries a raw NUL byte after its JSON
  await s.response(9);
  const { code } = await s.close();
  assert.equal(code, 0);
  assert.deepEqual(s.badLines, [], "stdout is JSON only");
  const byId = new Map(s.messages.filter((m) => m.id !== null).map((m) => [m.id, m]));
  assert.equal(byId.get(1).result.protocolVersion, "2025-11-25", "clientInfo null counts as absent");
  assertError(byId.get(2), -32602);
  assert.equal(byId.get(3).result.protocolVersion, "2025-11-25");
  assert.equal(byId.get(4).result.isError, true, "an argument error the model can act on");
  assert.deepEqual(byId.get(5).result, {});
  assert.equal(byId.get(6).result.isError, true);
  assert.match(byId.get(6).result.content[0].text, /max_results/);
  assertError(byId.get(7), -32602);
  assertError(byId.get(8), -32700);
  assert.deepEqual(byId.get(9).result, {});
  const nullIds = s.messages.filter((m) => m.id === null).map((m) => m.error.code).sort();
  assert.deepEqual(nullIds, [-32700, -32600].sort(), "the unclosed brackets and the unreadable id");
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
