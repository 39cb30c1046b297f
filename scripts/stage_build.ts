/**
 * Copies the part of the project a binary is built from into a staging
 * directory, so a build can stamp its own copy of `src/build_stamp.ts` and
 * never touches the working tree others are editing.
 *
 * @module
 */
import { dirname, isAbsolute, join, relative } from "node:path";

/** Project files a build needs besides the module graph: configuration and lockfile. */
export const BUILD_CONFIG_FILES: readonly string[] = Object.freeze(["deno.json", "deno.lock"]);

/** The part of `deno info --json` output a staging step reads. */
export interface ModuleGraphInfo {
  /** Modules in the graph; local ones carry their path on disk. */
  modules: readonly { specifier?: string; local?: string; error?: string }[];
}

/**
 * Paths, relative to `root`, of the graph's local files that live under
 * `root`, sorted. Files outside `root` (the npm cache, say) are left out.
 */
export function localFilesUnder(root: string, graph: ModuleGraphInfo): string[] {
  const files = new Set<string>();
  for (const module of graph.modules) {
    if (module.local === undefined) continue;
    const path = relative(root, module.local);
    if (path === "" || path.startsWith("..") || isAbsolute(path)) continue;
    files.add(path);
  }
  return [...files].sort();
}

/** Runs `deno info --json` on `entrypoint` from `root` and returns the graph. */
export async function moduleGraph(root: string, entrypoint: string): Promise<ModuleGraphInfo> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entrypoint],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    const message = new TextDecoder().decode(output.stderr).trim();
    throw new Error(`deno info ${entrypoint} failed: ${message}`);
  }
  return JSON.parse(new TextDecoder().decode(output.stdout)) as ModuleGraphInfo;
}

/**
 * Copies every local file of `entrypoint`'s module graph, plus
 * {@link BUILD_CONFIG_FILES} that exist, from `root` into `stageDir` at the
 * same relative paths. Returns the copied paths.
 */
export async function stageModuleGraph(
  root: string,
  entrypoint: string,
  stageDir: string,
): Promise<string[]> {
  const graph = await moduleGraph(root, entrypoint);
  // deno info reports unresolvable modules inside its output and still exits 0.
  const broken = graph.modules.find((module) => module.error !== undefined);
  if (broken) throw new Error(`cannot stage ${entrypoint}: ${broken.error}`);
  const files = new Set(localFilesUnder(root, graph));
  for (const file of BUILD_CONFIG_FILES) {
    try {
      await Deno.stat(join(root, file));
      files.add(file);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  const copied = [...files].sort();
  for (const file of copied) {
    await Deno.mkdir(dirname(join(stageDir, file)), { recursive: true });
    await Deno.copyFile(join(root, file), join(stageDir, file));
  }
  return copied;
}
