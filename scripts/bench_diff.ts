/**
 * The benchmark of `canary diff`: a diff of two revisions of the bench tree against a full
 * `canary index` of it, each the median of several runs after a warm-up, as the `canary` task
 * runs them. Target: the diff takes at most twice the index.
 *
 * The tree (`bench-data/diff-tree-<files>`, the generator's tree made a git repository) gets two commits,
 * tagged `bench-a` and `bench-b`: the second changes the status of the tokens in one token file
 * in ten and moves one folder in fifty, so git names a tenth of the token files as differing.
 *
 * Usage: `deno run --allow-all scripts/bench_diff.ts [--runs N] [--files N]`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CANARY_RUN_FLAGS } from "../tests/helpers.ts";
import { DEFAULT_TREE_PARAMS, generateTree } from "./gen_tree.ts";

const MAIN_TS = fileURLToPath(new URL("../main.ts", import.meta.url));
const DATA_DIR = fileURLToPath(new URL("../bench-data/", import.meta.url));

/** A diff of two revisions takes at most this multiple of a full index. */
export const DIFF_VS_INDEX = 2;

function git(root: string, ...args: string[]): string {
  const result = new Deno.Command("git", {
    args: ["-C", root, "-c", "user.name=bench", "-c", "user.email=bench@example.com", ...args],
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  if (!result.success) {
    throw new Error(`git ${args[0]}: ${new TextDecoder().decode(result.stderr)}`);
  }
  return new TextDecoder().decode(result.stdout);
}

/** Every file below `root` outside `.git`, as relative paths. */
function listFiles(root: string, prefix = ""): string[] {
  return [...Deno.readDirSync(join(root, prefix))].flatMap((entry) => {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.name === ".git") return [];
    return entry.isDirectory ? listFiles(root, path) : [path];
  }).sort();
}

/** Builds the two tagged revisions, unless a previous run left them. */
function prepareRepository(root: string, files: number | undefined): void {
  const tagged = (() => {
    try {
      return git(root, "tag", "--list", "bench-b").trim() === "bench-b";
    } catch {
      return false;
    }
  })();
  if (tagged) return;
  generateTree(root, files === undefined ? {} : { files }, { force: true });
  git(root, "init", "-q");
  git(root, "add", "-A");
  git(root, "commit", "-qm", "bench a");
  git(root, "tag", "bench-a");
  const tokenFiles = listFiles(root).filter((path) =>
    Deno.readTextFileSync(join(root, path)).includes("CANARY:")
  );
  tokenFiles.filter((_, i) => i % 10 === 0).forEach((path) => {
    const text = Deno.readTextFileSync(join(root, path));
    Deno.writeTextFileSync(join(root, path), text.replaceAll("STATUS=IMPL", "STATUS=STUB"));
  });
  const folders = [...new Set(tokenFiles.map((path) => path.split("/")[0]))];
  folders.filter((_, i) => i % 50 === 0).forEach((folder) => {
    git(root, "mv", folder, `${folder}-moved`);
  });
  git(root, "add", "-A");
  git(root, "commit", "-qm", "bench b");
  git(root, "tag", "bench-b");
}

async function medianMs(
  program: string,
  args: string[],
  runs: number,
  before?: () => void,
): Promise<number> {
  const once = async () => {
    before?.();
    const started = performance.now();
    const result = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", ...CANARY_RUN_FLAGS, program, ...args],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    if (!result.success) {
      throw new Error(`canary ${args[0]} failed: ${new TextDecoder().decode(result.stderr)}`);
    }
    return performance.now() - started;
  };
  await once(); // warm-up: module cache and page cache
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  return times.length % 2 === 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
}

/** Runs the diff benchmark on `program` (the sources' main.ts, or the bundle's main.js). */
export async function runDiffBench(
  runs = 5,
  files?: number,
  program = MAIN_TS,
): Promise<string[]> {
  const root = join(DATA_DIR, `diff-tree-${files ?? DEFAULT_TREE_PARAMS.files}`);
  const db = join(DATA_DIR, "bench-diff-index.db");
  console.error(`preparing ${root} (reused when already built) ...`);
  prepareRepository(root, files);
  const index = await medianMs(program, ["index", "--root", root, "--db", db], runs, () => {
    for (const suffix of ["", "-wal", "-shm"]) {
      try {
        Deno.removeSync(db + suffix);
      } catch {
        // Not there: a fresh database either way.
      }
    }
  });
  const diff = await medianMs(
    program,
    ["diff", "bench-a", "bench-b", "--root", root, "--json"],
    runs,
  );
  const ratio = diff / index;
  return [
    `diff benchmark (${listFiles(root).length} files, median of ${runs}):`,
    `  canary index (full, fresh database)  ${index.toFixed(0)} ms`,
    `  canary diff bench-a bench-b          ${diff.toFixed(0)} ms`,
    `  diff / index = ${ratio.toFixed(2)} (target ≤ ${DIFF_VS_INDEX}): ` +
    (ratio <= DIFF_VS_INDEX ? "PASS" : "FAIL"),
  ];
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { runs: { type: "string" }, files: { type: "string" } },
  });
  const runs = values.runs === undefined ? 5 : Number(values.runs);
  const files = values.files === undefined ? undefined : Number(values.files);
  console.log((await runDiffBench(runs, files)).join("\n"));
}
