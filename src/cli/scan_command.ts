/**
 * `canary scan`: scan a tree without a database, write `status.json` / `status.csv`, verify the
 * claims of a gap-analysis document and check staleness. The exit code says whether the claims
 * hold: 0 all good, 2 failed claims or stale tokens, 3 unreadable input or unwritable output.
 *
 * @module
 */
import { CanaryError } from "../errors.ts";
import {
  buildStatusReport,
  type ClaimVerification,
  findStale,
  formatClaimFailure,
  formatRfc3339Utc,
  formatStale,
  groupTokens,
  parseClaims,
  renderStatusCsv,
  renderStatusJson,
  ReportError,
  runTime,
  type StaleGroup,
  type StaleUpdate,
  updateStaleTokens,
  utcDate,
  verifyClaims,
} from "../report/mod.ts";
import {
  removeStaleTemporaries,
  ScanError,
  type ScanResult,
  scanTreeParallel,
} from "../scan/mod.ts";
import { escapeControls } from "../output/sanitize.ts";
import { diagnosticCount, writeDiagnostics } from "../output/diagnostics.ts";
import { countOf } from "../output/plural.ts";
import type { Output } from "../output/output.ts";
import { fileProgress } from "../output/progress.ts";
import { parseByteSize, parseChoice, parseIntegerIn } from "./args.ts";
import { ANNOTATION_FORMATS } from "./diff.ts";
import type { Command } from "commander";
import type { CommandContext } from "./context.ts";
import { withJson, withRoot } from "./declare.ts";
import { join, relative, resolve, sep } from "node:path";
import { assertOneStdout, outputStream, readInputText, writeOutput } from "./streams.ts";

/** Options of `canary scan`. */
export interface ScanCommandOptions {
  root: string;
  out?: string;
  csv?: string;
  verify?: string;
  strict?: boolean;
  quiet?: boolean;
  staleDays?: string;
  updateStale?: boolean;
  json?: boolean;
  maxFileSize?: string;
  annotations?: string;
  sarif?: string;
}

/** Declares `canary scan`. */
export function declareScan(program: Command, ctx: CommandContext): void {
  withJson(
    withRoot(
      program.command("scan")
        .description("scan a tree without a database: status reports, claim checks, staleness"),
    )
      .option("--out <file>", "write status.json here (default status.json unless --json)")
      .option("--csv <file>", "write status.csv here (default status.csv unless --json)")
      .option("--verify <file>", "check the ✅ claims of a gap-analysis Markdown file")
      .option("--strict", "fail (exit 2) on TESTED/BENCHED tokens older than --stale-days")
      .option("--stale-days <days>", "age in whole days beyond which a token is stale", "30")
      .option("--update-stale", "rewrite the UPDATED date of stale tokens to today (UTC)")
      .option("--quiet", "print only the summary, not each diagnostic")
      .option("--max-file-size <size>", "skip larger files (bytes, or 512K, 16M)", "16M")
      .option("--annotations <format>", "print findings as CI annotations: github")
      .option("--sarif <file>", "write findings as SARIF 2.1.0"),
  )
    .action((options) => scanCommand(ctx, options));
}

/** The report files written when neither `--json` nor a path is given. */
export const DEFAULT_STATUS_JSON = "status.json";
/** See {@linkcode DEFAULT_STATUS_JSON}. */
export const DEFAULT_STATUS_CSV = "status.csv";

/** What decides the exit code of `canary scan`. */
export interface ScanOutcome {
  /** Unreadable files in the tree, unwritable reports, files `--update-stale` could not write. */
  ioFailures: number;
  /** Claims of `--verify` that do not hold. */
  failedClaims: number;
  /** Stale groups under `--strict`. */
  staleGroups: number;
}

/**
 * The exit code for an outcome: 3 when any input could not be read or output written (the
 * reports cannot be trusted, which outweighs everything else), else 2 when a claim failed or a
 * group is stale, else 0.
 */
export function scanExitCode(outcome: ScanOutcome): 0 | 2 | 3 {
  if (outcome.ioFailures > 0) return 3;
  if (outcome.failedClaims > 0 || outcome.staleGroups > 0) return 2;
  return 0;
}

async function scanRoot(
  out: Output,
  root: string,
  options: { maxFileSize?: number; outputs: string[] },
): Promise<ScanResult> {
  try {
    return await scanTreeParallel(root, {
      ...options,
      onProgress: fileProgress(out, `canary: scanning ${root}`),
    });
  } catch (error) {
    if (error instanceof ScanError) {
      throw new CanaryError(error.message, { code: error.code, exitCode: 3, cause: error });
    }
    throw error;
  } finally {
    out.clearProgress();
  }
}

function staleJson(stale: readonly StaleGroup[]) {
  return stale.map(({ group, ageDays, thresholdDays }) => ({
    req_id: group.reqId,
    feature: group.feature,
    aspect: group.aspect,
    owner: group.owner,
    updated: group.updated,
    age_days: ageDays,
    threshold: thresholdDays,
    tokens: group.members.map((member) => ({
      file_path: member.path,
      line_number: member.line,
    })),
  }));
}

function verifyJson(file: string, verification: ClaimVerification) {
  return {
    file_path: file,
    claimed: verification.claimed,
    passed: verification.passed,
    failed: verification.failed.map((failure) => ({
      req_id: failure.reqId,
      line_number: failure.line,
      reason: failure.reason,
      best_status: failure.bestStatus,
    })),
  };
}

/** The CI findings of a scan: token diagnostics, failed claims and, when checked, stale tokens. */
async function scanFindings(
  scan: ScanResult,
  verification: ClaimVerification | null,
  options: ScanCommandOptions,
  stale: readonly StaleGroup[],
) {
  const ci = await import("../ci/mod.ts");
  const document = options.verify === undefined ? "" : rootRelative(options.root, options.verify);
  return [
    ...ci.diagnosticFindings(scan.diagnostics),
    ...ci.claimFindings(verification?.failed ?? [], document),
    ...ci.staleFindings(stale),
  ];
}

/** `path` relative to `root`, `/`-separated, for a finding on a file named from the cwd. */
function rootRelative(root: string, path: string): string {
  return relative(resolve(root), resolve(path)).split(sep).join("/");
}

/**
 * Runs `canary scan`. Reports are written, and every finding printed, before the exit code is
 * decided; a non-zero outcome is thrown as a {@linkcode CanaryError} carrying exit code 2 or 3.
 */
export async function scanCommand(
  ctx: CommandContext,
  options: ScanCommandOptions,
): Promise<void> {
  const { out } = ctx;
  const staleDays = parseIntegerIn(options.staleDays ?? "30", "--stale-days", 0, 36500);
  const maxFileSize = options.maxFileSize === undefined
    ? undefined
    : parseByteSize(options.maxFileSize, "--max-file-size");
  const now = runTime(ctx.env);
  const today = utcDate(now);
  const outPath = options.out ?? (options.json ? undefined : DEFAULT_STATUS_JSON);
  const csvPath = options.csv ?? (options.json ? undefined : DEFAULT_STATUS_CSV);

  const annotations = options.annotations === undefined
    ? undefined
    : parseChoice(options.annotations, "--annotations", ANNOTATION_FORMATS);
  assertOneStdout({
    "--out": outPath,
    "--csv": csvPath,
    "--json": options.json ? "-" : undefined,
    "--annotations": annotations === undefined ? undefined : "-",
    "--sarif": options.sarif,
  });
  const claims = options.verify === undefined ? null : parseClaims(readInputText(options.verify));

  // This run's reports are never read as source, wherever they are written.
  const scanOptions = {
    maxFileSize,
    outputs: [outPath, csvPath].filter((path): path is string =>
      path !== undefined && outputStream(path) === "file"
    ),
  };
  let scan = await scanRoot(out, options.root, scanOptions);
  let groups = groupTokens(scan);
  // Copies a killed run left behind: never read, and removed once provably abandoned.
  const leftovers = removeStaleTemporaries(options.root, scan.temporaries);
  for (const path of leftovers.removed) {
    out.note(`removed ${join(options.root, path)}, a temporary file left by a killed canary run`);
  }
  for (const { path, reason } of leftovers.failed) {
    out.warn(`cannot remove the leftover temporary file ${join(options.root, path)}: ${reason}`);
  }
  let update: StaleUpdate | null = null;
  if (options.updateStale) {
    update = updateStaleTokens(options.root, findStale(groups, today, staleDays), today);
    if (update.files.length > 0) {
      // Report what the files say now, so the reports agree with the rewritten sources.
      scan = await scanRoot(out, options.root, scanOptions);
      groups = groupTokens(scan);
    }
  }
  const report = buildStatusReport(groups, formatRfc3339Utc(now));

  writeDiagnostics(out, scan.diagnostics, options.quiet);
  const unreadable = scan.skipped.filter((s) => s.reason === "unreadable");
  // Each failure is one error line; the last becomes the thrown error, so none is said twice.
  const ioErrors = unreadable.map((s) => `cannot read ${join(options.root, s.path)}`);

  const written: string[] = [];
  for (const [path, render] of [[outPath, renderStatusJson], [csvPath, renderStatusCsv]] as const) {
    if (path === undefined) continue;
    try {
      writeOutput(out, path, render(report));
      written.push(path);
    } catch (error) {
      if (!(error instanceof ReportError)) throw error;
      ioErrors.push(error.message);
    }
  }

  if (update !== null) {
    for (const file of update.files) {
      out.note(
        `updated ${escapeControls(file.path)}: UPDATED=${today} on ${
          file.lines.length === 1 ? "line" : "lines"
        } ${file.lines.join(", ")}`,
      );
    }
    for (const skip of update.skipped) {
      out.warn(`${escapeControls(skip.path)}:${skip.line}: not updated: ${skip.reason}`);
    }
    for (const failure of update.failed) ioErrors.push(failure.message);
  }

  const verification = claims === null ? null : verifyClaims(report, claims);
  for (const failure of verification?.failed ?? []) out.note(formatClaimFailure(failure));
  const checkStale = options.strict || options.updateStale;
  const stale = checkStale ? findStale(groups, today, staleDays) : [];
  if (options.strict) { for (const s of stale) out.note(formatStale(s)); }

  const { summary } = report;
  out.note(
    `scanned ${countOf(scan.filesScanned, "file")}: ${countOf(summary.total_tokens, "token")}, ` +
      `${countOf(summary.unique_requirements, "requirement")}; ${
        diagnosticCount(scan.diagnostics)
      }` +
      (written.length > 0 ? `; wrote ${written.join(", ")}` : "") +
      (verification === null
        ? ""
        : `; ${countOf(verification.claimed, "claim")}, ${verification.failed.length} failed`) +
      (options.strict ? `; ${stale.length} stale` : "") +
      (update === null
        ? ""
        : `; ${
          countOf(update.files.reduce((n, file) => n + file.lines.length, 0), "token")
        } re-dated`),
  );

  if (options.json) {
    out.json({
      ...report,
      verify: verification === null ? null : verifyJson(options.verify!, verification),
      stale: checkStale ? staleJson(stale) : null,
      ...(update === null ? {} : {
        updated_files: update.files.map((file) => ({
          file_path: file.path,
          line_numbers: file.lines,
        })),
      }),
    });
  }

  if (options.sarif !== undefined || annotations !== undefined) {
    const findings = await scanFindings(scan, verification, options, stale);
    if (options.sarif !== undefined) {
      const { renderSarif } = await import("../ci/mod.ts");
      try {
        writeOutput(out, options.sarif, renderSarif(findings));
      } catch (error) {
        if (!(error instanceof ReportError)) throw error;
        ioErrors.push(error.message);
      }
    }
    if (annotations !== undefined) {
      out.lines((await import("../ci/mod.ts")).githubAnnotations(findings));
    }
  }

  const outcome: ScanOutcome = {
    ioFailures: ioErrors.length,
    failedClaims: verification?.failed.length ?? 0,
    staleGroups: options.strict ? stale.length : 0,
  };
  const code = scanExitCode(outcome);
  if (code === 3) {
    for (const message of ioErrors.slice(0, -1)) out.error(message);
    throw new CanaryError(ioErrors.at(-1)!, { code: "io", exitCode: 3 });
  }
  if (code === 2) {
    const parts = [];
    if (outcome.failedClaims > 0) parts.push(`${countOf(outcome.failedClaims, "claim")} failed`);
    if (outcome.staleGroups > 0) parts.push(`${outcome.staleGroups} stale`);
    throw new CanaryError(`scan: ${parts.join(", ")}`, { code: "claims_failed", exitCode: 2 });
  }
}
