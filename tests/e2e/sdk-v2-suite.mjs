// The checks every SDK v2 client configuration runs against `creatoraudit-mcp --sandbox`: the negotiated era,
// tools/list, a call of every tool (the client validates structuredContent against each outputSchema), argument
// errors, an unknown tool, progress, cancellation (observable through a single worker), and a clean exit. Over
// stdio, or with `http: true` over Streamable HTTP (`--http 127.0.0.1:0`, the client's StreamableHTTPClientTransport).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import {
  assertCleanExit, assertRefreshedWithProgress, closeAndWait, connectOneWorkerStalledRefresh, EVENT_TIMEOUT_MS, MCP_BIN,
  PRODUCT_TOOLS, resultText, startHttpServer, startSandbox,
} from "./helpers.mjs";

// `versionNegotiation`: the client option under test; `era`: the protocol version it must end up speaking.
export function describeSdkV2(label, { versionNegotiation, era, http = false }) {
  const newClient = (name) => new Client({ name, version: "0.0.1" }, { capabilities: {}, versionNegotiation });
  const slug = label.replace(/[^a-z0-9]+/gi, ""); // usernames and client names allow no spaces

  describe(`SDK v2 client, ${label}`, { timeout: 120000 }, () => {
    let client;
    let transport;
    let server; // http: the server process
    let stderr = "";

    before(async () => {
      if (http) {
        server = await startHttpServer(["--sandbox"]);
        client = newClient(`ca-e2e-sdk2-${slug}`);
        await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
        return;
      }
      transport = new StdioClientTransport({ command: MCP_BIN, args: ["--sandbox"], stderr: "pipe", env: { ...process.env } });
      client = newClient(`ca-e2e-sdk2-${slug}`);
      const connecting = client.connect(transport);
      transport.stderr.setEncoding("utf8").on("data", (c) => (stderr += c));
      await connecting;
    });

    after(async () => {
      await client?.close();
      await server?.stop();
    });

    test(`speaks ${era}`, () => {
      assert.equal(client.getNegotiatedProtocolVersion(), era);
    });

    test("tools/list serves the product tools with titles, annotations and schemas", async () => {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name), PRODUCT_TOOLS);
      for (const tool of tools) {
        assert.ok(tool.title, `${tool.name}: title`);
        for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"]) {
          assert.equal(typeof tool.annotations?.[hint], "boolean", `${tool.name}: ${hint}`);
        }
        assert.equal(tool.inputSchema.type, "object");
        assert.equal(tool.outputSchema?.type, "object", `${tool.name}: outputSchema`);
      }
    });

    let accounts;
    test("every tool answers with structuredContent that matches its outputSchema", async () => {
      const who = await client.callTool({ name: "whoami", arguments: {} });
      assert.ok(!who.isError, resultText(who));
      assert.ok(who.structuredContent.organization_id);

      const listed = await client.callTool({ name: "list_accounts", arguments: { max_results: 3 } });
      assert.ok(!listed.isError, resultText(listed));
      accounts = listed.structuredContent.accounts;
      assert.equal(accounts.length, 3);

      const unknown = "00000000-0000-4000-8000-000000000000";
      const metrics = await client.callTool({
        name: "get_metrics",
        arguments: { account_ids: [accounts[0].id, unknown], period: "30d" },
      });
      assert.ok(!metrics.isError, resultText(metrics));
      assert.deepEqual(Object.keys(metrics.structuredContent.accounts), [accounts[0].id]);
      assert.ok(JSON.stringify(metrics.structuredContent.not_found).includes(unknown));

      const videos = await client.callTool({
        name: "list_videos",
        arguments: { source: "tracked", order_by: "view_count", max_results: 2 },
      });
      assert.ok(!videos.isError, resultText(videos));
      const ids = videos.structuredContent.videos.map((v) => v.id);
      assert.equal(ids.length, 2);
      const growth = await client.callTool({ name: "get_video_growth", arguments: { video_ids: ids } });
      assert.ok(!growth.isError, resultText(growth));
      assert.deepEqual(growth.structuredContent.windows, [1, 7, 30]);
      assert.deepEqual(Object.keys(growth.structuredContent.videos), ids);

      const added = await client.callTool({
        name: "add_account",
        arguments: { username: `e2e.sdk2.${slug}`, platform: "tiktok", wait_seconds: 0 },
      });
      assert.ok(!added.isError, resultText(added));
      assert.equal(added.structuredContent.status, "created");
      const again = await client.callTool({
        name: "add_account",
        arguments: { username: `e2e.sdk2.${slug}`, platform: "tiktok", wait_seconds: 0 },
      });
      assert.equal(again.structuredContent.status, "already_tracked");
    });

    test("the creator and video tools answer with structuredContent that matches their outputSchemas", async () => {
      const roster = await client.callTool({ name: "list_creators", arguments: { max_results: 2 } });
      assert.ok(!roster.isError, resultText(roster));
      assert.equal(roster.structuredContent.creators.length, 2);
      const creatorId = roster.structuredContent.creators[0].id;
      const one = await client.callTool({ name: "list_creators", arguments: { creator_id: creatorId } });
      assert.ok(!one.isError, resultText(one));
      assert.equal(one.structuredContent.creators[0].id, creatorId);
      const metrics = await client.callTool({ name: "get_metrics", arguments: { creator_ids: [creatorId], period: "7d" } });
      assert.ok(!metrics.isError, resultText(metrics));
      assert.deepEqual(Object.keys(metrics.structuredContent.creators), [creatorId]);

      const created = await client.callTool({
        name: "add_creator",
        arguments: { name: `E2E ${label}`, metadata: { suite: "sdk2" }, accounts: [accounts[0].id, "tiktok:no.such.e2e"] },
      });
      assert.ok(!created.isError, resultText(created));
      assert.equal(created.structuredContent.not_linked.length >= 1, true);
      const updated = await client.callTool({
        name: "update_creator",
        arguments: { creator_id: created.structuredContent.creator.id, is_active: false },
      });
      assert.ok(!updated.isError, resultText(updated));
      assert.equal(updated.structuredContent.creator.archived, true);

      const video = await client.callTool({
        name: "add_video",
        arguments: { identifier: "https://www.tiktok.com/@e2e/video/7300000000000000042", wait_seconds: 0 },
      });
      assert.ok(!video.isError, resultText(video));
      assert.equal(video.structuredContent.status, "created");
      const again = await client.callTool({
        name: "add_video",
        arguments: { identifier: "7300000000000000042", platform: "tiktok", wait_seconds: 0 },
      });
      assert.equal(again.structuredContent.status, "already_tracked");
      assert.equal(again.structuredContent.video.id, video.structuredContent.video.id);
    });

    test("argument errors are isError results naming the argument; an unknown tool is -32602", async () => {
      const res = await client.callTool({ name: "list_accounts", arguments: { max_results: 5000 } });
      assert.equal(res.isError, true);
      assert.match(resultText(res), /max_results/);
      await assert.rejects(client.callTool({ name: "no_such_tool", arguments: {} }), (e) => e.code === -32602);
    });

    test("progress notifications arrive, increasing, while add_account waits for its first refresh", async () => {
      const progress = [];
      const res = await client.callTool(
        { name: "add_account", arguments: { username: `e2e.sdk2.${slug}.progress`, platform: "tiktok", wait_seconds: 30 } },
        { onprogress: (p) => progress.push(p.progress), timeout: 60000 },
      );
      assertRefreshedWithProgress(res, progress);
    });

    test(http ? "close: the server exits with status 0 on SIGTERM, with nothing on stdout and no sanitizer report"
      : "close: the server exits with status 0 on EOF, with no sanitizer report", { timeout: EVENT_TIMEOUT_MS }, async () => {
      if (http) {
        await client.close();
        client = undefined;
        assertCleanExit(await server.stop(), server.stderr());
        assert.equal(server.stdout(), "", "stdout is unused in HTTP mode");
        server = undefined;
        return;
      }
      assertCleanExit(await closeAndWait(client, transport), stderr);
      client = undefined;
    });
  });

  describe(`SDK v2 client, ${label}: cancellation`, { timeout: 60000 }, () => {
    let sandbox;
    let client;
    let server; // http: the server process

    before(async () => {
      client = newClient(`ca-e2e-sdk2-${slug}-cancel`);
      if (!http) {
        sandbox = await connectOneWorkerStalledRefresh(client, StdioClientTransport);
        return;
      }
      // The same setting as connectOneWorkerStalledRefresh, over HTTP: closing the call's SSE stream must free the
      // only worker.
      sandbox = await startSandbox(["--first-refresh-ms", "3600000"]);
      server = await startHttpServer(["--workers", "1"],
        { ...process.env, CREATORAUDIT_BASE_URL: sandbox.baseUrl, CREATORAUDIT_API_KEY: "sandbox-key" });
      await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    });

    after(async () => {
      await client?.close();
      await server?.stop();
      await sandbox?.stop();
    });

    test("an aborted add_account rejects, and the server frees its worker and keeps serving", async () => {
      assert.equal(client.getNegotiatedProtocolVersion(), era);
      const controller = new AbortController();
      const call = client.callTool(
        { name: "add_account", arguments: { username: `e2e.sdk2.${slug}.cancel`, platform: "tiktok", wait_seconds: 40 } },
        { signal: controller.signal, onprogress: () => controller.abort("e2e cancel"), timeout: 60000 },
      );
      await assert.rejects(call);
      assert.ok(controller.signal.aborted, "the call ended through the abort, not a timeout");
      const res = await client.callTool({ name: "whoami", arguments: {} }, { timeout: EVENT_TIMEOUT_MS });
      assert.ok(!res.isError, resultText(res));
    });
  });
}
