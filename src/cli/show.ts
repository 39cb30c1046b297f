/**
 * `canary show <REQ-ID>`: every token of one requirement, grouped.
 *
 * @module
 */
import { countOf } from "../text/plural.ts";
import { parseChoice } from "./args.ts";
import type { Command } from "./command_line.ts";
import type { CommandContext } from "./context.ts";
import { withDb, withExamples, withJson } from "./declare.ts";
import { readIndexedTokens } from "./open_for_command.ts";

/** The raw options of `canary show`. */
export interface ShowOptions {
  db: string;
  json?: boolean;
  groupBy?: string;
}

/** Declares `canary show`. */
export function declareShow(program: Command, ctx: CommandContext): void {
  withJson(withDb(withExamples(
    program.command("show")
      .description("every token of one requirement, grouped, with status, location, tests, owner")
      .argument("<req-id>", "requirement id, e.g. CBIN-129 (any case)")
      .option("--group-by <field>", "aspect (default), status or file"),
    "canary show CBIN-129",
    "canary show CBIN-129 --group-by status --json",
  ))).action((reqId, options) => showCommand(ctx, reqId, options));
}

/** `canary show`: the requirement's tokens by aspect, status or file. */
export async function showCommand(
  ctx: CommandContext,
  reqId: string,
  options: ShowOptions,
): Promise<void> {
  const { byRequirement, requirementTokens } = await import("../track/requirements.ts");
  const { renderTokenGroups } = await import("../output/track.ts");
  const { GROUP_BY, groupTokensBy } = await import("../track/show_requirement.ts");
  const { progressOf } = await import("../track/progress.ts");
  const by = parseChoice(options.groupBy ?? "aspect", "--group-by", GROUP_BY);
  const found = requirementTokens(byRequirement(await readIndexedTokens(ctx, options.db)), reqId);
  const groups = groupTokensBy(found.tokens, by);
  if (options.json) {
    const { total } = progressOf(found.tokens);
    ctx.out.json({ req_id: found.reqId, group_by: by, total, groups });
    return;
  }
  ctx.out.lines([
    `${found.reqId}: ${countOf(found.tokens.length, "token")}`,
    "",
    ...renderTokenGroups(
      groups.map((g) => ({ title: g.group, tokens: g.tokens })),
      ctx.out.colors,
      ctx.out.stdoutColumns,
    ),
  ]);
}
