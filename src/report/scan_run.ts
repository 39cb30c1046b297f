/**
 * The `canary scan` use case: scan a tree without a database, re-date stale
 * tokens when asked (and rescan, so the reports agree with the sources), write
 * `status.json` / `status.csv`, verify the claims of a gap-analysis document,
 * find stale groups, and decide the exit code. The command only turns its
 * options into a {@link ScanRequest} and the {@link ScanRun} into output.
 *
 * @module
 */
import { join } from "../path.ts";
import { CanaryError } from "../errors.ts";
import {
  removeStaleTemporaries,
  ScanError,
  type ScanResult,
  scanTreeParallel,
} from "../scan/mod.ts";
import { type Claim, type ClaimVerification, verifyClaims } from "./claims.ts";
import { groupTokens, type TokenGroup } from "./group_tokens.ts";
import { ReportError } from "./report_error.ts";
import { findStale, type StaleGroup } from "./stale.ts";
import { renderStatusCsv } from "./status_csv.ts";
import { buildStatusReport, renderStatusJson, type StatusReport } from "./status_report.ts";
import { formatRfc3339Utc, utcDate } from "../text/timestamp.ts";
import { type StaleUpdate, updateStaleTokens } from "./update_stale.ts";

/** What a scan is asked to do. */
export interface ScanRequest {
  root: string;
  /** Where to write `status.json` and `status.csv` (none when undefined). */
  jsonReport?: string;
  csvReport?: string;
  /** Report paths that are files: never read as source, wherever they are. */
  reportFiles: string[];
  /** The claims of the `--verify` file, or null. */
  claims: Claim[] | null;
  /** Whether stale groups fail the run (`--strict`). */
  strict: boolean;
  staleDays: number;
  updateStale: boolean;
  maxFileSize?: number;
  /** "Now": `generated_at` and the day staleness is measured on. */
  now: Date;
  /**
   * Writes a report (a file, or a stream the command owns), told whether it is CSV, whose
   * fields may hold line breaks; throws {@link ReportError}.
   */
  write: (path: string, text: string, format: "csv" | "json") => void;
  /** Further reports (SARIF, say), rendered from what the scan found and written like the rest. */
  extraReports?: { path: string; render: (found: ScanFindings) => string }[];
  /** Told how many files a scan has read, now and then. */
  onProgress?: (filesDone: number) => void;
  /** Called when each scan ends (there are two when tokens were re-dated). */
  onScanEnd?: () => void;
}

/** What a scan found, for reports rendered from it. */
export interface ScanFindings {
  scan: ScanResult;
  report: StatusReport;
  verification: ClaimVerification | null;
  /** Stale groups, when looked for (`strict` or `updateStale`); else null. */
  stale: StaleGroup[] | null;
}

/** Everything a scan found and did, and the exit code it decided. */
export interface ScanRun extends ScanFindings {
  /** Temporary files a killed run left: those removed, and those that could not be. */
  leftovers: { removed: string[]; failed: { path: string; reason: string }[] };
  update: StaleUpdate | null;
  /** The report paths written. */
  written: string[];
  /** One message per unreadable input or unwritable output, in the order they happened. */
  ioErrors: string[];
  /** The UTC day staleness was measured on and re-dated tokens were given. */
  today: string;
  /** What the exit code was decided from. */
  outcome: ScanOutcome;
  /** 0 all good; 2 a failed claim or (under `strict`) a stale group; 3 any I/O failure. */
  exitCode: 0 | 2 | 3;
}

/** What decides the exit code of a scan. */
export interface ScanOutcome {
  /** Unreadable files in the tree, unwritable reports, files re-dating could not write. */
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

async function scanOnce(request: ScanRequest): Promise<ScanResult> {
  try {
    return await scanTreeParallel(request.root, {
      maxFileSize: request.maxFileSize,
      outputs: request.reportFiles,
      onProgress: request.onProgress,
      // A scan reads every file: git says which need no reading, as for a first index.
      prestartWorkers: true,
      askGit: true,
    });
  } catch (error) {
    if (error instanceof ScanError) {
      throw new CanaryError(error.message, { code: error.code, exitCode: 3, cause: error });
    }
    throw error;
  } finally {
    request.onScanEnd?.();
  }
}

/** Scans, removes abandoned temporaries, and re-dates (then rescans) when asked. */
async function scanAndUpdate(request: ScanRequest) {
  const today = utcDate(request.now);
  let scan = await scanOnce(request);
  let groups = groupTokens(scan);
  const leftovers = removeStaleTemporaries(request.root, scan.temporaries);
  let update: StaleUpdate | null = null;
  if (request.updateStale) {
    update = updateStaleTokens(request.root, findStale(groups, today, request.staleDays), today);
    if (update.files.length > 0) {
      // Report what the files say now, so the reports agree with the rewritten sources.
      scan = await scanOnce(request);
      groups = groupTokens(scan);
    }
  }
  return { scan, groups, leftovers, update };
}

/** Writes the reports asked for; an unwritable one is an I/O error, not a crash. */
function writeReports(request: ScanRequest, found: ScanFindings, ioErrors: string[]): string[] {
  const reports: { path?: string; render: (found: ScanFindings) => string; format?: "csv" }[] = [
    { path: request.jsonReport, render: () => renderStatusJson(found.report) },
    { path: request.csvReport, render: () => renderStatusCsv(found.report), format: "csv" },
    ...(request.extraReports ?? []),
  ];
  const written: string[] = [];
  for (const { path, render, format } of reports) {
    if (path === undefined) continue;
    try {
      request.write(path, render(found), format ?? "json");
      written.push(path);
    } catch (error) {
      if (!(error instanceof ReportError)) throw error;
      ioErrors.push(error.message);
    }
  }
  return written;
}

function staleOf(request: ScanRequest, groups: TokenGroup[]): StaleGroup[] | null {
  if (!request.strict && !request.updateStale) return null;
  return findStale(groups, utcDate(request.now), request.staleDays);
}

/** Runs a scan; reports are written before the exit code is decided, which the caller applies. */
export async function runScan(request: ScanRequest): Promise<ScanRun> {
  const { scan, groups, leftovers, update } = await scanAndUpdate(request);
  const report = buildStatusReport(groups, formatRfc3339Utc(request.now));
  const verification = request.claims === null ? null : verifyClaims(report, request.claims);
  const found = { scan, report, verification, stale: staleOf(request, groups) };
  const ioErrors = scan.skipped.filter((s) => s.reason === "unreadable")
    .map((s) => `cannot read ${join(request.root, s.path)}`);
  const written = writeReports(request, found, ioErrors);
  for (const failure of update?.failed ?? []) ioErrors.push(failure.message);
  const outcome = {
    ioFailures: ioErrors.length,
    failedClaims: verification?.failed.length ?? 0,
    staleGroups: request.strict ? found.stale?.length ?? 0 : 0,
  };
  return {
    ...found,
    leftovers,
    update,
    written,
    ioErrors,
    outcome,
    today: utcDate(request.now),
    exitCode: scanExitCode(outcome),
  };
}
