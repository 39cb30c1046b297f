/**
 * `canary prioritize <REQ-ID> <FEATURE> <1-10>`: sets a requirement's priority
 * so that it survives re-indexing.
 *
 * @module
 */
import { PRIORITY_HIGHEST, PRIORITY_LOWEST } from "../tokens/priority.ts";
import { parseIntegerIn } from "./args.ts";
import type { Command } from "./command_line.ts";
import type { CommandContext } from "./context.ts";
import { withDb, withJson } from "./declare.ts";
import { useDatabase } from "./open_for_command.ts";
import { countOf } from "../text/plural.ts";

/** The raw options of `canary prioritize`. */
export interface PrioritizeOptions {
  db: string;
  json?: boolean;
}

/** Declares `canary prioritize`. */
export function declarePrioritize(program: Command, ctx: CommandContext): void {
  withJson(withDb(
    program.command("prioritize")
      .description("set the priority (1 highest … 10) of a requirement's feature; kept by index")
      .argument("<req-id>", "requirement id, e.g. CBIN-129")
      .argument("<feature>", "feature name as in the token")
      .argument("<priority>", "an integer from 1 (highest) to 10"),
  )).action((reqId, feature, priority, options) =>
    prioritizeCommand(ctx, reqId, feature, priority, options)
  );
}

/** `canary prioritize`: validates the priority, then updates every token of the pair. */
export async function prioritizeCommand(
  ctx: CommandContext,
  reqId: string,
  feature: string,
  priorityText: string,
  options: PrioritizeOptions,
): Promise<void> {
  const { setPriority } = await import("../priority/set_priority.ts");
  const priority = parseIntegerIn(priorityText, "priority", PRIORITY_HIGHEST, PRIORITY_LOWEST);
  const change = await useDatabase(
    ctx,
    options.db,
    { emptyWhenMissing: true },
    ({ db }) => setPriority(db, reqId, feature, priority),
  );
  const was = change.previous.join(", ");
  const tokens = countOf(change.tokens_updated, "token");
  ctx.out.note(`${change.req_id} ${change.feature}: priority ${priority} (was ${was}; ${tokens})`);
  if (options.json) ctx.out.json(change);
}
