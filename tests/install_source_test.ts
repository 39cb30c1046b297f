/**
 * The installation paths README documents, run as written: the from-source
 * `deno install` line gives a `canary` that works in any project, and
 * `install.sh` downloads only from the one repository deno.json names.
 */
import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import denoConfig from "../deno.json" with { type: "json" };
import { BINARY_RUN_FLAGS } from "../scripts/binary_flags.ts";
import { QUERY_FIXTURE_FILES } from "../src/query/test_database.ts";
import { commandOutput, REPO_ROOT, tempDir, writeTree } from "./helpers.ts";

const README = Deno.readTextFileSync(new URL("../README.md", import.meta.url));
const INSTALL_SH = new URL("../scripts/install.sh", import.meta.url).pathname;

/** The words of a command line that are permission or V8 flags. */
const RUN_FLAG = /^--(allow|deny)-|^--no-prompt$|^--v8-flags=/;

/** README's from-source install command, as one list of words. */
function documentedInstallLine(): string[] {
  const line = README.split("\n").find((l) => l.startsWith("deno install -g "));
  assert(line !== undefined, "README has no 'deno install -g' line");
  return line.replace(/\s+#.*$/, "").split(/\s+/);
}

Deno.test("README's deno install line gives exactly the binary's flags", () => {
  const flags = documentedInstallLine().filter((w) => RUN_FLAG.test(w));
  assertEquals(flags.sort(), [...BINARY_RUN_FLAGS].sort());
});

Deno.test("the documented deno install line puts a working canary on PATH", async () => {
  using home = tempDir();
  const [deno, ...args] = documentedInstallLine();
  assertEquals(deno, "deno");
  const env = {
    HOME: home.path,
    PATH: `${home.path}/.deno/bin:${Deno.env.get("PATH")}`,
    DENO_DIR: Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`,
  };
  const install = await commandOutput(Deno.execPath(), {
    args,
    cwd: REPO_ROOT,
    clearEnv: true,
    env,
    stdout: "piped",
    stderr: "piped",
  }, "the source install");
  assertEquals(install.code, 0, new TextDecoder().decode(install.stderr));
  const project = `${home.path}/project`;
  writeTree(project, { ...QUERY_FIXTURE_FILES });
  // The shim runs `deno` by name: put this Deno first on PATH, as an install would.
  const path = `${home.path}/.deno/bin:${Deno.execPath().replace(/\/[^/]+$/, "")}:/usr/bin:/bin`;
  const run = (...words: string[]) =>
    commandOutput("canary", {
      args: words,
      cwd: project,
      clearEnv: true,
      env: { ...env, PATH: path },
      stdout: "piped",
      stderr: "piped",
    }, "canary from the shim");
  const index = await run("index");
  assertEquals(index.code, 0, new TextDecoder().decode(index.stderr));
  const list = await run("list", "--json");
  assertEquals(JSON.parse(new TextDecoder().decode(list.stdout)).length, 6);
});

Deno.test("install.sh's repository is deno.json's canary.repository, and only that", () => {
  const script = Deno.readTextFileSync(INSTALL_SH);
  const stamped = script.match(/^CANARY_DEFAULT_REPO="([^"]*)"$/m);
  assert(stamped !== null, "install.sh has no CANARY_DEFAULT_REPO line for the release to stamp");
  assertEquals(stamped[1], denoConfig.canary.repository);
  assert(!/OWNER\/canary/.test(script), "a placeholder repository is left in install.sh");
});

Deno.test({
  name: "install.sh without a repository refuses, naming CANARY_REPO",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    using dir = tempDir();
    const run = await commandOutput("sh", {
      args: [INSTALL_SH],
      clearEnv: true,
      env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", HOME: dir.path, TMPDIR: dir.path },
      stdout: "piped",
      stderr: "piped",
    }, "install.sh without a repository");
    assertEquals(run.code, 1);
    assertMatch(new TextDecoder().decode(run.stderr), /set CANARY_REPO=owner\/name/);
    assertEquals([...Deno.readDirSync(dir.path)], [], "nothing left behind");
  },
});
