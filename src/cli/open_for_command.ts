/**
 * Opening the database for data commands, and what they say on stderr about it.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import type { OpenedDatabase } from "../db/open.ts";
import type { AdoptionResult } from "../db/go_edition_open.ts";
import type { CommandContext } from "./context.ts";
import type { TokenRecord } from "../db/token_rows.ts";
import { countOf } from "../text/plural.ts";
import { isMissing } from "../db/locate.ts";

/** Notes on stderr that opening the database migrated it (silent when it was up to date). */
function reportMigration(ctx: CommandContext, opened: OpenedDatabase): void {
  const { from, to, steps } = opened.migration;
  if (steps.length === 0) return;
  ctx.out.note(`canary: migrated ${opened.path} from version ${from} to ${to}`);
}

/** The note a read command prints when the database it would read does not exist. */
export function missingDatabaseNote(ctx: CommandContext, path: string): string {
  switch (ctx.project?.source) {
    case "option":
      return `canary: no canary database at ${path}: run canary index --db ${path}`;
    case "env":
      return `canary: no canary database at ${path} (CANARY_DB): run canary index`;
    default:
      return "canary: no canary database here or above: run canary index";
  }
}

/** How a command opens its database. */
export interface CommandOpenOptions {
  /** Open a database this process cannot write read-only instead of refusing it. */
  readOnlyFallback?: boolean;
  /** Read a missing database as an empty one (in memory) instead of creating it. */
  emptyWhenMissing?: boolean;
}

/** Notes on stderr what adopting a Go-edition database kept, and where its backup is. */
export function reportAdoption(ctx: CommandContext, path: string, adoption: AdoptionResult): void {
  ctx.out.note(
    `canary: adopted ${path} from the Go edition (its version ${adoption.goVersion}) at version ` +
      `${adoption.to}; backup written to ${adoption.backup.path}; kept ` +
      `${countOf(adoption.checkpoints, "checkpoint")}, ` +
      `${countOf(adoption.searches, "search", "searches")}, ` +
      `${countOf(adoption.priorityOverrides, "priority override")}; its ` +
      `${countOf(adoption.foreignTokens, "token row")} ${
        adoption.foreignTokens === 1 ? "is" : "are"
      } replaced by the next ` +
      "`canary index`",
  );
}

/**
 * Opens (and, if needed, adopts or migrates) the database for a data command,
 * noting either on stderr so stdout keeps only data. Commands that only read
 * pass both options: they work on a database they cannot write, never create
 * one (a missing database reads as empty, with a note saying so). A
 * Go-edition database is adopted (after a backup) by every command that may
 * write it, as an older canary database is migrated.
 */
export async function openForCommand(
  ctx: CommandContext,
  path: string,
  options: CommandOpenOptions = {},
): Promise<OpenedDatabase> {
  // Loaded here, not with the module: commands that open no database start faster.
  const { openDatabase } = await import("../db/open.ts");
  const { adoptIfGoEdition } = await import("../db/go_edition_open.ts");
  if (options.emptyWhenMissing && isMissing(path)) {
    ctx.out.note(missingDatabaseNote(ctx, path));
    return { ...openDatabase(":memory:"), path };
  }
  // A Go-edition database is migrated on open like an older canary one, by reads too.
  const adoption = await adoptIfGoEdition(path);
  if (adoption !== null) reportAdoption(ctx, path, adoption);
  const opened = openDatabase(path, options);
  reportMigration(ctx, opened);
  return opened;
}

/** How a command that only reads opens: a database it cannot write is fine, none reads as empty. */
export const READ_ONLY_OPEN: CommandOpenOptions = Object.freeze({
  readOnlyFallback: true,
  emptyWhenMissing: true,
});

/** Opens the database as {@link openForCommand} does, runs `use` on it, then closes it. */
export async function useDatabase<T>(
  ctx: CommandContext,
  path: string,
  options: CommandOpenOptions,
  use: (opened: OpenedDatabase) => T,
): Promise<T> {
  const opened = await openForCommand(ctx, path, options);
  try {
    return use(opened);
  } finally {
    opened.db.close();
  }
}

/**
 * Runs `read` on the database for a command that only reads (an empty one
 * without a database), in one snapshot of the newest schema, then closes it.
 */
export async function readDatabase<T>(
  ctx: CommandContext,
  path: string,
  read: (db: DatabaseSync) => T,
): Promise<T> {
  const { readNewestSchema } = await import("../db/schema_guard.ts");
  return useDatabase(ctx, path, READ_ONLY_OPEN, ({ db }) => readNewestSchema(db, () => read(db)));
}

/** Every indexed token, for the commands that only read them (empty without a database). */
export async function readIndexedTokens(
  ctx: CommandContext,
  path: string,
): Promise<TokenRecord[]> {
  const { readAllTokens } = await import("../track/requirements.ts");
  return readDatabase(ctx, path, readAllTokens);
}
