/**
 * The next piece of work: the best-ranked token that is not blocked, over
 * every token of the index.
 *
 * @module
 */
import type { TokenRecord } from "../db/token_rows.ts";
import { type Blocker, blockersOf, requirementLookup } from "./dependencies.ts";
import { compareCodePoints } from "../scan/path_order.ts";
import { compareStatus } from "../tokens/status_order.ts";
import { byRequirement, compareLocation } from "./requirements.ts";

/** The statuses that are work by default. */
export const WORK_STATUSES: readonly string[] = ["MISSING", "STUB", "IMPL"];

/** What to consider; absent filters match everything (statuses default to {@link WORK_STATUSES}). */
export interface NextQuery {
  statuses?: readonly string[];
  /** Aspects, any of, case-insensitively. */
  aspects?: readonly string[];
  /** Owners, any of, case-insensitively. */
  owners?: readonly string[];
  /** How many unblocked tokens to return. */
  limit: number;
}

/** A candidate passed over, and what blocks it. */
export interface BlockedToken extends TokenRecord {
  blocked_by: Blocker[];
}

/** Which ranking key put one token ahead of another. */
export type RankKey = "priority" | "status" | "updated" | "location";

/** The chosen tokens, the blocked ones ranked above the last chosen, and why the first won. */
export interface NextWork {
  next: TokenRecord[];
  blocked: BlockedToken[];
  /** How many tokens passed the filters. */
  candidates: number;
  /** The unblocked candidate ranked right after the first chosen one, if any. */
  runner_up: TokenRecord | null;
  /** The key that ranked the first chosen token ahead of the runner-up. */
  decided_by: RankKey | null;
}

/** `-1` when `a` is older (an undated token counts as newest), `1` when newer, else 0. */
function compareUpdated(a: TokenRecord, b: TokenRecord): number {
  if ((a.updated ?? "") === (b.updated ?? "")) return 0;
  if (!a.updated) return 1;
  if (!b.updated) return -1;
  return compareCodePoints(a.updated, b.updated);
}

const RANKING: readonly [RankKey, (a: TokenRecord, b: TokenRecord) => number][] = [
  ["priority", (a, b) => a.priority - b.priority],
  ["status", (a, b) => compareStatus(a.status, b.status)],
  ["updated", compareUpdated],
  ["location", (a, b) => compareCodePoints(a.req_id, b.req_id) || compareLocation(a, b)],
];

/**
 * Ranks work: priority (1 first), then status in `STATUSES` order (so STUB
 * before IMPL), then older UPDATED first, then id, file and line.
 */
export function compareWork(a: TokenRecord, b: TokenRecord): number {
  for (const [, compare] of RANKING) {
    const order = compare(a, b);
    if (order !== 0) return order;
  }
  return 0;
}

function decidingKey(a: TokenRecord, b: TokenRecord): RankKey {
  return RANKING.find(([, compare]) => compare(a, b) !== 0)?.[0] ?? "location";
}

function anyOf(values: readonly string[] | undefined, value: string | null): boolean {
  if (values === undefined) return true;
  return values.some((v) => v.toLowerCase() === (value ?? "").toLowerCase());
}

/** The next `query.limit` unblocked tokens of `tokens`, best first. */
export function nextWork(tokens: readonly TokenRecord[], query: NextQuery): NextWork {
  const lookup = requirementLookup(byRequirement(tokens));
  const statuses = query.statuses ?? WORK_STATUSES;
  const candidates = tokens.filter((t) =>
    statuses.includes(t.status) && anyOf(query.aspects, t.aspect) && anyOf(query.owners, t.owner)
  ).sort(compareWork);
  // One more than asked for when needed, to name the runner-up of the first.
  const wanted = Math.max(query.limit, 2);
  const unblocked: TokenRecord[] = [];
  const blocked: BlockedToken[] = [];
  for (const token of candidates) {
    if (unblocked.length === wanted) break;
    const blockers = blockersOf(lookup, token);
    if (blockers.length === 0) unblocked.push(token);
    else if (unblocked.length < query.limit) blocked.push({ ...token, blocked_by: blockers });
  }
  const next = unblocked.slice(0, query.limit);
  const runnerUp = unblocked[1] ?? null;
  return {
    next,
    blocked,
    candidates: candidates.length,
    runner_up: runnerUp,
    decided_by: runnerUp === null ? null : decidingKey(next[0], runnerUp),
  };
}
