/**
 * `canary search <terms...>`: ranked full-text search over tokens, recorded in
 * `search_history` when the database is writable.
 *
 * @module
 */
import type { SearchHit } from "../query/search_tokens.ts";
import type { Command } from "./command_line.ts";
import { printTokens } from "../output/tokens.ts";
import type { CommandContext } from "./context.ts";
import { withDb, withJson } from "./declare.ts";
import { READ_ONLY_OPEN, useDatabase } from "./open_for_command.ts";
import {
  addTokenFilterOptions,
  addTokenOutputOptions,
  checkPathFilter,
  parseLimit,
  parseTokenFilters,
  parseTokenFormat,
  type TokenFilterOptions,
  type TokenOutputOptions,
} from "./token_options.ts";

/** The raw options of `canary search`. */
export interface SearchOptions extends TokenFilterOptions, TokenOutputOptions {}

/** Declares `canary search`. */
export function declareSearch(program: Command, ctx: CommandContext): void {
  withJson(withDb(addTokenOutputOptions(addTokenFilterOptions(
    program.command("search")
      .description("ranked full-text search over ids, features, keywords, owners, aspects, paths")
      .argument("<terms...>", "words that must all match (3+ characters match anywhere)"),
  )))).action((terms, options) => searchCommand(ctx, terms, options));
}

/** `canary search`: prints the best matches for all the words, best first. */
export async function searchCommand(
  ctx: CommandContext,
  terms: readonly string[],
  options: SearchOptions,
): Promise<void> {
  const { DEFAULT_SEARCH_LIMIT, recordSearch, searchTokens, searchWords } = await import(
    "../query/search_tokens.ts"
  );
  const { readNewestSchema } = await import("../db/schema_guard.ts");
  const { unwritableReason } = await import("../db/open.ts");
  searchWords(terms);
  const filters = parseTokenFilters(options);
  const limit = parseLimit(options.limit) ?? DEFAULT_SEARCH_LIMIT;
  const format = parseTokenFormat(options);
  const hits: SearchHit[] = await useDatabase(
    ctx,
    options.db,
    READ_ONLY_OPEN,
    ({ db, readOnly }) => {
      const query = { terms, filters: checkPathFilter(ctx, db, filters), limit };
      const found = readNewestSchema(db, () => searchTokens(db, query));
      const unrecorded = (why: string) =>
        ctx.out.note(`canary: search not recorded in search_history: ${options.db} ${why}`);
      // Opened read-only as a file this user may not write, or one in a folder it may not write.
      if (readOnly) unrecorded(unwritableReason(options.db).words);
      else if (!recordSearch(db, query, found.length)) unrecorded("stayed busy");
      return found;
    },
  );
  printTokens(ctx.out, hits, format, {
    header: options.header,
    empty: `no tokens match '${terms.join(" ")}'`,
    tsvExtra: [{ name: "rank", value: (hit) => String(hit.rank) }],
  });
}
