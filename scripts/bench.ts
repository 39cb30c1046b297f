/**
 * `deno task bench`: canary's speed against the tools a user compares it with, each target of
 * the performance goals printed beside the ratio measured in the same run.
 *
 * Every comparison is interleaved: one round runs each command of a group once, in turn, and a
 * ratio is computed per round, so a burst of load from other processes hits both sides of a
 * ratio alike. A figure is the median over the rounds after one warm-up round, printed with its
 * minimum and maximum so the noise shows. Canary runs as the binaries run it: the bundle they are
 * compiled from (`scripts/bundle.ts`, rebuilt each run), through `deno run` with the binary's
 * permissions and V8 flags, so its figures include Deno's start-up.
 *
 * What it builds (kept in `--data`, reused between runs): the synthetic tree of `gen_tree.ts`, a
 * copy of it that is a git work tree (`git init`, add, commit), the same for the smaller tree, a
 * database of `--tokens` tokens for the query rows, and dbmate from npm as the reference for
 * `migrate all` (when npm can install it; the report says when it could not). ripgrep comes from
 * Debian's `ripgrep` when missing. The run fails loudly when the git and the walk paths of
 * `canary index` give different tokens or reports.
 *
 * Usage: `deno task bench [--quick] [--files N] [--small N] [--runs N] [--tokens N] [--data DIR]
 * [--json PATH]`. `--quick` is a smoke run of well under a minute (5,000 and no smaller tree, 3
 * rounds, 100,000 tokens).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CANARY_RUN_FLAGS } from "../tests/helpers.ts";
import { generateTree } from "./gen_tree.ts";
import { cachedBenchDatabase } from "./bench_query.ts";
import {
  type CommandLine,
  interleave,
  median,
  type RoundsResult,
  type RunSample,
} from "./bench_runner.ts";
import { locateDbmate, locateRipgrep, type Tool } from "./bench_tools.ts";
import { dbmateMigrations } from "./bench_dbmate.ts";
import { bundleProgram } from "./bundle.ts";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));
const MIGRATIONS = fileURLToPath(new URL("../migrations/", import.meta.url));

/** One row of the performance table: what is compared, the target, and what was measured. */
export interface TargetRow {
  what: string;
  /** The target as printed, e.g. `≤ 2.5× rg` or `≤ +60 ms`. */
  target: string;
  /** Median over the rounds, and the spread; null when a reference tool is missing. */
  measured: { median: number; min: number; max: number } | null;
  unit: "×" | "ms" | "MiB";
  /** Whether the median meets the target; null when it could not be measured. */
  pass: boolean | null;
  /** Why a row could not be measured, or what it rests on. */
  note?: string;
}

/** A ratio or difference per round, summarised. */
function spread(values: readonly number[]) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** A row judged against an upper bound. */
export function judge(
  what: string,
  bound: number,
  unit: TargetRow["unit"],
  values: readonly number[] | null,
  note?: string,
): TargetRow {
  const target = unit === "×" ? `≤ ${bound}×` : unit === "ms" ? `≤ +${bound} ms` : `≤ ${bound} MiB`;
  const measured = values === null || values.length === 0 ? null : spread(values);
  return { what, target, measured, unit, pass: measured && measured.median <= bound, note };
}

/** Per-round ratios `a / b` of two commands of one interleaved group. */
export function ratios(result: RoundsResult, a: string, b: string): number[] {
  return result.rounds.map((round) => round[a].wallMs / round[b].wallMs);
}

/** Per-round differences `a - b` in milliseconds. */
export function differences(result: RoundsResult, a: string, b: string): number[] {
  return result.rounds.map((round) => round[a].wallMs - round[b].wallMs);
}

/** The performance table as lines of text. */
export function formatTargets(rows: readonly TargetRow[]): string[] {
  const value = (n: number, unit: TargetRow["unit"]) =>
    unit === "×" ? `${n.toFixed(2)}×` : unit === "ms" ? `+${n.toFixed(0)} ms` : `${n.toFixed(0)}`;
  const lines = [
    `  ${"verdict".padEnd(7)} ${"what".padEnd(58)} ${"median".padStart(9)} ${
      "min–max".padStart(17)
    }  target`,
  ];
  for (const row of rows) {
    const verdict = row.pass === null ? "SKIP" : row.pass ? "PASS" : "MISS";
    const m = row.measured;
    const median = m === null ? "n/a" : value(m.median, row.unit);
    const range = m === null ? "" : `${value(m.min, row.unit)}–${value(m.max, row.unit)}`;
    lines.push(
      `  ${verdict.padEnd(7)} ${row.what.padEnd(58)} ${median.padStart(9)} ${
        range.padStart(17)
      }  ${row.target}${row.note ? `  (${row.note})` : ""}`,
    );
  }
  return lines;
}

/** The command groups' medians as lines of text, for reference beside the ratios. */
export function formatCommands(title: string, result: RoundsResult): string[] {
  const lines = [
    `${title}: median of ${result.rounds.length} interleaved rounds ` +
    "(wall median, min, max; CPU median, from 100 ms; peak RSS)",
  ];
  for (const label of result.labels) {
    const times = result.rounds.map((round) => round[label].wallMs);
    const cpu = result.rounds.map((round) => round[label].cpuMs).filter((t) => t !== null);
    // GNU time counts in steps of 10 ms: below 100 ms the figure says little.
    const cpuMedian = cpu.length > 0 ? median(cpu) : 0;
    const peaks = result.rounds.map((round) => round[label].peakKiB ?? 0);
    const peak = Math.max(...peaks);
    lines.push(
      `  ${label.padEnd(44)} ${ms(median(times))} ${ms(Math.min(...times))} ${
        ms(Math.max(...times))
      } ${cpuMedian >= 100 ? ms(cpuMedian) : "".padStart(9)} ${
        peak > 0 ? `${(peak / 1024).toFixed(0)} MiB`.padStart(8) : ""
      }`,
    );
  }
  return lines;
}

function ms(value: number): string {
  return `${value.toFixed(0)} ms`.padStart(9);
}

function removeDatabase(path: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) {
    try {
      Deno.removeSync(path + suffix);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
}

/** Reads every file below `dir` once, so the timed runs all start with a warm page cache. */
function warmPageCache(dir: string): void {
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) warmPageCache(path);
    else if (entry.isFile) Deno.readFileSync(path);
  }
}

function git(cwd: string, ...args: string[]): void {
  const out = new Deno.Command("git", {
    args: ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid", ...args],
    cwd,
    stdout: "null",
    stderr: "piped",
  }).outputSync();
  if (!out.success) {
    throw new Error(`git ${args[0]} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
}

/** A copy of the tree at `plain` that is a git work tree with everything committed; reused. */
function gitVariant(plain: string, log: (line: string) => void): string {
  const root = `${plain}-git`;
  const done = `${root}.done`;
  const stamp = Deno.readTextFileSync(`${plain}.params.json`);
  try {
    if (Deno.readTextFileSync(done) === stamp) return root;
  } catch {
    // Not built yet.
  }
  log(`building the git work tree ${root} ...`);
  removeIfPresent(root);
  const copy = new Deno.Command("cp", { args: ["-a", plain, root] }).outputSync();
  if (!copy.success) throw new Error(`cp -a ${plain} ${root} failed`);
  git(root, "init", "-q");
  git(root, "add", "-A");
  git(root, "commit", "-q", "-m", "benchmark tree");
  Deno.writeTextFileSync(done, stamp);
  return root;
}

function removeIfPresent(path: string): void {
  try {
    Deno.removeSync(path, { recursive: true });
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

/** What the run needs wherever it runs a command. */
interface Bench {
  dataDir: string;
  runs: number;
  log: (line: string) => void;
  rg: Tool | null;
  denoRun: string[];
  /** The program run: the bundle's `main.js`. */
  program: string;
}

const canary = (bench: Bench, cwd: string, ...args: string[]): CommandLine => ({
  command: Deno.execPath(),
  args: [...bench.denoRun, bench.program, ...args],
  cwd,
});

/** The index rounds over one tree, plain and git: rg, full and unchanged index in each. */
async function benchTree(bench: Bench, files: number) {
  const plain = join(bench.dataDir, `tree-${files}`);
  bench.log(`generating ${plain} (reused when already generated) ...`);
  removeIfPresent(join(bench.dataDir, "tree")); // the layout of earlier versions of this script
  const tree = generateTree(plain, { files });
  const gitRoot = gitVariant(plain, bench.log);
  bench.log(`warming the page cache for ${files} files ...`);
  warmPageCache(plain);
  warmPageCache(gitRoot);
  const commands: Record<string, CommandLine & { before?: () => void }> = {};
  for (const [variant, root] of [["walk", plain], ["git", gitRoot]] as const) {
    const db = join(bench.dataDir, `bench-${variant}-${files}.db`);
    if (bench.rg !== null) {
      commands[`rg ${variant}`] = {
        command: bench.rg.path,
        args: ["-n", "CANARY:", "."],
        cwd: root,
      };
    }
    commands[`full ${variant}`] = {
      ...canary(bench, root, "index", "--root", ".", "--db", db, "--json"),
      before: () => removeDatabase(db),
    };
    // Follows the full run of the same round, so it finds a complete index of the same tree.
    commands[`unchanged ${variant}`] = canary(bench, root, "index", "--root", ".", "--db", db);
  }
  bench.log(`timing index on ${files} files, ${bench.runs} rounds ...`);
  const result = await interleave(commands, bench.runs, bench.log);
  const equal = await compareVariants(bench, files, plain, gitRoot, result.warmUp);
  return { tree, result, equal };
}

/** Fields of an index report that depend on where and when it ran, not on what it found. */
const REPORT_CONTEXT = ["root", "database", "commit_hash", "branch", "elapsed_ms"];
/** Token fields that depend on the run (row ids, time, git), not on the tree. */
const TOKEN_CONTEXT = ["id", "indexed_at", "commit_hash", "branch"];

function withoutFields(value: Record<string, unknown>, fields: readonly string[]) {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !fields.includes(key)));
}

/** Runs `canary` in `root` with `env` added; its stdout. */
async function canaryOutput(
  bench: Bench,
  root: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<string> {
  const line = canary(bench, root, ...args);
  const out = await new Deno.Command(line.command, {
    args: line.args,
    cwd: root,
    env,
    stdout: "piped",
  })
    .output();
  if (!out.success) throw new Error(`canary ${args.join(" ")} failed in ${root}`);
  return new TextDecoder().decode(out.stdout);
}

/** The tokens of `db`, without what depends on the run. */
async function tokensOf(bench: Bench, root: string, db: string): Promise<string> {
  const list = JSON.parse(
    await canaryOutput(bench, root, ["list", "--json", "--limit", "0", "--db", db]),
  );
  return JSON.stringify(list.map((t: Record<string, unknown>) => withoutFields(t, TOKEN_CONTEXT)));
}

/**
 * Throws unless the git work tree path, the walk path (which asks `git grep --no-index`) and a
 * reference run without git on PATH (which reads every file) found the same tokens and wrote the
 * same report.
 */
async function compareVariants(
  bench: Bench,
  files: number,
  plain: string,
  gitRoot: string,
  warmUp: Record<string, RunSample>,
): Promise<string> {
  const noGit = Deno.makeTempDirSync({ prefix: "canary-bench-no-git-" });
  const referenceDb = join(bench.dataDir, `bench-reference-${files}.db`);
  removeDatabase(referenceDb);
  const referenceArgs = ["index", "--root", ".", "--db", referenceDb, "--json"];
  const reference = await canaryOutput(bench, plain, referenceArgs, { PATH: noGit });
  Deno.removeSync(noGit);
  const variants = [
    { name: "reference (no git)", root: plain, db: referenceDb, report: reference },
    ...(["walk", "git"] as const).map((v) => ({
      name: v,
      root: v === "walk" ? plain : gitRoot,
      db: join(bench.dataDir, `bench-${v}-${files}.db`),
      report: warmUp[`full ${v}`].stdout,
    })),
  ];
  const found = await Promise.all(variants.map(async (v) => ({
    name: v.name,
    report: JSON.stringify(withoutFields(JSON.parse(v.report), REPORT_CONTEXT)),
    tokens: await tokensOf(bench, v.root, v.db),
  })));
  for (const other of found.slice(1)) {
    if (other.report !== found[0].report) {
      throw new Error(
        `index reports differ between the ${found[0].name} and ${other.name} paths:\n` +
          `${found[0].report}\n${other.report}`,
      );
    }
    if (other.tokens !== found[0].tokens) {
      throw new Error(`the token sets differ between the ${found[0].name} and ${other.name} paths`);
    }
  }
  return `identical: ${JSON.parse(found[0].report).tokens} tokens, same report, in all three`;
}

/** A 10-file tree and an empty script: canary's fixed cost over Deno's start-up. */
async function benchFixedCost(bench: Bench) {
  const root = join(bench.dataDir, "tiny-tree");
  removeIfPresent(root);
  Deno.mkdirSync(root, { recursive: true });
  for (let i = 0; i < 10; i++) {
    const token = i % 3 === 0
      ? `// CANARY: REQ=CBIN-${100 + i}; FEATURE="F${i}"; ` +
        "ASPECT=API; STATUS=IMPL; UPDATED=2025-01-01\n"
      : "";
    Deno.writeTextFileSync(join(root, `file${i}.ts`), `${token}export const x${i} = ${i};\n`);
  }
  const empty = join(bench.dataDir, "empty.ts");
  Deno.writeTextFileSync(empty, "");
  const db = join(bench.dataDir, "tiny.db");
  bench.log("timing the fixed cost ...");
  return await interleave(
    {
      "deno run (empty script)": {
        command: Deno.execPath(),
        args: [...bench.denoRun, empty],
        cwd: root,
      },
      "canary --version": canary(bench, root, "--version"),
      "canary index (10 files, fresh db)": {
        // --root and --db named: a database found above the tree must not change what is timed.
        ...canary(bench, root, "index", "--root", root, "--db", db),
        before: () => removeDatabase(db),
      },
    },
    Math.max(bench.runs * 2, 10),
    bench.log,
  );
}

/** `list --limit 50` and `search` on a database of `tokens` tokens. */
async function benchQueries(bench: Bench, tokens: number) {
  bench.log(`building (or reusing) a database of ${tokens} tokens ...`);
  const db = cachedBenchDatabase(bench.dataDir, tokens);
  bench.log("timing list and search ...");
  return await interleave(
    {
      "canary list --limit 50": canary(bench, bench.dataDir, "list", "--limit", "50", "--db", db),
      // No target: a status's first tokens, read off the index on (status, priority, updated_at).
      "canary list --status IMPL --limit 50": canary(
        bench,
        bench.dataDir,
        "list",
        "--status",
        "IMPL",
        "--limit",
        "50",
        "--db",
        db,
      ),
      "canary search migration": canary(bench, bench.dataDir, "search", "migration", "--db", db),
      // No target: two words and a filter take the same shortcut, and are watched here.
      "canary search data migration --status IMPL": canary(
        bench,
        bench.dataDir,
        "search",
        "data",
        "migration",
        "--status",
        "IMPL",
        "--db",
        db,
      ),
    },
    Math.max(bench.runs * 2, 10),
    bench.log,
  );
}

/** `canary migrate all` and dbmate's `up` of the same SQL, each on a fresh file. */
async function benchMigrate(bench: Bench, dbmate: Tool | null) {
  if (dbmate === null) return null;
  const dir = dbmateMigrations(MIGRATIONS, join(bench.dataDir, "dbmate-migrations"));
  const ours = join(bench.dataDir, "migrate-canary.db");
  const theirs = join(bench.dataDir, "migrate-dbmate.db");
  bench.log("timing migrate all against dbmate up ...");
  return await interleave(
    {
      "canary migrate all (fresh file)": {
        ...canary(bench, bench.dataDir, "migrate", "all", "--db", ours),
        before: () => removeDatabase(ours),
      },
      "dbmate up (fresh file)": {
        command: dbmate.path,
        args: ["--url", `sqlite:${theirs}`, "--migrations-dir", dir, "--no-dump-schema", "up"],
        cwd: bench.dataDir,
        before: () => removeDatabase(theirs),
      },
    },
    Math.max(bench.runs * 2, 10),
    bench.log,
  );
}

/** Options of one benchmark run. */
export interface BenchOptions {
  files: number;
  /** The smaller tree, reported too; 0 leaves it out. */
  small: number;
  runs: number;
  tokens: number;
  dataDir: string;
}

/** Runs every group and judges the targets. */
export async function runBench(options: BenchOptions, log: (line: string) => void) {
  Deno.mkdirSync(options.dataDir, { recursive: true });
  const rg = locateRipgrep(log);
  const dbmate = locateDbmate(join(options.dataDir, "dbmate"), log);
  log("bundling canary as the binaries run it ...");
  const bench: Bench = {
    dataDir: options.dataDir,
    runs: options.runs,
    log,
    rg,
    denoRun: ["run", "--quiet", ...CANARY_RUN_FLAGS],
    program: await bundleProgram(REPO_ROOT, join(options.dataDir, "bundle")),
  };
  const large = await benchTree(bench, options.files);
  const small = options.small > 0 ? await benchTree(bench, options.small) : null;
  const fixed = await benchFixedCost(bench);
  const queries = await benchQueries(bench, options.tokens);
  const migrate = await benchMigrate(bench, dbmate);
  const rows = targetRows(
    options,
    { large: large.result, small: small?.result, fixed, queries },
    migrate,
    rg,
    dbmate,
  );
  return { rg, dbmate, large, small, fixed, queries, migrate, rows, program: bench.program };
}

/** Every row of the performance table, from the measured groups. */
function targetRows(
  options: BenchOptions,
  groups: {
    large: RoundsResult;
    small: RoundsResult | undefined;
    fixed: RoundsResult;
    queries: RoundsResult;
  },
  migrate: RoundsResult | null,
  rg: Tool | null,
  dbmate: Tool | null,
): TargetRow[] {
  const { large, small, fixed, queries } = groups;
  const vsRg = (r: RoundsResult, a: string, variant: string) =>
    rg === null ? null : ratios(r, `${a} ${variant}`, `rg ${variant}`);
  const noRg = rg === null ? "rg not installed" : undefined;
  const n = (files: number) => `${files.toLocaleString("en")} files`;
  const peak = large.rounds.flatMap((round) =>
    ["full walk", "full git"].map((l) => (round[l].peakKiB ?? 0) / 1024)
  );
  /** The index rows of one tree: full (git and walk), and re-index unchanged when asked. */
  const indexRows = (group: RoundsResult, files: number, unchanged: boolean) => [
    judge(
      `full index, ${n(files)}, git work tree, × rg`,
      2.5,
      "×",
      vsRg(group, "full", "git"),
      noRg,
    ),
    judge(`full index, ${n(files)}, not git, × rg`, 4, "×", vsRg(group, "full", "walk"), noRg),
    ...(unchanged
      ? [
        judge(
          `re-index unchanged, ${n(files)}, git, × rg`,
          1,
          "×",
          vsRg(group, "unchanged", "git"),
          noRg,
        ),
        judge(
          `re-index unchanged, ${n(files)}, not git, × rg`,
          1.5,
          "×",
          vsRg(group, "unchanged", "walk"),
          noRg,
        ),
      ]
      : []),
  ];
  const rows = indexRows(large, options.files, true);
  if (small !== undefined) rows.push(...indexRows(small, options.small, false));
  rows.push(
    judge(
      "fixed cost: index 10 files, fresh db, over empty deno run",
      60,
      "ms",
      differences(fixed, "canary index (10 files, fresh db)", "deno run (empty script)"),
    ),
    judge(
      `search on ${options.tokens.toLocaleString("en")} tokens over list --limit 50`,
      40,
      "ms",
      differences(queries, "canary search migration", "canary list --limit 50"),
    ),
    judge(
      "migrate all, fresh file, × dbmate up",
      1.6,
      "×",
      migrate && ratios(migrate, "canary migrate all (fresh file)", "dbmate up (fresh file)"),
      dbmate === null ? "dbmate could not be installed from npm" : dbmate.version,
    ),
    judge(`peak RSS, ${n(options.files)} (MiB)`, 150, "MiB", peak.some((p) => p > 0) ? peak : null),
  );
  return rows;
}

function parseBenchArgs(args: string[]): BenchOptions & { json?: string } {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      quick: { type: "boolean" },
      runs: { type: "string" },
      files: { type: "string" },
      small: { type: "string" },
      tokens: { type: "string" },
      data: { type: "string" },
      json: { type: "string" },
    },
  });
  const number = (name: string, text: string | undefined, fallback: number, min = 1) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} needs a whole number ≥ ${min}`);
    return n;
  };
  const quick = values.quick ?? false;
  return {
    files: number("files", values.files, quick ? 5_000 : 50_000),
    small: number("small", values.small, quick ? 0 : 20_000, 0),
    runs: number("runs", values.runs, quick ? 3 : 5),
    tokens: number("tokens", values.tokens, quick ? 100_000 : 1_000_000),
    dataDir: resolve(values.data ?? join(REPO_ROOT, "bench-data")),
    json: values.json,
  };
}

if (import.meta.main) {
  let options: ReturnType<typeof parseBenchArgs>;
  try {
    options = parseBenchArgs(Deno.args);
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`);
    Deno.exit(2);
  }
  const log = (line: string) => console.error(line);
  const started = performance.now();
  const result = await runBench(options, log);
  const lines = [
    ...formatCommands(`index, ${options.files} files`, result.large.result),
    `  git and walk paths: ${result.large.equal}`,
    ...(result.small === null ? [] : [
      ...formatCommands(`index, ${options.small} files`, result.small.result),
      `  git and walk paths: ${result.small.equal}`,
    ]),
    ...formatCommands("fixed cost", result.fixed),
    ...formatCommands(`queries, ${options.tokens} tokens`, result.queries),
    ...(result.migrate === null ? ["migrate: dbmate not available"] : formatCommands(
      "migrate",
      result.migrate,
    )),
    `reference tools: ${result.rg?.version ?? "rg not installed"}; ${
      result.dbmate?.version ?? "dbmate not installed"
    }; deno ${Deno.version.deno}; ${navigator.hardwareConcurrency} CPUs`,
    "targets (median of per-round ratios or differences, min–max over rounds):",
    ...formatTargets(result.rows),
    ...await (await import("./bench_diff.ts")).runDiffBench(
      options.runs,
      options.files,
      result.program,
    ),
    `bench took ${((performance.now() - started) / 1000).toFixed(0)} s`,
  ];
  console.log(lines.join("\n"));
  if (options.json !== undefined) {
    Deno.writeTextFileSync(
      options.json,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          options,
          rows: result.rows,
        },
        null,
        2,
      ) + "\n",
    );
    log(`wrote ${options.json}`);
  }
}
