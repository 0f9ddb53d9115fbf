// Shared helpers for the e2e tests: where the binaries are, a raw line-level session with the server, and a
// separately started sandbox. The binaries come from env (scripts/test.sh sets them to build/ci).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function binary(envName, relativeDefault) {
  const path = process.env[envName] ?? resolve(repoRoot, relativeDefault);
  if (!existsSync(path)) throw new Error(`${path} does not exist: build it or set ${envName}`);
  return path;
}

export const MCP_BIN = binary("CA_MCP_BIN", "build/ci/server/creatoraudit-mcp");
export const SANDBOX_BIN = () => binary("CA_SANDBOX_BIN", "build/ci/sandbox/creatoraudit-sandbox");

// The product tools in the order the registry serves them, as generated from the registry by the tool tests
// (ca_tools_tests "[generated]" fails when tools.generated.json is stale).
export const TOOL_CATALOG = JSON.parse(readFileSync(resolve(repoRoot, "tests/e2e/tools.generated.json"), "utf8")).tools;
export const PRODUCT_TOOLS = TOOL_CATALOG.map((t) => t.name);

// Bounds how long a test waits for an event before failing (events, not sleeps, drive every test).
export const EVENT_TIMEOUT_MS = 15000;

export const initializeRequest = (id, protocolVersion = "2025-11-25") => ({
  jsonrpc: "2.0",
  id,
  method: "initialize",
  params: { protocolVersion, capabilities: {}, clientInfo: { name: "ca-e2e-raw", version: "0" } },
});

// The per-request _meta envelope of protocol 2026-07-28 (no initialize: every request carries it).
export const modernMeta = (extra = {}) => ({
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientInfo": { name: "ca-e2e-raw", version: "0" },
  "io.modelcontextprotocol/clientCapabilities": {},
  ...extra,
});

export const modernRequest = (id, method, params = {}, extraMeta = {}) => ({
  jsonrpc: "2.0",
  id,
  method,
  params: { ...params, _meta: modernMeta(extraMeta) },
});

// A server process driven line by line. Every stdout line is parsed; a line that is not JSON is recorded in
// `badLines` (the tests assert it stays empty).
// `bin` is the build's server unless a test runs an installed copy.
export class RawSession {
  constructor(args = ["--sandbox"], env = process.env, bin = MCP_BIN) {
    this.proc = spawn(bin, args, { env, stdio: ["pipe", "pipe", "pipe"] });
    this.messages = [];
    this.badLines = [];
    this.stdout = "";
    this.stderr = "";
    this.waiters = [];
    this.exited = new Promise((res) => this.proc.on("exit", (code, signal) => res({ code, signal })));
    this.proc.stderr.setEncoding("utf8").on("data", (chunk) => (this.stderr += chunk));
    createInterface({ input: this.proc.stdout }).on("line", (line) => {
      this.stdout += line + "\n";
      let msg;
      try {
        msg = JSON.parse(line);
      } catch {
        this.badLines.push(line);
        return;
      }
      this.messages.push(msg);
      this.waiters = this.waiters.filter((w) => !w(msg));
    });
  }

  send(message) {
    this.proc.stdin.write((typeof message === "string" ? message : JSON.stringify(message)) + "\n");
  }

  // Resolves with the first message (already received or future) that satisfies `predicate`.
  next(predicate, what = "a matching message") {
    const seen = this.messages.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`timed out waiting for ${what}; stderr:\n${this.stderr}`)),
        EVENT_TIMEOUT_MS);
      this.waiters.push((msg) => {
        if (!predicate(msg)) return false;
        clearTimeout(timer);
        res(msg);
        return true;
      });
    });
  }

  response(id) {
    return this.next((m) => m.id === id && ("result" in m || "error" in m), `the response to id ${JSON.stringify(id)}`);
  }

  async request(message) {
    this.send(message);
    return this.response(message.id);
  }

  async initialize() {
    const res = await this.request(initializeRequest("init"));
    this.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    return res;
  }

  // Closes stdin and waits for the server to exit on its own.
  async close() {
    this.proc.stdin.end();
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), EVENT_TIMEOUT_MS);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }
}

// Starts `creatoraudit-sandbox --port 0 ...`; it prints its base URL as the first stdout line once it listens.
// `bin` is the build's sandbox unless a test runs an installed copy.
export async function startSandbox(extraArgs = [], bin = SANDBOX_BIN()) {
  const proc = spawn(bin, ["--port", "0", ...extraArgs], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  proc.stderr.setEncoding("utf8").on("data", (c) => (stderr += c));
  const exited = new Promise((res) => proc.on("exit", (code, signal) => res({ code, signal })));
  const baseUrl = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`sandbox printed no base URL; stderr:\n${stderr}`)), EVENT_TIMEOUT_MS);
    const lines = createInterface({ input: proc.stdout });
    lines.once("line", (line) => {
      clearTimeout(timer);
      res(line.trim());
    });
    exited.then(({ code, signal }) => rej(new Error(`sandbox exited (${signal ?? code}); stderr:\n${stderr}`)));
  });
  return {
    baseUrl,
    async stop() {
      proc.kill("SIGTERM");
      await exited;
    },
  };
}

// Connects an SDK client (v1 or v2, with that SDK's StdioClientTransport class) to a server with one worker,
// pointed at a sandbox whose first refresh never comes: the setting in which a cancelled add_account can only
// let a later call run if it really stopped and gave its worker back. Resolves with the sandbox (stop it after).
export async function connectOneWorkerStalledRefresh(client, StdioTransport) {
  const sandbox = await startSandbox(["--first-refresh-ms", "3600000"]);
  await client.connect(new StdioTransport({
    command: MCP_BIN,
    args: ["--workers", "1"],
    stderr: "ignore",
    env: { ...process.env, CREATORAUDIT_BASE_URL: sandbox.baseUrl, CREATORAUDIT_API_KEY: "sandbox-key" },
  }));
  return sandbox;
}

// Closes an SDK client (v1 or v2) over StdioClientTransport and resolves with how its server process ended.
export async function closeAndWait(client, transport) {
  const child = transport._process; // the SDKs expose no public handle on the child's exit status
  const exited = new Promise((res) => child.once("exit", (code, signal) => res({ code, signal })));
  await client.close();
  return child.exitCode !== null ? { code: child.exitCode, signal: child.signalCode } : exited;
}

// How a server must end once its client closed stdin: on its own (not by the SDK's SIGTERM fallback), with
// status 0, and without a sanitizer report on stderr.
export function assertCleanExit({ code, signal }, stderr) {
  assert.equal(signal, null, "exited on its own, not killed by the SDK's SIGTERM fallback");
  assert.equal(code, 0);
  assert.doesNotMatch(stderr, /ERROR: AddressSanitizer|runtime error:/);
}

// An add_account result that waited for the first refresh, and the progress values reported meanwhile.
export function assertRefreshedWithProgress(res, progress) {
  assert.ok(!res.isError, resultText(res));
  assert.equal(res.structuredContent.refresh, "complete");
  assert.ok(progress.length > 0, "at least one progress notification");
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i] > progress[i - 1], "progress increases");
}

// The text of an isError / text-only tool result.
export const resultText = (result) =>
  (result.content ?? []).filter((c) => c.type === "text").map((c) => c.text).join("\n");

// Starts `creatoraudit-mcp --http 127.0.0.1:0 ...` and resolves once it listens, with the URL of its MCP endpoint
// read from its "ready on http://…/mcp" log line. stop() sends SIGTERM and resolves with how it ended.
export async function startHttpServer(extraArgs = [], env = process.env) {
  const proc = spawn(MCP_BIN, ["--http", "127.0.0.1:0", ...extraArgs], { stdio: ["ignore", "pipe", "pipe"], env });
  let stderr = "";
  let stdout = "";
  proc.stdout.setEncoding("utf8").on("data", (c) => (stdout += c));
  const exited = new Promise((res) => proc.on("exit", (code, signal) => res({ code, signal })));
  const url = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no "ready on" line; stderr:\n${stderr}`)), EVENT_TIMEOUT_MS);
    proc.stderr.setEncoding("utf8").on("data", (chunk) => {
      stderr += chunk;
      const ready = stderr.match(/ready on (http:\/\/\S+\/mcp)/);
      if (ready) {
        clearTimeout(timer);
        res(ready[1]);
      }
    });
    exited.then(({ code, signal }) => rej(new Error(`server exited (${signal ?? code}); stderr:\n${stderr}`)));
  });
  return {
    url,
    pid: proc.pid,
    stderr: () => stderr,
    stdout: () => stdout,
    async stop() {
      proc.kill("SIGTERM");
      return exited;
    },
  };
}
