// The README's commands run as the user. Started through sudo they used to build as root and leave root-owned
// folders in the user's build/, which broke the user's next build; now they stop at once and say how to run them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const asRoot = process.getuid?.() === 0;

for (const script of ["scripts/demo.sh", "scripts/test.sh", "scripts/package.sh"]) {
  test(`${script} started through sudo stops before doing anything, and says to run it as yourself`,
    { skip: !asRoot && "sudo can only be imitated as root (SUDO_USER set, EUID 0)" }, () => {
      const args = script.endsWith("package.sh") ? ["deb"] : [];
      const run = spawnSync("bash", [script, ...args], {
        cwd: repoRoot,
        encoding: "utf8",
        timeout: 20000,
        env: { ...process.env, SUDO_USER: "ca-e2e-someone" },
      });
      assert.equal(run.status, 1, `${script} exited ${run.status}\n${run.stderr}`);
      assert.match(run.stderr, /run this as yourself, without sudo: bash scripts\/\S+\.sh/);
      assert.doesNotMatch(run.stderr, /stage: /, "a stage started");
    });
}
