/**
 * `canary migrate` (`all|N`, `to V`, `status`, `repair`, `force V`) and
 * `canary rollback`: manage the schema version by hand.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { EMBEDDED_MIGRATIONS } from "../db/embedded_migrations.ts";
import {
  type AppliedStep,
  applyMigrations,
  assertUsable,
  forceVersion,
  migrateTo,
  type MigrationRun,
  type MigrationStatus,
  migrationStatus,
  type MigrationStep,
  planMigrations,
  planTo,
  readVersion,
  rollbackMigrations,
  type StepOptions,
  type VersionState,
} from "../db/migrator.ts";
import { CanaryError } from "../errors.ts";
import { inReadSnapshot } from "../db/busy.ts";
import { detectGoEdition } from "../db/go_edition.ts";
import { adoptIfGoEdition, type AdoptionResult, goDirtyError } from "../db/go_edition_open.ts";
import { reportAdoption } from "./open_report.ts";
import { type ChecksumDrift, repairDatabase, repairFindings } from "../db/checksum_repair.ts";
import { type OpenOptions, openRawDatabase, useWriteAheadLog } from "../db/open.ts";
import {
  assertBackupTarget,
  backupDatabase,
  type BackupResult,
  changedSince,
  dropsOrRebuildsTable,
} from "../db/backup.ts";
import type { Migration } from "../db/migration.ts";
import { parseIntegerIn, parseSteps } from "./args.ts";
import type { CommandContext } from "./context.ts";
import { tableLines } from "../output/table.ts";
import { isMissing, missingDatabaseNote } from "./open_report.ts";
import { countOf } from "../output/plural.ts";

/** Options shared by `migrate`, `migrate to`, `migrate repair` and `rollback`. */
export interface SchemaCommandOptions {
  db: string;
  json?: boolean;
  dryRun?: boolean;
  /**
   * `--backup PATH` (a string), `--no-backup` (false), or the default
   * (undefined: `<db>.backup-<version>-<UTC timestamp>`) for the copy taken
   * before destructive steps.
   */
  backup?: string | boolean;
  /** Migrations to work with; tests pass extra ones (default: the embedded set). */
  migrations?: readonly Migration[];
}

/**
 * Adopts a Go-edition database first (backup included): the schema commands
 * then work on canary's schema like every other command. A dry run refuses
 * one instead, since its plan starts after the adoption.
 */
async function adoptFirst(
  ctx: CommandContext,
  options: SchemaCommandOptions,
): Promise<AdoptionResult | null> {
  const backup = typeof options.backup === "string" ? options.backup : undefined;
  const adoption = await adoptIfGoEdition(options.db, {
    backup,
    migrations: options.migrations,
    readCommand: options.dryRun,
  });
  if (adoption !== null) reportAdoption(ctx, options.db, adoption);
  return adoption;
}

/** Opens the database file without migrating it, runs `fn`, and closes it. */
async function withDatabase<T>(
  path: string,
  fn: (db: DatabaseSync) => T | Promise<T>,
  options: OpenOptions = {},
): Promise<T> {
  const db = openRawDatabase(path, options);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/**
 * Takes the backup the plan calls for (see the module doc), unless
 * `--no-backup`; notes its path on stderr.
 */
async function backupBeforeSteps(
  ctx: CommandContext,
  db: DatabaseSync,
  options: SchemaCommandOptions,
  needed: boolean,
): Promise<BackupResult | null> {
  if (!needed || options.backup === false) return null;
  const destination = typeof options.backup === "string" ? options.backup : undefined;
  const result = await backupDatabase(db, options.db, destination);
  ctx.out.note(
    `canary: backup of ${options.db} (version ${result.version}) written to ${result.path}`,
  );
  return result;
}

/** How often a backup is retaken because another process committed right after it. */
const BACKUP_ATTEMPTS = 5;

class ChangedSinceBackup extends Error {}

/**
 * Backs up (when needed), then runs the steps. The backup's lock is released
 * before the first step takes its own, so the first step checks, under its
 * lock, that nothing was committed in between; if something was, the copy is
 * discarded and taken again: a backup always holds everything the steps
 * destroy.
 */
async function backupThenRun(
  ctx: CommandContext,
  db: DatabaseSync,
  options: SchemaCommandOptions,
  needed: boolean,
  run: (stepOptions: StepOptions) => MigrationRun,
): Promise<{ run: MigrationRun; backup: BackupResult | null }> {
  for (let attempt = 1;; attempt++) {
    const backup = await backupBeforeSteps(ctx, db, options, needed);
    if (backup === null) return { run: run({}), backup };
    const beforeFirstStep = (locked: DatabaseSync) => {
      if (changedSince(locked, backup)) throw new ChangedSinceBackup();
    };
    try {
      return { run: run({ beforeFirstStep }), backup };
    } catch (error) {
      if (!(error instanceof ChangedSinceBackup)) throw error;
      Deno.removeSync(backup.path);
      if (attempt === BACKUP_ATTEMPTS) {
        throw new CanaryError(
          `${options.db} kept changing right after each of ${attempt} backups; nothing was changed`,
          { code: "backup_failed" },
        );
      }
      ctx.out.note(`canary: ${options.db} changed right after the backup; taking it again`);
    }
  }
}

function stepJson(step: AppliedStep) {
  return {
    version: step.version,
    name: step.name,
    direction: step.direction,
    file: step.file,
    duration_ms: step.durationMs,
  };
}

function reportRun(
  ctx: CommandContext,
  path: string,
  run: MigrationRun,
  json: boolean | undefined,
  backup: BackupResult | null,
  adoption: AdoptionResult | null = null,
): void {
  const { out } = ctx;
  for (const step of run.steps) {
    const verb = step.direction === "up" ? "applied" : "reverted";
    out.note(`${verb} ${step.file} (${step.durationMs.toFixed(1)} ms)`);
  }
  if (run.steps.length === 0) out.note(`nothing to do: ${path} is at version ${run.to}`);
  else out.note(`${path}: version ${run.from} → ${run.to}`);
  if (!json) return;
  const versions = (direction: string) =>
    run.steps.filter((s) => s.direction === direction).map((s) => s.version);
  out.json({
    database: path,
    from: run.from,
    to: run.to,
    applied: versions("up"),
    reverted: versions("down"),
    steps: run.steps.map(stepJson),
    backup: backup?.path ?? adoption?.backup.path ?? null,
    adopted_go_version: adoption?.goVersion ?? null,
  });
}

function dryRun(
  ctx: CommandContext,
  path: string,
  from: number,
  plan: readonly MigrationStep[],
  migrations: readonly Migration[],
  json: boolean | undefined,
): void {
  const last = plan.at(-1);
  const to = last === undefined
    ? from
    : last.direction === "up"
    ? last.version
    : (migrations.filter((m) => m.version < last.version).at(-1)?.version ?? 0);
  if (json) {
    ctx.out.json({
      database: path,
      dry_run: true,
      from,
      to,
      steps: plan.map((s) => ({
        version: s.version,
        name: s.name,
        direction: s.direction,
        file: s.file,
        sql: s.sql,
      })),
    });
  } else {
    for (const step of plan) ctx.out.data(`-- ${step.file}\n${step.sql.trimEnd()}\n\n`);
  }
  ctx.out.note(
    plan.length === 0
      ? `dry run: nothing to do: ${path} is at version ${from}`
      : `dry run: would move ${path} from version ${from} to ${to} in ${
        countOf(plan.length, "step")
      }; nothing changed`,
  );
}

/** A plan and the version it starts from, read in one snapshot. */
function planNow(
  db: DatabaseSync,
  plan: () => MigrationStep[],
): { plan: MigrationStep[]; from: number } {
  return inReadSnapshot(db, () => ({ plan: plan(), from: readVersion(db).version }));
}

/** Backs up before the plan when it reverts anything or drops or rebuilds a table. */
function needsBackup(plan: readonly MigrationStep[]): boolean {
  return plan.some((step) => step.direction === "down" || dropsOrRebuildsTable(step.sql));
}

/**
 * `canary migrate <all|N>`: applies pending migrations. When one of them drops
 * or rebuilds a table, the database is first copied (see `--backup`).
 */
export async function migrateCommand(
  ctx: CommandContext,
  stepsText: string | undefined,
  options: SchemaCommandOptions,
): Promise<void> {
  const steps = parseSteps(stepsText, "migrate");
  const migrations = options.migrations ?? EMBEDDED_MIGRATIONS;
  if (typeof options.backup === "string") assertBackupTarget(options.db, options.backup);
  const adoption = await adoptFirst(ctx, options);
  await withDatabase(options.db, async (db) => {
    const { plan, from } = planNow(db, () => planMigrations(db, migrations, "up", steps));
    if (options.dryRun) return dryRun(ctx, options.db, from, plan, migrations, options.json);
    const { run, backup } = await backupThenRun(ctx, db, options, needsBackup(plan), (step) => {
      useWriteAheadLog(db, options.db);
      return applyMigrations(db, migrations, steps, step);
    });
    reportRun(ctx, options.db, run, options.json, backup, adoption);
  }, { inspect: (db) => assertUsable(db, migrations) });
}

/**
 * `canary rollback <all|N>`: reverts applied migrations, newest first. Down
 * migrations drop tables and columns, so the database is first copied (see
 * `--backup`) whenever there is something to revert.
 */
export async function rollbackCommand(
  ctx: CommandContext,
  stepsText: string | undefined,
  options: SchemaCommandOptions,
): Promise<void> {
  const steps = parseSteps(stepsText, "rollback");
  const migrations = options.migrations ?? EMBEDDED_MIGRATIONS;
  if (typeof options.backup === "string") assertBackupTarget(options.db, options.backup);
  const adoption = await adoptFirst(ctx, options);
  await withDatabase(options.db, async (db) => {
    const { plan, from } = planNow(db, () => planMigrations(db, migrations, "down", steps));
    if (options.dryRun) return dryRun(ctx, options.db, from, plan, migrations, options.json);
    const { run, backup } = await backupThenRun(ctx, db, options, needsBackup(plan), (step) => {
      useWriteAheadLog(db, options.db);
      return rollbackMigrations(db, migrations, steps, step);
    });
    reportRun(ctx, options.db, run, options.json, backup, adoption);
  }, { inspect: (db) => assertUsable(db, migrations) });
}

/** Whether other commands accept the database, and why not. */
interface Verdict {
  /** `ok`, `pending`, `go_edition` (adopted by the next command that may write it) or `refused`. */
  state: "ok" | "pending" | "go_edition" | "refused";
  reason: string | null;
  /** The refusal, for the exit code. */
  error: CanaryError | null;
}

function verdictOf(db: DatabaseSync, path: string, status: MigrationStatus): Verdict {
  const go = detectGoEdition(db, EMBEDDED_MIGRATIONS);
  if (go?.dirty) {
    const error = goDirtyError(path, go.version);
    return { state: "refused", reason: error.message, error };
  }
  if (go !== null) {
    const reason = `built by the Go edition of canary (its version ${go.version}); ` +
      "the next command that may write it adopts it, after a backup";
    return { state: "go_edition", reason, error: null };
  }
  try {
    assertUsable(db, EMBEDDED_MIGRATIONS);
  } catch (error) {
    if (!(error instanceof CanaryError)) throw error;
    return { state: "refused", reason: error.message, error };
  }
  return { state: status.pending > 0 ? "pending" : "ok", reason: null, error: null };
}

function statusJson(path: string, status: MigrationStatus, verdict: Verdict) {
  return {
    database: path,
    state: verdict.state,
    reason: verdict.reason,
    version: status.version,
    dirty: status.dirty,
    latest: status.latest,
    pending: status.pending,
    migrations: status.migrations.map((m) => ({
      version: m.version,
      name: m.name,
      state: m.applied ? "applied" : "pending",
      applied_at: m.appliedAt,
      duration_ms: m.durationMs,
      checksum_ok: m.checksumMatches,
    })),
  };
}

function printStatusTable(ctx: CommandContext, status: MigrationStatus): void {
  const c = ctx.out.colors;
  ctx.out.lines(tableLines(
    [
      { header: "VERSION", value: (m) => String(m.version), align: "right" },
      { header: "NAME", value: (m) => m.name },
      {
        header: "STATE",
        value: (m) => m.applied ? "applied" : "pending",
        style: (cell, m) => m.applied ? c.green(cell) : c.yellow(cell),
      },
      {
        header: "APPLIED_AT",
        value: (m) => m.appliedAt ?? (m.applied ? "(by another tool)" : "-"),
      },
      {
        header: "CHECKSUM",
        value: (m) => m.checksumMatches === null ? "-" : m.checksumMatches ? "ok" : "DRIFT",
        style: (cell, m) => m.checksumMatches === false ? c.red(cell) : cell,
      },
    ],
    status.migrations,
    c.bold,
    ctx.out.stdoutColumns,
  ));
}

/**
 * `canary migrate status`: the version, each migration, and whether other
 * commands accept the database. Exits 1 for a database they refuse (after
 * printing the status); with `--exit-code`, 3 when migrations are pending
 * (a Go-edition database counts: its adoption is pending).
 */
export async function migrateStatusCommand(
  ctx: CommandContext,
  options: { db: string; json?: boolean; exitCode?: boolean },
): Promise<void> {
  // A missing database is reported as version 0 without creating the file.
  const missing = isMissing(options.db);
  if (missing) ctx.out.note(missingDatabaseNote(ctx, options.db));
  const { status, verdict } = await withDatabase(
    missing ? ":memory:" : options.db,
    (db) =>
      inReadSnapshot(db, () => {
        const status = migrationStatus(db, EMBEDDED_MIGRATIONS);
        return { status, verdict: verdictOf(db, options.db, status) };
      }),
    { readOnlyFallback: true },
  );
  if (options.json) ctx.out.json(statusJson(options.db, status, verdict));
  else printStatusTable(ctx, status);
  ctx.out.note(
    `${options.db}: ${verdict.state}, version ${status.version}${
      status.dirty ? " (dirty)" : ""
    }, ` +
      `newest ${status.latest}, ${status.pending} pending` +
      (verdict.reason === null ? "" : `: ${verdict.reason}`),
  );
  if (verdict.error !== null) throw verdict.error;
  if (options.exitCode && (verdict.state === "pending" || verdict.state === "go_edition")) {
    throw new CanaryError(`${options.db} has migrations pending`, {
      code: "migrations_pending",
      exitCode: 3,
    });
  }
}

/**
 * `canary migrate to V`: up or down to version V; nothing to do when it is
 * there. Down steps (and up steps that drop or rebuild a table) are preceded
 * by the backup `rollback` takes.
 */
export async function migrateToCommand(
  ctx: CommandContext,
  versionText: string,
  options: SchemaCommandOptions,
): Promise<void> {
  const version = parseIntegerIn(versionText, "version", 0, Number.MAX_SAFE_INTEGER);
  const migrations = options.migrations ?? EMBEDDED_MIGRATIONS;
  if (typeof options.backup === "string") assertBackupTarget(options.db, options.backup);
  const adoption = await adoptFirst(ctx, options);
  await withDatabase(options.db, async (db) => {
    const { plan, from } = planNow(db, () => planTo(db, migrations, version));
    if (options.dryRun) return dryRun(ctx, options.db, from, plan, migrations, options.json);
    const { run, backup } = await backupThenRun(ctx, db, options, needsBackup(plan), (step) => {
      useWriteAheadLog(db, options.db);
      return migrateTo(db, migrations, version, step);
    });
    reportRun(ctx, options.db, run, options.json, backup, adoption);
  }, { inspect: (db) => assertUsable(db, migrations) });
}

/** The version record, or null when it is damaged (what `migrate force` is there to fix). */
function recordedVersion(db: DatabaseSync): VersionState | null {
  try {
    return readVersion(db);
  } catch (error) {
    if (error instanceof CanaryError && error.code === "bad_version_record") return null;
    throw error;
  }
}

/** `canary migrate force V`: records version V without running SQL (after a manual repair). */
export async function migrateForceCommand(
  ctx: CommandContext,
  versionText: string,
  options: { db: string; json?: boolean },
): Promise<void> {
  const version = parseIntegerIn(versionText, "version", 0, Number.MAX_SAFE_INTEGER);
  const state = await withDatabase(options.db, (db) => {
    const before = recordedVersion(db);
    const after = forceVersion(db, EMBEDDED_MIGRATIONS, version);
    return { before, after };
  });
  const was = state.before === null
    ? "a damaged record"
    : `${state.before.version}${state.before.dirty ? ", dirty" : ""}`;
  ctx.out.note(
    `${options.db}: version record set to ${state.after.version} (was ${was}); no SQL was run`,
  );
  if (options.json) {
    ctx.out.json({
      database: options.db,
      from: state.before?.version ?? null,
      was_dirty: state.before?.dirty ?? false,
      to: state.after.version,
    });
  }
}

function driftJson(d: ChecksumDrift) {
  return {
    version: d.version,
    name: d.name,
    file: d.file,
    recorded_checksum: d.recorded,
    embedded_checksum: d.embedded,
  };
}

function repairNote(
  options: SchemaCommandOptions,
  drifted: number,
  missing: readonly string[],
): string {
  if (drifted === 0 && missing.length === 0) {
    return `nothing to repair: ${options.db} has every object its migrations create, and every ` +
      "recorded checksum matches the embedded SQL";
  }
  const lost = missing.length === 0 ? "" : `; missing: ${missing.join(", ")}`;
  return options.dryRun
    ? `dry run: would re-record ${countOf(drifted, "checksum")} and recreate ${
      countOf(missing.length, "object")
    }${lost}; nothing changed`
    : `re-recorded ${countOf(drifted, "checksum")} and recreated ${
      countOf(missing.length, "object")
    } of ${options.db}${lost}`;
}

function printDrift(ctx: CommandContext, drift: readonly ChecksumDrift[]): void {
  if (drift.length === 0) return;
  ctx.out.lines(tableLines(
    [
      { header: "VERSION", value: (d) => String(d.version), align: "right" },
      { header: "FILE", value: (d) => d.file },
      { header: "RECORDED", value: (d) => d.recorded },
      { header: "EMBEDDED", value: (d) => d.embedded },
    ],
    drift,
    ctx.out.colors.bold,
    ctx.out.stdoutColumns,
  ));
}

/**
 * `canary migrate repair`: for checksum drift, shows each drifted migration's
 * recorded and embedded checksum and, after a backup, records the embedded
 * one. The schema is not changed; `--dry-run` only shows.
 */
export async function migrateRepairCommand(
  ctx: CommandContext,
  options: SchemaCommandOptions,
): Promise<void> {
  const migrations = options.migrations ?? EMBEDDED_MIGRATIONS;
  const { found, backup } = await withDatabase(options.db, async (db) => {
    const found = repairFindings(db, migrations);
    const nothing = found.drift.length === 0 && found.missing.length === 0;
    if (options.dryRun || nothing) return { found, backup: null };
    const backup = await backupBeforeSteps(ctx, db, options, true);
    return { found: repairDatabase(db, migrations), backup };
  }, { readOnlyFallback: options.dryRun });
  const { drift, missing } = found;
  if (options.json) {
    ctx.out.json({
      database: options.db,
      dry_run: options.dryRun ?? false,
      drifted: drift.map(driftJson),
      missing,
      repaired: options.dryRun ? [] : drift.map((d) => d.version),
      restored: options.dryRun ? [] : missing,
      backup: backup?.path ?? null,
    });
  } else printDrift(ctx, drift);
  ctx.out.note(repairNote(options, drift.length, missing));
}
