/**
 * `canary prioritize <REQ-ID> <FEATURE> <1-10>`: sets a requirement's priority
 * so that it survives re-indexing.
 *
 * @module
 */
import { PRIORITY_HIGHEST, PRIORITY_LOWEST, setPriority } from "../query/set_priority.ts";
import { parseIntegerIn } from "./args.ts";
import type { CommandContext } from "./context.ts";
import { openForCommand } from "./open_report.ts";
import { countOf } from "../output/plural.ts";

/** The raw options of `canary prioritize`. */
export interface PrioritizeOptions {
  db: string;
  json?: boolean;
}

/** `canary prioritize`: validates the priority, then updates every token of the pair. */
export async function prioritizeCommand(
  ctx: CommandContext,
  reqId: string,
  feature: string,
  priorityText: string,
  options: PrioritizeOptions,
): Promise<void> {
  const priority = parseIntegerIn(priorityText, "priority", PRIORITY_HIGHEST, PRIORITY_LOWEST);
  const { db } = await openForCommand(ctx, options.db, { emptyWhenMissing: true });
  let change;
  try {
    change = setPriority(db, reqId, feature, priority);
  } finally {
    db.close();
  }
  const was = change.previous.join(", ");
  const tokens = countOf(change.tokens_updated, "token");
  ctx.out.note(`${change.req_id} ${change.feature}: priority ${priority} (was ${was}; ${tokens})`);
  if (options.json) ctx.out.json(change);
}
