/**
 * `canary list`: indexed tokens, filtered and ordered, as a table, TSV or JSON.
 *
 * @module
 */
import type { Command } from "./command_line.ts";
import { printTokens } from "../output/tokens.ts";
import type { CommandContext } from "./context.ts";
import { withDb, withJson } from "./declare.ts";
import { readDatabase } from "./open_for_command.ts";
import {
  addTokenFilterOptions,
  addTokenOutputOptions,
  checkPathFilter,
  parseLimit,
  parseOrder,
  parseTokenFilters,
  parseTokenFormat,
  type TokenFilterOptions,
  type TokenOutputOptions,
} from "./token_options.ts";

/** The raw options of `canary list`. */
export interface ListOptions extends TokenFilterOptions, TokenOutputOptions {
  orderBy?: string;
  desc?: boolean;
}

/** Declares `canary list`. */
export function declareList(program: Command, ctx: CommandContext): void {
  withJson(withDb(addTokenOutputOptions(addTokenFilterOptions(
    program.command("list")
      .description("list indexed tokens: filter, order, limit; a table, TSV or JSON")
      .option("--order-by <field>", "priority, updated, req, feature, file or status")
      .option("--desc", "reverse the order of the --order-by field"),
  )))).action((options) => listCommand(ctx, options));
}

/** `canary list`: prints the tokens that match the filters. */
export async function listCommand(ctx: CommandContext, options: ListOptions): Promise<void> {
  const filters = parseTokenFilters(options);
  const order = parseOrder(options);
  const limit = parseLimit(options.limit, { zeroMeansNone: true });
  const format = parseTokenFormat(options);
  const { iterateTokens } = await import("../query/list_tokens.ts");
  await readDatabase(ctx, options.db, (db) =>
    // Read from the database while printing: JSON and TSV of any size in flat memory.
    printTokens(
      ctx.out,
      iterateTokens(db, { filters: checkPathFilter(ctx, db, filters), order, limit }),
      format,
      {
        header: options.header,
        empty: "no tokens match",
      },
    ));
}
