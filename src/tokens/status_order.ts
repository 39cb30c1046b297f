/**
 * The order of token statuses, written once: every sort, rank, SQL `ORDER BY` and colour choice
 * over statuses draws from here.
 *
 * @module
 */

/** Every STATUS a token may declare, from least to most complete (REMOVED last). */
export const STATUSES = ["MISSING", "STUB", "IMPL", "TESTED", "BENCHED", "REMOVED"] as const;

/** One of {@linkcode STATUSES}. */
export type Status = typeof STATUSES[number];

const RANK: ReadonlyMap<string, number> = new Map(STATUSES.map((status, i) => [status, i]));

/** Whether `value` is exactly one of {@linkcode STATUSES} (case-sensitive). */
export function isStatus(value: string): value is Status {
  return RANK.has(value);
}

/**
 * Position of a status in {@linkcode STATUSES}: the order statuses are listed and sorted in.
 * Anything else ranks after every status.
 */
export function statusRank(status: string): number {
  return RANK.get(status) ?? STATUSES.length;
}

/** Compares two statuses by {@linkcode statusRank}, as `Array.prototype.sort` expects. */
export function compareStatus(a: string, b: string): number {
  return statusRank(a) - statusRank(b);
}

/**
 * How much a status counts as progress, for picking the most advanced of several feature groups.
 * Unlike {@linkcode statusRank}, which lists REMOVED last, a removed feature counts for nothing,
 * so it ranks below MISSING: a requirement with a MISSING group and a REMOVED one is MISSING.
 */
export function progressRank(status: Status): number {
  return status === "REMOVED" ? -1 : statusRank(status);
}

/**
 * An SQL expression ranking `column` as {@linkcode statusRank} does, so a database sort agrees
 * with the in-memory one.
 */
export function statusRankSql(column: string): string {
  const cases = STATUSES.map((status, i) => `WHEN '${status}' THEN ${i}`).join(" ");
  return `CASE ${column} ${cases} ELSE ${STATUSES.length} END`;
}

/** Whether a token counts as done: TESTED or BENCHED. */
export function isComplete(token: { status: string }): boolean {
  return token.status === "TESTED" || token.status === "BENCHED";
}

/** Tokens per status. */
export type StatusCounts = Record<Status, number>;

/** Counts tokens per status; statuses no token has count 0. */
export function countStatuses(tokens: readonly { status: string }[]): StatusCounts {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const token of tokens) {
    if (token.status in counts) counts[token.status as Status]++;
  }
  return counts;
}

/** The tokens not REMOVED among `counts`: the total that progress and checkpoints show. */
export function countNotRemoved(counts: StatusCounts): number {
  return STATUSES.reduce((sum, status) => status === "REMOVED" ? sum : sum + counts[status], 0);
}
