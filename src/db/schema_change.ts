/**
 * Changing the schema by hand (`migrate`, `rollback`, `migrate to`, their
 * `--dry-run`s): a plan read in one snapshot, the backup it calls for, and the
 * steps, in that order. The command only says what it asks for and renders
 * the result.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { CanaryError } from "../errors.ts";
import { inReadSnapshot } from "./busy.ts";
import {
  assertBackupTarget,
  backupIfNeeded,
  type BackupResult,
  changedSince,
  dropsOrRebuildsTable,
} from "./backup.ts";
import { EMBEDDED_MIGRATIONS } from "./embedded_migrations.ts";
import { repairDatabase, type RepairFindings, repairFindings } from "./checksum_repair.ts";
import {
  adoptIfGoEdition,
  type AdoptionResult,
  assertIntactIfGoEdition,
} from "./go_edition_open.ts";
import type { Migration } from "./migration.ts";
import {
  applyMigrations,
  assertNotForeign,
  assertRepairable,
  assertUsable,
  type ForcedVersion,
  forceVersion,
  migrateTo,
  type MigrationRun,
  type MigrationStep,
  planMigrations,
  planTo,
  readVersion,
  recordedVersion,
  rollbackMigrations,
  type StepCount,
  type StepOptions,
  versionAfter,
} from "./migrator.ts";
import { openRawDatabase, useWriteAheadLog } from "./open.ts";
import { isMissing } from "./locate.ts";

/** What a schema command asks for: N steps (or all) up or down, or one version. */
export type SchemaTarget =
  | { direction: "up" | "down"; count: StepCount }
  | { version: number };

/** The steps a change would run now, from and to which version, and whether to back up first. */
export interface MigrationPlan {
  from: number;
  to: number;
  steps: MigrationStep[];
  /** True when a step reverts anything or drops or rebuilds a table. */
  backupNeeded: boolean;
}

/**
 * The backup to take before destructive steps: a path, `false` for none
 * (`--no-backup`), or undefined for `<db>.backup-<version>-<UTC timestamp>`.
 */
export type BackupChoice = string | false | undefined;

/** Something the change did that a person should hear about as it happens. */
export type SchemaChangeEvent =
  | { kind: "adopted"; adoption: AdoptionResult }
  | { kind: "backed_up"; backup: BackupResult }
  | { kind: "backup_retaken" };

/** Options of {@link changeSchema}. */
export interface SchemaChangeOptions {
  dryRun?: boolean;
  backup?: BackupChoice;
  /** Migrations to work with (default: the embedded set; tests pass others). */
  migrations?: readonly Migration[];
  /** Told of each adoption and backup when it happens, before any later step can fail. */
  onEvent?: (event: SchemaChangeEvent) => void;
}

/** What {@link changeSchema} did: `run` is null for a dry run. */
export interface SchemaChange {
  plan: MigrationPlan;
  run: MigrationRun | null;
  backup: BackupResult | null;
  adoption: AdoptionResult | null;
}

/** How often a backup is retaken because another process committed right after it. */
const BACKUP_ATTEMPTS = 5;

/** The plan for `target`, read in one snapshot so `from` and the steps agree. */
export function planSchemaChange(
  db: DatabaseSync,
  migrations: readonly Migration[],
  target: SchemaTarget,
): MigrationPlan {
  return inReadSnapshot(db, () => {
    const steps = "version" in target
      ? planTo(db, migrations, target.version)
      : planMigrations(db, migrations, target.direction, target.count);
    const from = readVersion(db).version;
    return {
      from,
      to: versionAfter(migrations, from, steps),
      steps,
      backupNeeded: steps.some((s) => s.direction === "down" || dropsOrRebuildsTable(s.sql)),
    };
  });
}

function runTarget(
  db: DatabaseSync,
  migrations: readonly Migration[],
  target: SchemaTarget,
  options: StepOptions,
): MigrationRun {
  if ("version" in target) return migrateTo(db, migrations, target.version, options);
  const run = target.direction === "up" ? applyMigrations : rollbackMigrations;
  return run(db, migrations, target.count, options);
}

/**
 * Moves the schema of the database at `path` toward `target`. A Go-edition
 * database is adopted first (a dry run refuses it instead, since its plan
 * starts after the adoption); a plan that reverts or drops anything is
 * preceded by a backup unless `backup` is false.
 */
export async function changeSchema(
  path: string,
  target: SchemaTarget,
  options: SchemaChangeOptions = {},
): Promise<SchemaChange> {
  const migrations = options.migrations ?? EMBEDDED_MIGRATIONS;
  const untouched = isMissing(path) ? changeOfMissing(migrations, target, options) : null;
  if (untouched !== null) return untouched;
  const adoption = await adoptFirst(path, migrations, options);
  using db = openRawDatabase(path, { inspect: (db) => assertUsable(db, migrations) });
  const plan = planSchemaChange(db, migrations, target);
  if (options.dryRun) return { plan, run: null, backup: null, adoption };
  // Before the backup: leaving the rollback journal counts as a change since the copy.
  useWriteAheadLog(db, path);
  const done = await backupThenRun(
    db,
    path,
    // Asked again under the lock: another process may have done the work, or undone it.
    () => planSchemaChange(db, migrations, target).backupNeeded,
    options,
    (step) => runTarget(db, migrations, target, step),
  );
  return { plan, ...done, adoption };
}

/**
 * A change of a database that does not exist yet, planned as an empty one, when it changes
 * nothing (a dry run, no step to take) or is refused: then no file or folder is created. Null
 * when it has steps to take.
 */
function changeOfMissing(
  migrations: readonly Migration[],
  target: SchemaTarget,
  options: SchemaChangeOptions,
): SchemaChange | null {
  using empty = new DatabaseSync(":memory:");
  const plan = planSchemaChange(empty, migrations, target);
  if (options.dryRun) return { plan, run: null, backup: null, adoption: null };
  if (plan.steps.length > 0) return null;
  return { plan, run: { from: plan.from, to: plan.to, steps: [] }, backup: null, adoption: null };
}

/**
 * Adopts a Go-edition database (into `--backup PATH` when given) and tells
 * `onEvent`; a dry run refuses one instead, since its plan starts after the
 * adoption.
 */
async function adoptFirst(
  path: string,
  migrations: readonly Migration[],
  options: SchemaChangeOptions,
): Promise<AdoptionResult | null> {
  if (typeof options.backup === "string") assertBackupTarget(path, options.backup);
  const adoption = await adoptIfGoEdition(path, {
    backup: typeof options.backup === "string" ? options.backup : undefined,
    migrations,
    readCommand: options.dryRun,
  });
  if (adoption !== null) options.onEvent?.({ kind: "adopted", adoption });
  return adoption;
}

/**
 * Takes the backup `choice` asks for, when `needed` says so (asked again under the backup's lock),
 * and tells `onEvent`.
 */
async function backupWhenNeeded(
  db: DatabaseSync,
  path: string,
  needed: () => boolean,
  options: Pick<SchemaChangeOptions, "backup" | "onEvent">,
): Promise<BackupResult | null> {
  if (options.backup === false || !needed()) return null;
  const backup = await backupIfNeeded(db, path, needed, { destination: options.backup });
  if (backup !== null) options.onEvent?.({ kind: "backed_up", backup });
  return backup;
}

class ChangedSinceBackup extends Error {}

/**
 * Backs up (when needed), then runs the steps. The backup's lock is released
 * before the first step takes its own, so the first step checks, under its
 * lock, that nothing was committed in between (or, without a backup, that none is needed now);
 * if something was, the copy is discarded and taken again: a backup always holds everything the
 * steps destroy.
 */
async function backupThenRun(
  db: DatabaseSync,
  path: string,
  needed: () => boolean,
  options: SchemaChangeOptions,
  run: (stepOptions: StepOptions) => MigrationRun,
): Promise<{ run: MigrationRun; backup: BackupResult | null }> {
  for (let attempt = 1;; attempt++) {
    if (options.backup === false) return { run: run({}), backup: null };
    const backup = await backupWhenNeeded(db, path, needed, options);
    const beforeFirstStep = (locked: DatabaseSync) => {
      const changed = backup === null ? needed() : changedSince(locked, backup);
      if (changed) throw new ChangedSinceBackup();
    };
    try {
      return { run: run({ beforeFirstStep }), backup };
    } catch (error) {
      if (!(error instanceof ChangedSinceBackup)) throw error;
      if (backup !== null) Deno.removeSync(backup.path);
      if (attempt === BACKUP_ATTEMPTS) {
        throw new CanaryError(
          `${path} kept changing right after each of ${attempt} backups; nothing was changed`,
          { code: "backup_failed" },
        );
      }
      if (backup !== null) options.onEvent?.({ kind: "backup_retaken" });
    }
  }
}

/** What {@link repairSchema} found and, unless a dry run, fixed. */
export interface SchemaRepair extends RepairFindings {
  backup: BackupResult | null;
  adoption: AdoptionResult | null;
}

/**
 * `migrate repair`: refuses a missing database; adopts a Go-edition database
 * first, as every command that may write does (a dry run refuses it);
 * refuses, before any backup, a
 * database it cannot vouch for (see {@link assertRepairable}); then finds
 * checksum drift and missing objects and, unless `dryRun` (or there is
 * nothing to repair), backs up and repairs them.
 */
export async function repairSchema(
  path: string,
  options: SchemaChangeOptions = {},
): Promise<SchemaRepair> {
  const migrations = options.migrations ?? EMBEDDED_MIGRATIONS;
  assertExists(path, "nothing to repair");
  const adoption = await adoptFirst(path, migrations, options);
  using db = openRawDatabase(path, {
    readOnlyFallback: options.dryRun,
    inspect: (db) => assertRepairable(db, migrations),
  });
  const found = repairFindings(db, migrations);
  const nothing = found.drift.length === 0 && found.missing.length === 0;
  if (options.dryRun || nothing) return { ...found, backup: null, adoption };
  const backup = await backupWhenNeeded(db, path, () => true, options);
  return { ...repairDatabase(db, migrations), backup, adoption };
}

/** Refuses a database that does not exist: a command that mends one creates none. */
function assertExists(path: string, what: string): void {
  if (!isMissing(path)) return;
  throw new CanaryError(`no canary database at ${path}: ${what}, and none is created`, {
    code: "missing_database",
  });
}

/**
 * `migrate force V`: records version V without running SQL (after a manual
 * repair). A missing database, and another application's, are refused untouched: the version
 * record is not canary's to set; so is a Go-edition one whose pages fail SQLite's check.
 */
export function forceSchemaVersion(
  path: string,
  version: number,
  migrations: readonly Migration[] = EMBEDDED_MIGRATIONS,
): ForcedVersion {
  assertExists(path, "no version record to set");
  using db = openRawDatabase(path, {
    inspect: (db) => {
      assertIntactIfGoEdition(db, path, migrations);
      assertNotForeign(db, migrations, recordedVersion(db)?.version ?? null);
    },
  });
  return forceVersion(db, migrations, version);
}
