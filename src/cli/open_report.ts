/**
 * What data commands say on stderr after opening the database.
 *
 * @module
 */
import type { OpenedDatabase } from "../db/open.ts";
import type { CommandContext } from "./context.ts";

/** Notes on stderr that opening the database migrated it (silent when it was up to date). */
export function reportMigration(ctx: CommandContext, opened: OpenedDatabase): void {
  const { from, to, steps } = opened.migration;
  if (steps.length === 0) return;
  ctx.out.note(`canary: migrated ${opened.path} from version ${from} to ${to}`);
}
