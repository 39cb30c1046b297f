/**
 * `canary checkpoint`: named snapshots of the index and the differences
 * between them. `canary checkpoint <name> [description]` and `canary
 * checkpoint create <name> [description]` create one; `list`, `show` and
 * `diff` read them.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import type { Output } from "../output/output.ts";
import { escapeControls } from "../output/sanitize.ts";
import { tableLines } from "../output/table.ts";
import { renderTokenTable, styleStatus } from "../output/tokens.ts";
import type { Checkpoint, CheckpointSummary } from "../query/checkpoints.ts";
import type { StatusCounts } from "../tokens/status_order.ts";
import type { SnapshotDiff } from "../query/snapshot_diff.ts";
import type { TokenRecord } from "../db/token_rows.ts";
import { STATUSES } from "../tokens/token.ts";
import { editDistance } from "../tokens/values.ts";
import type { Command } from "./command_line.ts";
import type { CommandContext } from "./context.ts";
import { withDb, withJson } from "./declare.ts";
import { readDatabase, useDatabase } from "./open_for_command.ts";
import { countOf } from "../text/plural.ts";

/** Words that name `checkpoint` subcommands, so they cannot name a checkpoint without `create`. */
export const CHECKPOINT_SUBCOMMANDS = ["create", "list", "show", "diff", "delete", "help"] as const;

/**
 * The subcommand `name` is probably a misspelling of (one edit away, two for
 * the six-letter ones), or null: `checkpoint lsit` must not create a
 * checkpoint named `lsit`.
 */
export function misspelledSubcommand(name: string): string | null {
  const lower = name.toLowerCase();
  for (const word of CHECKPOINT_SUBCOMMANDS) {
    if (editDistance(lower, word) <= (word.length >= 6 ? 2 : 1)) return word;
  }
  return null;
}

/** Declares `canary checkpoint` and its subcommands `create`, `delete`, `list`, `show`, `diff`. */
export function declareCheckpoint(program: Command, ctx: CommandContext): void {
  const declare = (command: Command) => withJson(withDb(command));
  const checkpoint = declare(
    program.command("checkpoint")
      .description(
        "snapshot the index: checkpoint <name> [description...] (also: create, list, show, diff)",
      )
      .argument("[name]", "name of the new checkpoint")
      .argument("[description...]", "what this checkpoint marks (words are joined)"),
  ).action((name, description, options) =>
    checkpointShorthandCommand(ctx, name, description, options)
  );
  declare(
    checkpoint.command("create")
      .description("snapshot the index under a name (any name, even list/show/diff)")
      .argument("<name>", "name of the new checkpoint")
      .argument("[description...]", "what this checkpoint marks (words are joined)"),
  ).action((name, description, options) =>
    checkpointCreateCommand(ctx, name, description, options)
  );
  declare(
    checkpoint.command("delete").description("delete one checkpoint")
      .argument("<name>", "checkpoint name"),
  ).action((name, options) => checkpointDeleteCommand(ctx, name, options));
  declare(
    checkpoint.command("list").description("list checkpoints, oldest first, with status counts"),
  ).action((options) => checkpointListCommand(ctx, options));
  declare(
    checkpoint.command("show").description("show one checkpoint: counts and tokens")
      .argument("<name>", "checkpoint name"),
  ).action((name, options) => checkpointShowCommand(ctx, name, options));
  declare(
    checkpoint.command("diff")
      .description("tokens added, removed and changed status between two checkpoints")
      .argument("<from>", "older checkpoint")
      .argument("[to]", "newer checkpoint (default: the current index)"),
  ).action((from, to, options) => checkpointDiffCommand(ctx, from, to, options));
}

/** The raw options every checkpoint command takes. */
export interface CheckpointOptions {
  db: string;
  json?: boolean;
}

function summaryJson(summary: CheckpointSummary) {
  return {
    id: summary.id,
    name: summary.name,
    description: summary.description,
    commit_hash: summary.commit_hash,
    created_at: summary.created_at,
    total: summary.total,
    status_counts: summary.status_counts,
  };
}

function countsLine(counts: StatusCounts, out: Output): string {
  return STATUSES.map((s) => styleStatus(out.colors, s, `${s} ${counts[s]}`)).join("  ");
}

/** The description as one string: unquoted words are joined with spaces, as the Go edition does. */
function joinWords(description: string | readonly string[] | undefined): string | null {
  if (typeof description === "string") return description;
  return description === undefined || description.length === 0 ? null : description.join(" ");
}

/**
 * `canary checkpoint <name> [description...]`: snapshots the current index,
 * unless `name` looks like a mistyped subcommand (then a usage error saying
 * how to create a checkpoint of that name on purpose).
 */
export async function checkpointShorthandCommand(
  ctx: CommandContext,
  name: string | undefined,
  description: string | readonly string[] | undefined,
  options: CheckpointOptions,
): Promise<void> {
  const meant = name === undefined ? null : misspelledSubcommand(name);
  if (name !== undefined && meant !== null) {
    throw new UsageError(
      `'${name}' is not a checkpoint subcommand: did you mean 'canary checkpoint ${meant}'? ` +
        `To create a checkpoint named '${name}', run 'canary checkpoint create ${name}'`,
    );
  }
  await checkpointCreateCommand(ctx, name, description, options);
}

/** `canary checkpoint create <name> [description...]`: snapshots the current index. */
export async function checkpointCreateCommand(
  ctx: CommandContext,
  name: string | undefined,
  description: string | readonly string[] | undefined,
  options: CheckpointOptions,
): Promise<void> {
  const store = await import("../query/checkpoints.ts");
  if (name === undefined || name.trim() === "") {
    throw new UsageError(
      `checkpoint needs a name (or one of: ${CHECKPOINT_SUBCOMMANDS.join(", ")})`,
    );
  }
  const root = ctx.project?.root;
  // A write: a read-only database is refused, a missing one created.
  const checkpoint = await useDatabase(
    ctx,
    options.db,
    {},
    ({ db }) => store.createCheckpoint(db, { name, description: joinWords(description), root }),
  );
  ctx.out.note(
    `checkpoint '${escapeControls(checkpoint.name)}' created: ${
      countOf(checkpoint.total, "token")
    }` +
      (checkpoint.commit_hash ? ` at ${checkpoint.commit_hash.slice(0, 12)}` : ""),
  );
  if (options.json) ctx.out.json(summaryJson(checkpoint));
}

/** `canary checkpoint delete <name>`: removes one checkpoint. */
export async function checkpointDeleteCommand(
  ctx: CommandContext,
  name: string,
  options: CheckpointOptions,
): Promise<void> {
  const store = await import("../query/checkpoints.ts");
  const deleted = await useDatabase(
    ctx,
    options.db,
    { emptyWhenMissing: true },
    ({ db }) => store.deleteCheckpoint(db, name),
  );
  ctx.out.note(`checkpoint '${deleted.name}' deleted (${countOf(deleted.total, "token")})`);
  if (options.json) ctx.out.json(summaryJson(deleted));
}

/** The status columns `checkpoint list` keeps longest on a narrow terminal, first kept last. */
const NARROW_DROP_ORDER = ["TESTED", "IMPL", "STUB", "BENCHED", "MISSING", "REMOVED"];

/** `canary checkpoint list`: every checkpoint, oldest first. */
export async function checkpointListCommand(
  ctx: CommandContext,
  options: CheckpointOptions,
): Promise<void> {
  const store = await import("../query/checkpoints.ts");
  const checkpoints = await readDatabase(ctx, options.db, store.listCheckpoints);
  const { out } = ctx;
  if (options.json) {
    out.json(checkpoints.map(summaryJson));
    return;
  }
  if (checkpoints.length === 0) {
    out.note("no checkpoints yet: create one with 'canary checkpoint <name>'");
    return;
  }
  out.lines(tableLines<CheckpointSummary>(
    [
      { header: "NAME", value: (c) => c.name },
      { header: "CREATED", value: (c) => c.created_at, fixed: true },
      // Left out after every status count, on a narrow terminal.
      { header: "COMMIT", value: (c) => c.commit_hash?.slice(0, 12) ?? "-", drop: 0 },
      { header: "TOTAL", value: (c) => String(c.total), align: "right" },
      ...STATUSES.map((s) => ({
        header: s,
        value: (c: CheckpointSummary) => String(c.status_counts[s]),
        align: "right" as const,
        drop: NARROW_DROP_ORDER.indexOf(s) + 1, // on a narrow terminal, the rarest go first
      })),
      { header: "DESCRIPTION", value: (c) => c.description ?? "" },
    ],
    checkpoints,
    out.colors.bold,
    out.stdoutColumns,
  ));
}

/** `canary checkpoint show <name>`: one checkpoint's counts and tokens. */
export async function checkpointShowCommand(
  ctx: CommandContext,
  name: string,
  options: CheckpointOptions,
): Promise<void> {
  const store = await import("../query/checkpoints.ts");
  const { out } = ctx;
  if (options.json) {
    // Streamed from the database: a snapshot of any size prints in flat memory.
    await readDatabase(ctx, options.db, (db) => {
      const { summary, tokens } = store.readCheckpoint(db, name);
      out.json({ ...summaryJson(summary), tokens: tokens[Symbol.iterator]() });
    });
    return;
  }
  const checkpoint: Checkpoint = await readDatabase(
    ctx,
    options.db,
    (db) => store.getCheckpoint(db, name),
  );
  const shown = (value: string) => escapeControls(value);
  out.lines([
    `checkpoint   ${shown(checkpoint.name)}`,
    `created_at   ${shown(checkpoint.created_at)}`,
    `commit       ${shown(checkpoint.commit_hash ?? "-")}`,
    ...(checkpoint.description ? [`description  ${shown(checkpoint.description)}`] : []),
    `total        ${checkpoint.total}`,
    `statuses     ${countsLine(checkpoint.status_counts, out)}`,
  ]);
  if (checkpoint.tokens.length > 0) {
    out.lines([""]);
    out.lines(renderTokenTable(checkpoint.tokens, out.colors, out.stdoutColumns));
  }
}

function sideJson(checkpoint: CheckpointSummary | null) {
  return checkpoint === null ? { name: null, created_at: null, commit_hash: null } : {
    name: checkpoint.name,
    created_at: checkpoint.created_at,
    commit_hash: checkpoint.commit_hash,
  };
}

function diffJson(
  from: CheckpointSummary,
  to: CheckpointSummary | null,
  diff: SnapshotDiff<TokenRecord>,
) {
  return {
    from: sideJson(from),
    to: sideJson(to),
    counts: diff.counts,
    status_counts: diff.status_counts,
    added: diff.added,
    removed: diff.removed,
    status_changed: diff.status_changed.map((c) => ({
      req_id: c.req_id,
      feature: c.feature,
      aspect: c.aspect,
      file_path: c.file_path,
      line_number: c.line_number,
      from: c.from,
      to: c.to,
    })),
  };
}

function printDiff(
  out: Output,
  from: CheckpointSummary,
  to: CheckpointSummary | null,
  diff: SnapshotDiff<TokenRecord>,
): void {
  const c = out.colors;
  const side = (s: CheckpointSummary) => `${escapeControls(s.name)} (${s.created_at})`;
  out.lines([`from ${side(from)} to ${to === null ? "the current index" : side(to)}`]);
  const section = (title: string, count: number, table: () => Iterable<string>) => {
    if (count === 0) return;
    out.lines(["", c.bold(`${title} (${count})`)]);
    out.lines(table());
  };
  section("added", diff.added.length, () => renderTokenTable(diff.added, c, out.stdoutColumns));
  section(
    "removed",
    diff.removed.length,
    () => renderTokenTable(diff.removed, c, out.stdoutColumns),
  );
  section("status changed", diff.status_changed.length, () =>
    tableLines(
      [
        { header: "REQ", value: (x) => x.req_id },
        { header: "FEATURE", value: (x) => x.feature },
        { header: "ASPECT", value: (x) => x.aspect, drop: 1 },
        {
          header: "FROM",
          value: (x) => x.from,
          fixed: true,
          style: (cell, x) => styleStatus(c, x.from, cell),
        },
        {
          header: "TO",
          value: (x) => x.to,
          fixed: true,
          style: (cell, x) => styleStatus(c, x.to, cell),
        },
        { header: "LOCATION", value: (x) => `${x.file_path}:${x.line_number}` },
      ],
      diff.status_changed,
      c.bold,
      out.stdoutColumns,
    ));
  const { counts, status_counts } = diff;
  const moves = STATUSES.filter((s) => status_counts.from[s] !== status_counts.to[s]).map((s) => {
    const delta = status_counts.to[s] - status_counts.from[s];
    return `${s} ${status_counts.from[s]}→${status_counts.to[s]} (${delta > 0 ? "+" : ""}${delta})`;
  });
  out.lines([
    "",
    `${counts.added} added, ${counts.removed} removed, ${counts.status_changed} changed status, ` +
    `${counts.unchanged} unchanged`,
    moves.length === 0 ? "status counts unchanged" : moves.join(", "),
  ]);
}

/**
 * `canary checkpoint diff <from> [to]`: what changed between two checkpoints,
 * or between a checkpoint and the current index when `to` is absent.
 */
export async function checkpointDiffCommand(
  ctx: CommandContext,
  fromName: string,
  toName: string | undefined,
  options: CheckpointOptions,
): Promise<void> {
  const store = await import("../query/checkpoints.ts");
  // One snapshot: both sides are read as of the same moment.
  const { from, to, diff } = await readDatabase(
    ctx,
    options.db,
    (db) => store.diffCheckpoints(db, fromName, toName),
  );
  if (options.json) ctx.out.json(diffJson(from, to, diff));
  else printDiff(ctx.out, from, to, diff);
}
