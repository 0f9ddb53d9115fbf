// Starts a server the way an MCP host does — a command, its args and the environment a configuration gives it —
// connects the official SDK v1 client, and reports what a user's first session would see: the tool list and the
// answer of `whoami`. Shared by the tests of the host configs, the MCP bundle and the installed packages.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { readFileSync } from "node:fs";
import { startSandbox } from "./helpers.mjs";

// A key the test sandbox knows, and the name it reports for it: when `whoami` answers with this name, the key
// travelled from the configuration under test to the server and on to the API.
export const TEST_KEY = "ca-live-e2e-Host-3b9e71c04d";
export const TEST_KEY_NAME = "host-config key";

// A creatoraudit-sandbox that accepts TEST_KEY (read + write). `sandboxBin` defaults to the build under test.
export function startKeyedSandbox(sandboxBin) {
  return startSandbox(["--key", `${TEST_KEY}:${TEST_KEY_NAME}:rw`], sandboxBin);
}

// Hosts start servers with their own small environment plus the configuration's `env`; nothing of the test
// runner's CREATORAUDIT_* variables may leak in and make a broken configuration pass.
export function hostEnv(home, configEnv = {}) {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, ...configEnv };
}

export async function connectAsHost({ command, args = [], env }) {
  const transport = new StdioClientTransport({ command, args, env, stderr: "pipe" });
  const client = new Client({ name: "ca-e2e-host", version: "0.0.1" }, { capabilities: {} });
  let stderr = "";
  const connecting = client.connect(transport);
  transport.stderr?.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
  try {
    await connecting;
  } catch (e) {
    throw new Error(`${command} ${args.join(" ")} did not start as an MCP server: ${e.message}\nstderr:\n${stderr}`);
  }
  return { client, pid: transport.pid, stderr: () => stderr, close: () => client.close() };
}

// The tools listed, and the whoami result (its JSON text, to look for the key's name in). `whileRunning(pid)` is
// called before the session closes, for checks on the live process.
export async function firstSession(launch, whileRunning = () => undefined) {
  const session = await connectAsHost(launch);
  try {
    const { tools } = await session.client.listTools();
    const whoami = await session.client.callTool({ name: "whoami", arguments: {} });
    const seen = await whileRunning(session.pid);
    return { tools, whoami, whoamiText: JSON.stringify(whoami), stderr: session.stderr(), seen };
  } finally {
    await session.close();
  }
}

// The shared objects a live process has mapped (from /proc/PID/maps), to see which copies the loader chose.
export function mappedLibraries(pid) {
  const paths = readFileSync(`/proc/${pid}/maps`, "utf8")
    .split("\n")
    .map((line) => line.split(/\s+/).slice(5).join(" "))
    .filter((path) => /\.so(\.|$)/.test(path));
  return [...new Set(paths)];
}
