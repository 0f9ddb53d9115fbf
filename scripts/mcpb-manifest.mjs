#!/usr/bin/env node
// Writes the MCP bundle's manifest.json: packaging/mcpb/manifest.template.json with its two generated fields filled
// from the server binary itself, so nothing the server says about itself is copied by hand —
//   "version" ← the first line of `SERVER --version` ("creatoraudit-mcp X.Y.Z")
//   "tools"   ← `tools/list` of a real session with SERVER (name and description of every tool, in its order)
//
//   node scripts/mcpb-manifest.mjs SERVER TEMPLATE > manifest.json
//
// The server is started with an empty environment except PATH, so that no CREATORAUDIT_* setting of the shell that
// runs the packaging (a tool selection, read-only mode) can narrow the list. Standard library only.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";

const TIMEOUT_MS = 20000;
const [server, templatePath] = process.argv.slice(2);
if (!server || !templatePath) fail("usage: node scripts/mcpb-manifest.mjs SERVER TEMPLATE > manifest.json");
const cleanEnv = { PATH: process.env.PATH ?? "/usr/bin:/bin" };

function fail(message) {
  console.error(`mcpb-manifest: ${message}`);
  process.exit(1);
}

function serverVersion() {
  // --version prints to stderr (stdout is reserved for MCP messages).
  const run = spawnSync(server, ["--version"], { env: cleanEnv, encoding: "utf8", timeout: TIMEOUT_MS });
  const firstLine = `${run.stdout}${run.stderr}`.split("\n")[0];
  const match = /^creatoraudit-mcp (\S+)$/.exec(firstLine);
  if (run.status !== 0 || !match) fail(`${server} --version said "${firstLine}" (exit ${run.status})`);
  return match[1];
}

// initialize → notifications/initialized → tools/list, answered lines matched by id.
function listTools() {
  return new Promise((resolve) => {
    const proc = spawn(server, ["--log-level", "error"], { env: cleanEnv, stdio: ["pipe", "pipe", "inherit"] });
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      fail(`no tools/list answer from ${server} within ${TIMEOUT_MS} ms`);
    }, TIMEOUT_MS);
    const send = (message) => proc.stdin.write(JSON.stringify({ jsonrpc: "2.0", ...message }) + "\n");
    proc.on("error", (e) => fail(`cannot start ${server}: ${e.message}`));
    createInterface({ input: proc.stdout }).on("line", (line) => {
      const message = JSON.parse(line);
      if (message.error) fail(`${server} answered ${JSON.stringify(message.error)}`);
      if (message.id === 1) {
        send({ method: "notifications/initialized" });
        send({ id: 2, method: "tools/list" });
      } else if (message.id === 2) {
        clearTimeout(timer);
        proc.stdin.end();
        resolve(message.result.tools.map(({ name, description }) => ({ name, description })));
      }
    });
    send({
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "mcpb-manifest", version: "0" } },
    });
  });
}

const manifest = JSON.parse(readFileSync(templatePath, "utf8"));
manifest.version = serverVersion();
manifest.tools = await listTools();
if (manifest.tools.length === 0) fail(`${server} lists no tools`);
const text = JSON.stringify(manifest, null, 2);
if (text.includes('"@')) fail(`a template placeholder was left unfilled in ${templatePath}`);
process.stdout.write(text + "\n");
