/**
 * Keeping values canary writes from forming token lines. A report or listing saved inside a tree
 * would otherwise be scanned next time, and a token value holding `# CANARY: …; STATUS=TESTED`
 * would become a real token there. Every value written therefore has its `CANARY:` escaped, so
 * the marker never appears in canary's output.
 *
 * @module
 */

import { MARKER } from "./locate.ts";

/** How `CANARY:` is written in text formats (CSV, TSV): a backslash before the colon. */
export const ESCAPED_MARKER = "CANARY\\:";

/** How `CANARY:` is written in JSON: `\u003a` is the colon, so the data stays exact. */
export const JSON_ESCAPED_MARKER = "CANARY\\u003a";

/** `value` with every `CANARY:` written as `CANARY\:` (CSV and TSV cells). */
export function escapeMarker(value: string): string {
  return value.includes(MARKER) ? value.replaceAll(MARKER, ESCAPED_MARKER) : value;
}

/**
 * JSON text with every `CANARY:` written as `CANARY\u003a`. Outside strings JSON holds no
 * letters but `true`, `false` and `null`, and no escape sequence contains the marker, so the
 * result parses to exactly the same value.
 */
export function escapeMarkerInJson(json: string): string {
  return json.includes(MARKER) ? json.replaceAll(MARKER, JSON_ESCAPED_MARKER) : json;
}
