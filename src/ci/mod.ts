/**
 * Findings for CI, as GitHub Actions workflow commands and as SARIF 2.1.0.
 *
 * @module
 */
import { escapeMarkerInJson } from "../tokens/marker_escape.ts";
import { CANARY_VERSION } from "../version.ts";
import type { Finding } from "./finding.ts";
import { sarifLog } from "./sarif.ts";

export {
  claimFindings,
  diagnosticFindings,
  type Finding,
  FINDING_HELP,
  FINDING_KINDS,
  type FindingKind,
  type FindingLevel,
  findingLevel,
  fingerprints,
  regressionFindings,
  staleFindings,
} from "./finding.ts";
export { escapeData, escapeProperty, githubAnnotations } from "./github_annotations.ts";
export { pathUri, SARIF_SCHEMA, sarifLog } from "./sarif.ts";

/**
 * The SARIF file of this canary run: pretty JSON ending in a newline, with `CANARY:` written
 * `CANARY\u003a` as in every JSON canary writes, so the file holds no token line.
 */
export function renderSarif(findings: readonly Finding[]): string {
  return escapeMarkerInJson(JSON.stringify(sarifLog(findings, CANARY_VERSION), null, 2)) + "\n";
}
