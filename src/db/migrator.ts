/**
 * A small transactional migrator for `node:sqlite` databases.
 *
 * The version record is golang-migrate's `schema_migrations` table
 * (`version uint64, dirty bool`, unique index `version_unique`, at most one
 * row, empty meaning version 0), so databases stay interchangeable with
 * golang-migrate tooling. Each migration runs in one `BEGIN IMMEDIATE`
 * transaction together with its version record and its history row, so it
 * either fully happens or leaves no trace; the `dirty` flag is therefore never
 * set by canary, only honoured when another tool left it.
 *
 * Beside it, `canary_migration_history` keeps one row per applied version with
 * the checksum of the SQL that was run, for `migrate status` and drift checks.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { CanaryError, errorMessage } from "../errors.ts";
import { normalizeTimestamp } from "../text/timestamp.ts";
import { type Migration, newestSchemaVersion } from "./migration.ts";
import { inReadSnapshot } from "./busy.ts";
import { inWriteTransaction } from "./transaction.ts";
import { expectedObjects, presentObjects } from "./schema_objects.ts";
import { GO_ONLY_TABLES } from "./go_edition_schema.ts";
import { countOf } from "../text/plural.ts";

/** The version record as golang-migrate keeps it. */
export interface VersionState {
  /** Applied version; 0 when nothing is applied. */
  version: number;
  /** True when another tool left a half-applied migration behind. */
  dirty: boolean;
  /** The exact recorded digits, when `version` cannot hold them exactly. */
  recorded?: string;
}

/** One migration as `migrate status` reports it. */
export interface MigrationStatusEntry {
  version: number;
  name: string;
  /** Whether the database's version includes this migration. */
  applied: boolean;
  /** When canary applied it (ISO 8601 UTC), or null when unknown or pending. */
  appliedAt: string | null;
  /** Duration of the apply, in milliseconds, when canary recorded it. */
  durationMs: number | null;
  /**
   * For applied migrations: true when the recorded checksum matches the
   * embedded SQL, false on drift, null when no checksum was recorded (applied
   * by another tool).
   */
  checksumMatches: boolean | null;
}

/** The whole schema state of a database against a set of migrations. */
export interface MigrationStatus extends VersionState {
  /** Newest version among the known migrations. */
  latest: number;
  /** Number of known migrations not yet applied. */
  pending: number;
  migrations: MigrationStatusEntry[];
}

/** One planned or executed step. */
export interface MigrationStep {
  version: number;
  name: string;
  direction: "up" | "down";
  /** File whose SQL the step runs. */
  file: string;
  /** The SQL the step runs. */
  sql: string;
}

/** A step that committed. */
export interface AppliedStep {
  version: number;
  name: string;
  direction: "up" | "down";
  file: string;
  durationMs: number;
}

/** What an apply or rollback call did. */
export interface MigrationRun {
  /** Version before the call. */
  from: number;
  /** Version after the call. */
  to: number;
  steps: AppliedStep[];
}

/** How many steps to take: a positive count, or every available step. */
export type StepCount = number | "all";

/**
 * SQLite's reason on one line, without the statements Deno's `node:sqlite` appends to it: those
 * from the failing one to the end of the file, as `<reason> in <SQL> at offset <n>`.
 */
function sqliteReason(message: string, sql: string): string {
  const end = / at offset \d+$/.exec(message);
  let i = end === null ? -1 : message.indexOf(" in ");
  while (i >= 0 && !sql.includes(message.slice(i + 4, end!.index))) {
    i = message.indexOf(" in ", i + 1);
  }
  return (i >= 0 ? message.slice(0, i) : message).replace(/\s+/g, " ");
}

/**
 * Thrown when a step fails: names the file and carries SQLite's message.
 * Steps before it committed and stay committed; `completed` lists them.
 */
export class MigrationFailedError extends CanaryError {
  /** Steps that committed before the failure. */
  readonly completed: AppliedStep[];
  /** The step that failed (its transaction was rolled back). */
  readonly failed: MigrationStep;
  /** Version the database is at now. */
  readonly version: number;

  /** Builds the error; `sqliteMessage` is SQLite's own wording. */
  constructor(
    failed: MigrationStep,
    sqliteMessage: string,
    completed: AppliedStep[],
    version: number,
    stepNumber: number,
    stepTotal: number,
  ) {
    const progress = stepTotal > 1
      ? ` (step ${stepNumber} of ${stepTotal}; ${
        countOf(completed.length, "step")
      } before it committed, database is at version ${version})`
      : ` (nothing changed; database is at version ${version})`;
    super(
      `migration ${failed.file} failed: ${sqliteReason(sqliteMessage, failed.sql)}${progress}`,
      {
        code: "migration_failed",
      },
    );
    this.name = "MigrationFailedError";
    this.completed = completed;
    this.failed = failed;
    this.version = version;
  }
}

/** The table where canary records the migrations it applied. */
export const HISTORY_TABLE = "canary_migration_history";

/** True when the table exists in the main schema. */
function tableExists(db: DatabaseSync, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !==
    undefined;
}

/** Creates `schema_migrations` (golang-migrate's layout) and the history table when absent. */
export function ensureBookkeeping(db: DatabaseSync): void {
  db.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (version uint64,dirty bool);" +
      "CREATE UNIQUE INDEX IF NOT EXISTS version_unique ON schema_migrations (version);" +
      `CREATE TABLE IF NOT EXISTS ${HISTORY_TABLE} (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        checksum TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        duration_ms REAL NOT NULL
      );`,
  );
}

/** Reads the version record; a database without one is at version 0. */
export function readVersion(db: DatabaseSync): VersionState {
  if (!tableExists(db, "schema_migrations")) return { version: 0, dirty: false };
  // Read as text with its storage type: another tool may have written anything there,
  // including integers beyond JavaScript's safe range.
  const rows = db.prepare(
    "SELECT typeof(version) AS vt, CAST(version AS TEXT) AS v, " +
      "typeof(dirty) AS dt, CAST(dirty AS TEXT) AS d FROM schema_migrations",
  ).all() as { vt: string; v: string | null; dt: string; d: string | null }[];
  if (rows.length === 0) return { version: 0, dirty: false };
  if (rows.length > 1) {
    throw new CanaryError(
      `schema_migrations holds ${rows.length} rows; it must hold at most one`,
      { code: "bad_version_record" },
    );
  }
  const { vt, v, dt, d } = rows[0];
  const dirty = dt === "integer" || dt === "text" ? DIRTY_VALUES.get(d ?? "") : undefined;
  if (vt !== "integer" || !/^\d+$/.test(v ?? "") || dirty === undefined) {
    const shown = (value: string | null, type: string) =>
      value === null ? "NULL" : type === "text" ? `'${value.slice(0, 20)}'` : value.slice(0, 20);
    throw new CanaryError(
      `the database's version record is damaged (version ${shown(v, vt)}, dirty ${
        shown(d, dt)
      }); refusing to guess its schema; run \`canary migrate force VERSION\` with the version it is at`,
      { code: "bad_version_record" },
    );
  }
  const version = Number(v);
  return Number.isSafeInteger(version)
    ? { version, dirty }
    : { version, dirty, recorded: v as string };
}

/** The spellings of golang-migrate's `dirty` flag that canary accepts. */
const DIRTY_VALUES: ReadonlyMap<string, boolean> = new Map([
  ["0", false],
  ["1", true],
  ["false", false],
  ["true", true],
]);

/** Replaces the version record the way golang-migrate does: one row, or none for version 0. */
export function writeVersion(db: DatabaseSync, version: number): void {
  db.exec("DELETE FROM schema_migrations");
  if (version > 0) {
    db.prepare("INSERT INTO schema_migrations (version, dirty) VALUES (?, 0)").run(version);
  }
}

/** One row of `canary_migration_history`. */
export interface HistoryRow {
  version: number;
  checksum: string;
  applied_at: string;
  duration_ms: number;
}

/** Records that canary applied `migration` (with its embedded checksum). */
export function recordApplied(db: DatabaseSync, migration: Migration, durationMs: number): void {
  db.prepare(
    `INSERT OR REPLACE INTO ${HISTORY_TABLE} (version, name, checksum, applied_at, duration_ms)
     VALUES (?, ?, ?, ?, ?)`,
  ).run(
    migration.version,
    migration.name,
    migration.checksum,
    new Date().toISOString(),
    durationMs,
  );
}

/** The history rows by version (empty when the table is absent). */
export function readHistory(db: DatabaseSync): Map<number, HistoryRow> {
  const history = new Map<number, HistoryRow>();
  if (!tableExists(db, HISTORY_TABLE)) return history;
  const rows = db.prepare(
    `SELECT version, checksum, applied_at, duration_ms FROM ${HISTORY_TABLE}`,
  ).all() as unknown as HistoryRow[];
  for (const row of rows) history.set(Number(row.version), row);
  return history;
}

/**
 * Refuses a database canary must not touch: one newer than the newest known
 * migration, one left dirty by another tool, one at a version canary does not
 * know, or one whose applied SQL differs from the embedded SQL.
 */
export function assertUsable(db: DatabaseSync, migrations: readonly Migration[]): VersionState {
  return inReadSnapshot(db, () => checkUsable(db, migrations));
}

/**
 * Refuses what neither every command nor `migrate repair` may work on: a
 * database newer than canary, dirty, at a version canary does not know, or
 * another application's. What repair mends (objects dropped by hand, checksum
 * drift) is not checked here.
 */
export function assertRepairable(db: DatabaseSync, migrations: readonly Migration[]): VersionState {
  return inReadSnapshot(db, () => {
    const state = checkRecord(db, migrations);
    // Version 0 was checked with the record.
    if (state.version !== 0) assertNotForeign(db, migrations, state.version);
    return state;
  });
}

function checkUsable(db: DatabaseSync, migrations: readonly Migration[]): VersionState {
  const state = checkRecord(db, migrations);
  const history = readHistory(db);
  const applied = migrations.filter((m) => m.version <= state.version);
  assertSchemaMatches(db, applied, state.version, applied.every((m) => history.has(m.version)));
  for (const migration of applied) {
    const row = history.get(migration.version);
    if (row && row.checksum !== migration.checksum) {
      throw new CanaryError(
        `migration ${migration.upFile} was applied with different SQL (checksum ${
          row.checksum.slice(0, 12)
        }, embedded ${migration.checksum.slice(0, 12)}); refusing to work on a drifted schema`,
        { code: "checksum_drift" },
      );
    }
  }
  return state;
}

/** The version record, refused when it is newer than canary, dirty or unknown, or missing over tables. */
function checkRecord(db: DatabaseSync, migrations: readonly Migration[]): VersionState {
  const state = readVersion(db);
  const latest = newestSchemaVersion(migrations);
  if (state.version > latest) {
    throw new CanaryError(
      `database is at version ${
        state.recorded ?? state.version
      }; this canary knows up to ${latest}: upgrade canary`,
      { code: "database_newer" },
    );
  }
  if (state.dirty) {
    throw new CanaryError(
      `database is dirty at version ${state.version}: a migration failed half-way under another tool; ` +
        `repair the schema, then run \`canary migrate force VERSION\` with the version it really is at`,
      { code: "database_dirty" },
    );
  }
  if (state.version > 0 && !migrations.some((m) => m.version === state.version)) {
    throw new CanaryError(
      `database is at version ${state.version}, which no embedded migration has; ` +
        `run \`canary migrate force VERSION\` with a known version`,
      { code: "unknown_version" },
    );
  }
  if (state.version === 0) assertNothingBuilt(db, migrations);
  return state;
}

/**
 * Checks that what canary's migrations up to the version create is there. For
 * a version recorded by another tool (golang-migrate, the Go edition of
 * canary) a gap means different migrations built it: another edition's
 * migration N need not be canary's migration N. For one canary recorded, a gap
 * means an object was dropped by hand.
 */
function assertSchemaMatches(
  db: DatabaseSync,
  applied: readonly Migration[],
  version: number,
  recordedByCanary: boolean,
) {
  const present = presentObjects(db);
  const missing = [...expectedObjects(applied)].filter((object) => !present.has(object));
  if (missing.length === 0) return;
  const shown = missing.slice(0, 3).join(", ") +
    (missing.length > 3 ? `, … (${missing.length})` : "");
  if (recordedByCanary) {
    throw new CanaryError(
      `database is at version ${version} but lacks ${shown}, which its migrations create: ` +
        "the schema was changed by hand; run `canary migrate repair`, or use a new database (--db)",
      { code: "damaged_schema" },
    );
  }
  throw new CanaryError(
    `database is at version ${version}, recorded by another tool, but lacks what canary's ` +
      `migrations up to ${version} create (${shown}): it was built by different migrations; ` +
      `use a new database (--db), or repair it and run \`canary migrate force VERSION\``,
    { code: "foreign_schema" },
  );
}

/** The shadow tables an FTS5 table keeps beside it. */
const FTS_SHADOW = /^(.+)_(?:data|idx|content|docsize|config)$/;

/** A database's tables, told apart by {@link sortTables}. */
interface SortedTables {
  /** Tables canary's migrations create. */
  ours: string[];
  /** Tables they do not. */
  foreign: string[];
  /** True when it holds every table canary's newest schema has. */
  whole: boolean;
}

/**
 * The database's tables other than the bookkeeping ones, split into those
 * canary's migrations create and the others (SQLite's own tables, and those
 * an FTS5 table keeps beside it, come with what made them). Beside canary's
 * history, the Go edition's own tables are neither: an adopted Go-edition
 * database keeps them when rolled back below canary's first migration.
 */
function sortTables(db: DatabaseSync, migrations: readonly Migration[]): SortedTables {
  const rows = db.prepare(
    "SELECT lower(name) AS name, sql LIKE 'CREATE VIRTUAL TABLE%' AS virtual FROM sqlite_schema " +
      "WHERE type = 'table' ORDER BY name",
  ).all() as { name: string; virtual: number }[];
  const adopted = rows.some((row) => row.name === HISTORY_TABLE) ? GO_ONLY_TABLES : new Set();
  const tables = rows.map((row) => row.name).filter((name) =>
    name !== "schema_migrations" && name !== HISTORY_TABLE && !adopted.has(name)
  );
  // A new file: nothing to tell apart, and reading what every migration creates costs a start.
  if (tables.length === 0) return { ours: [], foreign: [], whole: false };
  const known = new Set(
    migrations.flatMap((m) => [...expectedObjects([m])])
      .filter((object) => object.startsWith("table "))
      .map((object) => object.slice("table ".length)),
  );
  const virtual = new Set(rows.filter((row) => row.virtual).map((row) => row.name));
  const internal = (name: string) =>
    name.startsWith("sqlite_") || virtual.has(FTS_SHADOW.exec(name)?.[1] ?? "");
  const ours = tables.filter((name) => known.has(name));
  const newest = [...expectedObjects(migrations)].filter((object) => object.startsWith("table "));
  return {
    ours,
    foreign: tables.filter((name) => !known.has(name) && !internal(name)),
    whole: newest.every((object) => ours.includes(object.slice("table ".length))),
  };
}

function listed(names: readonly string[]): string {
  return names.slice(0, 3).join(", ") + (names.length > 3 ? `, … (${names.length})` : "");
}

/**
 * Refuses another application's database: tables canary does not know and no
 * canary version record, that is version 0, or a version (or a damaged
 * record, `null`) over none of canary's tables, which another tool keeps for
 * its own schema. One holding every table of canary's newest schema is
 * canary's, whatever else it holds.
 */
export function assertNotForeign(
  db: DatabaseSync,
  migrations: readonly Migration[],
  version: number | null,
): void {
  const { ours, foreign, whole } = sortTables(db, migrations);
  if (foreign.length > 0 && !whole && (version === 0 || ours.length === 0)) {
    throw foreignDatabaseError(foreign);
  }
}

function foreignDatabaseError(foreign: readonly string[]): CanaryError {
  return new CanaryError(
    `database holds tables canary does not know (${listed(foreign)}) and no canary version ` +
      "record: it belongs to another application; canary leaves it alone (use --db with a canary database)",
    { code: "foreign_database" },
  );
}

/**
 * A database at version 0 must hold no tables but the bookkeeping ones:
 * tables without a version record are another application's, or canary's
 * with the record lost (all of canary's tables, or only some and none
 * another's). Either way migrating would change data it cannot vouch for.
 */
function assertNothingBuilt(db: DatabaseSync, migrations: readonly Migration[]): void {
  const { ours, foreign, whole } = sortTables(db, migrations);
  if (foreign.length > 0 && !whole) throw foreignDatabaseError(foreign);
  if (ours.length > 0) {
    throw new CanaryError(
      `database holds canary's tables (${
        listed(ours)
      }) but its version record is empty or missing; ` +
        "run `canary migrate force VERSION` with the version it is at",
      { code: "bad_version_record" },
    );
  }
}

/** Reports the version and, for each known migration, whether it is applied. */
export function migrationStatus(
  db: DatabaseSync,
  migrations: readonly Migration[],
): MigrationStatus {
  const { state, history } = inReadSnapshot(
    db,
    () => ({ state: readVersion(db), history: readHistory(db) }),
  );
  const entries = migrations.map((m): MigrationStatusEntry => {
    const applied = m.version <= state.version;
    const row = applied ? history.get(m.version) : undefined;
    return {
      version: m.version,
      name: m.name,
      applied,
      appliedAt: normalizeTimestamp(row?.applied_at ?? null),
      durationMs: row ? Number(row.duration_ms) : null,
      checksumMatches: row ? row.checksum === m.checksum : null,
    };
  });
  return {
    ...state,
    latest: newestSchemaVersion(migrations),
    pending: entries.filter((e) => !e.applied).length,
    migrations: entries,
  };
}

function stepsOf(
  migrations: readonly Migration[],
  version: number,
  direction: "up" | "down",
  count: StepCount,
): MigrationStep[] {
  const available = direction === "up"
    ? migrations.filter((m) => m.version > version)
    : migrations.filter((m) => m.version <= version).reverse();
  if (count !== "all" && count > available.length) {
    const verb = direction === "up" ? "apply" : "roll back";
    const what = direction === "up" ? "pending" : "applied";
    throw new CanaryError(
      `cannot ${verb} ${countOf(count, "step")}: only ${countOf(available.length, "migration")} ` +
        `${available.length === 1 ? "is" : "are"} ${what} ` +
        `(database at version ${version}); nothing changed`,
      { code: "too_many_steps" },
    );
  }
  const chosen = count === "all" ? available : available.slice(0, count);
  return chosen.map((m) => ({
    version: m.version,
    name: m.name,
    direction,
    file: direction === "up" ? m.upFile : m.downFile,
    sql: direction === "up" ? m.up : m.down,
  }));
}

/**
 * What an apply (`up`) or rollback (`down`) call would run, without changing
 * anything. Throws when more steps are asked than exist, or when the database
 * is not usable (see {@link assertUsable}).
 */
export function planMigrations(
  db: DatabaseSync,
  migrations: readonly Migration[],
  direction: "up" | "down",
  count: StepCount,
): MigrationStep[] {
  const state = assertUsable(db, migrations);
  return stepsOf(migrations, state.version, direction, count);
}

/** The version a run of `count` steps from `version` ends at. */
function targetOf(
  migrations: readonly Migration[],
  version: number,
  direction: "up" | "down",
  count: StepCount,
): number {
  return versionAfter(migrations, version, stepsOf(migrations, version, direction, count));
}

/**
 * The version a database is at after `steps`, run in order from `from`: an
 * up step leaves its own version, a down step the version below it.
 */
export function versionAfter(
  migrations: readonly Migration[],
  from: number,
  steps: readonly Pick<MigrationStep, "version" | "direction">[],
): number {
  const last = steps.at(-1);
  if (last === undefined) return from;
  return last.direction === "up" ? last.version : versionBelow(migrations, last.version);
}

function versionBelow(migrations: readonly Migration[], version: number): number {
  return migrations.filter((m) => m.version < version).at(-1)?.version ?? 0;
}

/** Another process moved the version away from where this run was taking it. */
export class ConcurrentMigrationError extends CanaryError {
  /** Builds the error; `done` steps of this run committed before it. */
  constructor(expected: number, found: number, target: number, done: number) {
    super(
      `another process moved the database from version ${expected} to ${found} while this ` +
        `command was taking it to ${target}; stopped at version ${found} after ` +
        `${countOf(done, "step")} of its own: run it again`,
      { code: "concurrent_migration" },
    );
    this.name = "ConcurrentMigrationError";
  }
}

/** True when `now` lies on the way from `expected` to `target` (another run did our work). */
function onTheWay(expected: number, now: number, target: number): boolean {
  return (now - expected) * (target - expected) > 0 &&
    Math.abs(now - expected) <= Math.abs(target - expected);
}

/** The version a step left, and SQLite's schema cookie as it left it. */
export interface StepState {
  version: number;
  schemaCookie: number;
}

/** The state of `db` at `version`, read inside the transaction that left it there. */
export function stepState(db: DatabaseSync, version: number): StepState {
  const row = db.prepare("PRAGMA schema_version").get() as { schema_version: number };
  return { version, schemaCookie: Number(row.schema_version) };
}

/**
 * Whether the database is as this run's previous step left it: the same version record, not dirty,
 * and the same schema cookie, which SQLite changes with every schema change. Then what
 * {@linkcode assertUsable} checked before that step still holds, and it need not run again.
 */
export function unchangedSince(db: DatabaseSync, left: StepState | undefined): boolean {
  if (left === undefined) return false;
  const state = readVersion(db);
  return state.version === left.version && !state.dirty &&
    stepState(db, left.version).schemaCookie === left.schemaCookie;
}

/** What one step did: nothing, when the target was reached; or the step, and the state it left. */
type StepResult =
  | { now: number; target: number; step: null }
  | { now: number; target: number; step: AppliedStep; left: StepState };

/**
 * Runs one step toward `target` under the write lock; returns the version it
 * started from, the target, and the step done with the state it left (the
 * step is null when there was nothing left).
 */
function stepToward(
  db: DatabaseSync,
  migrations: readonly Migration[],
  target: (now: number) => number,
  done: readonly AppliedStep[],
  expected: StepState | undefined,
  stepNumber: number,
  beforeStep?: (db: DatabaseSync) => void,
): StepResult {
  return inWriteTransaction(db, () => {
    beforeStep?.(db);
    // As this run's previous step left it, the database still has its bookkeeping tables.
    const unchanged = unchangedSince(db, expected);
    if (!unchanged) ensureBookkeeping(db);
    const now = unchanged ? expected!.version : assertUsable(db, migrations).version;
    const goal = target(now);
    if (
      expected !== undefined && now !== expected.version && !onTheWay(expected.version, now, goal)
    ) {
      throw new ConcurrentMigrationError(expected.version, now, goal, done.length);
    }
    if (now === goal) return { now, target: goal, step: null };
    const direction = goal > now ? "up" : "down";
    const step = stepsOf(migrations, now, direction, "all")[0];
    const started = performance.now();
    try {
      db.exec(step.sql);
    } catch (error) {
      const remaining = stepsOf(migrations, now, direction, "all")
        .filter((s) => direction === "up" ? s.version <= goal : s.version > goal).length;
      const total = done.length + remaining;
      throw new MigrationFailedError(step, errorMessage(error), [...done], now, stepNumber, total);
    }
    const left = versionAfter(migrations, now, [step]);
    writeVersion(db, left);
    const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
    if (direction === "up") {
      recordApplied(
        db,
        migrations.find((m) => m.version === step.version)!,
        durationMs,
      );
    } else db.prepare(`DELETE FROM ${HISTORY_TABLE} WHERE version = ?`).run(step.version);
    const { sql: _sql, ...applied } = step;
    return { now, target: goal, step: { ...applied, durationMs }, left: stepState(db, left) };
  }, {
    // Nothing to do leaves the database as it was, bookkeeping table included.
    commitIf: (result) => result.step !== null,
  });
}

/**
 * Moves the database step by step (each step its own transaction) to the
 * version `target` names for the version found under the lock at the first
 * step. Another process doing some of the same steps meanwhile is fine; one
 * moving the version the other way stops the run with a
 * {@link ConcurrentMigrationError}, so a run never reports a target it did
 * not reach, nor a step twice.
 */
function runToward(
  db: DatabaseSync,
  migrations: readonly Migration[],
  target: (now: number) => number,
  options: StepOptions,
): MigrationRun {
  const done: AppliedStep[] = [];
  let from: number | undefined;
  let goal: number | undefined;
  let expected: StepState | undefined;
  for (;;) {
    const fixed = goal;
    const result = stepToward(
      db,
      migrations,
      (now) => fixed ?? target(now),
      done,
      expected,
      done.length + 1,
      done.length === 0 ? options.beforeFirstStep : undefined,
    );
    from ??= result.now;
    goal = result.target;
    if (result.step === null) return { from, to: result.now, steps: done };
    done.push(result.step);
    expected = result.left;
    // Reached in this run's own transaction: another one would only find nothing left to do.
    if (expected.version === goal) return { from, to: goal, steps: done };
  }
}

/** Options of {@link applyMigrations} and {@link rollbackMigrations}. */
export interface StepOptions {
  /**
   * Runs under the write lock of the first step, before its SQL; a throw
   * rolls that step back and ends the call (e.g. to check that nothing
   * changed since a backup was taken).
   */
  beforeFirstStep?: (db: DatabaseSync) => void;
}

function runSteps(
  db: DatabaseSync,
  migrations: readonly Migration[],
  direction: "up" | "down",
  count: StepCount,
  options: StepOptions,
): MigrationRun {
  // Check the request against the state before taking any lock, so a bad
  // request fails without writing; the steps are counted again under the lock.
  stepsOf(migrations, assertUsable(db, migrations).version, direction, count);
  return runToward(db, migrations, (now) => targetOf(migrations, now, direction, count), options);
}

/**
 * Moves the database up or down to `version` (0 … newest): nothing to do when
 * it is there, so concurrent runs to one version all end there.
 */
export function migrateTo(
  db: DatabaseSync,
  migrations: readonly Migration[],
  version: number,
  options: StepOptions = {},
): MigrationRun {
  assertKnownVersion(migrations, version, "migrate to");
  assertUsable(db, migrations);
  return runToward(db, migrations, () => version, options);
}

/** The steps {@link migrateTo} would run now, without changing anything. */
export function planTo(
  db: DatabaseSync,
  migrations: readonly Migration[],
  version: number,
): MigrationStep[] {
  assertKnownVersion(migrations, version, "migrate to");
  const now = assertUsable(db, migrations).version;
  if (version >= now) {
    return stepsOf(migrations, now, "up", "all").filter((s) => s.version <= version);
  }
  return stepsOf(migrations, now, "down", "all").filter((s) => s.version > version);
}

/** Throws unless `version` is 0 or an embedded migration's version. */
export function assertKnownVersion(
  migrations: readonly Migration[],
  version: number,
  what: string,
): void {
  if (version === 0 || migrations.some((m) => m.version === version)) return;
  throw new CanaryError(
    `cannot ${what} ${version}: known versions are 0 and ${
      migrations.map((m) => m.version).join(", ")
    }`,
    { code: "unknown_version" },
  );
}

/** Applies up to `count` pending migrations (or all), each in its own transaction. */
export function applyMigrations(
  db: DatabaseSync,
  migrations: readonly Migration[],
  count: StepCount = "all",
  options: StepOptions = {},
): MigrationRun {
  return runSteps(db, migrations, "up", count, options);
}

/** Rolls back `count` applied migrations (or all), newest first, each in its own transaction. */
export function rollbackMigrations(
  db: DatabaseSync,
  migrations: readonly Migration[],
  count: StepCount = "all",
  options: StepOptions = {},
): MigrationRun {
  return runSteps(db, migrations, "down", count, options);
}

/** The version record, or null when it is damaged (what `migrate force` is there to fix). */
export function recordedVersion(db: DatabaseSync): VersionState | null {
  try {
    return readVersion(db);
  } catch (error) {
    if (error instanceof CanaryError && error.code === "bad_version_record") return null;
    throw error;
  }
}

/** The version record before and after {@link forceVersion}; null before when damaged. */
export interface ForcedVersion {
  before: VersionState | null;
  after: VersionState;
}

/**
 * Sets the version record to `version` and clears `dirty`, without running any
 * SQL: the way out after another tool left a half-applied migration and the
 * schema was repaired by hand. History rows above the version are dropped. The
 * record it replaces is read under the same write lock, so it is the one replaced.
 */
export function forceVersion(
  db: DatabaseSync,
  migrations: readonly Migration[],
  version: number,
): ForcedVersion {
  assertKnownVersion(migrations, version, "force version");
  const before = inWriteTransaction(db, () => {
    const found = recordedVersion(db);
    ensureBookkeeping(db);
    writeVersion(db, version);
    db.prepare(`DELETE FROM ${HISTORY_TABLE} WHERE version > ?`).run(version);
    return found;
  });
  return { before, after: readVersion(db) };
}
