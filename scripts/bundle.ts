/**
 * `deno task bundle [DIR]`: canary as the binaries run it, bundled by `deno bundle` into DIR
 * (default `dist/bundle`), with `DIR/main.js` to run. The entry points are `main.ts`, the read
 * worker and the command modules `main.ts` loads when a run names them; code they share goes
 * into chunks beside them, loaded by plain imports, so a run still loads only its command's code,
 * now in a few modules instead of a hundred (`canary index` of a small tree started about 20 ms
 * sooner, `canary --version` about 7 ms).
 *
 * @module
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { COMMAND_MODULES } from "../main.ts";
import { READ_WORKER } from "../src/scan/scan_tree.ts";
import { bundledPath } from "../src/deferred_import.ts";

/** The project root: the directory holding `deno.json` and `main.ts`. */
export const PROJECT_ROOT: string = fileURLToPath(new URL("..", import.meta.url));

/** Entry point of the program, relative to the project root. */
export const ENTRYPOINT = "main.ts";

/**
 * Worker modules, started with `new Worker(canaryModule(…))`: not part of the module graph, so
 * each is an entry point of the bundle (`compile_test.ts` checks the list is whole).
 */
export const WORKER_MODULES: readonly string[] = [READ_WORKER];

/**
 * What the program loads by a computed URL (see `src/deferred_import.ts`), so that no import
 * names it: the worker modules, then the command modules. Each is an entry point of the bundle
 * and keeps its path there, and `deno compile` must include each.
 */
export const INCLUDED_MODULES: readonly string[] = [...WORKER_MODULES, ...COMMAND_MODULES];

/** Every entry point of the bundle: {@link ENTRYPOINT}, then {@link INCLUDED_MODULES}. */
export const BUNDLE_ENTRY_POINTS: readonly string[] = [ENTRYPOINT, ...INCLUDED_MODULES];

/** The `deno bundle` arguments that bundle canary from the project root into `outDir`. */
export function bundleArgs(outDir: string): string[] {
  return [
    "bundle",
    "--quiet",
    "--platform",
    "deno",
    "--code-splitting",
    "--outdir",
    outDir,
    ...BUNDLE_ENTRY_POINTS,
  ];
}

/**
 * Bundles canary's sources in `root` into `outDir`, replacing what was there, and returns the
 * path of the bundle's `main.js`. Throws with `deno bundle`'s message when it fails.
 */
export async function bundleProgram(root: string, outDir: string): Promise<string> {
  const target = resolve(outDir);
  await clearEarlierBundle(target);
  const output = await new Deno.Command(Deno.execPath(), {
    args: bundleArgs(target),
    cwd: root,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    const message = new TextDecoder().decode(output.stderr).trim();
    throw new Error(`deno bundle failed: ${message}`);
  }
  // Every entry must land where canaryModule looks for it.
  for (const module of BUNDLE_ENTRY_POINTS) await Deno.stat(join(target, bundledPath(module)));
  await Deno.writeTextFile(join(target, BUNDLE_MARK), "written by scripts/bundle.ts\n");
  return join(target, bundledPath(ENTRYPOINT));
}

/** The file that marks a folder as a bundle this script wrote, and may replace. */
export const BUNDLE_MARK = ".canary-bundle";

/**
 * Removes the bundle an earlier run left in `dir`. A folder that is neither missing, empty nor
 * marked with {@link BUNDLE_MARK} is someone's: refused, never removed.
 */
async function clearEarlierBundle(dir: string): Promise<void> {
  let names: string[];
  try {
    names = [...Deno.readDirSync(dir)].map((entry) => entry.name);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  if (names.length === 0) return;
  if (!names.includes(BUNDLE_MARK)) {
    throw new Error(`${dir} holds files but no bundle (no ${BUNDLE_MARK}); not replacing it`);
  }
  await Deno.remove(dir, { recursive: true });
}

async function main(args: string[]): Promise<number> {
  if (args.length > 1 || args[0]?.startsWith("-")) {
    console.error("usage: deno task bundle [DIR]");
    return 2;
  }
  try {
    console.log(`bundled ${await bundleProgram(PROJECT_ROOT, args[0] ?? "dist/bundle")}`);
    return 0;
  } catch (error) {
    console.error(`bundle: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
