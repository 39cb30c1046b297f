/**
 * `canary index`: scan a tree and replace the stored token index.
 *
 * @module
 */
import { CanaryError, UsageError } from "../errors.ts";
import type { IndexReport } from "../index/index_tree.ts";
import { fileProgress } from "../output/progress.ts";
import { countOf } from "../text/plural.ts";
import { parseByteSize, parseIntegerIn } from "./args.ts";
import type { Command } from "./command_line.ts";
import { dirname, resolve } from "../path.ts";
import type { CommandContext } from "./context.ts";
import { withDb, withExamples, withJson, withRoot } from "./declare.ts";
import { describeFailure } from "./failure.ts";
import { openForCommand } from "./open_for_command.ts";

/** Options of `canary index`. */
export interface IndexCommandOptions {
  root: string;
  db: string;
  json?: boolean;
  strict?: boolean;
  quiet?: boolean;
  watch?: boolean;
  watchFor?: string;
  maxFileSize?: string;
}

/** Declares `canary index`. */
export function declareIndex(program: Command, ctx: CommandContext): void {
  withJson(withDb(withExamples(
    withRoot(
      program.command("index")
        .description("scan a tree for CANARY tokens and replace the stored index"),
    )
      .option("--strict", "report unknown keys too, and fail (exit 1) on any diagnostic")
      .option("--quiet", "print only the summary, not each diagnostic")
      .option("--watch", "re-index when files change, until Ctrl-C (--json: one line per run)")
      .option("--watch-for <seconds>", "with --watch: stop after this long (a testing aid)")
      .option("--max-file-size <size>", "skip larger files (bytes, or 512K, 16M)", "16M"),
    "canary index",
    "canary index --root src --strict",
    "canary index --watch",
  ))).action((options) => indexCommand(ctx, options));
}

/**
 * Runs `canary index`; with `--strict`, any diagnostic makes it fail (exit 1)
 * after reporting. With `--watch`, indexes again after each burst of changes
 * until interrupted, between runs, never inside one.
 */
export async function indexCommand(
  ctx: CommandContext,
  options: IndexCommandOptions,
): Promise<void> {
  const maxFileSize = options.maxFileSize === undefined
    ? undefined
    : parseByteSize(options.maxFileSize, "--max-file-size");
  // The scanner loads only when a scan runs: declaring commands stays cheap.
  const { assertScanRoot } = await import("../scan/mod.ts");
  assertScanRoot(options.root); // before the database or its folder is created
  const watchFor = options.watchFor === undefined
    ? undefined
    : parseIntegerIn(options.watchFor, "--watch-for", 1, 86_400);
  if (watchFor !== undefined && !options.watch) {
    throw new UsageError("--watch-for needs --watch");
  }
  if (options.watch) return await watchIndex(ctx, options, maxFileSize, watchFor);
  const report = await indexOnce(ctx, options, maxFileSize);
  await printReport(ctx, options, report);
  if (options.json) ctx.out.json(reportJson(options, report));
  if (options.strict && report.diagnostics.length > 0) {
    throw new CanaryError(`${countOf(report.diagnostics.length, "diagnostic")} under --strict`, {
      code: "strict_diagnostics",
    });
  }
}

/** One index run: open (migrating or adopting), index, close. */
async function indexOnce(
  ctx: CommandContext,
  options: IndexCommandOptions,
  maxFileSize: number | undefined,
): Promise<IndexReport> {
  const { indexTree } = await import("../index/index_tree.ts");
  const opened = await openForCommand(ctx, options.db);
  try {
    return await indexTree(opened.db, options.root, {
      strict: options.strict,
      maxFileSize,
      onProgress: fileProgress(ctx.out, `canary: indexing ${options.root}`),
    });
  } finally {
    ctx.out.clearProgress();
    opened.db.close();
  }
}

/** After a failed run, the pause before one retry when nothing changes meanwhile. */
const RETRY_MS = 2_000;

/**
 * Indexes, then again after each burst of changes under the root, until SIGINT or SIGTERM (or
 * `seconds` have passed, or a run finds stdout's reader gone): the signal ends the watch, and a run in progress finishes (and commits)
 * first. The database's folder is not watched (see `watched_folders.ts`), nor do changes to `.git/`
 * or to this run's own output count; ignore files are read afresh by every run. A run that fails
 * is reported in one line and the watch goes on: the next change runs again, as does one retry
 * after a pause. Ends with a failure when the last run failed: the index is then behind the tree.
 */
async function watchIndex(
  ctx: CommandContext,
  options: IndexCommandOptions,
  maxFileSize: number | undefined,
  seconds: number | undefined,
): Promise<void> {
  const { watchChanges } = await import("../index/watch_changes.ts");
  const { isOwnOutputFile } = await import("./streams.ts");
  const ownOutput = await isOwnOutputFile();
  const controller = new AbortController();
  // Refuses a database in the root folder itself before anything is written.
  const batches = watchChanges(options.root, {
    signal: controller.signal,
    keepOut: dirname(resolve(options.db)),
    ignore: (path) => /[\\/]\.git[\\/]/.test(path) || ownOutput(path),
  });
  const stop = () => controller.abort();
  const timer = seconds === undefined ? undefined : setTimeout(stop, seconds * 1000);
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  for (const signal of signals) Deno.addSignalListener(signal, stop);
  let failedInARow = 0;
  const run = async () => {
    try {
      const report = await indexOnce(ctx, options, maxFileSize);
      failedInARow = 0;
      await printReport(ctx, options, report);
      if (options.json) ctx.out.jsonLine(reportJson(options, report));
      // Like `tail -f | head -1`: once the reader of the results has gone, nobody is watching.
      if (ctx.out.stdoutClosed) stop();
    } catch (error) {
      failedInARow++;
      const retry = failedInARow === 1 ? ` in ${RETRY_MS / 1000} s or` : "";
      ctx.out.error(
        `${describeFailure(error).message} (still watching: next run${retry} on a change)`,
      );
    }
  };
  try {
    let next = batches.next(); // watching starts before the first run: no change is missed
    await run();
    ctx.out.note(`canary: watching ${options.root} for changes (Ctrl-C to stop)`);
    for (;;) {
      const batch = await (failedInARow === 1 ? orAfter(next, RETRY_MS) : next);
      if (batch?.done) break;
      await run();
      if (batch !== null) next = batches.next(); // null: a retry, the batch is still awaited
    }
    ctx.out.note("canary: stopped watching");
  } finally {
    clearTimeout(timer);
    for (const signal of signals) Deno.removeSignalListener(signal, stop);
  }
  if (failedInARow > 0) {
    throw new CanaryError("the last run of the watch failed; the index is behind the tree", {
      code: "watch_run_failed",
    });
  }
}

/** What `promise` gives, or null when `ms` pass first (the timer is always cleared). */
async function orAfter<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The diagnostics (unless `--quiet`) and the one-line summary, on stderr. */
async function printReport(
  ctx: CommandContext,
  options: IndexCommandOptions,
  report: IndexReport,
): Promise<void> {
  const { diagnosticCount, writeDiagnostics } = await import("../output/diagnostics.ts");
  const { out } = ctx;
  writeDiagnostics(out, report.diagnostics, options.quiet);
  const skippedByReason = new Map<string, number>();
  for (const s of report.skipped) {
    skippedByReason.set(s.reason, (skippedByReason.get(s.reason) ?? 0) + 1);
  }
  const skippedText = [...skippedByReason].map(([reason, n]) => `${n} ${reason}`).join(", ");
  out.note(
    `indexed ${countOf(report.filesScanned, "file")} (${report.filesRead} read): ` +
      `${countOf(report.tokens, "token")} in ${countOf(report.filesWithTokens, "file")}; ` +
      `+${report.added} added, -${report.removed} removed, ~${report.changed} changed; ` +
      `${report.skipped.length} skipped${skippedText ? ` (${skippedText})` : ""}; ` +
      `${diagnosticCount(report.diagnostics)}; ${report.elapsedMs} ms`,
  );
}

function reportJson(options: IndexCommandOptions, report: IndexReport) {
  return {
    root: report.root,
    database: options.db,
    files_scanned: report.filesScanned,
    files_read: report.filesRead,
    files_with_tokens: report.filesWithTokens,
    tokens: report.tokens,
    added: report.added,
    removed: report.removed,
    changed: report.changed,
    skipped: report.skipped.map((s) => ({ file_path: s.path, reason: s.reason })),
    diagnostics: report.diagnostics.map((d) => ({
      file_path: d.path,
      line_number: d.line,
      severity: d.severity,
      reason: d.reason,
    })),
    commit_hash: report.commitHash || null,
    branch: report.branch || null,
    elapsed_ms: report.elapsedMs,
  };
}
