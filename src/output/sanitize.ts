/**
 * Making text safe to show: the escaping of control characters (see
 * `control_escape.ts`, re-exported here for renderers) and canary's own
 * styles, which are the only escape sequences the output net lets through.
 *
 * @module
 */

export { escapeControls, type EscapeOptions } from "../tokens/control_escape.ts";
import { escapeControls } from "../tokens/control_escape.ts";

// A style is written as a mark holding a key drawn afresh by each run, which no data
// can hold; the net turns marks into SGR sequences and escapes every real ESC.
const STYLE_KEY = [...crypto.getRandomValues(new Uint8Array(8))]
  .map((byte) => byte.toString(16).padStart(2, "0")).join("");
const MARK_OPEN = "\ufdd0";
const MARK_CLOSE = "\ufdd1";
const MARK = new RegExp(`${MARK_OPEN}${STYLE_KEY}([0-9]+)${MARK_CLOSE}`, "g");

function mark(code: number): string {
  return `${MARK_OPEN}${STYLE_KEY}${code}${MARK_CLOSE}`;
}

/**
 * `text` escaped like {@link escapeControls} (one line), between the marks of
 * SGR codes `open` and `close`. Only {@link escapeExceptStyles} turns the
 * marks into colour; a style applied to styled text keeps the inner style.
 */
export function styleText(text: string, open: number, close: number): string {
  return mark(open) + escapeControls(text) + mark(close);
}

/**
 * `text` as a terminal may be given it, on one line: every control character
 * escaped (line feeds too; tabs kept unless `keepTabs` is false), and the styles made by
 * {@link styleText} written as SGR sequences when `keepStyles` is set, else
 * left out. An `ESC [ … m` that was in the text is escaped like any other
 * control, however the text was built.
 */
export function escapeExceptStyles(text: string, keepStyles: boolean, keepTabs = true): string {
  const escaped = escapeControls(text, { keepTabs });
  if (!escaped.includes(MARK_OPEN)) return escaped;
  return escaped.replace(MARK, (_, code: string) => keepStyles ? `\x1b[${code}m` : "");
}

/**
 * A file format's text (CSV, a report) as a terminal may be given it: controls
 * escaped, its tabs, line feeds and CRLF line ends kept. A file or pipe gets
 * the text exact instead.
 */
export function escapeForTerminal(text: string): string {
  return text.split("\r\n").map((part) => escapeControls(part, { keepLayout: true })).join("\r\n");
}

/**
 * CSV text as a terminal may be given it: as {@link escapeForTerminal}, and the
 * line breaks inside a quoted field written `\n`/`\r`, so a field cannot show
 * as records of its own; record ends stay.
 */
export function escapeCsvForTerminal(text: string): string {
  // Split on quotes, odd parts are inside a quoted field (a doubled quote toggles twice).
  return escapeForTerminal(
    text.split('"').map((part, i) => i % 2 === 1 ? escapeControls(part) : part).join('"'),
  );
}
