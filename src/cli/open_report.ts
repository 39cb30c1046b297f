/**
 * Opening the database for data commands, and what they say on stderr about it.
 *
 * @module
 */
import { openDatabase, type OpenedDatabase } from "../db/open.ts";
import { adoptIfGoEdition, type AdoptionResult } from "../db/go_edition_open.ts";
import type { CommandContext } from "./context.ts";

/** Notes on stderr that opening the database migrated it (silent when it was up to date). */
function reportMigration(ctx: CommandContext, opened: OpenedDatabase): void {
  const { from, to, steps } = opened.migration;
  if (steps.length === 0) return;
  ctx.out.note(`canary: migrated ${opened.path} from version ${from} to ${to}`);
}

/** Notes on stderr what adopting a Go-edition database kept, and where its backup is. */
export function reportAdoption(ctx: CommandContext, path: string, adoption: AdoptionResult): void {
  ctx.out.note(
    `canary: adopted ${path} from the Go edition (its version ${adoption.goVersion}) at version ` +
      `${adoption.to}; backup written to ${adoption.backup.path}; kept ${adoption.checkpoints} ` +
      `checkpoint(s), ${adoption.searches} search(es), ${adoption.priorityOverrides} ` +
      `priority override(s); its ${adoption.foreignTokens} token row(s) are replaced by the next ` +
      "`canary index`",
  );
}

/**
 * Opens (and, if needed, adopts or migrates) the database for a data command,
 * noting either on stderr so stdout keeps only data. Read-only commands pass
 * `readOnlyFallback`, so they still work on a database they cannot write; they
 * refuse a Go-edition database rather than adopt it (adopting writes a backup).
 */
export async function openForCommand(
  ctx: CommandContext,
  path: string,
  options: { readOnlyFallback?: boolean } = {},
): Promise<OpenedDatabase> {
  const adoption = await adoptIfGoEdition(path, { readCommand: options.readOnlyFallback });
  if (adoption !== null) reportAdoption(ctx, path, adoption);
  const opened = openDatabase(path, options);
  reportMigration(ctx, opened);
  return opened;
}
