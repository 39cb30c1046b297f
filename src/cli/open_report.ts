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

/**
 * Opens (and, if needed, migrates) the database for a data command, noting a
 * migration on stderr so stdout keeps only data. Read-only commands pass
 * `readOnlyFallback`, so they still work on a database they cannot write.
 */
export function openForCommand(
  ctx: CommandContext,
  path: string,
  options: { readOnlyFallback?: boolean } = {},
): OpenedDatabase {
  const opened = openDatabase(path, options);
  reportMigration(ctx, opened);
  return opened;
}
