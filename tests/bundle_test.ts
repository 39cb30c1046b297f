/**
 * The bundle the binaries are compiled from (`scripts/bundle.ts`) behaves as the sources do: the
 * same command lines, run in twin git repositories, print the same output and exit codes, and the
 * bundled read worker answers as the source one does. The bundle is built here with `deno bundle`;
 * a failure to build fails the test.
 *
 * @module
 */
import { assert, assertEquals } from "../src/test_assert.ts";
import { BUNDLE_ENTRY_POINTS, bundleProgram, WORKER_MODULES } from "../scripts/bundle.ts";
import { bundledPath, canaryModule } from "../src/deferred_import.ts";
import { MAIN_TS, REPO_ROOT, runCanary, tempDir } from "./helpers.ts";
import { gitFixture } from "./git_fixture.ts";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const bundleDir = tempDir("canary-bundle-test-");
const BUNDLED_MAIN = await bundleProgram(REPO_ROOT, bundleDir.path);

/** The words of every command main.ts declares, read from the bundle's own help. */
async function commandWords(entry: string): Promise<string[]> {
  const help = await run(entry, ["--help"], REPO_ROOT);
  const words = [...help.matchAll(/^ {2}([a-z]+)\b/gm)].map((match) => match[1]);
  return words.filter((word) => word !== "help");
}

/** Runs canary's `entry` with the binary's flags; code, stdout and stderr in one text. */
async function run(entry: string, args: string[], cwd: string): Promise<string> {
  const out = await runCanary(args, {
    cwd,
    env: { CANARY_TEST_TIMESTAMP: "2026-02-01T12:00:00Z" },
    program: entry,
  });
  return `exit ${out.code}\n${out.stdout}\n--- stderr\n${out.stderr}`
    // Durations and the clock's times differ from run to run, and nothing else should.
    .replace(/\d+(\.\d+)? ms\b/g, "N ms").replace(/"(elapsed|duration)_ms": \d+/g, '"$1_ms": N')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, "TIME");
}

/** What people run, in order, each side in its own copy of the repository. */
function commandLines(words: string[]): string[][] {
  return [
    ["--version"],
    ["--help"],
    ...words.map((word) => [word, "--help"]),
    ["list"], // no database yet: refused, and nothing created
    ["migrate", "all"],
    ["rollback", "2"],
    ["migrate", "status"],
    ["index", "--json"],
    ["index"],
    ["list"],
    ["list", "--json", "--status", "TESTED"],
    ["search", "Scan"],
    ["scan", "--json"],
    ["checkpoint", "first", "the first one"],
    ["checkpoint", "list", "--json"],
    ["status", "--json"],
    ["show", "CBIN-1"],
    ["files", "CBIN-1"],
    ["next", "--json"],
    ["deps", "check", "--json"],
    ["deps", "graph"],
    ["prioritize", "CBIN-1", "Scan", "2"],
    ["create", "CBIN-77", "Bundled"],
    ["report", "--json"],
    ["diff", "v1", "--json"],
    ["completions", "bash"],
    ["list", "--frobnicate"], // a usage error
  ];
}

Deno.test("the bundled program prints what the sources print, for every command", async () => {
  using fromSource = gitFixture();
  using fromBundle = gitFixture();
  const words = await commandWords(BUNDLED_MAIN);
  assertEquals(words, await commandWords(MAIN_TS));
  assert(words.length >= 18, `the help names ${words.length} commands`);
  for (const args of commandLines(words)) {
    const source = await run(MAIN_TS, args, fromSource.path);
    const bundled = await run(BUNDLED_MAIN, args, fromBundle.path);
    assertEquals(bundled, source, `canary ${args.join(" ")}`);
  }
});

/** The reply of the read worker at `module` to a request to read `files`. */
async function workerReply(module: URL, files: { absPath: string; path: string }[]) {
  const worker = new Worker(module.href, { type: "module" });
  try {
    const reply = new Promise<unknown>((resolve, reject) => {
      worker.onmessage = (event) => resolve(event.data);
      worker.onerror = (event) => reject(new Error(`worker failed: ${event.message}`));
    });
    const request = { strict: false, files: files.map((file) => ({ ...file, size: 0 })) };
    worker.postMessage({ id: 1, body: request });
    return await reply;
  } finally {
    worker.terminate();
  }
}

Deno.test("the bundled read worker answers as the source one does", async () => {
  using fromBundle = gitFixture();
  const files = ["src/a.ts", "lib/b.ts"].map((path) => ({
    absPath: `${fromBundle.path}/${path}`,
    path,
  }));
  const [worker] = WORKER_MODULES;
  const bundled = pathToFileURL(join(bundleDir.path, bundledPath(worker)));
  const reply = await workerReply(bundled, files);
  assertEquals(reply, await workerReply(canaryModule(worker), files));
  assert(JSON.stringify(reply).includes("CBIN-1"), JSON.stringify(reply));
});

Deno.test("every entry point of the bundle is where canaryModule looks for it", () => {
  for (const module of BUNDLE_ENTRY_POINTS) {
    Deno.statSync(join(bundleDir.path, bundledPath(module)));
  }
});

globalThis.addEventListener("unload", () => bundleDir[Symbol.dispose]());
