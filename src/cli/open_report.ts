/**
 * Opening the database for data commands, and what they say on stderr about it.
 *
 * @module
 */
import { openDatabase, type OpenedDatabase } from "../db/open.ts";
import type { CommandContext } from "./context.ts";

/** Notes on stderr that opening the database migrated it (silent when it was up to date). */
function reportMigration(ctx: CommandContext, opened: OpenedDatabase): void {
  const { from, to, steps } = opened.migration;
  if (steps.length === 0) return;
  ctx.out.note(`canary: migrated ${opened.path} from version ${from} to ${to}`);
}

/** True when nothing exists at `path` (a dangling link counts as something). */
export function isMissing(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return false;
  } catch (error) {
    return error instanceof Deno.errors.NotFound;
  }
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

/**
 * Opens (and, if needed, migrates) the database for a data command, noting a
 * migration on stderr so stdout keeps only data. Commands that only read pass
 * both options: they work on a database they cannot write, and never create
 * one (a missing database reads as empty, with a note saying so).
 */
export function openForCommand(
  ctx: CommandContext,
  path: string,
  options: CommandOpenOptions = {},
): OpenedDatabase {
  if (options.emptyWhenMissing && isMissing(path)) {
    ctx.out.note(missingDatabaseNote(ctx, path));
    return { ...openDatabase(":memory:"), path };
  }
  const opened = openDatabase(path, options);
  reportMigration(ctx, opened);
  return opened;
}
