/**
 * The CANARY token grammar: finding one-line `CANARY: KEY=VALUE; …` tokens in comments and
 * turning them into validated {@linkcode Token}s with diagnostics.
 *
 * @example
 * ```ts
 * import { parseTokens } from "./mod.ts";
 * const { tokens } = parseTokens(
 *   '// CANARY: REQ=CBIN-1; FEATURE="Scan"; ASPECT=Engine; STATUS=IMPL; TEST=TestScan',
 *   "a.ts",
 * );
 * tokens[0].token.status; // "TESTED"
 * ```
 *
 * @module
 */

export {
  type Aspect,
  ASPECTS,
  canonicalAspect,
  DATE_KEYS,
  isKnownKey,
  isStatus,
  KNOWN_KEYS,
  REQUIRED_KEYS,
  type Status,
  STATUSES,
  type Token,
} from "./token.ts";
export {
  type Diagnostic,
  formatDiagnostic,
  type LocatedToken,
  type ParseOptions,
  parseTokenLine,
  parseTokens,
  promoteStatus,
  splitLines,
  type TokenIssue,
  type TokenLineResult,
} from "./parse.ts";
export { locateMarker, type MarkerLocation } from "./locate.ts";
export {
  ESCAPED_MARKER,
  escapeMarker,
  escapeMarkerInJson,
  JSON_ESCAPED_MARKER,
  MARKER,
} from "./marker_escape.ts";
export {
  isCalendarDate,
  isPlaceholder,
  isReqId,
  isWholePlaceholder,
  nearestAspect,
  normalizeDashes,
} from "./values.ts";
