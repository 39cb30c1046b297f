/**
 * `canary scan`: scan a tree without a database, write `status.json` / `status.csv`, verify the
 * claims of a gap-analysis document and check staleness (the use case is `runScan` in
 * `src/report/scan_run.ts`). The exit code says whether the claims hold: 0 all good, 2 failed
 * claims or stale tokens, 3 unreadable input or unwritable output.
 *
 * @module
 */
import type { Command } from "./command_line.ts";
import { join, relative, resolve, sep } from "../path.ts";
import { CanaryError } from "../errors.ts";
import type { ClaimVerification } from "../report/claims.ts";
import { ReportError } from "../report/report_error.ts";
import type { ScanFindings, ScanRequest, ScanRun } from "../report/scan_run.ts";
import type { Finding } from "../ci/mod.ts";
import { DEFAULT_STALE_DAYS, type StaleGroup } from "../report/stale.ts";
import { countOf } from "../text/plural.ts";
import { fileProgress } from "../output/progress.ts";
import { escapeControls } from "../output/sanitize.ts";
import { parseByteSize, parseChoice, parseIntegerIn } from "./args.ts";
import { ANNOTATION_FORMATS } from "./diff.ts";
import type { CommandContext } from "./context.ts";
import { withJson, withRoot } from "./declare.ts";
import {
  assertOutputs,
  isInputStream,
  outputStream,
  readInputText,
  writeOutput,
} from "./streams.ts";

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
      .option(
        "--stale-days <days>",
        "age in whole days beyond which a token is stale",
        String(DEFAULT_STALE_DAYS),
      )
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

type CiModule = typeof import("../ci/mod.ts");

/** Where a scan's outputs go; at most one of them may be stdout. */
interface ScanOutputs {
  jsonReport?: string;
  csvReport?: string;
  annotations?: typeof ANNOTATION_FORMATS[number];
}

function scanOutputs(ctx: CommandContext, options: ScanCommandOptions): ScanOutputs {
  const outputs = {
    jsonReport: options.out ?? (options.json ? undefined : DEFAULT_STATUS_JSON),
    csvReport: options.csv ?? (options.json ? undefined : DEFAULT_STATUS_CSV),
    annotations: options.annotations === undefined
      ? undefined
      : parseChoice(options.annotations, "--annotations", ANNOTATION_FORMATS),
  };
  assertOutputs(ctx, {
    "--out": outputs.jsonReport,
    "--csv": outputs.csvReport,
    "--json": options.json ? "-" : undefined,
    "--annotations": outputs.annotations === undefined ? undefined : "-",
    "--sarif": options.sarif,
  }, { "--verify": options.verify });
  return outputs;
}

/** The text of the `--verify` file; one that cannot be read is an I/O failure of scan's, exit 3. */
function readVerifyFile(path: string): string {
  try {
    return readInputText(path);
  } catch (error) {
    if (!(error instanceof ReportError)) throw error;
    throw new CanaryError(error.message, { code: error.code, exitCode: 3, cause: error });
  }
}

/** The options as a scan request: parsed, validated, and wired to this command's output. */
async function scanRequest(
  ctx: CommandContext,
  options: ScanCommandOptions,
  outputs: ScanOutputs,
  ci: CiModule,
): Promise<ScanRequest> {
  const [{ parseClaims }, { runTime }] = await Promise.all([
    import("../report/claims.ts"),
    import("../text/timestamp.ts"),
  ]);
  const { out } = ctx;
  const reports = [outputs.jsonReport, outputs.csvReport, options.sarif];
  return {
    root: options.root,
    jsonReport: outputs.jsonReport,
    csvReport: outputs.csvReport,
    // This run's reports are never read as source, wherever they are written.
    reportFiles: reports.filter((p): p is string => p !== undefined && outputStream(p) === "file"),
    claims: options.verify === undefined ? null : parseClaims(readVerifyFile(options.verify)),
    strict: options.strict ?? false,
    staleDays: options.staleDays === undefined
      ? DEFAULT_STALE_DAYS
      : parseIntegerIn(options.staleDays, "--stale-days", 0, 36500),
    updateStale: options.updateStale ?? false,
    maxFileSize: options.maxFileSize === undefined
      ? undefined
      : parseByteSize(options.maxFileSize, "--max-file-size"),
    now: runTime(ctx.env),
    write: (path, text, format) => writeOutput(out, path, text, format === "csv"),
    extraReports: options.sarif === undefined ? [] : [{
      path: options.sarif,
      render: (found) => ci.renderSarif(scanFindings(ci, options, found)),
    }],
    onProgress: fileProgress(out, `canary: scanning ${options.root}`),
    onScanEnd: () => out.clearProgress(),
  };
}

/** `canary scan`: the options as a request, the run as notes, JSON and an exit code. */
export async function scanCommand(ctx: CommandContext, options: ScanCommandOptions): Promise<void> {
  const outputs = scanOutputs(ctx, options);
  // The scanner loads only when a scan runs: declaring commands stays cheap.
  const [{ runScan }, ci] = await Promise.all([
    import("../report/scan_run.ts"),
    import("../ci/mod.ts"),
  ]);
  const run = await runScan(await scanRequest(ctx, options, outputs, ci));
  await printRun(ctx, options, run);
  if (options.json) ctx.out.json(runJson(options, run));
  if (outputs.annotations !== undefined) {
    ctx.out.lines(ci.githubAnnotations(scanFindings(ci, options, run)));
  }
  failOnOutcome(ctx, run);
}

/** The notes a person reads on stderr, in the order things happened. */
async function printRun(ctx: CommandContext, options: ScanCommandOptions, run: ScanRun) {
  const { out } = ctx;
  const { formatClaimFailure } = await import("../report/claims.ts");
  const { formatStale } = await import("../report/stale.ts");
  const { diagnosticCount, writeDiagnostics } = await import("../output/diagnostics.ts");
  for (const path of run.leftovers.removed) {
    out.note(`removed ${join(options.root, path)}, a temporary file left by a killed canary run`);
  }
  for (const { path, reason } of run.leftovers.failed) {
    out.warn(`cannot remove the leftover temporary file ${join(options.root, path)}: ${reason}`);
  }
  writeDiagnostics(out, run.scan.diagnostics, options.quiet);
  for (const file of run.update?.files ?? []) {
    const lines = file.lines.length === 1 ? "line" : "lines";
    out.note(
      `updated ${escapeControls(file.path)}: UPDATED=${run.today} on ${lines} ${
        file.lines.join(", ")
      }`,
    );
  }
  for (const skip of run.update?.skipped ?? []) {
    out.warn(`${escapeControls(skip.path)}:${skip.line}: not updated: ${skip.reason}`);
  }
  for (const failure of run.verification?.failed ?? []) out.note(formatClaimFailure(failure));
  if (options.strict) { for (const s of run.stale ?? []) out.note(formatStale(s)); }
  out.note(summaryLine(options, run, diagnosticCount(run.scan.diagnostics)));
}

/** The closing line; `diagnostics` is the count of them, as words. */
function summaryLine(options: ScanCommandOptions, run: ScanRun, diagnostics: string): string {
  const { summary } = run.report;
  const { verification, update } = run;
  const redated = update?.files.reduce((n, file) => n + file.lines.length, 0) ?? 0;
  return `scanned ${countOf(run.scan.filesScanned, "file")}: ` +
    `${countOf(summary.total_tokens, "token")}, ` +
    `${countOf(summary.unique_requirements, "requirement")}; ` +
    diagnostics +
    (run.written.length > 0 ? `; wrote ${run.written.join(", ")}` : "") +
    (verification === null
      ? ""
      : `; ${countOf(verification.claimed, "claim")}, ${verification.failed.length} failed`) +
    (options.strict ? `; ${run.stale?.length ?? 0} stale` : "") +
    (update === null ? "" : `; ${countOf(redated, "token")} re-dated`);
}

function runJson(options: ScanCommandOptions, run: ScanRun) {
  return {
    ...run.report,
    verify: run.verification === null ? null : verifyJson(options.verify!, run.verification),
    stale: run.stale === null ? null : staleJson(run.stale),
    ...(run.update === null ? {} : {
      updated_files: run.update.files.map((file) => ({
        file_path: file.path,
        line_numbers: file.lines,
      })),
    }),
  };
}

/** The CI findings of a scan: token diagnostics, failed claims and, when checked, stale tokens. */
function scanFindings(ci: CiModule, options: ScanCommandOptions, found: ScanFindings): Finding[] {
  const { verify } = options;
  const document = verify === undefined || isInputStream(verify)
    ? null
    : rootRelative(options.root, verify);
  return [
    ...ci.diagnosticFindings(found.scan.diagnostics),
    ...ci.claimFindings(found.verification?.failed ?? [], document),
    ...ci.staleFindings(found.stale ?? []),
  ];
}

/** `path` relative to `root`, `/`-separated, for a finding on a file named from the cwd. */
function rootRelative(root: string, path: string): string {
  return relative(resolve(root), resolve(path)).split(sep).join("/");
}

/** Applies the run's exit code: each I/O failure one error line, the last one thrown. */
function failOnOutcome(ctx: CommandContext, run: ScanRun): void {
  if (run.exitCode === 3) {
    for (const message of run.ioErrors.slice(0, -1)) ctx.out.error(message);
    throw new CanaryError(run.ioErrors.at(-1)!, { code: "io", exitCode: 3 });
  }
  if (run.exitCode === 2) {
    const { failedClaims, staleGroups } = run.outcome;
    const parts = [];
    if (failedClaims > 0) parts.push(`${countOf(failedClaims, "claim")} failed`);
    if (staleGroups > 0) parts.push(`${staleGroups} stale`);
    throw new CanaryError(`scan: ${parts.join(", ")}`, { code: "claims_failed", exitCode: 2 });
  }
}
