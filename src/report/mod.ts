/**
 * Reports over a scanned tree, without a database: `status.json` and `status.csv`, verifying the
 * claims of a gap-analysis document, finding stale TESTED/BENCHED tokens and re-dating them.
 *
 * @example
 * ```ts
 * import { scanTree } from "../scan/mod.ts";
 * import { buildStatusReport, groupTokens, renderStatusJson } from "./mod.ts";
 * const groups = groupTokens(scanTree("."));
 * const json = renderStatusJson(buildStatusReport(groups, "2025-10-16T00:00:00Z"));
 * ```
 *
 * @module
 */

export {
  compareGroups,
  type GroupMember,
  groupStatus,
  groupTokens,
  type ScannedTokens,
  type TokenGroup,
} from "./group_tokens.ts";
export {
  buildStatusReport,
  type FeatureEntry,
  featureEntry,
  renderStatusJson,
  type RequirementEntry,
  type StatusReport,
  type StatusSummary,
} from "./status_report.ts";
export { CSV_COLUMNS, CSV_LINE_END, csvField, renderStatusCsv } from "./status_csv.ts";
export {
  type Claim,
  type ClaimFailure,
  type ClaimFailureReason,
  type ClaimVerification,
  formatClaimFailure,
  parseClaims,
  verifyClaims,
} from "./claims.ts";
export { ageInDays, DEFAULT_STALE_DAYS, findStale, formatStale, type StaleGroup } from "./stale.ts";
export {
  rewriteUpdatedField,
  type StaleUpdate,
  type UpdatedFile,
  type UpdateSkip,
  type UpdateStaleOptions,
  updateStaleTokens,
} from "./update_stale.ts";
export { type AtomicWriteOptions, writeFileAtomic } from "./atomic_write.ts";
export { formatRfc3339Utc, parseTimestamp, runTime, utcDate } from "./timestamp.ts";
export { describeFsError, ReportError, type ReportErrorCode } from "./report_error.ts";
