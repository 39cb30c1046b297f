/**
 * `canary migrate` (`all|N`, `to V`, `status`, `repair`, `force V`) and
 * `canary rollback`: manage the schema version by hand. Each handler says
 * what it asks of `src/db/schema_change.ts` and renders what happened.
 *
 * @module
 */
import type { Command } from "./command_line.ts";
import type { Migration } from "../db/migration.ts";
import type { AppliedStep, MigrationRun, MigrationStatus } from "../db/migrator.ts";
import type { ChecksumDrift } from "../db/checksum_repair.ts";
// Imported with the module, not when a handler runs: a second round of loading cost `migrate all`
// about 0.6 ms of its 35.
import {
  type BackupChoice,
  changeSchema,
  forceSchemaVersion,
  type MigrationPlan,
  repairSchema,
  type SchemaChange,
  type SchemaChangeEvent,
  type SchemaTarget,
} from "../db/schema_change.ts";
import { schemaStatus, type SchemaVerdict } from "../db/schema_status.ts";
import { CanaryError } from "../errors.ts";
import { tableLines } from "../output/table.ts";
import { countOf } from "../text/plural.ts";
import { parseIntegerIn, parseSteps } from "./args.ts";
import type { CommandContext } from "./context.ts";
import { withDb, withJson } from "./declare.ts";
import { missingDatabaseNote, reportAdoption } from "./open_for_command.ts";
import { isMissing } from "../db/locate.ts";

/** Adds `--dry-run`, `--backup PATH` and `--no-backup`, for commands that change the schema. */
function withBackupOptions(command: Command, dryRun: string, backupWhen: string): Command {
  return command
    .option("--dry-run", dryRun)
    .option("--backup <path>", `where to copy the database ${backupWhen}`)
    .option("--no-backup", "skip that copy");
}

/** Declares `canary migrate` and its subcommands `status`, `to`, `repair` and `force`. */
export function declareMigrate(program: Command, ctx: CommandContext): void {
  const migrate = withJson(withDb(
    withBackupOptions(
      program.command("migrate")
        .description(
          "apply pending migrations: all, or N steps (also: migrate status|to V|repair|force V)",
        )
        .argument("[steps]", "'all' or a positive number of steps")
        .argumentWords((word) => word === "all" || /^-?[0-9]/.test(word)),
      "print the SQL that would run; change nothing",
      "before a step that drops a table",
    ),
  )).action((steps, options) => migrateCommand(ctx, steps, options));
  withJson(withDb(
    migrate.command("status").description("show the schema version and each migration")
      .option("--exit-code", "exit 3 when migrations are pending, 0 when up to date"),
  )).action((options) => migrateStatusCommand(ctx, options));
  withJson(withDb(withBackupOptions(
    migrate.command("to")
      .description("go up or down to version V (0 … newest); nothing to do when it is there")
      .argument("<version>", "version to reach (0 = nothing applied)"),
    "print the SQL that would run; change nothing",
    "before a down step",
  ))).action((version, options) => migrateToCommand(ctx, version, options));
  withJson(withDb(withBackupOptions(
    migrate.command("repair")
      .description("re-record the embedded checksum of drifted migrations (no schema change)"),
    "show the drift; change nothing",
    "first (default: <db>.backup-…)",
  ))).action((options) => migrateRepairCommand(ctx, options));
  withJson(withDb(
    migrate.command("force")
      .description("record version V without running SQL (after repairing a dirty database)")
      .argument("<version>", "version to record (0 = nothing applied)"),
  )).action((version, options) => migrateForceCommand(ctx, version, options));
}

/** Declares `canary rollback`. */
export function declareRollback(program: Command, ctx: CommandContext): void {
  withJson(withDb(
    withBackupOptions(
      program.command("rollback")
        .description("revert applied migrations, newest first: all, or N steps")
        .argument("[steps]", "'all' or a positive number of steps"),
      "print the SQL that would run; change nothing",
      "first (default: <db>.backup-…)",
    ),
  )).action((steps, options) => rollbackCommand(ctx, steps, options));
}

/** Options shared by `migrate`, `migrate to`, `migrate repair` and `rollback`. */
export interface SchemaCommandOptions {
  db: string;
  json?: boolean;
  dryRun?: boolean;
  /** `--backup PATH` (a string), `--no-backup` (false), or neither (true or undefined). */
  backup?: string | boolean;
  /** Migrations to work with; tests pass extra ones (default: the embedded set). */
  migrations?: readonly Migration[];
}

function backupChoice(backup: string | boolean | undefined): BackupChoice {
  return typeof backup === "string" || backup === false ? backup : undefined;
}

/** Says on stderr, as it happens, what the change did besides its steps. */
function noteEvent(ctx: CommandContext, path: string, event: SchemaChangeEvent): void {
  if (event.kind === "adopted") reportAdoption(ctx, path, event.adoption);
  else if (event.kind === "backed_up") {
    ctx.out.note(
      `canary: backup of ${path} (version ${event.backup.version}) written to ${event.backup.path}`,
    );
  } else ctx.out.note(`canary: ${path} changed right after the backup; taking it again`);
}

/** Runs one schema change for a command and prints the run, or the plan of a dry run. */
async function runSchemaCommand(
  ctx: CommandContext,
  target: SchemaTarget,
  options: SchemaCommandOptions,
): Promise<void> {
  const change = await changeSchema(options.db, target, {
    dryRun: options.dryRun,
    backup: backupChoice(options.backup),
    migrations: options.migrations,
    onEvent: (event) => noteEvent(ctx, options.db, event),
  });
  if (change.run === null) printPlan(ctx, options.db, change.plan, options.json);
  else reportRun(ctx, options.db, change.run, options.json, change);
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
  change: SchemaChange,
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
    backup: change.backup?.path ?? change.adoption?.backup.path ?? null,
    adopted_go_version: change.adoption?.goVersion ?? null,
  });
}

/** A dry run: the SQL of each step on stdout (or the plan as JSON), a summary on stderr. */
function printPlan(
  ctx: CommandContext,
  path: string,
  plan: MigrationPlan,
  json: boolean | undefined,
): void {
  if (json) {
    ctx.out.json({
      database: path,
      dry_run: true,
      from: plan.from,
      to: plan.to,
      steps: plan.steps.map((s) => ({
        version: s.version,
        name: s.name,
        direction: s.direction,
        file: s.file,
        sql: s.sql,
      })),
    });
  } else {
    for (const step of plan.steps) ctx.out.data(`-- ${step.file}\n${step.sql.trimEnd()}\n\n`);
  }
  ctx.out.note(
    plan.steps.length === 0
      ? `dry run: nothing to do: ${path} is at version ${plan.from}`
      : `dry run: would move ${path} from version ${plan.from} to ${plan.to} in ` +
        `${countOf(plan.steps.length, "step")}; nothing changed`,
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
  const count = parseSteps(stepsText, "migrate");
  await runSchemaCommand(ctx, { direction: "up", count }, options);
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
  const count = parseSteps(stepsText, "rollback");
  await runSchemaCommand(ctx, { direction: "down", count }, options);
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
  await runSchemaCommand(ctx, { version }, options);
}

function statusJson(path: string, status: MigrationStatus, verdict: SchemaVerdict) {
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
        fixed: true,
        style: (cell, m) => m.applied ? c.green(cell) : c.yellow(cell),
      },
      {
        header: "APPLIED_AT",
        value: (m) => m.appliedAt ?? (m.applied ? "(by another tool)" : "-"),
        drop: 1,
        fixed: true,
      },
      {
        header: "CHECKSUM",
        value: (m) => m.checksumMatches === null ? "-" : m.checksumMatches ? "ok" : "DRIFT",
        fixed: true,
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
export function migrateStatusCommand(
  ctx: CommandContext,
  options: { db: string; json?: boolean; exitCode?: boolean },
): void {
  // A missing database is reported as version 0 without creating the file.
  const missing = isMissing(options.db);
  if (missing) ctx.out.note(missingDatabaseNote(ctx, options.db));
  const { status, verdict } = schemaStatus(missing ? ":memory:" : options.db, options.db);
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

/** `canary migrate force V`: records version V without running SQL (after a manual repair). */
export function migrateForceCommand(
  ctx: CommandContext,
  versionText: string,
  options: { db: string; json?: boolean },
): void {
  const version = parseIntegerIn(versionText, "version", 0, Number.MAX_SAFE_INTEGER);
  const state = forceSchemaVersion(options.db, version);
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
  const checksums = countOf(drifted, "checksum");
  const objects = countOf(missing.length, "object");
  return options.dryRun
    ? `dry run: would re-record ${checksums} and recreate ${objects}${lost}; nothing changed`
    : `re-recorded ${checksums} and recreated ${objects} of ${options.db}${lost}`;
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
  const { drift, missing, backup, adoption } = await repairSchema(options.db, {
    dryRun: options.dryRun,
    backup: backupChoice(options.backup),
    migrations: options.migrations,
    onEvent: (event) => noteEvent(ctx, options.db, event),
  });
  if (options.json) {
    ctx.out.json({
      database: options.db,
      dry_run: options.dryRun ?? false,
      drifted: drift.map(driftJson),
      missing,
      repaired: options.dryRun ? [] : drift.map((d) => d.version),
      restored: options.dryRun ? [] : missing,
      backup: (backup ?? adoption?.backup)?.path ?? null,
    });
  } else printDrift(ctx, drift);
  ctx.out.note(repairNote(options, drift.length, missing));
}
