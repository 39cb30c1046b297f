/**
 * The command-line options `list` and `search` share (filters, format, limit,
 * order), and their parsing into the query's terms; `next` and `create` use
 * its comma-list and limit parsing.
 *
 * @module
 */
import type { Command } from "./command_line.ts";
import { UsageError } from "../errors.ts";
import { TOKEN_FORMATS, type TokenFormat } from "../output/tokens.ts";
import type { DatabaseSync } from "node:sqlite";
import type { CommandContext } from "./context.ts";
import { resolve } from "../path.ts";
import {
  DEFAULT_ORDER,
  ORDER_FIELDS,
  pathIsIndexed,
  projectRelativePath,
  type TokenFilters,
  type TokenOrder,
} from "../query/filters.ts";
import { PRIORITY_LOWEST } from "../tokens/priority.ts";
import { STATUSES } from "../tokens/status_order.ts";
import { parseChoice, parseIntegerIn } from "./args.ts";

/** A repeatable option's raw value: one string, or several when the option was given again. */
export type RepeatableValue = string | string[] | undefined;

/** The raw filter options as the command line gives them. */
export interface TokenFilterOptions {
  status?: RepeatableValue;
  aspect?: RepeatableValue;
  phase?: RepeatableValue;
  owner?: RepeatableValue;
  specStatus?: RepeatableValue;
  req?: string;
  path?: string;
  priorityMin?: string;
  priorityMax?: string;
}

/** The raw output options `list` and `search` share. */
export interface TokenOutputOptions {
  db: string;
  json?: boolean;
  format?: string;
  header?: boolean;
  limit?: string;
}

function collect(value: string, previous: RepeatableValue): string[] {
  if (previous === undefined) return [value];
  return [...(Array.isArray(previous) ? previous : [previous]), value];
}

/** Adds the filter options shared by `list` and `search` to `command`. */
export function addTokenFilterOptions(command: Command): Command {
  return command
    .option("--status <list>", "statuses, comma-separated (any of)", collect)
    .option("--aspect <list>", "aspects, comma-separated (any of)", collect)
    .option("--phase <list>", "phases, comma-separated (any of)", collect)
    .option("--owner <list>", "owners, comma-separated (any of)", collect)
    .option("--spec-status <list>", "spec statuses, comma-separated (any of)", collect)
    .option("--req <id>", "a requirement id or prefix (CBIN-CLI), or a glob (CBIN-1*)")
    .option("--path <glob>", "a file, a folder (the files below it), or a glob (* also matches /)")
    .option("--priority-min <n>", "only priority numbers ≥ n (1 is highest)")
    .option("--priority-max <n>", "only priority numbers ≤ n");
}

/** Adds `--format`, `--header` and `--limit` (shared by `list` and `search`). */
export function addTokenOutputOptions(command: Command): Command {
  return command
    .option("--format <format>", `output format: ${TOKEN_FORMATS.join(", ")}`)
    .option("--header", "with --format tsv: print a header line first")
    .option("--limit <n>", "print at most n tokens");
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
  const bound = parseIntegerIn(text, option, 0, PRIORITY_LOWEST);
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

/**
 * `filters` with `--path` relative to the project folder; when it names no
 * indexed file, a note on stderr saying what `--path` is relative to.
 */
export function checkPathFilter(
  ctx: CommandContext,
  db: DatabaseSync,
  filters: TokenFilters,
): TokenFilters {
  if (filters.path === undefined) return filters;
  const folder = resolve(ctx.cwd(), ctx.project?.root ?? ".");
  const path = projectRelativePath(filters.path, folder);
  if (!pathIsIndexed(db, path)) {
    ctx.out.note(
      `canary: --path ${filters.path} names no indexed file ` +
        `(paths are relative to the project folder ${folder})`,
    );
  }
  return { ...filters, path };
}
