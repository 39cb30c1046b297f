/**
 * Keeping values canary writes from forming token lines. A report or listing saved inside a tree
 * would otherwise be scanned next time, and a token value holding `# CANARY: …; STATUS=TESTED`
 * would become a real token there. Every value written therefore has its `CANARY:` escaped, so
 * the marker never appears in canary's output.
 *
 * @module
 */

/** The literal that introduces every token; here, not with the locator, so output needs no parser. */
export const MARKER = "CANARY:";

/** How `CANARY:` is written in text formats (CSV, TSV): a backslash before the colon. */
export const ESCAPED_MARKER = "CANARY\\:";

/** How `CANARY:` is written in JSON: `\u003a` is the colon, so the data stays exact. */
export const JSON_ESCAPED_MARKER = "CANARY\\u003a";

/** How `CANARY:` is written in HTML: `&#58;` is the colon, so the page shows the text exactly. */
export const HTML_ESCAPED_MARKER = "CANARY&#58;";

/**
 * `text` with every `CANARY:` written as `escaped`: by default `CANARY\:` (CSV and TSV cells,
 * Markdown, text for people).
 */
export function escapeMarker(text: string, escaped: string = ESCAPED_MARKER): string {
  return text.includes(MARKER) ? text.replaceAll(MARKER, escaped) : text;
}

/**
 * JSON text with every `CANARY:` written as `CANARY\u003a`. Outside strings JSON holds no
 * letters but `true`, `false` and `null`, and no escape sequence contains the marker, so the
 * result parses to exactly the same value.
 */
export function escapeMarkerInJson(json: string): string {
  return escapeMarker(json, JSON_ESCAPED_MARKER);
}
