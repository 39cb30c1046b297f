/**
 * Bulk writes to `tokens` without the per-row full-text work: the triggers that keep
 * `tokens_fts` in step cost several times the insert itself, while rebuilding the whole index
 * from the table once costs a few microseconds per row.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";

/** The triggers that keep the full-text index in step with `tokens`, as the schema holds them. */
function fullTextTriggers(db: DatabaseSync): { name: string; sql: string }[] {
  return db.prepare(
    `SELECT name, sql FROM sqlite_schema
     WHERE type = 'trigger' AND tbl_name = 'tokens' AND name LIKE 'tokens\\_fts\\_%' ESCAPE '\\'
     ORDER BY name`,
  ).all() as { name: string; sql: string }[];
}

/**
 * Runs `write` with the full-text triggers removed, then rebuilds `tokens_fts` from `tokens` and
 * puts the triggers back exactly as they were, so searches find what per-row upkeep would have
 * given. Must run inside the caller's transaction: a failure rolls the triggers back too. Without
 * a full-text index (a schema before it), `write` simply runs.
 */
export function writeWithFullTextRebuild<T>(db: DatabaseSync, write: () => T): T {
  const hasIndex = db.prepare(
    "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'tokens_fts'",
  ).get() !== undefined;
  const triggers = hasIndex ? fullTextTriggers(db) : [];
  if (triggers.length === 0) return write();
  for (const { name } of triggers) db.exec(`DROP TRIGGER "${name.replaceAll('"', '""')}"`);
  const result = write();
  db.exec("INSERT INTO tokens_fts (tokens_fts) VALUES ('rebuild')");
  for (const { sql } of triggers) db.exec(sql);
  return result;
}

/**
 * Whether writing `rows` token rows into a table of `existing` rows is cheaper with one rebuild
 * (per row: about 3 µs per stored row to rebuild, about 70 µs to keep the index by trigger).
 */
export function prefersRebuild(rows: number, existing: number): boolean {
  return rows >= 64 && rows * 16 >= existing;
}
