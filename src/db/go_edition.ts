/**
 * Databases of the Go edition of canary: recognising them by their shape and
 * adopting them into canary's schema.
 *
 * The Go edition records its versions 1–8 in the same `schema_migrations`
 * table, but its migration N is not canary's: version 3 adds documentation
 * columns to `tokens`, 4 adds gap-analysis tables, 5 a `projects` table and a
 * `project_id` column, 6 `refs`, 7 `index_meta` and `tokens.content_hash`, 8
 * `id_reservations`. A version number alone therefore says nothing; what a
 * version must have does. Adoption brings such a database to canary's newest
 * version in one transaction by running canary's migration statements one by
 * one and skipping those whose object is already there, so nothing of the Go
 * edition (its extra tables, columns, rows) is dropped or rewritten.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { type Migration, newestSchemaVersion } from "./migration.ts";
import { DEFAULT_PRIORITY, PRIORITY_HIGHEST, PRIORITY_LOWEST } from "../tokens/priority.ts";
import { inWriteTransaction, readDataVersion } from "./transaction.ts";
import {
  ensureBookkeeping,
  readHistory,
  readVersion,
  recordApplied,
  type VersionState,
  writeVersion,
} from "./migrator.ts";
import { GO_ADDITIONS, GO_EDITION_LATEST } from "./go_edition_schema.ts";
import {
  createdObjects,
  expectedObjects,
  presentObjects,
  type SchemaObject,
  splitStatements,
} from "./schema_objects.ts";

/**
 * What a Go-edition database at `version` must hold: the tables and columns
 * of its first schema (which canary's first migration reproduces) plus each
 * later version's additions. Indexes are not required: its version 5 rebuilds
 * `tokens` and loses some of them.
 */
function goRequirements(version: number, migrations: readonly Migration[]): SchemaObject[] {
  const base = [...expectedObjects(migrations.filter((m) => m.version <= 1))]
    .filter((object) => object.startsWith("table ") || object.startsWith("column "));
  const added = Object.entries(GO_ADDITIONS)
    .filter(([v]) => Number(v) <= version)
    .flatMap(([, objects]) => objects);
  return [...base, ...added];
}

/** Tables only canary's later migrations create: a database holding one is canary's own. */
function canaryOnlyTables(migrations: readonly Migration[]): SchemaObject[] {
  return [...expectedObjects(migrations.filter((m) => m.version > 1))]
    .filter((object) => object.startsWith("table "));
}

/** True when no migration was recorded by canary itself. */
function withoutCanaryHistory(db: DatabaseSync): boolean {
  return readHistory(db).size === 0;
}

/** A database the Go edition built, as far as its record and tables tell. */
export interface GoEditionShape {
  /** Its version record. */
  state: VersionState;
  /** The newest Go version whose tables and columns it holds (at least 1). */
  tablesMatch: number;
}

/**
 * The shape of `db` when its record (a Go version, no canary history), its lack of canary-only
 * tables and its first schema say the Go edition built it; null otherwise. The record may be
 * ahead of the tables (a Go migration that did not finish).
 */
export function goEditionShape(
  db: DatabaseSync,
  migrations: readonly Migration[],
): GoEditionShape | null {
  let state: VersionState;
  try {
    state = readVersion(db);
  } catch {
    return null; // A damaged record is refused elsewhere.
  }
  const { version } = state;
  if (!Number.isInteger(version) || version < 1 || version > GO_EDITION_LATEST) return null;
  if (!withoutCanaryHistory(db)) return null;
  const present = presentObjects(db);
  if (canaryOnlyTables(migrations).some((table) => present.has(table))) return null;
  const holds = (v: number) => goRequirements(v, migrations).every((o) => present.has(o));
  let tablesMatch = 0;
  while (tablesMatch < GO_EDITION_LATEST && holds(tablesMatch + 1)) tablesMatch++;
  return tablesMatch === 0 ? null : { state, tablesMatch };
}

/**
 * The Go-edition version record of `db`, when its shape says the Go edition built it at that
 * version; null otherwise. A dirty record is recognised by the first schema only (the failed
 * step may be half there).
 */
export function detectGoEdition(
  db: DatabaseSync,
  migrations: readonly Migration[],
): VersionState | null {
  const shape = goEditionShape(db, migrations);
  if (shape === null) return null;
  return shape.state.dirty || shape.tablesMatch >= shape.state.version ? shape.state : null;
}

/** What adopting a Go-edition database did. */
export interface Adoption {
  /** The Go edition's version the database was at. */
  goVersion: number;
  /** canary's version it is at now. */
  to: number;
  checkpoints: number;
  searches: number;
  /** Priorities other than the default, now kept as priority overrides. */
  priorityOverrides: number;
  /** Token rows left for the next `canary index` to replace. */
  foreignTokens: number;
}

/**
 * Runs every statement of canary's migrations whose object is not already
 * there (a Go column of the same name, a table the Go edition also has), so
 * the result has everything canary needs and keeps everything it had.
 */
function reconcileSchema(db: DatabaseSync, migrations: readonly Migration[]): void {
  const present = presentObjects(db);
  for (const migration of migrations) {
    for (const statement of splitStatements(migration.up)) {
      const creates = createdObjects(statement);
      if (creates.length > 0 && creates.every((object) => present.has(object))) continue;
      db.exec(statement);
      for (const object of creates) present.add(object);
    }
  }
}

/**
 * Priorities set on Go token rows become overrides, which survive canary's
 * `index` (the Go edition's next index reset them). Out-of-range values are
 * left behind; tokens sharing a requirement and feature keep the highest.
 */
function keepPriorities(db: DatabaseSync): number {
  const result = db.prepare(
    `INSERT OR IGNORE INTO priority_overrides (req_id, feature, priority)
     SELECT req_id, feature, min(priority) FROM tokens
     WHERE typeof(priority) = 'integer' AND priority BETWEEN ? AND ? AND priority != ?
     GROUP BY req_id, feature`,
  ).run(PRIORITY_HIGHEST, PRIORITY_LOWEST, DEFAULT_PRIORITY);
  return Number(result.changes);
}

/**
 * Go checkpoints had no MISSING/REMOVED counts: count them from the snapshot.
 * Elements that are no token object (a string, a number) count for nothing.
 */
function countNewStatuses(db: DatabaseSync): void {
  const count = (status: string) =>
    `(SELECT count(*) FROM json_each(snapshot_json) WHERE CASE WHEN type = 'object' THEN
      coalesce(json_extract(value, '$.Status'), json_extract(value, '$.status')) END = '${status}')`;
  db.exec(
    `UPDATE checkpoints SET missing_count = ${count("MISSING")}, removed_count = ${
      count("REMOVED")
    } WHERE json_valid(snapshot_json) AND json_type(snapshot_json) = 'array'`,
  );
}

function countRows(db: DatabaseSync, table: string): number {
  return Number((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
}

/**
 * Adopts a clean Go-edition database in one write transaction; returns null
 * (changing nothing) when, under the lock, the database is not one (another
 * process adopted it first). With `dataVersion`, also changes nothing and
 * returns "changed" when another connection committed since that
 * `PRAGMA data_version` was read (a backup taken before is then stale).
 */
export function adoptGoEdition(
  db: DatabaseSync,
  migrations: readonly Migration[],
  dataVersion?: number,
): Adoption | null | "changed" {
  return inWriteTransaction(db, (): Adoption | null | "changed" => {
    if (dataVersion !== undefined && readDataVersion(db) !== dataVersion) return "changed";
    const state = detectGoEdition(db, migrations);
    if (state === null || state.dirty) return null;
    reconcileSchema(db, migrations);
    const priorityOverrides = keepPriorities(db);
    countNewStatuses(db);
    ensureBookkeeping(db);
    const latest = newestSchemaVersion(migrations);
    writeVersion(db, latest);
    for (const migration of migrations) recordApplied(db, migration, 0);
    const adoption: Adoption = {
      goVersion: state.version,
      to: latest,
      checkpoints: countRows(db, "checkpoints"),
      searches: countRows(db, "search_history"),
      priorityOverrides,
      foreignTokens: countRows(db, "tokens"),
    };
    return adoption;
  }, {
    // A database that changed or is no Go edition is left untouched.
    commitIf: (result) => result !== null && result !== "changed",
  });
}
