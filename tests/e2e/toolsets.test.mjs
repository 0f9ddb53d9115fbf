// Toolsets and read-only mode through the real binary and the official SDK v1 client: what tools/list offers,
// what the instructions say, that a call to a tool that is not offered is refused with isError, and that an
// unknown name stops the server at start (exit 2) with the valid names.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { MCP_BIN, PRODUCT_TOOLS, TOOL_CATALOG, resultText } from "./helpers.mjs";

async function connect(args, env = {}) {
  const client = new Client({ name: "ca-e2e-toolsets", version: "0.0.1" }, { capabilities: {} });
  await client.connect(new StdioClientTransport({ command: MCP_BIN, args, stderr: "ignore",
    env: { ...process.env, ...env } }));
  return client;
}

describe("read-only mode", { timeout: 60000 }, () => {
  let client;
  before(async () => {
    client = await connect(["--sandbox"], { CREATORAUDIT_READ_ONLY: "1" });
  });
  after(async () => client?.close());

  test("tools/list offers only the read-only tools, and the instructions say so", async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name), TOOL_CATALOG.filter((t) => t.readOnly).map((t) => t.name));
    for (const tool of tools) assert.equal(tool.annotations.readOnlyHint, true);
    assert.match(client.getInstructions(), /read-only/);
    assert.doesNotMatch(client.getInstructions(), /add_account/);
  });

  test("a call to a write tool is refused with isError naming the setting", async () => {
    const res = await client.callTool({ name: "add_account", arguments: { username: "natgeo", platform: "instagram" } });
    assert.equal(res.isError, true);
    assert.match(resultText(res), /not enabled.*--read-only/);
  });

  test("the read tools still work", async () => {
    const res = await client.callTool({ name: "list_accounts", arguments: { max_results: 2 } });
    assert.ok(!res.isError, resultText(res));
    assert.equal(res.structuredContent.returned, 2);
  });
});

describe("--tools and --exclude-tools", { timeout: 60000 }, () => {
  test("--tools videos offers the videos toolset plus whoami; other tools are refused", async () => {
    const client = await connect(["--sandbox", "--tools", "videos"]);
    try {
      const { tools } = await client.listTools();
      const expected = TOOL_CATALOG.filter((t) => t.toolsets.includes("videos") || t.name === "whoami");
      assert.deepEqual(tools.map((t) => t.name), expected.map((t) => t.name));
      const res = await client.callTool({ name: "list_accounts", arguments: {} });
      assert.equal(res.isError, true);
      assert.match(resultText(res), /--tools/);
    } finally {
      await client.close();
    }
  });

  test("CREATORAUDIT_EXCLUDE_TOOLS removes tools but never whoami", async () => {
    const client = await connect(["--sandbox"], { CREATORAUDIT_EXCLUDE_TOOLS: "add_account, whoami" });
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name), PRODUCT_TOOLS.filter((name) => name !== "add_account"));
    } finally {
      await client.close();
    }
  });

  test("an unknown name stops the server at start with exit 2 and the valid names", () => {
    const run = spawnSync(MCP_BIN, ["--sandbox", "--tools", "accounts,no_such_tool"], { input: "", encoding: "utf8",
      timeout: 15000 });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /no_such_tool/);
    for (const name of PRODUCT_TOOLS) assert.match(run.stderr, new RegExp(name));
    assert.equal(run.stdout, "");
  });

  test("--print-tools prints the offered tools as JSON and exits 0", () => {
    const run = spawnSync(MCP_BIN, ["--read-only", "--print-tools"], { input: "", encoding: "utf8", timeout: 15000 });
    assert.equal(run.status, 0);
    const printed = JSON.parse(run.stdout).tools.map((t) => t.name);
    assert.deepEqual(printed, TOOL_CATALOG.filter((t) => t.readOnly).map((t) => t.name));
  });
});
