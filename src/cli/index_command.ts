/**
 * `canary index`: scan a tree and replace the stored token index.
 *
 * @module
 */
import { CanaryError } from "../errors.ts";
import type { IndexReport } from "../index/index_tree.ts";
import { diagnosticCount, writeDiagnostics } from "../output/diagnostics.ts";
import { fileProgress } from "../output/progress.ts";
import { countOf } from "../output/plural.ts";
import { parseByteSize } from "./args.ts";
import type { Command } from "commander";
import type { CommandContext } from "./context.ts";
import { withDb, withJson, withRoot } from "./declare.ts";
import { openForCommand } from "./open_for_command.ts";

/** Options of `canary index`. */
export interface IndexCommandOptions {
  root: string;
  db: string;
  json?: boolean;
  strict?: boolean;
  quiet?: boolean;
  maxFileSize?: string;
}

/** Declares `canary index`. */
export function declareIndex(program: Command, ctx: CommandContext): void {
  withJson(withDb(
    withRoot(
      program.command("index")
        .description("scan a tree for CANARY tokens and replace the stored index"),
    )
      .option("--strict", "report unknown keys too, and fail (exit 1) on any diagnostic")
      .option("--quiet", "print only the summary, not each diagnostic")
      .option("--max-file-size <size>", "skip larger files (bytes, or 512K, 16M)", "16M"),
  ))
    .action((options) => indexCommand(ctx, options));
}

/** Runs `canary index`; with `--strict`, any diagnostic makes it fail (exit 1) after reporting. */
export async function indexCommand(
  ctx: CommandContext,
  options: IndexCommandOptions,
): Promise<void> {
  const maxFileSize = options.maxFileSize === undefined
    ? undefined
    : parseByteSize(options.maxFileSize, "--max-file-size");
  // The scanner loads only when a scan runs: declaring commands stays cheap.
  const [{ indexTree }, { assertScanRoot }] = await Promise.all([
    import("../index/index_tree.ts"),
    import("../scan/mod.ts"),
  ]);
  assertScanRoot(options.root); // before the database or its folder is created
  const opened = await openForCommand(ctx, options.db);
  const { out } = ctx;
  let report: IndexReport;
  try {
    report = await indexTree(opened.db, options.root, {
      strict: options.strict,
      maxFileSize,
      onProgress: fileProgress(out, `canary: indexing ${options.root}`),
    });
  } finally {
    out.clearProgress();
    opened.db.close();
  }

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
  if (options.json) {
    out.json({
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
    });
  }
  if (options.strict && report.diagnostics.length > 0) {
    throw new CanaryError(`${countOf(report.diagnostics.length, "diagnostic")} under --strict`, {
      code: "strict_diagnostics",
    });
  }
}
