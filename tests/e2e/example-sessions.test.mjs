// The README's example session (examples/top-videos-session.jsonl), replayed by scripts/replay.mjs against
// `creatoraudit-mcp --sandbox` exactly as a reader would run it: every request answered, no tool error, and the
// growth rows are those of the five videos listed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MCP_BIN } from "./helpers.mjs";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

test("the README's top-videos session replays against the sandbox", { timeout: 60000 }, () => {
  const run = spawnSync(process.execPath, [resolve(repoRoot, "scripts/replay.mjs"), "--raw", "--timeout-ms", "30000",
    resolve(repoRoot, "examples/top-videos-session.jsonl"), "--", MCP_BIN, "--sandbox"], { encoding: "utf8", timeout: 60000 });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  const responses = new Map();
  for (const line of run.stdout.split("\n")) {
    if (!line.startsWith("<<< ")) continue;
    const message = JSON.parse(line.slice(4));
    if (message.id !== undefined) responses.set(message.id, message);
  }
  const listed = responses.get(2)?.result;
  const growth = responses.get(3)?.result;
  assert.ok(listed && !listed.isError, JSON.stringify(listed));
  assert.ok(growth && !growth.isError, JSON.stringify(growth));
  const videos = listed.structuredContent.videos;
  assert.equal(videos.length, 5);
  assert.ok(videos.every((v) => v.platform === "tiktok"));
  assert.deepEqual(Object.keys(growth.structuredContent.videos), videos.map((v) => v.id));
  for (const gains of Object.values(growth.structuredContent.videos)) assert.deepEqual(Object.keys(gains), ["1d", "7d", "30d"]);
});
