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
import { parseIntegerIn, parseSteps } from "./args.ts";
import type { CommandContext } from "./context.ts";
import { renderTable } from "../output/table.ts";

/** Options shared by `migrate` and `rollback`. */
export interface SchemaCommandOptions {
  db: string;
  json?: boolean;
  dryRun?: boolean;
}

function withDatabase<T>(path: string, fn: (db: DatabaseSync) => T): T {
  const db = openRawDatabase(path);
  try {
    return fn(db);
  } finally {
    db.close();
  }
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
): void {
  const plan = planMigrations(db, EMBEDDED_MIGRATIONS, direction, steps);
  const from = readVersion(db).version;
  const last = plan.at(-1);
  const to = last === undefined
    ? from
    : direction === "up"
    ? last.version
    : (EMBEDDED_MIGRATIONS.filter((m) => m.version < last.version).at(-1)?.version ?? 0);
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

/** `canary migrate <all|N>`: applies pending migrations. */
export function migrateCommand(
  ctx: CommandContext,
  stepsText: string | undefined,
  options: SchemaCommandOptions,
): void {
  const steps = parseSteps(stepsText, "migrate");
  withDatabase(options.db, (db) => {
    if (options.dryRun) return dryRun(ctx, db, options.db, "up", steps, options.json);
    planMigrations(db, EMBEDDED_MIGRATIONS, "up", steps);
    useWriteAheadLog(db, options.db);
    reportRun(ctx, options.db, "up", applyMigrations(db, EMBEDDED_MIGRATIONS, steps), options.json);
  });
}

/** `canary rollback <all|N>`: reverts applied migrations, newest first. */
export function rollbackCommand(
  ctx: CommandContext,
  stepsText: string | undefined,
  options: SchemaCommandOptions,
): void {
  const steps = parseSteps(stepsText, "rollback");
  withDatabase(options.db, (db) => {
    if (options.dryRun) return dryRun(ctx, db, options.db, "down", steps, options.json);
    planMigrations(db, EMBEDDED_MIGRATIONS, "down", steps);
    useWriteAheadLog(db, options.db);
    reportRun(
      ctx,
      options.db,
      "down",
      rollbackMigrations(db, EMBEDDED_MIGRATIONS, steps),
      options.json,
    );
  });
}

/** `canary migrate status`: the version and each migration, applied or pending. */
export function migrateStatusCommand(
  ctx: CommandContext,
  options: { db: string; json?: boolean },
): void {
  const status = withDatabase(options.db, (db) => migrationStatus(db, EMBEDDED_MIGRATIONS));
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
  out.lines(renderTable(
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
export function migrateForceCommand(
  ctx: CommandContext,
  versionText: string,
  options: { db: string; json?: boolean },
): void {
  const version = parseIntegerIn(versionText, "version", 0, Number.MAX_SAFE_INTEGER);
  const state = withDatabase(options.db, (db) => {
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
