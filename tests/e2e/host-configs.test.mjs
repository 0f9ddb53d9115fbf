// Every host configuration example in examples/hosts, as its host would read it:
//   1. it parses in the host's format (JSON, TOML, a bash script of `claude mcp add` commands);
//   2. it is valid against the host's schema (tests/e2e/host-schemas: the published one where the host publishes
//      one, else written from the host's documentation);
//   3. the key never rides in argv and is never written into the file: it comes from a key file or, in VS Code,
//      from a password input the editor stores;
//   4. after the host's own variable expansion (and the one edit the docs ask of the user: their home directory
//      for hosts that expand nothing), the command, args and env start the server: the official SDK client lists
//      its tools, and `whoami` answers with the name of the key the configuration pointed at, so the key reached
//      the server and the API (a creatoraudit-sandbox stands in for the API).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { parse as parseToml } from "smol-toml";
import { MCP_BIN, PRODUCT_TOOLS } from "./helpers.mjs";
import { TEST_KEY, TEST_KEY_NAME, firstSession, hostEnv, startKeyedSandbox } from "./launch.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const hostsDir = resolve(here, "../../examples/hosts");
const INSPECTOR = join(here, "node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js");
// The path every example names: where the Debian package installs the binary. `cmake --install` rewrites it in
// the copies it installs (cmake/install_host_examples.cmake.in), which needs this one exact spelling.
const PACKAGED_BIN = "/usr/bin/creatoraudit-mcp";
// What the docs tell users of hosts that expand no variables to replace with their home directory.
const HOME_PLACEHOLDER = "/home/YOU";

// Variable expansion as each host documents it. `vars` holds HOME and the answers to VS Code's input prompts.
const expanders = {
  none: (s) => s,
  // Claude Code (.mcp.json): ${VAR} and ${VAR:-default}; an unset variable without a default is an error.
  claudeCode: (s, vars) =>
    s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_, name, fallback) => {
      if (vars.env[name] !== undefined) return vars.env[name];
      if (fallback !== undefined) return fallback;
      throw new Error(`\${${name}} is not set`);
    }),
  // Cursor: ${userHome}, ${env:NAME}.
  cursor: (s, vars) =>
    s.replaceAll("${userHome}", vars.env.HOME).replace(/\$\{env:([^}]+)\}/g, (_, n) => vars.env[n] ?? ""),
  // VS Code: ${userHome}, ${env:NAME}, ${input:ID} (the user's answer to the prompt).
  vscode: (s, vars) =>
    s
      .replaceAll("${userHome}", vars.env.HOME)
      .replace(/\$\{env:([^}]+)\}/g, (_, n) => vars.env[n] ?? "")
      .replace(/\$\{input:([^}]+)\}/g, (_, id) => {
        if (!(id in vars.inputs)) throw new Error(`\${input:${id}} has no entry in "inputs"`);
        return vars.inputs[id];
      }),
  // Gemini CLI: $VAR and ${VAR} in any string of settings.json.
  gemini: (s, vars) => s.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, n) => vars.env[n] ?? ""),
};

const json = (text) => JSON.parse(text);
const mcpServers = (c) => c.mcpServers;
const HOSTS = [
  { file: "claude_desktop_config.json", host: "Claude Desktop", schema: "claude-desktop", servers: mcpServers },
  { file: "claude_desktop_config.sandbox.json", host: "Claude Desktop", schema: "claude-desktop", servers: mcpServers },
  { file: "claude-code.mcp.json", host: "Claude Code (.mcp.json)", schema: "claude-code-mcp", servers: mcpServers,
    expand: "claudeCode" },
  { file: "vscode.mcp.json", host: "VS Code", schema: "vscode-mcp", servers: (c) => c.servers, expand: "vscode" },
  { file: "cursor.mcp.json", host: "Cursor", schema: "cursor-mcp", servers: mcpServers, expand: "cursor" },
  { file: "windsurf.mcp_config.json", host: "Windsurf", schema: "windsurf-mcp", servers: mcpServers },
  { file: "codex.config.toml", host: "Codex CLI", schema: "codex-config", servers: (c) => c.mcp_servers,
    parse: parseToml },
  { file: "gemini.settings.json", host: "Gemini CLI", schema: "gemini-settings", servers: mcpServers,
    expand: "gemini" },
  { file: "zed.settings.json", host: "Zed", schema: "zed-settings", servers: (c) => c.context_servers },
  { file: "inspector.json", host: "MCP Inspector", schema: "claude-desktop", servers: mcpServers },
];

const ajv = new Ajv({ allErrors: true, strict: false });
const schema = (name) => ajv.compile(JSON.parse(readFileSync(join(here, "host-schemas", `${name}.schema.json`), "utf8")));

function deepMap(value, fn) {
  if (typeof value === "string") return fn(value);
  if (Array.isArray(value)) return value.map((v) => deepMap(v, fn));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepMap(v, fn)]));
  }
  return value;
}

// A server entry, after its host's expansion, with the binary under test in place of the packaged path.
function launchOf(entry, expand, vars) {
  const expanded = deepMap(entry, (s) => expanders[expand](s.replaceAll(HOME_PLACEHOLDER, vars.env.HOME), vars));
  for (const text of [expanded.command, ...(expanded.args ?? []), ...Object.values(expanded.env ?? {})]) {
    assert.doesNotMatch(String(text), /\$\{|\$[A-Za-z_]/, `"${text}": a variable this host does not expand`);
  }
  assert.equal(expanded.command, PACKAGED_BIN, "the command is the packaged binary's absolute path");
  return { command: MCP_BIN, args: expanded.args ?? [], env: expanded.env ?? {} };
}

// Key hygiene of one server entry, before any expansion: no key in argv, none written into the file.
function assertKeyKeptOut(where, entry, config) {
  for (const arg of entry.args ?? []) assert.doesNotMatch(arg, /key/i, `${where}: an argument mentions a key`);
  const key = entry.env?.CREATORAUDIT_API_KEY;
  if (key === undefined) return;
  // The only accepted form: a host secret, e.g. VS Code's ${input:ID} whose input is a password prompt.
  const match = /^\$\{input:([^}]+)\}$/.exec(key);
  assert.ok(match, `${where}: CREATORAUDIT_API_KEY holds a value instead of a reference to a host secret`);
  const input = (config.inputs ?? []).find((i) => i.id === match[1]);
  assert.equal(input?.type, "promptString", `${where}: the key's input is a prompt`);
  assert.equal(input?.password, true, `${where}: the key's prompt is a password prompt (the editor stores it encrypted)`);
}

describe("host configuration examples", { timeout: 180000 }, () => {
  let sandbox;
  let home;
  before(async () => {
    sandbox = await startKeyedSandbox();
    home = mkdtempSync(join(tmpdir(), "ca-e2e-home-"));
    mkdirSync(join(home, ".config/creatoraudit"), { recursive: true });
    writeFileSync(join(home, ".config/creatoraudit/api-key"), `${TEST_KEY}\n`, { mode: 0o600 });
  });
  after(async () => {
    await sandbox?.stop();
  });

  test("every file in examples/hosts is covered here", () => {
    const covered = new Set([...HOSTS.map((h) => h.file), "claude-code.sh"]);
    assert.deepEqual(readdirSync(hostsDir).filter((f) => !covered.has(f)), []);
  });

  for (const { file, host, schema: schemaName, servers, expand = "none", parse = json } of HOSTS) {
    test(`${host}: ${file} is valid, keeps the key out of argv, and its servers start and answer`, async () => {
      const config = parse(readFileSync(join(hostsDir, file), "utf8"));
      const validate = schema(schemaName);
      assert.ok(validate(config), `${file} against ${schemaName}.schema.json: ${ajv.errorsText(validate.errors)}`);
      const entries = Object.entries(servers(config));
      assert.ok(entries.length > 0, `${file}: no server`);
      for (const [name, entry] of entries) {
        assertKeyKeptOut(`${file}/${name}`, entry, config);
        // VS Code's prompts are answered with the key; every other variable sees only HOME.
        const inputs = Object.fromEntries((config.inputs ?? []).map((i) => [i.id, TEST_KEY]));
        const vars = { env: { HOME: home }, inputs };
        const launch = launchOf(entry, expand, vars);
        const sandboxMode = launch.args.includes("--sandbox");
        // The real API is out of reach here: the sandbox stands in for it (the configs leave the base URL default).
        const env = hostEnv(home, sandboxMode ? launch.env : { ...launch.env, CREATORAUDIT_BASE_URL: sandbox.baseUrl });
        const session = await firstSession({ ...launch, env });
        assert.deepEqual(session.tools.map((t) => t.name), PRODUCT_TOOLS, `${file}/${name}: tools`);
        assert.ok(!session.whoami.isError, `${file}/${name}: whoami failed: ${session.whoamiText}\n${session.stderr}`);
        if (!sandboxMode) {
          assert.ok(session.whoamiText.includes(TEST_KEY_NAME), `${file}/${name}: the configured key did not reach the API`);
        }
        assert.ok(!session.whoamiText.includes(TEST_KEY) && !session.stderr.includes(TEST_KEY), "the key was shown");
      }
    });
  }

  // `claude mcp add [--transport T] [--scope S] [--env K=V]... NAME -- COMMAND [ARGS...]`, as documented.
  function parseClaudeMcpAdd(argv) {
    assert.deepEqual(argv.slice(0, 2), ["mcp", "add"], `not a "claude mcp add": ${argv.join(" ")}`);
    const out = { env: {}, transport: "stdio", scope: "local" };
    let i = 2;
    for (; i < argv.length && argv[i] !== "--"; i++) {
      const [option, value] = [argv[i], argv[i + 1]];
      if (option === "--transport" || option === "-t") out.transport = value;
      else if (option === "--scope" || option === "-s") out.scope = value;
      else if (option === "--env" || option === "-e") {
        const eq = value.indexOf("=");
        assert.ok(eq > 0, `--env ${value}: expected KEY=VALUE`);
        out.env[value.slice(0, eq)] = value.slice(eq + 1);
      } else if (!option.startsWith("-") && out.name === undefined) {
        out.name = option;
        continue;
      } else assert.fail(`claude mcp add: unexpected ${option}`);
      i++;
    }
    assert.ok(out.name, "claude mcp add: no server name");
    assert.equal(out.transport, "stdio");
    assert.ok(["local", "project", "user"].includes(out.scope), `--scope ${out.scope}`);
    [out.command, ...out.args] = argv.slice(i + 1);
    return out;
  }

  test("Claude Code: claude-code.sh registers servers that start and answer, the key by file only", async () => {
    execFileSync("bash", ["-n", join(hostsDir, "claude-code.sh")]);
    // A stand-in `claude` that records each invocation, first on PATH.
    const bin = mkdtempSync(join(tmpdir(), "ca-e2e-claude-"));
    const log = join(bin, "calls.jsonl");
    const record = `require("fs").appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)) + "\\n");`;
    writeFileSync(join(bin, "claude"), `#!/usr/bin/env node\n${record}\n`);
    chmodSync(join(bin, "claude"), 0o755);
    execFileSync("bash", [join(hostsDir, "claude-code.sh"), MCP_BIN], { env: hostEnv(home, { PATH: `${bin}:${process.env.PATH}` }) });
    const calls = readFileSync(log, "utf8").trim().split("\n").map((l) => parseClaudeMcpAdd(JSON.parse(l)));
    assert.deepEqual(calls.map((c) => c.name), ["creatoraudit-sandbox", "creatoraudit"]);
    for (const call of calls) {
      assertKeyKeptOut(`claude-code.sh/${call.name}`, call, {});
      assert.equal(call.command, MCP_BIN);
      const sandboxMode = call.args.includes("--sandbox");
      const env = hostEnv(home, sandboxMode ? call.env : { ...call.env, CREATORAUDIT_BASE_URL: sandbox.baseUrl });
      const session = await firstSession({ command: call.command, args: call.args, env });
      assert.deepEqual(session.tools.map((t) => t.name), PRODUCT_TOOLS);
      assert.ok(!session.whoami.isError, session.whoamiText);
      if (!sandboxMode) assert.ok(session.whoamiText.includes(TEST_KEY_NAME), "the key file did not reach the API");
    }
  });

  test("MCP Inspector: inspector.json starts the sandbox server through the Inspector CLI itself", { timeout: 60000 }, () => {
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
});
