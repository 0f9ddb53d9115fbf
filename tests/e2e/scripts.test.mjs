// The README's commands run as the user. Started through sudo they used to build as root and leave root-owned
// folders in the user's build/, which broke the user's next build. Now whatever they write is handed back to the
// sudo user when they end (refusing to run would also break a CI that starts .ci/run through sudo).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, mkdirSync, statSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;

test("a README command started through sudo hands what it wrote back to the sudo user when it ends",
  { skip: !asRoot && "sudo can only be imitated as root (SUDO_UID set, EUID 0)" }, () => {
    const scratch = mkdtempSync(join(tmpdir(), "ca-handback-"));
    try {
      const built = join(scratch, "build");
      mkdirSync(built);
      const script = `source scripts/lib.sh; CA_HANDBACK_PATHS=("${built}"); ca_run_as_invoking_user; ` +
        `mkdir -p "${built}/ci" && touch "${built}/ci/object.o"`;
      const run = spawnSync("bash", ["-c", script], {
        cwd: repoRoot, encoding: "utf8", timeout: 20000,
        env: { ...process.env, SUDO_USER: "ca-e2e-someone", SUDO_UID: String(NOBODY), SUDO_GID: String(NOBODY) },
      });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, /started through sudo/);
      for (const path of [built, join(built, "ci"), join(built, "ci", "object.o")]) {
        assert.equal(statSync(path).uid, NOBODY, `${path} still belongs to uid ${statSync(path).uid}`);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

test("a README command run by a user who cannot write build/ stops at once and says how to fix it",
  { skip: !asRoot && "needs root to make a build/ the test user cannot write" }, () => {
    const scratch = mkdtempSync(join(tmpdir(), "ca-stuck-"));
    try {
      // A throw-away copy of scripts/ so CA_ROOT is the scratch folder; its build/ belongs to root, mode 0755.
      chmodSync(scratch, 0o755);  // mkdtemp makes it 0700: the test user must reach scripts/ inside
      spawnSync("cp", ["-r", join(repoRoot, "scripts"), scratch]);
      mkdirSync(join(scratch, "build", "ci"), { recursive: true });
      writeFileSync(join(scratch, "build", "ci", "x"), "");
      const run = spawnSync("setpriv", ["--reuid", String(NOBODY), "--regid", String(NOBODY), "--clear-groups",
        "bash", "-c", "source scripts/lib.sh; ca_run_as_invoking_user; echo went-on"],
        { cwd: scratch, encoding: "utf8", timeout: 20000, env: { PATH: process.env.PATH } });
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stderr, /is not writable by .* sudo chown -R/);
      assert.doesNotMatch(run.stdout, /went-on/);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
