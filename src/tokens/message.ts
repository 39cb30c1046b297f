/**
 * Quoting values inside diagnostic reasons.
 *
 * @module
 */
import { escapeControls } from "./control_escape.ts";

const MAX_SHOWN = 60;

/** `"text"`, with `"` and `\` written `\"` and `\\`, and controls escaped as tables show them. */
function quote(text: string): string {
  return `"${escapeControls(text.replace(/["\\]/g, "\\$&"))}"`;
}

/**
 * `value` as a double-quoted string for a diagnostic reason, its controls escaped
 * (`\x1b`, `\n`), cut to 60 code units plus `…` so a huge or binary value cannot flood the
 * output.
 */
export function quoteForMessage(value: string): string {
  if (value.length <= MAX_SHOWN) return quote(value);
  let cut = MAX_SHOWN;
  // Do not split a surrogate pair.
  const last = value.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return quote(value.slice(0, cut) + "\u2026");
}
