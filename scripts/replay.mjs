#!/usr/bin/env node
// Replays a scripted MCP session (JSON lines) against a stdio server and prints each exchange readably.
//
//   node scripts/replay.mjs [--raw] [--timeout-ms N] SESSION.jsonl -- SERVER_CMD [ARGS...]
//
// Each line of SESSION is one JSON-RPC message. A request (it has an `id`) is sent, then the driver waits for the
// response with that id before sending the next line, so stdin stays open until every answer is in (a server may
// drop in-flight work on EOF). Notifications are sent as they come. Blank lines and lines starting with `#` are
// skipped. A string value of the exact form "${ID.path.to.value}" is replaced by that value taken from the earlier
// response to request ID (e.g. "${4.result.structuredContent.accounts.0.id}"), so a script can use ids it learns.
//
// Exit status: 0 when every request got a response, no response was a JSON-RPC error, every stdout line was JSON
// and the server exited 0 after stdin closed; 1 otherwise. Tool results with isError are printed, not failures:
// a session may show an argument error on purpose. Only Node's standard library is used.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";

const usage = "usage: replay.mjs [--raw] [--timeout-ms N] SESSION.jsonl -- SERVER_CMD [ARGS...]";
const argv = process.argv.slice(2);
const sep = argv.indexOf("--");
if (sep < 0 || sep + 1 >= argv.length) fail(usage);
const opts = argv.slice(0, sep);
const [command, ...commandArgs] = argv.slice(sep + 1);
const raw = takeFlag(opts, "--raw");
const timeoutMs = Number(takeOption(opts, "--timeout-ms") ?? 60000);
if (opts.length !== 1 || !Number.isFinite(timeoutMs)) fail(usage);
const sessionFile = opts[0];

const messages = readFileSync(sessionFile, "utf8")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith("#"))
  .map((line, i) => {
    try {
      return JSON.parse(line);
    } catch (e) {
      fail(`${sessionFile}: message ${i + 1} is not JSON: ${e.message}`);
    }
  });

const server = spawn(command, commandArgs, { stdio: ["pipe", "pipe", "inherit"] });
const exited = new Promise((resolve) => server.on("exit", (code, signal) => resolve({ code, signal })));
server.on("error", (e) => fail(`cannot start ${command}: ${e.message}`));

const responses = new Map(); // id (as JSON text) → response
const waiters = new Map(); // id (as JSON text) → resolve
let problems = 0;

createInterface({ input: server.stdout }).on("line", (line) => {
  let msg;
  try {
    msg = JSON.parse(line);
  } catch {
    problems++;
    console.log(`!!! stdout line is not JSON: ${line}`);
    return;
  }
  if (raw) console.log(`<<< ${line}`);
  if (msg.id !== undefined && (msg.result !== undefined || msg.error !== undefined)) {
    const key = JSON.stringify(msg.id);
    responses.set(key, msg);
    waiters.get(key)?.(msg);
  } else if (!raw) {
    printNotification(msg);
  }
});

for (const template of messages) {
  const msg = substitute(template);
  const line = JSON.stringify(msg);
  if (raw) console.log(`>>> ${line}`);
  else console.log(`\n>>> ${describeRequest(msg)}`);
  server.stdin.write(line + "\n");
  if (msg.id === undefined) continue;
  const response = await waitFor(JSON.stringify(msg.id));
  if (!response) {
    problems++;
    console.log(`!!! no response to id ${JSON.stringify(msg.id)} within ${timeoutMs} ms`);
    break;
  }
  if (response.error) problems++;
  if (!raw) printResponse(msg, response);
}

server.stdin.end();
const killer = setTimeout(() => server.kill("SIGTERM"), 10000);
const { code, signal } = await exited;
clearTimeout(killer);
console.log(`\n--- server exited with ${signal ?? `code ${code}`} after stdin closed`);
if (code !== 0) problems++;
console.log(problems ? `--- ${problems} problem(s)` : "--- every request answered");
process.exit(problems ? 1 : 0);

function waitFor(key) {
  if (responses.has(key)) return Promise.resolve(responses.get(key));
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), timeoutMs);
    waiters.set(key, (msg) => {
      clearTimeout(timer);
      resolve(msg);
    });
    exited.then(() => resolve(responses.get(key)));
  });
}

function substitute(value) {
  if (typeof value === "string") {
    const m = /^\$\{([^.}]+)((?:\.[^.}]+)*)\}$/.exec(value);
    if (!m) return value;
    const response = responses.get(JSON.stringify(Number.isNaN(Number(m[1])) ? m[1] : Number(m[1])));
    if (!response) fail(`${value}: no response with id ${m[1]} yet`);
    let v = response;
    for (const part of m[2].split(".").slice(1)) v = v?.[part];
    if (v === undefined) fail(`${value}: path not found in the response to id ${m[1]}`);
    return v;
  }
  if (Array.isArray(value)) return value.map(substitute);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v)]));
  }
  return value;
}

function describeRequest(msg) {
  const kind = msg.id === undefined ? "notification" : `request id=${JSON.stringify(msg.id)}`;
  if (msg.method === "tools/call") {
    return `${kind} tools/call ${msg.params?.name} ${JSON.stringify(msg.params?.arguments ?? {})}`;
  }
  return `${kind} ${msg.method}${msg.params ? " " + JSON.stringify(msg.params) : ""}`;
}

function printResponse(request, response) {
  if (response.error) {
    console.log(`<<< JSON-RPC error ${response.error.code}: ${response.error.message}`);
    return;
  }
  const result = response.result;
  if (request.method === "tools/list") {
    console.log(`<<< ${result.tools.length} tools:`);
    for (const t of result.tools) {
      const hints = Object.entries(t.annotations ?? {})
        .filter(([k, v]) => k.endsWith("Hint") && v === true)
        .map(([k]) => k.replace(/Hint$/, ""));
      console.log(`    ${t.name.padEnd(14)} ${t.title ?? ""}${hints.length ? `  [${hints.join(", ")}]` : ""}`);
    }
    return;
  }
  if (request.method === "tools/call") {
    const label = result.isError ? "<<< tool error (isError):" : "<<< tool result:";
    if (result.isError || result.structuredContent === undefined) {
      const text = (result.content ?? []).filter((c) => c.type === "text").map((c) => c.text).join("\n");
      console.log(`${label} ${text}`);
    } else {
      const textBytes = (result.content ?? []).reduce((n, c) => n + Buffer.byteLength(c.text ?? ""), 0);
      console.log(`${label} (structuredContent; text copy ${textBytes} bytes)`);
      console.log(indent(JSON.stringify(result.structuredContent, null, 2)));
    }
    return;
  }
  console.log(`<<< ${indent(JSON.stringify(result, null, 2)).trimStart()}`);
}

function printNotification(msg) {
  const p = msg.params ?? {};
  if (msg.method === "notifications/progress") {
    console.log(`  … progress ${p.progress}${p.total !== undefined ? `/${p.total}` : ""}${p.message ? ` ${p.message}` : ""}`);
  } else if (msg.method === "notifications/message") {
    console.log(`  … log ${p.level}: ${typeof p.data === "string" ? p.data : JSON.stringify(p.data)}`);
  } else {
    console.log(`  … ${JSON.stringify(msg)}`);
  }
}

function indent(text) {
  return text.replace(/^/gm, "    ");
}

function takeFlag(list, name) {
  const i = list.indexOf(name);
  if (i < 0) return false;
  list.splice(i, 1);
  return true;
}

function takeOption(list, name) {
  const i = list.indexOf(name);
  if (i < 0) return undefined;
  const [, value] = list.splice(i, 2);
  return value;
}

function fail(message) {
  console.error(message);
  process.exit(2);
}
