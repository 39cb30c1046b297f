/**
 * Progress: completed (TESTED or BENCHED) tokens over all tokens not REMOVED,
 * per requirement and for the whole project, from the effective status the
 * index stores.
 *
 * @module
 */
import { countNotRemoved, countStatuses, type StatusCounts } from "../tokens/status_order.ts";
import type { TokenRecord } from "../db/token_rows.ts";
import { compareCodePoints } from "../scan/path_order.ts";
import { isComplete } from "../tokens/status_order.ts";

/** Progress over a set of tokens. */
export interface Progress {
  /** Tokens not REMOVED. */
  total: number;
  /** Tokens TESTED or BENCHED. */
  completed: number;
  /** `completed / total` as a whole percentage rounded down; 0 when `total` is 0. */
  percent: number;
  status_counts: StatusCounts;
}

/** One requirement's progress. */
export interface RequirementProgress extends Progress {
  req_id: string;
  /** The highest priority (lowest number) among its tokens. */
  priority: number;
}

/** How `status` orders requirements. */
export const PROGRESS_ORDERS = ["req", "progress", "priority"] as const;

/** One of {@link PROGRESS_ORDERS}. */
export type ProgressOrder = typeof PROGRESS_ORDERS[number];

/** The progress of `tokens`. */
export function progressOf(tokens: readonly TokenRecord[]): Progress {
  const status_counts = countStatuses(tokens);
  const total = countNotRemoved(status_counts);
  const completed = status_counts.TESTED + status_counts.BENCHED;
  const percent = total === 0 ? 0 : Math.floor((completed * 100) / total);
  return { total, completed, percent, status_counts };
}

/** Tokens not REMOVED and not yet complete, by file and line as given. */
export function incompleteTokens(tokens: readonly TokenRecord[]): TokenRecord[] {
  return tokens.filter((t) => t.status !== "REMOVED" && !isComplete(t));
}

const ORDER: Record<ProgressOrder, (a: RequirementProgress, b: RequirementProgress) => number> = {
  req: (a, b) => compareCodePoints(a.req_id, b.req_id),
  // Least complete first: what needs attention leads.
  progress: (a, b) => a.percent - b.percent || compareCodePoints(a.req_id, b.req_id),
  priority: (a, b) => a.priority - b.priority || compareCodePoints(a.req_id, b.req_id),
};

/** Each requirement's progress in `order`. */
export function requirementProgress(
  groups: ReadonlyMap<string, readonly TokenRecord[]>,
  order: ProgressOrder,
): RequirementProgress[] {
  return [...groups].map(([req_id, tokens]) => ({
    req_id,
    priority: Math.min(...tokens.map((t) => t.priority)),
    ...progressOf(tokens),
  })).sort(ORDER[order]);
}
