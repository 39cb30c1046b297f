/**
 * `canary next`: the highest-priority work that is not blocked by DEPENDS_ON.
 *
 * @module
 */
import { renderTokenTable } from "../output/tokens.ts";
import { STATUSES } from "../tokens/token.ts";
import { parseChoice } from "./args.ts";
import type { Command } from "./command_line.ts";
import type { CommandContext } from "./context.ts";
import { withDb, withExamples, withJson } from "./declare.ts";
import { parseLimit, splitCommaList } from "./token_options.ts";
import { readIndexedTokens } from "./open_for_command.ts";

/** The raw options of `canary next`. */
export interface NextOptions {
  db: string;
  json?: boolean;
  status?: string;
  aspect?: string;
  owner?: string;
  limit?: string;
  explain?: boolean;
}

/** Declares `canary next`. */
export function declareNext(program: Command, ctx: CommandContext): void {
  withJson(withDb(withExamples(
    program.command("next")
      .description("the highest-priority work not blocked by an unfinished DEPENDS_ON")
      .option(
        "--status <list>",
        "statuses to consider, comma-separated (default MISSING,STUB,IMPL)",
      )
      .option("--aspect <list>", "aspects, comma-separated (any of)")
      .option("--owner <list>", "owners, comma-separated (any of)")
      .option("--limit <n>", "the next n tokens (default 1)")
      .option("--explain", "say why the first won and what blocked those ranked above it"),
    "canary next",
    "canary next --owner alice --limit 5",
    "canary next --aspect CLI --explain",
  ))).action((options) => nextCommand(ctx, options));
}

/** `canary next`: the next token(s) to work on, and with `--explain` why. */
export async function nextCommand(ctx: CommandContext, options: NextOptions): Promise<void> {
  const statuses = splitCommaList(options.status)?.map((s) =>
    parseChoice(s, "--status value", STATUSES)
  );
  const limit = parseLimit(options.limit) ?? 1;
  const { nextWork } = await import("../track/next_work.ts");
  const { renderNextExplanation } = await import("../output/track.ts");
  const tokens = await readIndexedTokens(ctx, options.db);
  const work = nextWork(tokens, {
    statuses: statuses?.length ? statuses : undefined,
    aspects: splitCommaList(options.aspect),
    owners: splitCommaList(options.owner),
    limit,
  });
  if (options.json) {
    ctx.out.json(work);
    return;
  }
  if (work.next.length === 0) ctx.out.note("no unblocked work matches");
  else ctx.out.lines(renderTokenTable(work.next, ctx.out.colors, ctx.out.stdoutColumns));
  // A blank line parts the explanation from a table above it, never from nothing.
  if (options.explain) {
    ctx.out.lines([...(work.next.length > 0 ? [""] : []), ...renderNextExplanation(work)]);
  }
}
