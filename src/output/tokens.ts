/**
 * How tokens look on stdout: an aligned, status-coloured table for people,
 * TSV for `cut` and `awk`, and the stable JSON token objects.
 *
 * @module
 */
import type { Output, Palette } from "./output.ts";
import { escapeMarker } from "../tokens/marker_escape.ts";
import { isStatus, type Status } from "../tokens/status_order.ts";
import { escapeControls } from "./sanitize.ts";
import { tableLines } from "./table.ts";
import type { TokenRecord } from "../db/token_rows.ts";

/** The ways `list` and `search` can print tokens. */
export const TOKEN_FORMATS = ["table", "tsv", "json"] as const;

/** One of {@link TOKEN_FORMATS}. */
export type TokenFormat = typeof TOKEN_FORMATS[number];

// Every status has a colour (the Record makes a new status a type error until it gets one).
const STATUS_STYLES: Record<Status, keyof Omit<Palette, "enabled">> = {
  MISSING: "red",
  STUB: "yellow",
  IMPL: "cyan",
  TESTED: "green",
  BENCHED: "magenta",
  REMOVED: "dim",
};

/** Colours a status name by how far along it is; anything else is left plain. */
export function styleStatus(colors: Palette, status: string, text: string = status): string {
  return isStatus(status) ? colors[STATUS_STYLES[status]](text) : text;
}

/**
 * The table for people: REQ, FEATURE, STATUS, ASPECT, PRI, LOCATION
 * (`path:line`), cut to `width` columns when given (a terminal's); ASPECT and
 * then PRI are left out where cutting is not enough.
 */
export function renderTokenTable(
  tokens: readonly TokenRecord[],
  colors: Palette,
  width?: number,
): Generator<string> {
  return tableLines<TokenRecord>(
    [
      { header: "REQ", value: (t) => t.req_id },
      { header: "FEATURE", value: (t) => t.feature },
      {
        header: "STATUS",
        value: (t) => t.status,
        fixed: true,
        style: (cell, t) => styleStatus(colors, t.status, cell),
      },
      { header: "ASPECT", value: (t) => t.aspect, drop: 2 },
      { header: "PRI", value: (t) => String(t.priority), align: "right", drop: 1 },
      { header: "LOCATION", value: (t) => `${t.file_path}:${t.line_number}` },
    ],
    tokens,
    colors.bold,
    width,
  );
}

/** The TSV columns, in order (README documents them). */
export const TSV_COLUMNS = [
  "req_id",
  "feature",
  "status",
  "aspect",
  "priority",
  "file_path",
  "line_number",
  "owner",
  "phase",
  "spec_status",
  "updated",
  "tests",
  "benches",
] as const;

/**
 * Escapes a TSV field: backslash, tab, newline and carriage return become
 * `\\`, `\t`, `\n`, `\r`; other control characters (C0, DEL, C1) and
 * bidirectional controls `\xHH` or `\uHHHH`; and `CANARY:` becomes `CANARY\:`,
 * so no field can be scanned as a token. Reversible, and safe in a terminal.
 */
export function escapeTsvField(value: string): string {
  return escapeMarker(escapeControls(value, { backslash: true }));
}

function tsvValue(token: TokenRecord, column: typeof TSV_COLUMNS[number]): string {
  const value = token[column];
  if (value === null) return "";
  if (Array.isArray(value)) return value.join(",");
  return String(value);
}

/**
 * One line per token, fields tab-separated in {@link TSV_COLUMNS} order, absent
 * values empty; `extra` columns (such as search's `rank`) are appended.
 */
export function* renderTokenTsv<T extends TokenRecord>(
  tokens: Iterable<T>,
  options: { header?: boolean; extra?: { name: string; value: (token: T) => string }[] } = {},
): Generator<string> {
  const extra = options.extra ?? [];
  if (options.header) yield [...TSV_COLUMNS, ...extra.map((e) => e.name)].join("\t");
  for (const token of tokens) {
    yield [
      ...TSV_COLUMNS.map((column) => tsvValue(token, column)),
      ...extra.map((column) => column.value(token)),
    ].map(escapeTsvField).join("\t");
  }
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
  out: Output,
  tokens: Iterable<T>,
  format: TokenFormat,
  options: {
    header?: boolean;
    empty: string;
    tsvExtra?: { name: string; value: (token: T) => string }[];
  },
): void {
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
