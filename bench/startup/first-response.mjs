#!/usr/bin/env node
// Times, for one stdio MCP server command, the interval from spawn() to the answer of the first request of a
// protocol era, and reads the process's resident memory once it has answered and sat idle. Repeats RUNS times
// (env, default 30). ERAS (env, comma-separated): "legacy" (the default) sends initialize (2025-11-25); "modern"
// sends server/discover with the 2026-07-28 _meta envelope, the first request of a 2026-era client. With several
// eras each round runs one of each in turn, so that a busy machine slows them alike.
//   node first-response.mjs LABEL -- CMD [ARGS...]      → one JSON line per era: {label, era, runs, ms:{min,median,p90,max}, rss_kib:{...}}
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";

const [label, dashdash, command, ...args] = process.argv.slice(2);
if (dashdash !== "--" || !command) {
  console.error("usage: first-response.mjs LABEL -- CMD [ARGS...]");
  process.exit(2);
}
const runs = Number(process.env.RUNS ?? 30);
const idleMs = Number(process.env.IDLE_MS ?? 300); // how long the server sits idle before its RSS is read
const eras = (process.env.ERAS ?? "legacy").split(",");
const firstRequests = {
  legacy: {
    request: { jsonrpc: "2.0", id: 1, method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "bench", version: "0" } } },
    answered: (result) => Boolean(result?.protocolVersion),
    then: { jsonrpc: "2.0", method: "notifications/initialized" },
  },
  modern: {
    request: { jsonrpc: "2.0", id: 1, method: "server/discover",
      params: { _meta: {
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientInfo": { name: "bench", version: "0" },
        "io.modelcontextprotocol/clientCapabilities": {},
      } } },
    answered: (result) => result?.resultType === "complete",
  },
};
for (const era of eras) {
  if (!firstRequests[era]) {
    console.error(`ERAS must name legacy and/or modern, not ${era}`);
    process.exit(2);
  }
}

async function once(era) {
  const first = firstRequests[era];
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "ignore"] });
  child.stdin.write(JSON.stringify(first.request) + "\n");
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`${command} exited (${code}) before answering`)));
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (!first.answered(JSON.parse(line).result)) throw new Error(`unexpected first line: ${line}`);
  if (first.then) child.stdin.write(JSON.stringify(first.then) + "\n");
  await sleep(idleMs);
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
  const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)[1]);
  const sample = { ms, rss: kib("VmRSS"), hwm: kib("VmHWM"), threads: Number(/^Threads:\s+(\d+)/m.exec(status)[1]) };
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.stdin.end();
  await exited;
  return sample;
}

const stats = (values) => {
  const v = [...values].sort((a, b) => a - b);
  const at = (q) => v[Math.min(v.length - 1, Math.floor(q * v.length))];
  const round = (x) => Math.round(x * 100) / 100;
  return { min: round(v[0]), median: round(at(0.5)), p90: round(at(0.9)), max: round(v[v.length - 1]) };
};

await once(eras[0]); // warm the page cache; not counted
const samples = Object.fromEntries(eras.map((era) => [era, []]));
for (let i = 0; i < runs; i++) {
  for (const era of eras) samples[era].push(await once(era));
}
for (const era of eras) {
  console.log(JSON.stringify({
    label, era, runs,
    ms: stats(samples[era].map((s) => s.ms)),
    rss_kib: stats(samples[era].map((s) => s.rss)),
    hwm_kib: stats(samples[era].map((s) => s.hwm)),
    threads: stats(samples[era].map((s) => s.threads)),
  }));
}
