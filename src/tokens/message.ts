/**
 * Quoting values inside diagnostic reasons.
 *
 * @module
 */

const MAX_SHOWN = 60;

/**
 * `value` as a double-quoted, JSON-escaped string for a diagnostic reason, cut to 60 code units
 * plus `…` so a huge or binary value cannot flood the output.
 */
export function quoteForMessage(value: string): string {
  if (value.length <= MAX_SHOWN) return JSON.stringify(value);
  let cut = MAX_SHOWN;
  // Do not split a surrogate pair.
  const last = value.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return JSON.stringify(value.slice(0, cut) + "\u2026");
}
