// The host configuration examples in examples/hosts are valid, keep the key out of the config, and (for the
// Inspector's config format, which Claude Desktop and Claude Code share) really start the server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MCP_BIN, PRODUCT_TOOLS } from "./helpers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const hostsDir = resolve(here, "../../examples/hosts");
const INSPECTOR = join(here, "node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js");
const jsonConfigs = readdirSync(hostsDir).filter((f) => f.endsWith(".json"));

test("every JSON host config names an absolute command and passes the key only by file", () => {
  assert.ok(jsonConfigs.length >= 3, jsonConfigs.join(", "));
  for (const file of jsonConfigs) {
    const { mcpServers } = JSON.parse(readFileSync(join(hostsDir, file), "utf8"));
    assert.ok(mcpServers && Object.keys(mcpServers).length > 0, `${file}: mcpServers`);
    for (const [name, server] of Object.entries(mcpServers)) {
      assert.match(server.command, /^\//, `${file}/${name}: absolute command`);
      assert.ok(Array.isArray(server.args), `${file}/${name}: args`);
      assert.equal(server.env?.CREATORAUDIT_API_KEY, undefined, `${file}/${name}: no key in the config`);
    }
  }
});

test("the Claude Code script is valid bash", () => {
  execFileSync("bash", ["-n", join(hostsDir, "claude-code.sh")]);
});

test("the Inspector config starts the sandbox server and lists its tools", { timeout: 60000 }, () => {
  const config = JSON.parse(readFileSync(join(hostsDir, "inspector.json"), "utf8"));
  for (const server of Object.values(config.mcpServers)) server.command = MCP_BIN;
  const file = join(mkdtempSync(join(tmpdir(), "ca-e2e-")), "inspector.json");
  writeFileSync(file, JSON.stringify(config));
  const run = spawnSync(process.execPath, [INSPECTOR, "--cli", "--config", file, "--server", "creatoraudit-sandbox",
    "-q", "--format", "json", "--method", "tools/list"], { encoding: "utf8", timeout: 50000 });
  assert.equal(run.status, 0, `inspector exited ${run.status}\n${run.stderr}`);
  const parsed = JSON.parse(run.stdout);
  const result = parsed.result ?? parsed;
  assert.deepEqual(result.tools.map((t) => t.name), PRODUCT_TOOLS);
});
