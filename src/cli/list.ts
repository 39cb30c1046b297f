/**
 * `canary list`: indexed tokens, filtered and ordered, as a table, TSV or JSON.
 * Also the option parsing that `search` shares with it.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import {
  renderTokenTable,
  renderTokenTsv,
  TOKEN_FORMATS,
  type TokenFormat,
} from "../output/tokens.ts";
import {
  DEFAULT_ORDER,
  ORDER_FIELDS,
  type TokenFilters,
  type TokenOrder,
} from "../query/filters.ts";
import { iterateTokens } from "../query/list_tokens.ts";
import type { TokenRecord } from "../query/token_record.ts";
import { STATUSES } from "../tokens/token.ts";
import { parseChoice, parseIntegerIn } from "./args.ts";
import type { CommandContext } from "./context.ts";
import { openForCommand } from "./open_report.ts";
import type { RepeatableValue, TokenFilterOptions, TokenOutputOptions } from "./token_options.ts";

/** The raw options of `canary list`. */
export interface ListOptions extends TokenFilterOptions, TokenOutputOptions {
  orderBy?: string;
  desc?: boolean;
}

/** Splits comma lists (possibly repeated) into trimmed, non-empty values. */
export function splitCommaList(value: RepeatableValue): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? value : [value])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
  return parts;
}

function requireValues(values: string[] | undefined, option: string): string[] | undefined {
  if (values !== undefined && values.length === 0) {
    throw new UsageError(`${option} needs at least one value`);
  }
  return values;
}

/** A priority bound: 1–10, or 0 for no bound (as the Go edition reads it). */
function parsePriorityBound(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const bound = parseIntegerIn(text, option, 0, 10);
  return bound === 0 ? undefined : bound;
}

/** Validates the filter options; throws a {@link UsageError} for anything malformed. */
export function parseTokenFilters(options: TokenFilterOptions): TokenFilters {
  const statuses = requireValues(splitCommaList(options.status), "--status")?.map((s) =>
    parseChoice(s, "--status value", STATUSES)
  );
  const priorityMin = parsePriorityBound(options.priorityMin, "--priority-min");
  const priorityMax = parsePriorityBound(options.priorityMax, "--priority-max");
  if (priorityMin !== undefined && priorityMax !== undefined && priorityMin > priorityMax) {
    throw new UsageError(
      `--priority-min ${priorityMin} is greater than --priority-max ${priorityMax}`,
    );
  }
  const text = (value: string | undefined, option: string) => {
    if (value === undefined) return undefined;
    if (value.trim() === "") throw new UsageError(`${option} needs a value`);
    return value.trim();
  };
  return {
    statuses,
    aspects: requireValues(splitCommaList(options.aspect), "--aspect"),
    phases: requireValues(splitCommaList(options.phase), "--phase"),
    owners: requireValues(splitCommaList(options.owner), "--owner"),
    specStatuses: requireValues(splitCommaList(options.specStatus), "--spec-status"),
    req: text(options.req, "--req"),
    path: text(options.path, "--path"),
    priorityMin,
    priorityMax,
  };
}

/** The output format from `--format` and `--json` (default: the table). */
export function parseTokenFormat(options: TokenOutputOptions): TokenFormat {
  const format = options.format === undefined
    ? undefined
    : parseChoice(options.format, "--format", TOKEN_FORMATS);
  if (options.json && format !== undefined && format !== "json") {
    throw new UsageError(`--json and --format ${format} contradict each other: choose one`);
  }
  return options.json ? "json" : format ?? "table";
}

/**
 * `--limit` as a number, or undefined for no limit; with `zeroMeansNone`
 * (`list`, as in the Go edition) `--limit 0` also means no limit.
 */
export function parseLimit(
  text: string | undefined,
  { zeroMeansNone = false } = {},
): number | undefined {
  if (text === undefined) return undefined;
  const limit = parseIntegerIn(text, "--limit", zeroMeansNone ? 0 : 1, Number.MAX_SAFE_INTEGER);
  return limit === 0 ? undefined : limit;
}

/** `--order-by` and `--desc` as an order; the field must be one of {@link ORDER_FIELDS}. */
export function parseOrder(options: { orderBy?: string; desc?: boolean }): TokenOrder {
  const field = options.orderBy === undefined
    ? DEFAULT_ORDER.field
    : parseChoice(options.orderBy, "--order-by", ORDER_FIELDS);
  return { field, descending: options.desc ?? false };
}

/** `tokens` again, or null when it yields nothing; reads only the first element ahead. */
function nonEmpty<T>(tokens: Iterable<T>): Iterable<T> | null {
  if (Array.isArray(tokens)) return tokens.length === 0 ? null : tokens;
  const iterator = tokens[Symbol.iterator]();
  const first = iterator.next();
  if (first.done) return null;
  return (function* () {
    yield first.value;
    for (let next = iterator.next(); !next.done; next = iterator.next()) yield next.value;
  })();
}

/**
 * Prints tokens in `format`. An empty result is `[]` in JSON and otherwise a
 * note on stderr (`empty` says what was looked for). JSON and TSV are written
 * as `tokens` yields them; the table, which aligns columns, reads them all.
 */
export function printTokens<T extends TokenRecord>(
  ctx: CommandContext,
  tokens: Iterable<T>,
  format: TokenFormat,
  options: {
    header?: boolean;
    empty: string;
    tsvExtra?: { name: string; value: (token: T) => string }[];
  },
): void {
  const { out } = ctx;
  if (format === "json") {
    out.json(Array.isArray(tokens) ? tokens : tokens[Symbol.iterator]());
    return;
  }
  const found = nonEmpty(tokens);
  if (found === null) {
    out.note(options.empty);
    return;
  }
  if (format === "tsv") {
    out.lines(renderTokenTsv(found, { header: options.header, extra: options.tsvExtra }));
  } else {
    // A pipe gets the same aligned table as a terminal (people pipe to less);
    // scripts ask for --format tsv or --json.
    out.lines(renderTokenTable([...found], out.colors, out.stdoutColumns));
  }
}

/** `canary list`: prints the tokens that match the filters. */
export async function listCommand(ctx: CommandContext, options: ListOptions): Promise<void> {
  const filters = parseTokenFilters(options);
  const order = parseOrder(options);
  const limit = parseLimit(options.limit, { zeroMeansNone: true });
  const format = parseTokenFormat(options);
  const { db } = await openForCommand(ctx, options.db, {
    readOnlyFallback: true,
    emptyWhenMissing: true,
  });
  try {
    // Read from the database while printing: JSON and TSV of any size in flat memory.
    printTokens(ctx, iterateTokens(db, { filters, order, limit }), format, {
      header: options.header,
      empty: "no tokens match",
    });
  } finally {
    db.close();
  }
}
