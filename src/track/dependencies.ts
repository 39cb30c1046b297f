/**
 * What DEPENDS_ON means for tracking: a requirement is done when it has a
 * token that is not REMOVED and every such token is TESTED or BENCHED; until
 * then, tokens that depend on it are blocked.
 *
 * @module
 */
import type { TokenRecord } from "../db/token_rows.ts";
import { isComplete } from "../tokens/status_order.ts";

/** Why a dependency blocks: it has no token (but REMOVED ones), or incomplete tokens. */
export interface Blocker {
  req_id: string;
  reason: "missing" | "incomplete";
  /** How many of its tokens are neither complete nor REMOVED (0 when missing). */
  incomplete_count: number;
}

/** The requirement ids a token's DEPENDS_ON names (comma- or space-separated), each once. */
export function dependsOnIds(token: TokenRecord): string[] {
  const ids = (token.depends_on ?? "").split(/[\s,]+/).filter((id) => id !== "");
  return [...new Set(ids)];
}

/** Tokens by upper-cased requirement id, for case-insensitive lookups. */
export type RequirementLookup = ReadonlyMap<string, readonly TokenRecord[]>;

/** A lookup over requirement groups. */
export function requirementLookup(
  groups: ReadonlyMap<string, readonly TokenRecord[]>,
): RequirementLookup {
  return new Map([...groups].map(([id, tokens]) => [id.toUpperCase(), tokens]));
}

/** Why requirement `reqId` is not done yet, or null when it is. */
export function blockerFor(lookup: RequirementLookup, reqId: string): Blocker | null {
  const live = (lookup.get(reqId.toUpperCase()) ?? []).filter((t) => t.status !== "REMOVED");
  if (live.length === 0) return { req_id: reqId, reason: "missing", incomplete_count: 0 };
  const count = live.filter((t) => !isComplete(t)).length;
  return count === 0 ? null : { req_id: reqId, reason: "incomplete", incomplete_count: count };
}

/** What blocks `token`: each of its dependencies (other than its own requirement) not done. */
export function blockersOf(lookup: RequirementLookup, token: TokenRecord): Blocker[] {
  return dependsOnIds(token)
    .filter((id) => id.toUpperCase() !== token.req_id.toUpperCase())
    .map((id) => blockerFor(lookup, id))
    .filter((blocker) => blocker !== null);
}
