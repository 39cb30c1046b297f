/**
 * Comparing two token sets (checkpoints, or a checkpoint and the live
 * index): which tokens appeared, which disappeared, which changed status.
 *
 * A token is identified by requirement, feature, aspect and file
 * (`tokenPlaceKey`, as `index` follows a token); its line number is ignored so
 * that edits above a token do not count as changes. When one file holds several
 * tokens with the same identity, they pair up in line order.
 *
 * @module
 */
import { compareCodePoints } from "../scan/path_order.ts";
import { countStatuses, type StatusCounts } from "../tokens/status_order.ts";
import type { TokenRecord } from "../db/token_rows.ts";
import { tokenPlaceKey } from "../tokens/token_identity.ts";

/** The part of a token a diff needs. */
export type DiffToken = Pick<
  TokenRecord,
  "req_id" | "feature" | "aspect" | "file_path" | "line_number" | "status"
>;

/** A token whose status differs between the two sets. */
export interface StatusChange<T extends DiffToken = DiffToken> {
  req_id: string;
  feature: string;
  aspect: string;
  file_path: string;
  /** Line in the newer set. */
  line_number: number;
  from: string;
  to: string;
  /** The token as it is in the newer set. */
  token: T;
}

/** Differences between an older and a newer token set. */
export interface SnapshotDiff<T extends DiffToken = DiffToken> {
  added: T[];
  removed: T[];
  status_changed: StatusChange<T>[];
  counts: { added: number; removed: number; status_changed: number; unchanged: number };
  status_counts: { from: StatusCounts; to: StatusCounts };
}

function identity(token: DiffToken): string {
  return tokenPlaceKey(token.file_path, token.req_id, token.feature, token.aspect);
}

function groupByIdentity<T extends DiffToken>(tokens: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const token of tokens) {
    const key = identity(token);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [token]);
    else group.push(token);
  }
  for (const group of groups.values()) group.sort((a, b) => a.line_number - b.line_number);
  return groups;
}

// The order `list --order-by file` uses, so `checkpoint diff` lists paths the same way.
function byLocation(a: DiffToken, b: DiffToken): number {
  return compareCodePoints(a.file_path, b.file_path) || a.line_number - b.line_number ||
    compareCodePoints(a.req_id, b.req_id);
}

/** Compares `before` with `after`; lists come back ordered by file and line. */
export function diffSnapshots<T extends DiffToken>(
  before: readonly T[],
  after: readonly T[],
): SnapshotDiff<T> {
  const old = groupByIdentity(before);
  const added: T[] = [];
  const removed: T[] = [];
  const changed: StatusChange<T>[] = [];
  let unchanged = 0;
  for (const [key, group] of groupByIdentity(after)) {
    const previous = old.get(key) ?? [];
    old.delete(key);
    group.forEach((token, i) => {
      const was = previous[i];
      if (was === undefined) added.push(token);
      else if (was.status !== token.status) {
        changed.push({
          req_id: token.req_id,
          feature: token.feature,
          aspect: token.aspect,
          file_path: token.file_path,
          line_number: token.line_number,
          from: was.status,
          to: token.status,
          token,
        });
      } else unchanged++;
    });
    // One at a time: spreading a group of a million tokens would overflow the stack.
    for (let i = group.length; i < previous.length; i++) removed.push(previous[i]);
  }
  for (const group of old.values()) for (const token of group) removed.push(token);
  added.sort(byLocation);
  removed.sort(byLocation);
  changed.sort((a, b) => byLocation(a.token, b.token));
  return {
    added,
    removed,
    status_changed: changed,
    counts: {
      added: added.length,
      removed: removed.length,
      status_changed: changed.length,
      unchanged,
    },
    status_counts: { from: countStatuses(before), to: countStatuses(after) },
  };
}
