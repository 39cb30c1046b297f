/**
 * The query part of `deno task bench`: builds a database of 100,000 tokens
 * with SQL directly, then times `canary list --limit 50` and `canary search
 * <word>` against the startup floor of `deno run` on an empty script. Each
 * figure is the median of repeated runs, hyperfine-style.
 *
 * Run alone: `deno run --allow-all scripts/bench_query.ts [--runs N] [--tokens N]`.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { openDatabase } from "../src/db/open.ts";

/** Timing of one command line. */
export interface CommandTiming {
  /** What was run, for the report. */
  label: string;
  runs: number;
  median_ms: number;
  min_ms: number;
  max_ms: number;
}

/** One benchmarked command compared with the startup floor. */
export interface QueryTiming extends CommandTiming {
  /** Median minus the floor's median. */
  added_ms: number;
  /** Median divided by the floor's median. */
  ratio: number;
  /** Median minus the median of `canary version` (query work alone). */
  added_over_cli_ms: number;
}

/** Everything {@link benchQueries} measured. */
export interface QueryBenchResult {
  tokens: number;
  floor: CommandTiming;
  /** `canary version`: the CLI's own startup, to separate query time from module loading. */
  cli_startup: CommandTiming;
  commands: QueryTiming[];
  /** Budget per command over the floor, in milliseconds. */
  target_added_ms: number;
  /** Whether every command stayed within the budget. */
  within_target: boolean;
}

/** Options for {@link benchQueries}. */
export interface QueryBenchOptions {
  /** Tokens in the generated index (default 100,000). */
  tokens?: number;
  /** Timed runs per command (default 15, at least 10 recommended). */
  runs?: number;
  /** Where to put the database (default: a temporary folder, removed afterwards). */
  dir?: string;
}

const MAIN_TS = fileURLToPath(new URL("../main.ts", import.meta.url));
const TARGET_ADDED_MS = 30;
const SEARCH_WORD = "migration";

const WORDS = [
  "Database",
  "Migration",
  "Search",
  "Index",
  "Parser",
  "Cache",
  "Query",
  "Render",
  "Checkpoint",
  "Priority",
  "Scanner",
  "Token",
  "Report",
  "Export",
  "Import",
  "Network",
];
const STATUSES = ["MISSING", "STUB", "IMPL", "TESTED", "BENCHED", "REMOVED"];
const ASPECTS = ["API", "CLI", "Engine", "Storage", "Security", "Docs"];
const OWNERS = ["alice", "bob", "carol", "dave", "erin"];

/** Fills a new database at `path` with `count` synthetic tokens, in one transaction. */
export function buildBenchDatabase(path: string, count: number): void {
  const { db } = openDatabase(path);
  try {
    db.exec("BEGIN");
    const insert = db.prepare(
      "INSERT INTO tokens (req_id, feature, aspect, status, declared_status, file_path, " +
        "line_number, test, owner, priority, phase, keywords, spec_status, updated_at, raw_token) " +
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)",
    );
    for (let i = 0; i < count; i++) {
      // Deterministic spread: every field cycles with a different period.
      const a = WORDS[i % WORDS.length];
      const b = WORDS[Math.floor(i / WORDS.length) % WORDS.length];
      const status = STATUSES[i % STATUSES.length];
      const feature = `${a}${b}${i}`;
      const req = `CBIN-${100 + Math.floor(i / 4)}`;
      const day = String(1 + (i % 28)).padStart(2, "0");
      insert.run(
        req,
        feature,
        ASPECTS[i % ASPECTS.length],
        status,
        status,
        `src/pkg${i % 97}/file${i % 1013}.go`,
        1 + (i % 500),
        status === "TESTED" ? `Test${feature}` : null,
        OWNERS[i % OWNERS.length],
        1 + (i % 10),
        `P${i % 4}`,
        `${b.toLowerCase()},${a.toLowerCase()}`,
        `2025-${String(1 + (i % 12)).padStart(2, "0")}-${day}`,
        `// CANARY: REQ=${req}; FEATURE="${feature}"; ASPECT=API; STATUS=${status}`,
      );
    }
    db.exec("COMMIT");
    db.exec("ANALYZE");
  } finally {
    db.close();
  }
}

function permissionFlags(): string[] {
  const config = JSON.parse(Deno.readTextFileSync(new URL("../deno.json", import.meta.url)));
  return (config.tasks.canary as string).split(/\s+/).filter((word) =>
    /^--(allow|deny)-/.test(word) || word === "--no-prompt"
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timeCommand(label: string, args: string[], runs: number): Promise<CommandTiming> {
  const run = async () => {
    const started = performance.now();
    const result = await new Deno.Command(Deno.execPath(), {
      args,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const elapsed = performance.now() - started;
    if (!result.success) {
      throw new Error(`${label} failed: ${new TextDecoder().decode(result.stderr)}`);
    }
    return elapsed;
  };
  await run(); // warm-up: module cache and page cache
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await run());
  return {
    label,
    runs,
    median_ms: median(times),
    min_ms: Math.min(...times),
    max_ms: Math.max(...times),
  };
}

/** Builds the 100,000-token index and times the query commands against the startup floor. */
export async function benchQueries(options: QueryBenchOptions = {}): Promise<QueryBenchResult> {
  const count = options.tokens ?? 100_000;
  const runs = options.runs ?? 15;
  const dir = options.dir ?? Deno.makeTempDirSync({ prefix: "canary-bench-query-" });
  try {
    const dbPath = join(dir, "bench.db");
    try {
      Deno.removeSync(dbPath);
    } catch {
      // No earlier database.
    }
    buildBenchDatabase(dbPath, count);
    const empty = join(dir, "empty.ts");
    Deno.writeTextFileSync(empty, "");
    const base = ["run", "--quiet", ...permissionFlags()];
    const floor = await timeCommand("deno run empty.ts", [...base, empty], runs);
    const cliStartup = await timeCommand("canary version", [...base, MAIN_TS, "version"], runs);
    const commands: QueryTiming[] = [];
    for (
      const [label, args] of [
        ["canary list --limit 50", ["list", "--limit", "50"]],
        [`canary search ${SEARCH_WORD}`, ["search", SEARCH_WORD]],
      ] as const
    ) {
      const timing = await timeCommand(label, [...base, MAIN_TS, ...args, "--db", dbPath], runs);
      commands.push({
        ...timing,
        added_ms: timing.median_ms - floor.median_ms,
        ratio: timing.median_ms / floor.median_ms,
        added_over_cli_ms: timing.median_ms - cliStartup.median_ms,
      });
    }
    return {
      tokens: count,
      floor,
      cli_startup: cliStartup,
      commands,
      target_added_ms: TARGET_ADDED_MS,
      within_target: commands.every((c) => c.added_ms <= TARGET_ADDED_MS),
    };
  } finally {
    if (options.dir === undefined) Deno.removeSync(dir, { recursive: true });
  }
}

/** The result as report lines, one per command. */
export function formatQueryBench(result: QueryBenchResult): string[] {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  return [
    `query benchmark: ${result.tokens} tokens, median of ${result.floor.runs} runs`,
    `  ${result.floor.label.padEnd(28)} ${ms(result.floor.median_ms)} (floor)`,
    `  ${result.cli_startup.label.padEnd(28)} ${ms(result.cli_startup.median_ms)}  +${
      ms(result.cli_startup.median_ms - result.floor.median_ms)
    } over floor (CLI startup)`,
    ...result.commands.map((c) =>
      `  ${c.label.padEnd(28)} ${ms(c.median_ms)}  +${ms(c.added_ms)} over floor, ` +
      `×${c.ratio.toFixed(2)}  ${c.added_ms <= result.target_added_ms ? "ok" : "OVER"} ` +
      `(target +${result.target_added_ms} ms); +${ms(c.added_over_cli_ms)} over canary version`
    ),
  ];
}

if (import.meta.main) {
  const flag = (name: string) => {
    const i = Deno.args.indexOf(name);
    return i === -1 ? undefined : Number(Deno.args[i + 1]);
  };
  const result = await benchQueries({ runs: flag("--runs"), tokens: flag("--tokens") });
  console.log(formatQueryBench(result).join("\n"));
  if (Deno.args.includes("--json")) console.log(JSON.stringify(result, null, 2));
}
