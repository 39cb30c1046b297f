import { assert, assertEquals, assertRejects } from "../src/test_assert.ts";
import {
  BUNDLE_ENTRY_POINTS,
  bundleArgs,
  bundleProgram,
  ENTRYPOINT,
  INCLUDED_MODULES,
  PROJECT_ROOT,
  WORKER_MODULES,
} from "./bundle.ts";
import { bundledPath } from "../src/deferred_import.ts";

/** The non-test TypeScript files under `dir` (a URL relative to this file), with their text. */
function sources(dir: string): { path: string; text: string }[] {
  const found: { path: string; text: string }[] = [];
  for (const entry of Deno.readDirSync(new URL(dir, import.meta.url))) {
    const path = `${dir}${entry.name}`;
    if (entry.isDirectory) found.push(...sources(`${path}/`));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts")) {
      found.push({ path, text: Deno.readTextFileSync(new URL(path, import.meta.url)) });
    }
  }
  return found;
}

Deno.test("every worker module src/ names is an entry point of the bundle", () => {
  const files = sources("../src/");
  // A worker located relative to its caller would be missing from the bundle, where the caller's
  // code sits in a chunk: workers are named from the project root (canaryModule).
  const relative = files.filter((file) => /new URL\("\.\/[^"]+_worker\.ts"/.test(file.text));
  assertEquals(relative.map((file) => file.path), []);
  const named = files.flatMap((file) =>
    [...file.text.matchAll(/"(src\/[a-z_/]+_worker\.ts)"/g)].map((match) => match[1])
  );
  assert(named.length > 0, "no worker found: the pattern above is stale");
  assertEquals([...new Set(named)].sort(), [...WORKER_MODULES].sort());
});

Deno.test("the bundle's entry points are main.ts, the worker and every command module main.ts names", () => {
  assertEquals(INCLUDED_MODULES.slice(0, WORKER_MODULES.length), [...WORKER_MODULES]);
  const commands = INCLUDED_MODULES.slice(WORKER_MODULES.length);
  const main = Deno.readTextFileSync(new URL("../main.ts", import.meta.url));
  const named = [...main.matchAll(/module: "(src\/cli\/[a-z_]+\.ts)"/g)].map((m) => m[1]);
  assert(named.length >= 18, `main.ts names ${named.length} command modules`);
  assertEquals([...commands].sort(), [...new Set(named)].sort());
  for (const module of commands) Deno.statSync(new URL(`../${module}`, import.meta.url));
  assertEquals(BUNDLE_ENTRY_POINTS, [ENTRYPOINT, ...INCLUDED_MODULES]);
});

Deno.test("bundleArgs splits shared code into chunks and names every entry point", () => {
  assertEquals(bundleArgs("/out"), [
    "bundle",
    "--quiet",
    "--platform",
    "deno",
    "--code-splitting",
    "--outdir",
    "/out",
    ...BUNDLE_ENTRY_POINTS,
  ]);
  assertEquals(bundledPath("src/cli/list.ts"), "src/cli/list.js");
  assertEquals(bundledPath(ENTRYPOINT), "main.js");
});

Deno.test("bundleProgram refuses a folder holding files it did not write, and removes none", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "canary-bundle-refusal-" });
  try {
    Deno.writeTextFileSync(`${dir}/notes.txt`, "mine");
    await assertRejects(() => bundleProgram(PROJECT_ROOT, dir), Error, "holds files but no bundle");
    assertEquals(Deno.readTextFileSync(`${dir}/notes.txt`), "mine");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
