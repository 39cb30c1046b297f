/**
 * Aligned plain-text tables for people. A cell is shown on one line with its
 * control characters escaped. On a terminal the table fits its width; off one
 * (a pager, a file) values are shown whole, and only a cell wider than
 * {@link MAX_CELL_WIDTH} columns, which no person reads in a table, is cut,
 * ending in `…`. The full value is always in `--json` and `--format tsv`.
 * Rendering is linear in the output and yields lines one at a time.
 *
 * @module
 */
import { escapeControls } from "./sanitize.ts";

/** One column: its heading, alignment, and an optional style applied after padding. */
export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  align?: "left" | "right";
  /** Never cut to fit a terminal (a progress bar, say): others give way first. */
  fixed?: boolean;
  /**
   * Left out when the table cannot fit a terminal otherwise: columns with a
   * higher number go first. Columns without one always stay.
   */
  drop?: number;
  /** Colours the cell's text; padding is added outside, computed on the plain text. */
  style?: (cell: string, row: Row) => string;
}

/**
 * The widest a table cell is shown off a terminal, in terminal columns: far
 * beyond any feature, path or test list, so piped tables lose no real value,
 * while a pasted 5 MB value cannot flood a reader (or pad every row to it).
 */
export const MAX_CELL_WIDTH = 1000;

/** Combining marks and zero-width characters; compiled on first use (about 4 ms, at start-up). */
let zeroWidth: RegExp | undefined;
/** Emoji shown as emoji by default (🚀 ✅ ⚡ 🫠): two columns, as Unicode's East Asian Width has them. */
let emoji: RegExp | undefined;

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

/** Whether a code point is a regional indicator, half of a flag (🇩🇪 is two). */
function isRegionalIndicator(code: number): boolean {
  return code >= 0x1f1e6 && code <= 0x1f1ff;
}

function charWidth(char: string): number {
  const code = char.codePointAt(0)!;
  if (code < 0x300) return 1;
  zeroWidth ??= /[\p{Mn}\p{Me}\u200b\u200d\ufeff]/u;
  if (zeroWidth.test(char)) return 0;
  if (isWide(code)) return 2;
  emoji ??= /\p{Emoji_Presentation}/u;
  return code >= 0x231a && !isRegionalIndicator(code) && emoji.test(char) ? 2 : 1;
}

/** Whether every code unit is below U+0300, each one column: most text, measured unsegmented. */
function isNarrowOnly(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x300) return false;
  return true;
}

/** Grapheme clusters (a letter and its marks, an emoji sequence); made on first use. */
let segmenter: Intl.Segmenter | undefined;

// What joins code points into one cluster (Unicode's grapheme rules): marks, the joiner and
// variation selectors, prepended signs, Hangul jamo, regional indicators, emoji modifiers and
// tags. Without one of them each code point is a cluster of its own, and the segmenter, whose
// creation costs about 12 ms, is not needed.
const CLUSTER_JOINERS = new RegExp(
  "[\\p{M}\\u200c\\u200d\\ufe00-\\ufe0f\\uff9e\\uff9f\\u0600-\\u0605\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u0d4e" +
    "\\u1100-\\u11ff\\ua960-\\ua97f\\ud7b0-\\ud7ff\\u{1f1e6}-\\u{1f1ff}\\u{1f3fb}-\\u{1f3ff}" +
    "\\u{110bd}\\u{110cd}\\u{111c2}\\u{111c3}\\u{1193f}\\u{11941}\\u{11a3a}\\u{11a84}-\\u{11a89}\\u{11d46}" +
    "\\u{11f02}\\u{e0020}-\\u{e007f}\\u{e0100}-\\u{e01ef}]",
  "u",
);

/** The grapheme clusters of `text`: what a terminal shows as one character each. */
export function clusters(text: string): string[] {
  if (isNarrowOnly(text) || !CLUSTER_JOINERS.test(text)) return [...text];
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  return Array.from(segmenter.segment(text), (part) => part.segment);
}

/**
 * A cluster's columns: those of its widest code point, and two for an emoji
 * sequence (a flag, a character with the emoji selector U+FE0F), which
 * terminals show as one wide emoji.
 */
function clusterWidth(cluster: string): number {
  let width = 0;
  let points = 0;
  for (const char of cluster) {
    width = Math.max(width, charWidth(char));
    points++;
  }
  const emojiSequence = cluster.includes("\ufe0f") || isRegionalIndicator(cluster.codePointAt(0)!);
  return points > 1 && emojiSequence ? 2 : width;
}

/**
 * Width of a string in terminal columns, by grapheme cluster: wide characters
 * and emoji count 2, combining marks and joined sequences nothing more.
 */
export function displayWidth(text: string): number {
  if (isNarrowOnly(text)) return text.length;
  let width = 0;
  for (const cluster of clusters(text)) width += clusterWidth(cluster);
  return width;
}

/**
 * `text` as a table shows it: on one line, control characters escaped, and at
 * most `maxWidth` columns wide, cut with `…` when longer; a cut never splits a
 * grapheme cluster (an emoji sequence is left out whole). Reads only the start
 * of a long text, so a huge value costs no more than a short one.
 */
export function fitCell(text: string, maxWidth: number = MAX_CELL_WIDTH): string {
  // Each shown column needs at least one code unit, wide or escaped ones more;
  // zero-width marks beyond this budget are dropped with the rest.
  const budget = maxWidth * 4;
  const whole = text.length <= budget;
  const shown = escapeControls(whole ? text : text.slice(0, budget));
  if (whole && shown.length <= maxWidth && isNarrowOnly(shown)) return shown;
  const parts = clusters(shown);
  // The budget may have split the last cluster.
  if (!whole) parts.pop();
  let width = 0;
  let end = 0;
  let cut = -1;
  for (const part of parts) {
    width += clusterWidth(part);
    if (width > maxWidth - 1 && cut < 0) cut = end;
    if (width > maxWidth) break;
    end += part.length;
  }
  if (width <= maxWidth && whole) return shown;
  return shown.slice(0, cut < 0 ? end : cut) + "…";
}

function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line.charCodeAt(end - 1) === 32) end--;
  return end === line.length ? line : line.slice(0, end);
}

/** The narrowest a cut column gets, in terminal columns. */
const MIN_CUT_WIDTH = 6;

/** Terminal columns a table of these column widths takes, two spaces apart. */
function tableWidth(widths: readonly number[]): number {
  return widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1);
}

/**
 * Narrows `widths` until the table fits `max` columns: each step cuts the
 * widest left-aligned column (free text; numbers are right-aligned) that is
 * still wider than its floor.
 */
function fitWidths(widths: number[], floors: readonly number[], cuttable: boolean[], max: number) {
  let total = tableWidth(widths);
  while (total > max) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (cuttable[i] && w > floors[i] && (widest < 0 || w > widths[widest])) widest = i;
    });
    if (widest < 0) return;
    widths[widest]--;
    total--;
  }
}

/** The narrowest a cut column gets when nothing else is left to cut or leave out: `x…`. */
const LAST_CUT_WIDTH = 2;

/**
 * Cuts the columns of `shown` (the first, the key, excluded) to fit `max`,
 * never below `floor(column)`; returns whether the table fits.
 */
function cutOthers<Row>(
  columns: readonly Column<Row>[],
  shown: readonly number[],
  widths: number[],
  floor: (i: number) => number,
  max: number,
): boolean {
  const cuttable = shown.map((i, k) => k > 0 && columns[i].align !== "right" && !columns[i].fixed);
  fitWidths(widths, shown.map(floor), cuttable, max);
  return tableWidth(widths) <= max;
}

/**
 * Which columns to show, and how wide, to fit `max` terminal columns. Free
 * text other than the first column is cut first, down to its heading (or
 * {@link MIN_CUT_WIDTH}); then columns are left out, empty ones first, then
 * droppable ones, highest `drop` first; then free text is cut below its
 * heading; the first column (the key) is cut last, and only when that makes
 * the table fit. Fixed columns (enums, bars, dates) are never cut.
 */
function layout<Row>(
  columns: readonly Column<Row>[],
  natural: readonly number[],
  headers: readonly string[],
  filled: readonly boolean[],
  max: number | undefined,
): { shown: number[]; widths: number[] } {
  let shown = columns.map((_, i) => i);
  // An empty column (but the key) holds nothing to lose: it goes before any other.
  const dropRank = (i: number) => i > 0 && !filled[i] ? Infinity : columns[i].drop;
  const atLeast = (floor: number) => (i: number) => Math.min(natural[i], floor);
  for (;;) {
    const widths = shown.map((i) => natural[i]);
    if (max === undefined || max <= 0) return { shown, widths };
    const heading = (i: number) => Math.max(MIN_CUT_WIDTH, displayWidth(headers[i]));
    if (cutOthers(columns, shown, widths, (i) => atLeast(heading(i))(i), max)) {
      return { shown, widths };
    }
    const droppable = shown.filter((i) => dropRank(i) !== undefined);
    if (droppable.length > 0) {
      const first = droppable.reduce((a, b) => dropRank(b)! > dropRank(a)! ? b : a);
      shown = shown.filter((i) => i !== first);
      continue;
    }
    for (const floor of [MIN_CUT_WIDTH, LAST_CUT_WIDTH]) {
      if (cutOthers(columns, shown, widths, atLeast(floor), max)) return { shown, widths };
    }
    // Cut, the key no longer tells rows apart: worth it only when the lines then fit.
    const keyCut = [...widths];
    keyCut[0] = Math.max(atLeast(MIN_CUT_WIDTH)(shown[0]), widths[0] - (tableWidth(widths) - max));
    return { shown, widths: tableWidth(keyCut) <= max ? keyCut : widths };
  }
}

/**
 * The table's lines: a heading line, then one line per row, columns two spaces
 * apart. With `maxWidth` (a terminal's width), long free text is cut with `…`
 * and optional columns are left out until every line fits; lines never wrap.
 * Without it nothing is cut below {@link MAX_CELL_WIDTH}.
 * Two passes over `rows` (widths, then lines); only one line is held at a
 * time. Styles apply to the text alone, so padding never sits inside an
 * escape sequence.
 */
export function* tableLines<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  headerStyle: (text: string) => string = (text) => text,
  maxWidth?: number,
): Generator<string> {
  // On a terminal no cell can be wider than the terminal; off one, the cap.
  const cap = maxWidth !== undefined && maxWidth > 0 ? maxWidth : MAX_CELL_WIDTH;
  const headers = columns.map((column) => fitCell(column.header, cap));
  const natural = headers.map(displayWidth);
  const filled = columns.map(() => false);
  for (const row of rows) {
    columns.forEach((column, i) => {
      const value = column.value(row);
      if (value !== "") filled[i] = true;
      const width = displayWidth(fitCell(value, cap));
      if (width > natural[i]) natural[i] = width;
    });
  }
  const { shown, widths } = layout(columns, natural, headers, filled, maxWidth);
  const cell = (text: string, k: number, style?: (text: string) => string) => {
    const shownText = fitCell(text, widths[k]);
    const fill = " ".repeat(widths[k] - displayWidth(shownText));
    const styled = style ? style(shownText) : shownText;
    return columns[shown[k]].align === "right" ? fill + styled : styled + fill;
  };
  yield trimTrailingSpaces(shown.map((i, k) => cell(headers[i], k, headerStyle)).join("  "));
  for (const row of rows) {
    yield trimTrailingSpaces(
      shown.map((i, k) => {
        const style = columns[i].style;
        return cell(columns[i].value(row), k, style && ((text) => style(text, row)));
      }).join("  "),
    );
  }
}
