/**
 * Checkpoints: named snapshots of the whole token index, with per-status
 * counts, so progress can be compared over time.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { inDataWriteTransaction } from "../db/schema_guard.ts";
import { fromGoSnapshotToken, isGoSnapshotToken } from "../db/go_edition_snapshot.ts";
import { knownWriteFailure } from "../db/write_failure.ts";
import { CanaryError } from "../errors.ts";
import { gitInfo } from "../git.ts";
import { countNotRemoved, countStatuses, type StatusCounts } from "../tokens/status_order.ts";
import { nearestFirst } from "../tokens/values.ts";
import { iterateTokens } from "./list_tokens.ts";
import { diffSnapshots, type SnapshotDiff } from "./snapshot_diff.ts";
import type { TokenRecord } from "../db/token_rows.ts";
import { countOf } from "../text/plural.ts";
import { normalizeTimestamp } from "../text/timestamp.ts";

/** Token counts per status, keyed by the upper-case status name. */

/** A checkpoint without its token list. */
export interface CheckpointSummary {
  id: number;
  name: string;
  description: string | null;
  commit_hash: string | null;
  created_at: string;
  /** Tokens not REMOVED, as progress counts them (`status_counts` has the REMOVED ones). */
  total: number;
  status_counts: StatusCounts;
}

/** A checkpoint with the tokens it captured. */
export interface Checkpoint extends CheckpointSummary {
  tokens: TokenRecord[];
}

/** A checkpoint with that name exists already. */
export class CheckpointExistsError extends CanaryError {
  /** Creates the error naming the existing checkpoint. */
  constructor(existing: CheckpointSummary) {
    super(
      `a checkpoint named '${existing.name}' already exists (created ${existing.created_at}, ` +
        `${countOf(existing.total, "token")}); choose another name`,
      { code: "checkpoint_exists" },
    );
    this.name = "CheckpointExistsError";
  }
}

/** No checkpoint has that name. */
export class CheckpointNotFoundError extends CanaryError {
  /** Creates the error; `known` lists the existing names, of which the nearest are named. */
  constructor(name: string, known: readonly string[]) {
    const nearest = nearestFirst(name, known);
    const hint = known.length === 0
      ? "there are no checkpoints yet"
      : `nearest: ${nearest.slice(0, 5).join(", ")}${known.length > 5 ? ", …" : ""}`;
    super(`no checkpoint named '${name}'; ${hint}`, { code: "checkpoint_not_found" });
    this.name = "CheckpointNotFoundError";
  }
}

const SUMMARY_COLUMNS = "id, name, description, commit_hash, created_at, " +
  "missing_count, stub_count, impl_count, tested_count, benched_count, removed_count";

function summaryFromRow(row: Record<string, unknown>): CheckpointSummary {
  const n = (key: string) => Number(row[key] ?? 0);
  const status_counts: StatusCounts = {
    MISSING: n("missing_count"),
    STUB: n("stub_count"),
    IMPL: n("impl_count"),
    TESTED: n("tested_count"),
    BENCHED: n("benched_count"),
    REMOVED: n("removed_count"),
  };
  return {
    id: n("id"),
    name: String(row.name),
    description: row.description === null ? null : String(row.description),
    commit_hash: row.commit_hash === null ? null : String(row.commit_hash),
    created_at: normalizeTimestamp(String(row.created_at)),
    // From the counts, not total_tokens: the Go edition's column, which may be NULL or disagree
    // with the MISSING and REMOVED counts adoption took from the snapshot.
    total: countNotRemoved(status_counts),
    status_counts,
  };
}

function findSummary(db: DatabaseSync, name: string): CheckpointSummary | null {
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM checkpoints WHERE name = ?`).get(name);
  return row === undefined ? null : summaryFromRow(row as Record<string, unknown>);
}

/** The commit the index was built from (recorded by `canary index`), if any. */
function indexedCommit(db: DatabaseSync): string | null {
  const row = db.prepare(
    "SELECT commit_hash FROM tokens WHERE commit_hash IS NOT NULL AND commit_hash != '' LIMIT 1",
  ).get() as { commit_hash: string } | undefined;
  return row?.commit_hash ?? null;
}

/** What to record in a new checkpoint. */
export interface NewCheckpoint {
  name: string;
  description?: string | null;
  /**
   * The project folder the index was built from: its checked-out commit is
   * recorded when the index holds none (an empty index, or one built before
   * the last commit was read); the commit the index was built from wins.
   */
  root?: string;
}

/** How a snapshot orders its tokens: by location, so two snapshots diff cleanly. */
const SNAPSHOT_ORDER = { field: "file", descending: false } as const;

/** The current index as a snapshot: every token, in the order checkpoints store them. */
export function currentSnapshot(db: DatabaseSync): Iterable<TokenRecord> {
  return iterateTokens(db, { order: SNAPSHOT_ORDER });
}

/** The commit to record for a new checkpoint, or null outside git. */
function checkpointCommit(db: DatabaseSync, root: string | undefined): string | null {
  return indexedCommit(db) ?? (root === undefined ? null : gitInfo(root).commitHash || null);
}

/** Counts the indexed tokens per status, in SQL, and their total. */
function indexCounts(db: DatabaseSync): { total: number; counts: StatusCounts } {
  const counts = countStatuses([]);
  let total = 0;
  const rows = db.prepare("SELECT status, COUNT(*) AS n FROM tokens GROUP BY status").all();
  for (const row of rows as { status: string; n: number }[]) {
    total += Number(row.n);
    if (row.status in counts) counts[row.status as keyof StatusCounts] += Number(row.n);
  }
  return { total, counts };
}

/**
 * Snapshots the current index under `name`, one token row at a time, so memory
 * stays flat however large the index is. Throws {@link CheckpointExistsError}
 * when the name is taken. Works on an empty index.
 */
export function createCheckpoint(db: DatabaseSync, checkpoint: NewCheckpoint): CheckpointSummary {
  return inDataWriteTransaction(db, () => {
    const existing = findSummary(db, checkpoint.name);
    if (existing !== null) throw new CheckpointExistsError(existing);
    const { total, counts } = indexCounts(db);
    const { lastInsertRowid } = db.prepare(
      // created_at is given, not left to its default: the Go edition's table has none.
      // snapshot_json is NOT NULL there; the tokens are in checkpoint_tokens.
      "INSERT INTO checkpoints (name, description, commit_hash, total_tokens, missing_count, " +
        "stub_count, impl_count, tested_count, benched_count, removed_count, snapshot_json, " +
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', CURRENT_TIMESTAMP)",
    ).run(
      checkpoint.name,
      checkpoint.description ?? null,
      checkpointCommit(db, checkpoint.root),
      total,
      counts.MISSING,
      counts.STUB,
      counts.IMPL,
      counts.TESTED,
      counts.BENCHED,
      counts.REMOVED,
    );
    const insert = db.prepare(
      "INSERT INTO checkpoint_tokens (checkpoint_id, seq, token_json) VALUES (?, ?, ?)",
    );
    let seq = 0;
    for (const token of currentSnapshot(db)) {
      insert.run(lastInsertRowid, seq++, JSON.stringify(token));
    }
    return findSummary(db, checkpoint.name)!;
  }, { failure: (error) => knownWriteFailure(error, "saving the checkpoint") });
}

/** Every checkpoint, oldest first, without token lists. */
export function listCheckpoints(db: DatabaseSync): CheckpointSummary[] {
  return (db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM checkpoints ORDER BY id`).all() as Record<
    string,
    unknown
  >[]).map(summaryFromRow);
}

function parseSnapshot(name: string, json: unknown): TokenRecord[] {
  if (json === null || json === undefined || json === "") return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(json));
  } catch (error) {
    throw new CanaryError(`checkpoint '${name}' has a snapshot that is not valid JSON`, {
      code: "bad_snapshot",
      cause: error,
    });
  }
  if (parsed === null) return [];
  if (Array.isArray(parsed)) {
    parsed = parsed.map((t) => isGoSnapshotToken(t) ? fromGoSnapshotToken(t) : t);
  }
  const valid = Array.isArray(parsed) &&
    parsed.every((t) =>
      typeof t === "object" && t !== null && typeof t.req_id === "string" &&
      typeof t.feature === "string" && typeof t.status === "string" &&
      typeof t.file_path === "string"
    );
  if (!valid) {
    throw new CanaryError(
      `checkpoint '${name}' has a snapshot canary cannot read (not a list of tokens)`,
      { code: "bad_snapshot" },
    );
  }
  return parsed as TokenRecord[];
}

function* snapshotRows(db: DatabaseSync, id: number): Generator<TokenRecord> {
  const rows = db.prepare(
    "SELECT token_json FROM checkpoint_tokens WHERE checkpoint_id = ? ORDER BY seq",
  ).iterate(id);
  for (const row of rows) yield JSON.parse(String((row as { token_json: string }).token_json));
}

/**
 * The checkpoint named `name` and its tokens, read one at a time while `db`
 * stays open: from `checkpoint_tokens`, or for a snapshot taken before that
 * table, from `snapshot_json`. Throws {@link CheckpointNotFoundError}.
 */
export function readCheckpoint(
  db: DatabaseSync,
  name: string,
): { summary: CheckpointSummary; tokens: Iterable<TokenRecord> } {
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS}, snapshot_json FROM checkpoints WHERE name = ?`)
    .get(name) as Record<string, unknown> | undefined;
  if (row === undefined) {
    throw new CheckpointNotFoundError(name, listCheckpoints(db).map((c) => c.name));
  }
  const summary = summaryFromRow(row);
  const hasRows = db.prepare("SELECT 1 FROM checkpoint_tokens WHERE checkpoint_id = ? LIMIT 1")
    .get(summary.id) !== undefined;
  return {
    summary,
    tokens: hasRows ? snapshotRows(db, summary.id) : parseSnapshot(name, row.snapshot_json),
  };
}

/** The checkpoint named `name` with all its tokens; throws {@link CheckpointNotFoundError}. */
export function getCheckpoint(db: DatabaseSync, name: string): Checkpoint {
  const { summary, tokens } = readCheckpoint(db, name);
  return { ...summary, tokens: [...tokens] };
}

/** Two snapshots compared: `to` is null for the current index. */
export interface CheckpointDiff {
  from: CheckpointSummary;
  to: CheckpointSummary | null;
  diff: SnapshotDiff<TokenRecord>;
}

/**
 * What changed from the checkpoint `fromName` to the checkpoint `toName`, or
 * to the current index when `toName` is undefined; read in one snapshot.
 */
export function diffCheckpoints(
  db: DatabaseSync,
  fromName: string,
  toName: string | undefined,
): CheckpointDiff {
  const from = getCheckpoint(db, fromName);
  const to = toName === undefined ? null : getCheckpoint(db, toName);
  const current = to === null ? [...currentSnapshot(db)] : to.tokens;
  return { from, to, diff: diffSnapshots(from.tokens, current) };
}

/**
 * Deletes the checkpoint named `name` and returns what it held (without its
 * tokens); throws {@link CheckpointNotFoundError} naming the nearest names.
 */
export function deleteCheckpoint(db: DatabaseSync, name: string): CheckpointSummary {
  return inDataWriteTransaction(db, () => {
    const existing = findSummary(db, name);
    if (existing === null) {
      throw new CheckpointNotFoundError(name, listCheckpoints(db).map((c) => c.name));
    }
    db.prepare("DELETE FROM checkpoint_tokens WHERE checkpoint_id = ?").run(existing.id);
    db.prepare("DELETE FROM checkpoints WHERE id = ?").run(existing.id);
    return existing;
  });
}
