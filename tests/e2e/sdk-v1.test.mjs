// The official TypeScript SDK v1 client against `creatoraudit-mcp --sandbox`: connect, list tools, call every
// tool (the SDK validates structuredContent against each tool's outputSchema and rejects a mismatch), argument
// errors, ping, cancellation, close.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import {
  assertCleanExit, assertRefreshedWithProgress, closeAndWait, connectOneWorkerStalledRefresh, EVENT_TIMEOUT_MS, MCP_BIN,
  PRODUCT_TOOLS, resultText,
} from "./helpers.mjs";

describe("SDK v1 client", { timeout: 120000 }, () => {
  let client;
  let transport;
  let stderr = "";

  before(async () => {
    transport = new StdioClientTransport({
      command: MCP_BIN,
      args: ["--sandbox"],
      stderr: "pipe",
      env: { ...process.env }, // the SDK's default child env is a minimal whitelist
    });
    client = new Client({ name: "ca-e2e-sdk1", version: "0.0.1" }, { capabilities: {} });
    const connecting = client.connect(transport);
    transport.stderr.setEncoding("utf8").on("data", (c) => (stderr += c));
    await connecting;
  });

  after(async () => {
    await client?.close();
  });

  test("the handshake reports the server and its tools + logging capabilities", () => {
    const info = client.getServerVersion();
    assert.equal(info.name, "creatoraudit-mcp");
    assert.ok(info.version, "serverInfo.version is set");
    const caps = client.getServerCapabilities();
    assert.ok(caps.tools, "tools capability");
    assert.ok(caps.logging, "logging capability");
    assert.ok(client.getInstructions()?.length > 0, "instructions for the model");
  });

  test("tools/list serves the product tools with titles, annotations and schemas", async () => {
    const { tools, nextCursor } = await client.listTools();
    assert.equal(nextCursor, undefined);
    assert.deepEqual(tools.map((t) => t.name), PRODUCT_TOOLS);
    for (const tool of tools) {
      assert.ok(tool.title, `${tool.name}: title`);
      assert.ok(tool.description?.length > 40, `${tool.name}: a description written for a model`);
      for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"]) {
        assert.equal(typeof tool.annotations?.[hint], "boolean", `${tool.name}: ${hint} set explicitly`);
      }
      assert.equal(tool.inputSchema.type, "object");
      assert.equal(tool.inputSchema.additionalProperties, false, `${tool.name}: additionalProperties false`);
      assert.equal(tool.outputSchema?.type, "object", `${tool.name}: outputSchema`);
    }
  });

  test("whoami returns a result that matches its outputSchema", async () => {
    const res = await client.callTool({ name: "whoami", arguments: {} });
    assert.ok(!res.isError, resultText(res));
    assert.ok(res.structuredContent.organization_id);
    assert.deepEqual(JSON.parse(resultText(res)), res.structuredContent, "the text is a compact copy");
  });

  let accounts;
  test("list_accounts returns compact rows that match its outputSchema", async () => {
    const res = await client.callTool({
      name: "list_accounts",
      arguments: { max_results: 5, order_by: "follower_count", order_direction: "desc" },
    });
    assert.ok(!res.isError, resultText(res));
    accounts = res.structuredContent.accounts;
    assert.equal(accounts.length, 5);
    assert.equal(res.structuredContent.returned, 5);
    assert.equal(res.structuredContent.has_more, true);
    assert.ok(res.structuredContent.next_cursor, "next_cursor when there is more");
    assert.ok(!resultText(res).includes("\n"), "the text copy is compact JSON");
  });

  test("top_creators, get_overview and search answer within their outputSchemas", async () => {
    const top = await client.callTool({ name: "top_creators", arguments: { period: "7d", limit: 3 } });
    assert.ok(!top.isError, resultText(top));
    assert.deepEqual(top.structuredContent.creators.map((c) => c.rank), [1, 2, 3]);
    const overview = await client.callTool({ name: "get_overview", arguments: { period: "30d" } });
    assert.ok(!overview.isError, resultText(overview));
    assert.ok("total_views" in overview.structuredContent.figures);
    const found = await client.callTool({ name: "search", arguments: { query: accounts[0].username.slice(0, 3) } });
    assert.ok(!found.isError, resultText(found));
    assert.ok(found.structuredContent.returned >= 1);
  });

  test("list_videos and get_video_growth answer within their outputSchemas", async () => {
    const listed = await client.callTool({
      name: "list_videos",
      arguments: { source: "tracked", platform: "tiktok", order_by: "view_count", max_results: 3 },
    });
    assert.ok(!listed.isError, resultText(listed));
    const videos = listed.structuredContent.videos;
    assert.equal(videos.length, 3);
    assert.ok(videos.every((v) => v.platform === "tiktok" && v.url.startsWith("https://www.tiktok.com/@")));
    const unknown = "00000000-0000-4000-8000-000000000000";
    const growth = await client.callTool({
      name: "get_video_growth",
      arguments: { video_ids: [...videos.map((v) => v.id), unknown], windows: [1, 7, 30] },
    });
    assert.ok(!growth.isError, resultText(growth));
    assert.deepEqual(Object.keys(growth.structuredContent.videos), videos.map((v) => v.id));
    assert.deepEqual(growth.structuredContent.not_found, [unknown]);
    const own = await client.callTool({ name: "list_videos", arguments: { account: accounts[0].id, max_results: 2 } });
    assert.ok(!own.isError, resultText(own));
  });

  test("get_metrics returns rows for known ids and lists unknown ones as not found", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    const ids = accounts.slice(0, 2).map((a) => a.id);
    const res = await client.callTool({
      name: "get_metrics",
      arguments: { account_ids: [...ids, ids[0], unknown], period: "7d" },
    });
    assert.ok(!res.isError, resultText(res));
    assert.equal(res.structuredContent.period, "7d");
    assert.deepEqual(Object.keys(res.structuredContent.accounts).sort(), [...ids].sort());
    assert.deepEqual(JSON.stringify(res.structuredContent.not_found).includes(unknown), true);
  });

  test("list_creators, get_metrics of creators and the creator and video writes match their outputSchemas", async () => {
    const roster = await client.callTool({ name: "list_creators", arguments: { max_results: 3, order_direction: "desc" } });
    assert.ok(!roster.isError, resultText(roster));
    assert.equal(roster.structuredContent.returned, 3);
    const creatorId = roster.structuredContent.creators[0].id;
    const one = await client.callTool({ name: "list_creators", arguments: { creator_id: creatorId } });
    assert.ok(!one.isError, resultText(one));
    const metrics = await client.callTool({ name: "get_metrics", arguments: { creator_ids: [creatorId] } });
    assert.ok(!metrics.isError, resultText(metrics));
    assert.deepEqual(Object.keys(metrics.structuredContent.creators), [creatorId]);
    const created = await client.callTool({ name: "add_creator", arguments: { name: "E2E SDK1", accounts: [accounts[0].id] } });
    assert.ok(!created.isError, resultText(created));
    const updated = await client.callTool({
      name: "update_creator",
      arguments: { creator_id: created.structuredContent.creator.id, name: "E2E SDK1 renamed", metadata: {} },
    });
    assert.ok(!updated.isError, resultText(updated));
    assert.equal(updated.structuredContent.creator.name, "E2E SDK1 renamed");
    const video = await client.callTool({
      name: "add_video",
      arguments: { identifier: "https://www.tiktok.com/@e2e/video/7300000000000000043", wait_seconds: 0 },
    });
    assert.ok(!video.isError, resultText(video));
    assert.equal(video.structuredContent.refresh, "pending");
  });

  test("add_account with wait_seconds 0 creates the account and reports the refresh as pending", async () => {
    const res = await client.callTool({
      name: "add_account",
      arguments: { username: "https://www.instagram.com/e2e.sdk1.pending/", wait_seconds: 0 },
    });
    assert.ok(!res.isError, resultText(res));
    assert.equal(res.structuredContent.status, "created");
    assert.equal(res.structuredContent.refresh, "pending");
  });

  test("add_account of an account already tracked says already_tracked, not an error", async () => {
    const res = await client.callTool({
      name: "add_account",
      arguments: { username: "@e2e.sdk1.pending", platform: "instagram", wait_seconds: 0 },
    });
    assert.ok(!res.isError, resultText(res));
    assert.equal(res.structuredContent.status, "already_tracked");
  });

  test("bad arguments give an isError result that names the argument", async () => {
    const res = await client.callTool({ name: "list_accounts", arguments: { max_results: 5000 } });
    assert.equal(res.isError, true);
    assert.match(resultText(res), /max_results/);
  });

  test("arguments the schema does not allow are refused with isError", async () => {
    const res = await client.callTool({ name: "whoami", arguments: { surprise: 1 } });
    assert.equal(res.isError, true);
    assert.match(resultText(res), /surprise/);
  });

  test("an unknown tool is a JSON-RPC -32602 error", async () => {
    await assert.rejects(client.callTool({ name: "no_such_tool", arguments: {} }), (e) => e.code === -32602);
  });

  test("ping answers", async () => {
    assert.deepEqual(await client.ping(), {});
  });

  test("progress notifications arrive while add_account waits for its first refresh", async () => {
    const progress = [];
    const res = await client.callTool(
      { name: "add_account", arguments: { username: "e2e.sdk1.progress", platform: "tiktok", wait_seconds: 30 } },
      undefined,
      { onprogress: (p) => progress.push(p.progress), timeout: 60000 },
    );
    assertRefreshedWithProgress(res, progress);
  });

  test("close: the server exits with status 0 on EOF, with no sanitizer report", { timeout: EVENT_TIMEOUT_MS }, async () => {
    assertCleanExit(await closeAndWait(client, transport), stderr);
    client = undefined;
  });
});

// Cancellation, made observable: the server has a single worker and the account's first refresh never comes
// (sandbox --first-refresh-ms far beyond wait_seconds), so the later whoami can only run if the cancelled
// add_account really stopped polling and gave its worker back.
describe("SDK v1 client: cancellation", { timeout: 60000 }, () => {
  let sandbox;
  let client;

  before(async () => {
    client = new Client({ name: "ca-e2e-sdk1-cancel", version: "0.0.1" }, { capabilities: {} });
    sandbox = await connectOneWorkerStalledRefresh(client, StdioClientTransport);
  });

  after(async () => {
    await client?.close();
    await sandbox?.stop();
  });

  test("an aborted add_account rejects, and the server frees its worker and keeps serving", async () => {
    const controller = new AbortController();
    // Abort once the server reports it is polling (its first progress notification).
    const call = client.callTool(
      { name: "add_account", arguments: { username: "e2e.sdk1.cancel", platform: "tiktok", wait_seconds: 45 } },
      undefined,
      { signal: controller.signal, onprogress: () => controller.abort("e2e cancel"), timeout: 60000 },
    );
    await assert.rejects(call);
    assert.ok(controller.signal.aborted, "the call ended through the abort, not a timeout");
    assert.deepEqual(await client.ping(), {});
    const res = await client.callTool({ name: "whoami", arguments: {} }, undefined, { timeout: EVENT_TIMEOUT_MS });
    assert.ok(!res.isError, resultText(res));
  });
});
