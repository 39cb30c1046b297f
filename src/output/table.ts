/**
 * Aligned plain-text tables for people at a terminal.
 *
 * @module
 */

/** One column: its heading, alignment, and an optional style applied after padding. */
export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  align?: "left" | "right";
  /** Colours the padded cell; padding is computed on the plain text. */
  style?: (cell: string, row: Row) => string;
}

/** Width of a string in terminal columns, counting code points (control characters shown as one). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const _ of text) width++;
  return width;
}

/** Replaces tabs, newlines and other control characters so a cell stays on one line. */
export function singleLine(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/[\x00-\x1f\x7f]/g, " ");
}

/** Renders rows as lines: a heading line, then one line per row, columns two spaces apart. */
export function renderTable<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  headerStyle: (text: string) => string = (text) => text,
): string[] {
  const cells = rows.map((row) => columns.map((column) => singleLine(column.value(row))));
  const widths = columns.map((column, i) =>
    Math.max(displayWidth(column.header), ...cells.map((line) => displayWidth(line[i])))
  );
  const pad = (text: string, i: number) => {
    const fill = " ".repeat(widths[i] - displayWidth(text));
    return columns[i].align === "right" ? fill + text : text + fill;
  };
  const trimEnd = (line: string) => line.replace(/ +$/, "");
  const lines = [trimEnd(columns.map((c, i) => headerStyle(pad(c.header, i))).join("  "))];
  cells.forEach((line, r) => {
    lines.push(trimEnd(
      line.map((cell, i) => {
        const padded = pad(cell, i);
        const style = columns[i].style;
        return style ? style(padded, rows[r]) : padded;
      }).join("  "),
    ));
  });
  return lines;
}
