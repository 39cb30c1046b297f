/**
 * Setting a requirement's priority by hand. The value is kept in
 * `priority_overrides`, keyed by requirement and feature, so that `canary
 * index` re-applies it to tokens it re-creates.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { inDataWriteTransaction } from "../db/schema_guard.ts";
import { knownWriteFailure } from "../db/write_failure.ts";
import { CanaryError } from "../errors.ts";
import { compareCodePoints } from "../scan/path_order.ts";
import { isPriority, PRIORITY_HIGHEST, PRIORITY_LOWEST } from "../tokens/priority.ts";
import { editDistance } from "../tokens/values.ts";

/** What {@link setPriority} changed. */
export interface PriorityChange {
  req_id: string;
  feature: string;
  priority: number;
  /** Priorities the tokens had before, distinct, ascending. */
  previous: number[];
  /** How many tokens now carry the priority. */
  tokens_updated: number;
}

/** A requirement/feature pair is not in the index. */
export class UnknownTokenError extends CanaryError {
  /** Nearest known pairs, best first. */
  readonly suggestions: { req_id: string; feature: string }[];

  /** Creates the error; the message names the pair and the suggestions. */
  constructor(reqId: string, feature: string, suggestions: { req_id: string; feature: string }[]) {
    const nearest = suggestions.length === 0
      ? "the index has no tokens"
      : `nearest known: ${suggestions.map((s) => `${s.req_id} ${s.feature}`).join(", ")}`;
    super(`no token has REQ=${reqId} and FEATURE=${feature}; ${nearest}`, {
      code: "unknown_token",
    });
    this.name = "UnknownTokenError";
    this.suggestions = suggestions;
  }
}

/** The known (req_id, feature) pairs closest to the given ones by edit distance. */
export function nearestPairs(
  db: DatabaseSync,
  reqId: string,
  feature: string,
  count = 3,
): { req_id: string; feature: string }[] {
  const pairs = db.prepare("SELECT DISTINCT req_id, feature FROM tokens").all() as {
    req_id: string;
    feature: string;
  }[];
  const distance = (p: { req_id: string; feature: string }) =>
    editDistance(p.req_id.toLowerCase(), reqId.toLowerCase()) * 2 +
    editDistance(p.feature.toLowerCase(), feature.toLowerCase());
  // The requirement the user named comes first: a wrong feature name is the likelier mistake.
  const named = (p: { req_id: string }) => p.req_id.toLowerCase() === reqId.toLowerCase() ? 0 : 1;
  return pairs
    .map((pair) => ({ pair, named: named(pair), distance: distance(pair) }))
    .sort((a, b) =>
      a.named - b.named || a.distance - b.distance ||
      compareCodePoints(a.pair.req_id, b.pair.req_id) ||
      compareCodePoints(a.pair.feature, b.pair.feature)
    )
    .slice(0, count)
    .map(({ pair }) => ({ req_id: pair.req_id, feature: pair.feature }));
}

/**
 * The requirement and feature as the index spells them: the pair given, else the one pair that
 * differs from it only in ASCII case (ids are matched so everywhere), else null.
 */
function storedPair(
  db: DatabaseSync,
  reqId: string,
  feature: string,
): { req_id: string; feature: string } | null {
  const pairs = db.prepare(
    "SELECT DISTINCT req_id, feature FROM tokens " +
      "WHERE req_id = ? COLLATE NOCASE AND feature = ? COLLATE NOCASE LIMIT 3",
  ).all(reqId, feature) as { req_id: string; feature: string }[];
  const exact = pairs.find((p) => p.req_id === reqId && p.feature === feature);
  return exact ?? (pairs.length === 1 ? pairs[0] : null);
}

/**
 * Sets the priority of every token with this requirement and feature, and
 * records it so re-indexing keeps it. One write transaction; throws
 * {@link UnknownTokenError} (and changes nothing) when no token has the pair.
 */
export function setPriority(
  db: DatabaseSync,
  reqId: string,
  feature: string,
  priority: number,
): PriorityChange {
  if (!isPriority(priority)) {
    throw new RangeError(
      `priority must be an integer from ${PRIORITY_HIGHEST} to ${PRIORITY_LOWEST}, got ${priority}`,
    );
  }
  return inDataWriteTransaction(db, () => {
    const pair = storedPair(db, reqId, feature);
    if (pair === null) {
      throw new UnknownTokenError(reqId, feature, nearestPairs(db, reqId, feature));
    }
    [reqId, feature] = [pair.req_id, pair.feature];
    const previous = (db.prepare(
      "SELECT DISTINCT priority FROM tokens WHERE req_id = ? AND feature = ? ORDER BY priority",
    ).all(reqId, feature) as { priority: number }[]).map((row) => Number(row.priority));
    db.prepare(
      "INSERT INTO priority_overrides (req_id, feature, priority) VALUES (?, ?, ?) " +
        "ON CONFLICT (req_id, feature) DO UPDATE SET priority = excluded.priority, " +
        "set_at = CURRENT_TIMESTAMP",
    ).run(reqId, feature, priority);
    const updated = db.prepare("UPDATE tokens SET priority = ? WHERE req_id = ? AND feature = ?")
      .run(priority, reqId, feature);
    return {
      req_id: reqId,
      feature,
      priority,
      previous,
      tokens_updated: Number(updated.changes),
    };
  }, { failure: (error) => knownWriteFailure(error, "saving the priority") });
}
