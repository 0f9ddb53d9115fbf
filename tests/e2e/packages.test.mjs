// What a user installs, tested as installed:
//   - `cmake --install` of the build under test into a fresh prefix (the "from source" install, no root): the layout,
//     the man pages found by `man` through PATH alone, the host examples rewritten to name the installed binary,
//     and `--version`;
//   - the Debian package, unpacked into a throw-away root by scripts/check-deb.sh (CA_DEB_ROOT): `--version`, a
//     session with the installed server against the installed sandbox, the man pages, the docs and examples.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MCP_BIN, PRODUCT_TOOLS, RawSession, initializeRequest, modernRequest } from "./helpers.mjs";
import { TEST_KEY, TEST_KEY_NAME, firstSession, hostEnv, startKeyedSandbox } from "./launch.mjs";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const hostsDir = join(repoRoot, "examples/hosts");
const BUILD_DIR = resolve(dirname(MCP_BIN), "..");
const DEB_ROOT = process.env.CA_DEB_ROOT;
const PACKAGED_BIN = "/usr/bin/creatoraudit-mcp";

// `--version`: "creatoraudit-mcp X.Y.Z", then the handshake revisions (newest first) and the stateless ones. Each
// handshake revision must be one `initialize` really agrees to (an unknown request gets the first, newest one), and
// the stateless ones exactly what `server/discover` lists.
async function assertVersionMatchesServer(bin) {
  const run = spawnSync(bin, ["--version"], { encoding: "utf8", env: hostEnv(tmpdir()) });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, "", "--version writes nothing on stdout (stdout is for MCP messages)");
  const [first, handshakeLine, statelessLine] = run.stderr.trim().split("\n");
  assert.match(first, /^creatoraudit-mcp \d+\.\d+\.\d+$/);
  const handshake = /^MCP protocol revisions \(initialize handshake\): (.+)$/.exec(handshakeLine)?.[1].split(", ");
  const stateless = /^MCP protocol revisions \(stateless, _meta on every request\): (.+)$/.exec(statelessLine)?.[1].split(", ");
  assert.ok(handshake?.length > 0 && stateless?.length > 0, `protocol revisions missing in --version: ${run.stderr}`);
  const discovering = new RawSession([], hostEnv(tmpdir()), bin);
  try {
    const discovered = await discovering.request(modernRequest("d", "server/discover"));
    assert.deepEqual(discovered.result?.supportedVersions, stateless);
  } finally {
    await discovering.close();
  }
  const session = new RawSession([], hostEnv(tmpdir()), bin);
  try {
    for (const [i, revision] of [...handshake, "1999-01-01"].entries()) {
      const answer = await session.request(initializeRequest(`v${i}`, revision));
      const expected = revision === "1999-01-01" ? handshake[0] : revision;
      assert.equal(answer.result?.protocolVersion, expected, `initialize asking for ${revision}`);
    }
  } finally {
    await session.close();
  }
  return first.split(" ")[1];
}

// `man` renders the page (no pager, fixed width) and it carries the generated and the hand-written sections.
function assertManPage(page, mustMention) {
  const text = execFileSync("man", ["-l", "-P", "cat", page], { encoding: "utf8", env: { ...process.env, MANWIDTH: "100" } });
  for (const words of ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", ...mustMention]) {
    assert.ok(text.includes(words), `${page}: no "${words}" in:\n${text}`);
  }
}

const listFiles = (dir) => readdirSync(dir).sort();

describe("cmake --install into a fresh prefix", { skip: !existsSync(join(BUILD_DIR, "CMakeCache.txt")) && `${BUILD_DIR} is not a CMake build` }, () => {
  let prefix;
  before(() => {
    prefix = mkdtempSync(join(tmpdir(), "ca-e2e-prefix-"));
    execFileSync("cmake", ["--install", BUILD_DIR, "--prefix", prefix], { stdio: ["ignore", "ignore", "inherit"] });
  });

  test("installs both programs, their man pages, the docs and the host examples (GNUInstallDirs layout)", () => {
    for (const file of ["bin/creatoraudit-mcp", "bin/creatoraudit-sandbox"]) {
      assert.ok(statSync(join(prefix, file)).mode & 0o111, `${file} is executable`);
    }
    for (const file of ["share/man/man1/creatoraudit-mcp.1.gz", "share/man/man1/creatoraudit-sandbox.1.gz",
      "share/doc/creatoraudit-mcp/README.md", "share/doc/creatoraudit-mcp/copyright",
      "share/doc/creatoraudit-mcp/docs/hosts.md", "share/doc/creatoraudit-mcp/docs/protocol.md"]) {
      assert.ok(existsSync(join(prefix, file)), `${file} is installed`);
    }
    assert.deepEqual(listFiles(join(prefix, "share/doc/creatoraudit-mcp/examples/hosts")), listFiles(hostsDir));
  });

  test("`man creatoraudit-mcp` finds the page through PATH alone once PREFIX/bin is on it", () => {
    const env = { PATH: `${join(prefix, "bin")}:/usr/bin:/bin`, HOME: prefix };
    for (const name of ["creatoraudit-mcp", "creatoraudit-sandbox"]) {
      const where = execFileSync("man", ["-w", name], { encoding: "utf8", env }).trim();
      assert.equal(where, join(prefix, `share/man/man1/${name}.1.gz`));
    }
    assertManPage(join(prefix, "share/man/man1/creatoraudit-mcp.1.gz"),
      ["--workers", "CREATORAUDIT_WORKERS", "CREATORAUDIT_API_KEY_FILE", "EXIT STATUS", "creatoraudit-sandbox(1)"]);
    assertManPage(join(prefix, "share/man/man1/creatoraudit-sandbox.1.gz"), ["--port", "creatoraudit-mcp(1)"]);
  });

  test("the installed host examples name the binary where this install put it, and nothing else changed", () => {
    const installed = join(prefix, "share/doc/creatoraudit-mcp/examples/hosts");
    const bin = join(prefix, "bin/creatoraudit-mcp");
    for (const file of listFiles(hostsDir)) {
      const source = readFileSync(join(hostsDir, file), "utf8");
      const copy = readFileSync(join(installed, file), "utf8");
      assert.ok(source.includes(PACKAGED_BIN), `${file} names ${PACKAGED_BIN}`);
      assert.ok(!copy.includes(PACKAGED_BIN), `installed ${file} still names ${PACKAGED_BIN}`);
      assert.equal(copy.replaceAll(bin, PACKAGED_BIN), source, `installed ${file} differs beyond the binary's path`);
    }
  });

  test("--version names the version and exactly the protocol revisions initialize agrees to", async () => {
    await assertVersionMatchesServer(join(prefix, "bin/creatoraudit-mcp"));
  });
});

describe("the Debian package, unpacked into a throw-away root", { skip: !DEB_ROOT && "CA_DEB_ROOT is not set (scripts/check-deb.sh sets it)" }, () => {
  const bin = (name) => join(DEB_ROOT, "usr/bin", name);

  test("--version of the installed server names the version and the protocol revisions it speaks", async () => {
    await assertVersionMatchesServer(bin("creatoraudit-mcp"));
  });

  test("a session with the installed server against the installed sandbox, the key given by file", async () => {
    const sandbox = await startKeyedSandbox(bin("creatoraudit-sandbox"));
    try {
      const home = mkdtempSync(join(tmpdir(), "ca-e2e-deb-"));
      execFileSync("sh", ["-c", `umask 077 && printf '%s\\n' "$1" > "$2"`, "sh", TEST_KEY, join(home, "api-key")]);
      const env = hostEnv(home, { CREATORAUDIT_API_KEY_FILE: join(home, "api-key"), CREATORAUDIT_BASE_URL: sandbox.baseUrl });
      const session = await firstSession({ command: bin("creatoraudit-mcp"), args: [], env });
      assert.deepEqual(session.tools.map((t) => t.name), PRODUCT_TOOLS);
      assert.ok(session.whoamiText.includes(TEST_KEY_NAME), session.whoamiText);
    } finally {
      await sandbox.stop();
    }
  });

  test("a --sandbox session with the installed server alone", async () => {
    const session = await firstSession({ command: bin("creatoraudit-mcp"), args: ["--sandbox"], env: hostEnv(tmpdir()) });
    assert.deepEqual(session.tools.map((t) => t.name), PRODUCT_TOOLS);
    assert.ok(!session.whoami.isError, session.whoamiText);
  });

  test("the man pages render, and MANPATH=<root>/usr/share/man finds them", () => {
    const env = { ...process.env, MANPATH: join(DEB_ROOT, "usr/share/man") };
    for (const name of ["creatoraudit-mcp", "creatoraudit-sandbox"]) {
      const where = execFileSync("man", ["-w", name], { encoding: "utf8", env }).trim();
      assert.equal(where, join(DEB_ROOT, `usr/share/man/man1/${name}.1.gz`));
    }
    assertManPage(join(DEB_ROOT, "usr/share/man/man1/creatoraudit-mcp.1.gz"), ["--sandbox", "CREATORAUDIT_API_KEY"]);
  });

  test("the docs, the Debian changelog and copyright, and the host examples as committed", () => {
    const doc = join(DEB_ROOT, "usr/share/doc/creatoraudit-mcp");
    for (const file of ["README.md", "copyright", "changelog.gz", "docs/hosts.md", "docs/tools.md"]) {
      assert.ok(existsSync(join(doc, file)), `${file} is in the package`);
    }
    for (const file of listFiles(hostsDir)) {
      assert.equal(readFileSync(join(doc, "examples/hosts", file), "utf8"), readFileSync(join(hostsDir, file), "utf8"), file);
    }
  });
});
