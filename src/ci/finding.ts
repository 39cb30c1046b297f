/**
 * A finding for CI: one problem at one line of one file, in the terms both GitHub workflow
 * commands and SARIF need. Built from the plain values of scans, claim checks and diffs.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { ClaimFailure, StaleGroup } from "../report/mod.ts";
import type { TokenChange } from "../diff/token_changes.ts";
import type { Diagnostic } from "../tokens/mod.ts";
import { tokenKey } from "../tokens/token_identity.ts";

/** The kinds of finding; each is one SARIF rule. */
export const FINDING_KINDS = [
  "token_error",
  "token_warning",
  "claim_failed",
  "stale_token",
  "regression",
] as const;

/** One of {@linkcode FINDING_KINDS}. */
export type FindingKind = typeof FINDING_KINDS[number];

/** One problem to show on a line. */
export interface Finding {
  kind: FindingKind;
  /** Path relative to the root, `/`-separated; null for a document read from stdin. */
  path: string | null;
  /** 1-based line; 0 for the file as a whole. */
  line: number;
  /** A short heading. */
  title: string;
  /** What is wrong, in one sentence. */
  message: string;
  /**
   * What stays the same when unrelated lines move: a code-scanning tool follows the finding
   * across commits by it (see {@linkcode fingerprint}).
   */
  identity: string;
}

/** How serious a finding is. */
export type FindingLevel = "error" | "warning";

/** How serious `finding` is: what its kind is. */
export function findingLevel(finding: Pick<Finding, "kind">): FindingLevel {
  return FINDING_HELP[finding.kind].level;
}

/**
 * What each kind means, for people reading a SARIF rule or an annotation, and the level every
 * finding of the kind has.
 */
export const FINDING_HELP: Record<
  FindingKind,
  { name: string; help: string; level: FindingLevel }
> = {
  token_error: {
    level: "error",
    name: "TokenRejected",
    help: "A CANARY token on this line was rejected: fix the field the message names.",
  },
  token_warning: {
    level: "warning",
    name: "TokenWarning",
    help: "A CANARY token on this line is accepted, but something in it looks wrong.",
  },
  claim_failed: {
    level: "error",
    name: "ClaimFailed",
    help: "The document claims this requirement is done, but no token of it is TESTED or BENCHED.",
  },
  stale_token: {
    level: "warning",
    name: "StaleToken",
    help: "A TESTED or BENCHED token whose UPDATED date is older than the allowed age.",
  },
  regression: {
    level: "error",
    name: "Regression",
    help:
      "A requirement went backwards: a token lost status, or a TESTED/BENCHED token was removed.",
  },
};

/**
 * A stable hex fingerprint per finding, in order: its kind, file and identity, never its line.
 * Findings alike in all three (two identical tokens in one file) are numbered in line order, so
 * each keeps a fingerprint of its own; the first of them is fingerprinted as if it were alone.
 */
export function fingerprints(findings: readonly Finding[]): string[] {
  const keys = findings.map((f) => `${f.kind}\0${f.path ?? ""}\0${f.identity}`);
  const byLine = findings.map((_, i) => i).sort((a, b) => findings[a].line - findings[b].line);
  const seen = new Map<string, number>();
  const occurrence: number[] = [];
  for (const i of byLine) {
    occurrence[i] = seen.get(keys[i]) ?? 0;
    seen.set(keys[i], occurrence[i] + 1);
  }
  return keys.map((key, i) =>
    createHash("sha256").update(occurrence[i] === 0 ? key : `${key}\0${occurrence[i]}`)
      .digest("hex").slice(0, 32)
  );
}

/**
 * Token diagnostics on their lines (file-level warnings on the file), each identified by its
 * reasons and the token text they are about.
 */
export function diagnosticFindings(diagnostics: readonly Diagnostic[]): Finding[] {
  return diagnostics.map((d) => {
    const kind = d.severity === "error" ? "token_error" : "token_warning";
    return {
      kind,
      path: d.path,
      line: d.line,
      title: d.severity === "error" ? "CANARY token rejected" : "CANARY token warning",
      message: d.reason,
      identity: d.token === undefined ? d.reason : `${d.reason}\0${d.token}`,
    };
  });
}

/** Failed claims, on the claim's line of the document at `documentPath` (null: stdin). */
export function claimFindings(
  failures: readonly ClaimFailure[],
  documentPath: string | null,
): Finding[] {
  return failures.map((failure) => ({
    kind: "claim_failed",
    path: documentPath,
    line: failure.line,
    title: `Claim of ${failure.reqId} does not hold`,
    message: failure.reason === "no_tokens"
      ? `${failure.reqId} is claimed done, but no token has this id`
      : `${failure.reqId} is claimed done, but its best status is ${failure.bestStatus}`,
    identity: failure.reqId,
  }));
}

/** One finding per stale token. */
export function staleFindings(stale: readonly StaleGroup[]): Finding[] {
  return stale.flatMap(({ group, ageDays, thresholdDays }) =>
    group.members.map((member) => ({
      kind: "stale_token" as const,
      path: member.path,
      line: member.line,
      title: `Stale token of ${group.reqId}`,
      message: `${group.reqId} ${group.feature} [${group.aspect}] is ${group.status}, ` +
        (ageDays === null
          ? "with no valid UPDATED date"
          : `updated ${ageDays} days ago (limit ${thresholdDays})`),
      identity: tokenKey(group.reqId, group.feature, group.aspect),
    }))
  );
}

/** Regressions of a diff: on the token's new line, or on its old line when it was removed. */
export function regressionFindings(changes: readonly TokenChange[]): Finding[] {
  return changes.filter((change) => change.class === "regression").map((change) => {
    const place = (change.to ?? change.from)!;
    const what = `${change.reqId} ${change.feature} [${change.aspect}]`;
    return {
      kind: "regression",
      path: place.path,
      line: place.line,
      title: `Regression of ${change.reqId}`,
      message: change.to === null
        ? `${what} was ${change.from!.status} and has been removed`
        : `${what} went from ${change.from!.status} to ${change.to.status}`,
      identity: tokenKey(change.reqId, change.feature, change.aspect),
    };
  });
}
