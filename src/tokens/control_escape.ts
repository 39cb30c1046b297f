/**
 * Writing text from the data so a terminal shows it and acts on none of it:
 * no character a terminal would act on (C0 and C1 controls, DEL,
 * bidirectional overrides and isolates, line and paragraph separators) is
 * written as itself. Each becomes a visible backslash escape: `\t`, `\n`,
 * `\r`, `\xHH` up to U+00FF, `\uHHHH` above (ESC is `\x1b`, CSI `\x9b`, RLO
 * `\u202e`). Below the output layer, so diagnostics quote values the same way.
 *
 * @module
 */

// C0 but tab and line feed, DEL, C1, Arabic letter mark, LRM/RLM, line/paragraph
// separators, bidi embeddings/overrides and isolates.
const ACTIVE = String.raw`\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069`;
const UNSAFE = new RegExp(`[\t\n${ACTIVE}]`, "g");
const UNSAFE_OR_BACKSLASH = new RegExp(`[\\\\\t\n${ACTIVE}]`, "g");
const UNSAFE_BUT_LAYOUT = new RegExp(`[${ACTIVE}]`, "g");
const UNSAFE_BUT_TABS = new RegExp(`[\n${ACTIVE}]`, "g");

const NAMED: Readonly<Record<string, string>> = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function escapeOne(c: string): string {
  if (c === "\\") return "\\\\";
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** Options for {@link escapeControls}. */
export interface EscapeOptions {
  /** Also write `\` as `\\`, so the escaped text can be turned back (TSV does). */
  backslash?: boolean;
  /** Keep tabs and line feeds as they are (multi-line text). */
  keepLayout?: boolean;
  /** Keep tabs as they are (TSV lines, table lines). */
  keepTabs?: boolean;
}

/**
 * `text` with every terminal-active character replaced by its backslash escape.
 * Without `backslash`, a literal backslash stays as it is: the result is for
 * reading, not for reversing. Linear in the length of `text`.
 */
export function escapeControls(text: string, options: EscapeOptions = {}): string {
  const pattern = options.backslash
    ? UNSAFE_OR_BACKSLASH
    : options.keepLayout
    ? UNSAFE_BUT_LAYOUT
    : options.keepTabs
    ? UNSAFE_BUT_TABS
    : UNSAFE;
  return text.replace(pattern, escapeOne);
}
