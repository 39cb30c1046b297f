/**
 * Aligned plain-text tables for people at a terminal. A cell is shown on one
 * line with its control characters escaped and is cut to
 * {@link MAX_CELL_WIDTH} terminal columns, ending in `…`; the full value is in
 * `--json` and `--format tsv`. Rendering is linear in the output and yields
 * lines one at a time.
 *
 * @module
 */
import { escapeControls } from "./sanitize.ts";

/** One column: its heading, alignment, and an optional style applied after padding. */
export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  align?: "left" | "right";
  /** Colours the padded cell; padding is computed on the plain text. */
  style?: (cell: string, row: Row) => string;
}

/** The widest a table cell is shown, in terminal columns. */
export const MAX_CELL_WIDTH = 80;

const ZERO_WIDTH = /[\p{Mn}\p{Me}\u200b\u200d\ufeff]/u;

/** Whether a code point takes two terminal columns (East Asian wide and fullwidth, emoji). */
function isWide(code: number): boolean {
  return (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) || (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) || (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) || (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) || (code >= 0x20000 && code <= 0x3fffd);
}

function charWidth(char: string): number {
  const code = char.codePointAt(0)!;
  if (code < 0x300) return 1;
  if (ZERO_WIDTH.test(char)) return 0;
  return isWide(code) ? 2 : 1;
}

/** Width of a string in terminal columns: wide characters count 2, combining marks 0. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/**
 * `text` as a table shows it: on one line, control characters escaped, and at
 * most `maxWidth` columns wide, cut with `…` when longer. Reads only the start
 * of a long text, so a huge value costs no more than a short one.
 */
export function fitCell(text: string, maxWidth: number = MAX_CELL_WIDTH): string {
  // Each shown column needs at least one code unit, wide or escaped ones more;
  // zero-width marks beyond this budget are dropped with the rest.
  const budget = maxWidth * 4;
  let start = text.length > budget ? text.slice(0, budget) : text;
  const code = start.charCodeAt(start.length - 1);
  if (start !== text && code >= 0xd800 && code <= 0xdbff) start = start.slice(0, -1);
  const shown = escapeControls(start);
  let width = 0;
  let end = 0;
  let cut = -1;
  for (const char of shown) {
    width += charWidth(char);
    if (width > maxWidth - 1 && cut < 0) cut = end;
    if (width > maxWidth) break;
    end += char.length;
  }
  if (width <= maxWidth && start === text) return shown;
  return shown.slice(0, cut < 0 ? end : cut) + "…";
}

function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line.charCodeAt(end - 1) === 32) end--;
  return end === line.length ? line : line.slice(0, end);
}

/**
 * The table's lines: a heading line, then one line per row, columns two spaces
 * apart. Two passes over `rows` (widths, then lines); only one line is held at
 * a time.
 */
export function* tableLines<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  headerStyle: (text: string) => string = (text) => text,
): Generator<string> {
  const headers = columns.map((column) => fitCell(column.header));
  const widths = headers.map(displayWidth);
  for (const row of rows) {
    columns.forEach((column, i) => {
      const width = displayWidth(fitCell(column.value(row)));
      if (width > widths[i]) widths[i] = width;
    });
  }
  const pad = (text: string, i: number) => {
    const fill = " ".repeat(widths[i] - displayWidth(text));
    return columns[i].align === "right" ? fill + text : text + fill;
  };
  yield trimTrailingSpaces(headers.map((header, i) => headerStyle(pad(header, i))).join("  "));
  for (const row of rows) {
    yield trimTrailingSpaces(
      columns.map((column, i) => {
        const padded = pad(fitCell(column.value(row)), i);
        return column.style ? column.style(padded, row) : padded;
      }).join("  "),
    );
  }
}
