/**
 * `canary migrate` and `canary rollback`: manage the schema version by hand.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { EMBEDDED_MIGRATIONS } from "../db/embedded_migrations.ts";
import {
  type AppliedStep,
  applyMigrations,
  forceVersion,
  type MigrationRun,
  migrationStatus,
  planMigrations,
  readVersion,
  rollbackMigrations,
  type StepCount,
} from "../db/migrator.ts";
import { openRawDatabase, useWriteAheadLog } from "../db/open.ts";
import { backupDatabase, type BackupResult, dropsOrRebuildsTable } from "../db/backup.ts";
import type { Migration } from "../db/migration.ts";
import { parseIntegerIn, parseSteps } from "./args.ts";
import type { CommandContext } from "./context.ts";
import { tableLines } from "../output/table.ts";

/** Options shared by `migrate` and `rollback`. */
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

/** Opens the database file without migrating it, runs `fn`, and closes it. */
async function withDatabase<T>(
  path: string,
  fn: (db: DatabaseSync) => T | Promise<T>,
  options: { readOnlyFallback?: boolean } = {},
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

function stepJson(step: AppliedStep) {
  return { version: step.version, name: step.name, file: step.file, duration_ms: step.durationMs };
}

function reportRun(
  ctx: CommandContext,
  path: string,
  direction: "up" | "down",
  run: MigrationRun,
  json: boolean | undefined,
  backup: BackupResult | null,
): void {
  const { out } = ctx;
  for (const step of run.steps) {
    const verb = direction === "up" ? "applied" : "reverted";
    out.note(`${verb} ${step.file} (${step.durationMs.toFixed(1)} ms)`);
  }
  if (run.steps.length === 0) out.note(`nothing to do: ${path} is at version ${run.to}`);
  else out.note(`${path}: version ${run.from} → ${run.to}`);
  if (json) {
    out.json({
      database: path,
      from: run.from,
      to: run.to,
      [direction === "up" ? "applied" : "reverted"]: run.steps.map((s) => s.version),
      steps: run.steps.map(stepJson),
      backup: backup?.path ?? null,
    });
  }
}

function dryRun(
  ctx: CommandContext,
  db: DatabaseSync,
  path: string,
  direction: "up" | "down",
  steps: StepCount,
  json: boolean | undefined,
  migrations: readonly Migration[],
): void {
  const plan = planMigrations(db, migrations, direction, steps);
  const from = readVersion(db).version;
  const last = plan.at(-1);
  const to = last === undefined
    ? from
    : direction === "up"
    ? last.version
    : (migrations.filter((m) => m.version < last.version).at(-1)?.version ?? 0);
  if (json) {
    ctx.out.json({
      database: path,
      dry_run: true,
      from,
      to,
      steps: plan.map((s) => ({ version: s.version, name: s.name, file: s.file, sql: s.sql })),
    });
  } else {
    for (const step of plan) ctx.out.data(`-- ${step.file}\n${step.sql.trimEnd()}\n\n`);
  }
  ctx.out.note(
    plan.length === 0
      ? `dry run: nothing to do: ${path} is at version ${from}`
      : `dry run: would move ${path} from version ${from} to ${to} in ${plan.length} step(s); nothing changed`,
  );
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
  await withDatabase(options.db, async (db) => {
    if (options.dryRun) return dryRun(ctx, db, options.db, "up", steps, options.json, migrations);
    const plan = planMigrations(db, migrations, "up", steps);
    const destructive = plan.some((step) => dropsOrRebuildsTable(step.sql));
    const backup = await backupBeforeSteps(ctx, db, options, destructive);
    useWriteAheadLog(db, options.db);
    const run = applyMigrations(db, migrations, steps);
    reportRun(ctx, options.db, "up", run, options.json, backup);
  });
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
  await withDatabase(options.db, async (db) => {
    if (options.dryRun) return dryRun(ctx, db, options.db, "down", steps, options.json, migrations);
    const plan = planMigrations(db, migrations, "down", steps);
    const backup = await backupBeforeSteps(ctx, db, options, plan.length > 0);
    useWriteAheadLog(db, options.db);
    const run = rollbackMigrations(db, migrations, steps);
    reportRun(ctx, options.db, "down", run, options.json, backup);
  });
}

/** `canary migrate status`: the version and each migration, applied or pending. */
export async function migrateStatusCommand(
  ctx: CommandContext,
  options: { db: string; json?: boolean },
): Promise<void> {
  const status = await withDatabase(options.db, (db) => migrationStatus(db, EMBEDDED_MIGRATIONS), {
    readOnlyFallback: true,
  });
  const { out } = ctx;
  if (options.json) {
    out.json({
      database: options.db,
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
    });
    return;
  }
  const c = out.colors;
  out.lines(tableLines(
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
  ));
  out.note(
    `${options.db}: version ${status.version}${status.dirty ? " (dirty)" : ""}, ` +
      `newest ${status.latest}, ${status.pending} pending`,
  );
}

/** `canary migrate force V`: records version V without running SQL (after a manual repair). */
export async function migrateForceCommand(
  ctx: CommandContext,
  versionText: string,
  options: { db: string; json?: boolean },
): Promise<void> {
  const version = parseIntegerIn(versionText, "version", 0, Number.MAX_SAFE_INTEGER);
  const state = await withDatabase(options.db, (db) => {
    const before = readVersion(db);
    const after = forceVersion(db, EMBEDDED_MIGRATIONS, version);
    return { before, after };
  });
  ctx.out.note(
    `${options.db}: version record set to ${state.after.version} (was ${state.before.version}${
      state.before.dirty ? ", dirty" : ""
    }); no SQL was run`,
  );
  if (options.json) {
    ctx.out.json({
      database: options.db,
      from: state.before.version,
      was_dirty: state.before.dirty,
      to: state.after.version,
    });
  }
}
