// The MCP bundle (.mcpb) built by scripts/package.sh (CA_MCPB names it), treated the way a host treats it: unpacked
// with the official mcpb tool into an empty folder, its manifest validated, and the server started exactly as the
// manifest says — command, args and env with the user's settings substituted by mcpb's own getMcpConfigForManifest
// — then driven with the official SDK client. Also: the bundle runs where /usr/lib holds nothing but the C library.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, realpathSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { getMcpConfigForManifest } from "@anthropic-ai/mcpb";
import { PRODUCT_TOOLS } from "./helpers.mjs";
import { TEST_KEY, TEST_KEY_NAME, connectAsHost, firstSession, hostEnv, mappedLibraries, startKeyedSandbox } from "./launch.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const MCPB_CLI = join(here, "node_modules/.bin/mcpb");
const MCPB_FILE = process.env.CA_MCPB;
// The C library's own objects, which the bundle leaves to the host (scripts/make-mcpb.sh: is_host_library).
const HOST_LIBRARY = /^(ld-linux.*\.so\.\d+|lib(c|m|pthread|dl|rt|resolv|util|anl)\.so\.\d+)$/;
const SYSTEM_LIB_DIR = "/usr/lib/x86_64-linux-gnu";

describe("the MCP bundle", { skip: !MCPB_FILE && "CA_MCPB is not set (scripts/test.sh sets it after packaging)", timeout: 120000 }, () => {
  let dir;
  let manifest;
  let home;
  before(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), "ca-e2e-mcpb-")));
    execFileSync(MCPB_CLI, ["unpack", MCPB_FILE, dir], { stdio: ["ignore", "ignore", "inherit"] });
    manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    home = mkdtempSync(join(tmpdir(), "ca-e2e-mcpb-home-"));
  });

  // What a host runs for a user whose settings are `userConfig` (unset entries take the manifest's defaults).
  async function hostLaunch(userConfig) {
    const config = await getMcpConfigForManifest({
      manifest,
      extensionPath: dir,
      systemDirs: { HOME: home, DESKTOP: home, DOCUMENTS: home, DOWNLOADS: home },
      userConfig,
      pathSeparator: "/",
    });
    assert.ok(config, "the host would refuse to start the server (a required setting is missing)");
    return { command: config.command, args: config.args ?? [], env: hostEnv(home, config.env ?? {}) };
  }

  test("unpacks to the manifest, the icon and an executable server; mcpb validate accepts the manifest", () => {
    assert.equal(manifest.server.type, "binary");
    assert.ok(statSync(join(dir, manifest.server.entry_point)).mode & 0o111, "the entry point is executable");
    assert.ok(statSync(join(dir, manifest.icon)).size > 0, "icon");
    const run = spawnSync(MCPB_CLI, ["validate", join(dir, "manifest.json")], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });

  test("the key is a sensitive setting that reaches the server as CREATORAUDIT_API_KEY, never in argv", () => {
    assert.equal(manifest.user_config.api_key.sensitive, true);
    assert.equal(manifest.server.mcp_config.env.CREATORAUDIT_API_KEY, "${user_config.api_key}");
    assert.ok(!JSON.stringify(manifest.server.mcp_config.args ?? []).includes("user_config"), "no setting in argv");
  });

  test("every setting the server's env uses has a default, so an unset one never arrives as a literal ${...}", () => {
    const used = [...JSON.stringify(manifest.server.mcp_config).matchAll(/\$\{user_config\.([^}]+)\}/g)].map((m) => m[1]);
    assert.deepEqual(used.sort(), Object.keys(manifest.user_config).sort(), "every setting is used, and only those");
    for (const name of used) {
      assert.notEqual(manifest.user_config[name].default, undefined, `user_config.${name} has no default`);
    }
  });

  test("the manifest's tool list is the bundled server's own tools/list", async () => {
    const session = await connectAsHost(await hostLaunch({ sandbox: true }));
    try {
      const { tools } = await session.client.listTools();
      assert.deepEqual(manifest.tools, tools.map(({ name, description }) => ({ name, description })));
    } finally {
      await session.close();
    }
  });

  test("with the defaults only, the server starts and lists its tools, and no key means no API (not the sandbox)", async () => {
    const launch = await hostLaunch({});
    for (const value of Object.values(launch.env)) assert.doesNotMatch(value, /\$\{/, "an unsubstituted placeholder");
    const session = await firstSession(launch);
    assert.deepEqual(session.tools.map((t) => t.name), PRODUCT_TOOLS);
    // "Simulated data" off arrives as CREATORAUDIT_SANDBOX=false and must mean off: whoami has no API to ask.
    assert.equal(session.whoami.isError, true, session.whoamiText);
  });

  test("with an API key and a base URL, whoami answers for that key; the loader took the bundle's libraries", async () => {
    const sandbox = await startKeyedSandbox();
    try {
      const launch = await hostLaunch({ api_key: TEST_KEY, base_url: sandbox.baseUrl });
      assert.ok(!launch.args.join(" ").includes(TEST_KEY), "the key is in argv");
      // A host's own LD_LIBRARY_PATH must not pull the system's copies in instead (the bundle uses DT_RPATH).
      launch.env.LD_LIBRARY_PATH = SYSTEM_LIB_DIR;
      const session = await firstSession(launch, (pid) => mappedLibraries(pid));
      assert.ok(session.whoamiText.includes(TEST_KEY_NAME), session.whoamiText);
      const fromBundle = session.seen.filter((path) => path.startsWith(`${dir}/`));
      const fromHost = session.seen.filter((path) => !path.startsWith(`${dir}/`));
      assert.ok(fromBundle.length > 0, `no library was loaded from the bundle: ${session.seen.join(", ")}`);
      assert.deepEqual(fromHost.filter((path) => !HOST_LIBRARY.test(basename(path))), [], "host libraries beyond libc");
    } finally {
      await sandbox.stop();
    }
  });

  test("it runs where the system library folder holds only the C library (a host without our dependencies)", async (t) => {
    // A private mount namespace (unshare, rootless where user namespaces are allowed) hides every library in
    // /usr/lib/x86_64-linux-gnu except the C library's objects, for the server process only.
    if (spawnSync("unshare", ["-rm", "true"]).status !== 0) return t.skip("unshare -rm is not permitted here");
    const onlyLibc = mkdtempSync(join(tmpdir(), "ca-e2e-libc-"));
    for (const name of readdirSync(SYSTEM_LIB_DIR).filter((n) => HOST_LIBRARY.test(n))) {
      copyFileSync(join(SYSTEM_LIB_DIR, name), join(onlyLibc, name));
    }
    const launch = await hostLaunch({ sandbox: true });
    const script = `mount --bind "$1" ${SYSTEM_LIB_DIR} && shift && exec "$@"`;
    const session = await firstSession(
      { command: "unshare", args: ["-rm", "sh", "-c", script, "sh", onlyLibc, launch.command, ...launch.args], env: launch.env },
      (pid) => mappedLibraries(pid));
    assert.deepEqual(session.tools.map((t) => t.name), PRODUCT_TOOLS);
    assert.ok(!session.whoami.isError, session.whoamiText);
    assert.ok(session.seen.some((path) => path.startsWith(`${dir}/server/lib/libstdc++`)), session.seen.join(", "));
  });

  test("read-only mode, when the server has it, reaches the server from the bundle's setting", async (t) => {
    const help = spawnSync(join(dir, manifest.server.entry_point), ["--help"], { encoding: "utf8" }).stderr;
    if (!help.includes("CREATORAUDIT_READ_ONLY")) return t.skip("this server has no read-only mode yet");
    const session = await firstSession(await hostLaunch({ sandbox: true, read_only: true }));
    const names = session.tools.map((t) => t.name);
    assert.ok(names.includes("whoami") && !names.includes("add_account"), names.join(", "));
  });

  test("the tool selection, when the server has it, reaches the server from the bundle's setting", async (t) => {
    const help = spawnSync(join(dir, manifest.server.entry_point), ["--help"], { encoding: "utf8" }).stderr;
    if (!help.includes("CREATORAUDIT_TOOLS")) return t.skip("this server has no tool selection yet");
    const session = await firstSession(await hostLaunch({ sandbox: true, tools: "whoami" }));
    assert.deepEqual(session.tools.map((t) => t.name), ["whoami"]);
  });
});
