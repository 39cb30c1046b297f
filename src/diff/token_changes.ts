/**
 * What changed between two sets of tokens: tokens added, removed, moved to another file, and
 * status changes, each classed as progress or regression.
 *
 * A token's identity is its requirement, feature and aspect (`tokenKey`). Tokens of one identity are paired
 * first within the same file, then across files in path order; what stays unpaired was added or
 * removed. A pair in the same file with the same status is no change, whatever its line.
 *
 * @module
 */
import type { Status } from "../tokens/mod.ts";
import { statusRank } from "../tokens/status_order.ts";
import { isComplete } from "../tokens/status_order.ts";
import { compareCodePoints } from "../scan/mod.ts";
import { tokenKey } from "../tokens/token_identity.ts";

/** A token at one place: what the diff needs of it. */
export interface PlacedToken {
  reqId: string;
  feature: string;
  aspect: string;
  status: Status;
  /** Path relative to the root, `/`-separated. */
  path: string;
  /** 1-based line. */
  line: number;
}

/** The kinds of change. */
export const CHANGE_KINDS = ["added", "removed", "moved", "status_changed"] as const;

/** One of {@linkcode CHANGE_KINDS}. */
export type ChangeKind = typeof CHANGE_KINDS[number];

/** Whether a change moved a requirement forward, backward, or neither. */
export type ChangeClass = "progress" | "regression" | "neutral";

/** One change of one token. */
export interface TokenChange {
  kind: ChangeKind;
  class: ChangeClass;
  reqId: string;
  feature: string;
  aspect: string;
  /** The token before; null when added. */
  from: PlacedToken | null;
  /** The token after; null when removed. */
  to: PlacedToken | null;
}

/**
 * Classes a status change: to a more complete status is progress, to a less complete one a
 * regression (REMOVED counts as losing the token). `to` null means the token was removed.
 */
export function classifyStatus(from: Status | null, to: Status | null): ChangeClass {
  if (from === null || from === to) return "neutral";
  if (to === null || to === "REMOVED") {
    return isComplete({ status: from }) ? "regression" : "neutral";
  }
  if (from === "REMOVED") return "neutral";
  return statusRank(to) > statusRank(from) ? "progress" : "regression";
}

const identity = (token: PlacedToken) => tokenKey(token.reqId, token.feature, token.aspect);

const byPlace = (a: PlacedToken, b: PlacedToken) =>
  compareCodePoints(a.path, b.path) || a.line - b.line;

/** The changes from `before` to `after`, sorted by requirement, feature, aspect, then place. */
export function tokenChanges(
  before: readonly PlacedToken[],
  after: readonly PlacedToken[],
): TokenChange[] {
  const groups = new Map<string, { from: PlacedToken[]; to: PlacedToken[] }>();
  const group = (token: PlacedToken) => {
    let found = groups.get(identity(token));
    if (found === undefined) groups.set(identity(token), found = { from: [], to: [] });
    return found;
  };
  for (const token of before) group(token).from.push(token);
  for (const token of after) group(token).to.push(token);
  const changes: TokenChange[] = [];
  for (const { from, to } of groups.values()) {
    for (const [a, b] of pairTokens(from.sort(byPlace), to.sort(byPlace))) {
      const change = changeOf(a, b);
      if (change !== null) changes.push(change);
    }
  }
  return changes.sort((a, b) =>
    compareCodePoints(a.reqId, b.reqId) || compareCodePoints(a.feature, b.feature) ||
    compareCodePoints(a.aspect, b.aspect) || byPlace(a.from ?? a.to!, b.from ?? b.to!)
  );
}

/** Pairs tokens of one identity: same file first, then the rest in order. */
function pairTokens(
  from: PlacedToken[],
  to: PlacedToken[],
): [PlacedToken | null, PlacedToken | null][] {
  const pairs: [PlacedToken | null, PlacedToken | null][] = [];
  const left = new Set(to);
  const unpaired: PlacedToken[] = [];
  for (const a of from) {
    const b = to.find((candidate) => left.has(candidate) && candidate.path === a.path);
    if (b === undefined) unpaired.push(a);
    else {
      left.delete(b);
      pairs.push([a, b]);
    }
  }
  const rest = [...left];
  unpaired.forEach((a, i) => pairs.push([a, rest[i] ?? null]));
  for (const b of rest.slice(unpaired.length)) pairs.push([null, b]);
  return pairs;
}

/** The change between two paired tokens, or null when there is none worth reporting. */
function changeOf(from: PlacedToken | null, to: PlacedToken | null): TokenChange | null {
  const token = (from ?? to)!;
  const base = { reqId: token.reqId, feature: token.feature, aspect: token.aspect, from, to };
  const statusClass = classifyStatus(from?.status ?? null, to?.status ?? null);
  if (from === null) return { ...base, kind: "added", class: "neutral" };
  if (to === null) return { ...base, kind: "removed", class: statusClass };
  if (from.status !== to.status) return { ...base, kind: "status_changed", class: statusClass };
  if (from.path !== to.path) return { ...base, kind: "moved", class: "neutral" };
  return null;
}
