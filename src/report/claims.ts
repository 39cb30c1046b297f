/**
 * Claims in a gap-analysis Markdown file (`✅ CBIN-101 …`) and checking them against a report.
 *
 * @module
 */

import { compareCodePoints } from "../scan/path_order.ts";
import { isReqId, normalizeDashes, type Status } from "../tokens/mod.ts";
import { progressRank } from "../tokens/status_order.ts";
import type { StatusReport } from "./status_report.ts";

/** A requirement the document claims is done. */
export interface Claim {
  /** Requirement id as written (Unicode dashes normalised). */
  reqId: string;
  /** 1-based line of the first claim for this id. */
  line: number;
}

/** Why a claim does not hold. */
export type ClaimFailureReason = "no_tokens" | "not_tested";

/** A claim that does not hold. */
export interface ClaimFailure {
  /** Requirement id. */
  reqId: string;
  /** 1-based line of the claim. */
  line: number;
  /** `no_tokens`: no token has the id; `not_tested`: no group of it is TESTED or BENCHED. */
  reason: ClaimFailureReason;
  /** The most complete group status found for the id, or null when there is none. */
  bestStatus: Status | null;
}

/** What {@linkcode verifyClaims} found. */
export interface ClaimVerification {
  /** Distinct ids claimed. */
  claimed: number;
  /** Ids whose claim holds, sorted by code point. */
  passed: string[];
  /** Claims that do not hold, sorted by id (code point order). */
  failed: ClaimFailure[];
}

const CHECK_MARK = "\u2705";
// Between the mark and the id: spaces, the emoji variation selector, and Markdown emphasis,
// code or link openers (`✅ **CBIN-1**`, `✅ [CBIN-1](…)`).
const SKIPPABLE = /[\s\uFE0F*_`~[(]/u;
const ID_CHAR =
  /[A-Za-z0-9\-\u058A\u05BE\u1806\u2010-\u2015\u2043\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]/;

/**
 * Finds the claims in a Markdown document: a claim is a ✅ followed, after optional spaces and
 * Markdown emphasis, code or link openers, by a requirement id in any id format (`CBIN-101`,
 * `CBIN-CLI-001`, `REQ-GQL-030`). Bullets, table cells and text before the ✅ are allowed; a ✅
 * after the id (`| CBIN-101 | ✅ |`) or followed by a word that is not an id (`✅ Done`) is not
 * a claim. Each id is returned once, at its first line, in document order.
 */
export function parseClaims(markdown: string): Claim[] {
  const claims: Claim[] = [];
  const seen = new Set<string>();
  const lines = markdown.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    let at = line.indexOf(CHECK_MARK);
    while (at !== -1) {
      let i = at + CHECK_MARK.length;
      while (i < line.length && SKIPPABLE.test(line[i])) i++;
      const start = i;
      while (i < line.length && ID_CHAR.test(line[i])) i++;
      const id = normalizeDashes(line.slice(start, i)).replace(/-+$/, "");
      if (isReqId(id) && !seen.has(id)) {
        seen.add(id);
        claims.push({ reqId: id, line: index + 1 });
      }
      at = line.indexOf(CHECK_MARK, at + CHECK_MARK.length);
    }
  }
  return claims;
}

/**
 * Checks claims against a report: a claim holds when its id has at least one feature group that
 * is TESTED or BENCHED. Ids are compared exactly.
 */
export function verifyClaims(report: StatusReport, claims: readonly Claim[]): ClaimVerification {
  const best = new Map<string, Status>();
  for (const requirement of report.requirements) {
    for (const entry of requirement.features) {
      const current = best.get(requirement.id);
      if (current === undefined || progressRank(entry.status) > progressRank(current)) {
        best.set(requirement.id, entry.status);
      }
    }
  }
  const passed: string[] = [];
  const failed: ClaimFailure[] = [];
  const ids = new Set<string>();
  for (const claim of claims) {
    if (ids.has(claim.reqId)) continue;
    ids.add(claim.reqId);
    const status = best.get(claim.reqId) ?? null;
    if (status === "TESTED" || status === "BENCHED") passed.push(claim.reqId);
    else {
      failed.push({
        reqId: claim.reqId,
        line: claim.line,
        reason: status === null ? "no_tokens" : "not_tested",
        bestStatus: status,
      });
    }
  }
  passed.sort(compareCodePoints);
  failed.sort((a, b) => compareCodePoints(a.reqId, b.reqId));
  return { claimed: ids.size, passed, failed };
}

/**
 * `CANARY_VERIFY_FAIL REQ=<id> reason=<why>`, where why is `no_tokens` or
 * `not_tested(<best status>)`, e.g. `not_tested(IMPL)`.
 */
export function formatClaimFailure(failure: ClaimFailure): string {
  const why = failure.reason === "no_tokens" ? "no_tokens" : `not_tested(${failure.bestStatus})`;
  return `CANARY_VERIFY_FAIL REQ=${failure.reqId} reason=${why}`;
}
