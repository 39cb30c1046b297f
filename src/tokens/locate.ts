/**
 * Deciding whether a `CANARY:` on a line is a token marker or just text that mentions it.
 *
 * @module
 */

import { MARKER } from "./marker_escape.ts";

/** Where a recognised marker sits on a line and what may end the token early. */
export interface MarkerLocation {
  /** Index of the `C` of `CANARY:` in the line. */
  markerStart: number;
  /** The comment opener before the marker as written (`//`, `#`, `<!--`, …), "" when bare. */
  opener: string;
  /** Whether the opener follows code on the same line (a trailing comment). */
  trailing: boolean;
  /** Block-comment closers (`-->`, `-}`, `*)`, star-slash) that end the token outside quotes. */
  closers: readonly string[];
  /** Markdown `[//]: # (CANARY: …)`: an unbalanced `)` outside quotes ends the token. */
  closesWithParen: boolean;
}

const ANY_BLOCK_CLOSER: readonly string[] = ["*/", "-->", "-}", "*)"];
const NO_CLOSER: readonly string[] = [];

/** Whether `code` is a whitespace code unit (the ASCII and Unicode spaces JS `trim` removes). */
export function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0xfeff ||
    code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 ||
    code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;
}

// Identifier-like characters; an opener glued to one (`a//`, `x--`) is not an opener.
function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) ||
    code === 95 || (code >= 0x80 && !isSpace(code));
}

/** How an opener may be placed. */
type Placement =
  // Only as the first thing on the line (`*` continuation, `REM`, Markdown comments).
  | "line-start"
  // Also after code, glued to punctuation or separated by whitespace (`foo();// x`).
  | "strong"
  // Also after code, but only when separated by whitespace (`x = 1 # x`).
  | "weak";

interface Opener {
  start: number;
  placement: Placement;
  closers: readonly string[];
  closesWithParen: boolean;
}

function opener(
  start: number,
  placement: Placement,
  closers: readonly string[] = NO_CLOSER,
  closesWithParen = false,
): Opener {
  return { start, placement, closers, closesWithParen };
}

function runStart(line: string, end: number, code: number, floor: number): number {
  let start = end;
  while (start > floor && line.charCodeAt(start - 1) === code) start--;
  return start;
}

// `[//]: #` and its relatives: a Markdown link reference that renders as nothing.
const MARKDOWN_COMMENT = /^\[(?:\/\/|comment|_)\]:[ \t]*(?:#|<>)[ \t]*$/i;

function isMarkdownComment(line: string, from: number, to: number): boolean {
  return to - from <= 32 && MARKDOWN_COMMENT.test(line.slice(from, to));
}

/** `//!` or `/*!`, ending at `end`. */
function bangOpener(line: string, end: number, floor: number): Opener | null {
  const slashes = runStart(line, end - 1, 47, floor);
  if (end - 1 - slashes >= 2) return opener(slashes, "strong");
  if (line.charCodeAt(end - 2) === 42 && line.charCodeAt(end - 3) === 47) {
    return opener(end - 3, "strong", ["*/"]);
  }
  return null;
}

/** `/*`, `/**`, `(*`, or a leading `*` inside a block comment, ending at `end`. */
function starOpener(line: string, end: number, floor: number): Opener {
  const stars = runStart(line, end, 42, floor);
  const before = stars > floor ? line.charCodeAt(stars - 1) : -1;
  if (before === 47) return opener(stars - 1, "strong", ["*/"]);
  if (before === 40) return opener(stars - 1, "strong", ["*)"]);
  return opener(stars, "line-start", ["*/", "*)"]);
}

/** Markdown's `[//]: # (CANARY: …)`, whose `(` ends at `end`. */
function markdownParenOpener(line: string, end: number, floor: number): Opener | null {
  let hashEnd = end - 1;
  while (hashEnd > floor && isSpace(line.charCodeAt(hashEnd - 1))) hashEnd--;
  return isMarkdownComment(line, floor, hashEnd)
    ? opener(floor, "line-start", NO_CLOSER, true)
    : null;
}

/** `<!--`, `{-` or `--`, ending at `end`. */
function dashOpener(line: string, end: number, floor: number): Opener | null {
  if (end - 4 >= floor && line.startsWith("<!--", end - 4)) {
    return opener(end - 4, "strong", ["-->"]);
  }
  if (end - 2 >= floor && line.charCodeAt(end - 2) === 123) {
    return opener(end - 2, "strong", ["-}"]);
  }
  const start = runStart(line, end, 45, floor);
  return end - start >= 2 ? opener(start, "weak") : null;
}

/** `REM` or `@REM` (batch files, any case), ending at `end`. */
function remOpener(line: string, end: number, floor: number): Opener | null {
  if (end - 3 < floor || line.slice(end - 3, end).toUpperCase() !== "REM") return null;
  const start = end - 3 > floor && line.charCodeAt(end - 4) === 64 ? end - 4 : end - 3;
  return opener(start, "line-start");
}

/** The opener ending exactly at `end` (exclusive), or null. `floor` is where line text begins. */
function openerEndingAt(line: string, end: number, floor: number): Opener | null {
  switch (line.charCodeAt(end - 1)) {
    case 47: { // "/": //, ///, ////
      const start = runStart(line, end, 47, floor);
      return end - start >= 2 ? opener(start, "strong") : null;
    }
    case 33: // "!"
      return bangOpener(line, end, floor);
    case 42: // "*"
      return starOpener(line, end, floor);
    case 35: // "#": #, ##, ###, and Markdown's [//]: #
      if (isMarkdownComment(line, floor, end)) return opener(floor, "line-start");
      return opener(runStart(line, end, 35, floor), "weak");
    case 62: // ">": Markdown's [//]: <>
      return isMarkdownComment(line, floor, end) ? opener(floor, "line-start") : null;
    case 40: // "("
      return markdownParenOpener(line, end, floor);
    case 45: // "-"
      return dashOpener(line, end, floor);
    case 59: // ";": ;, ;;
      return opener(runStart(line, end, 59, floor), "weak");
    case 37: // "%": %, %%
      return opener(runStart(line, end, 37, floor), "weak");
    case 39: // "'": Visual Basic
      return opener(end - 1, "weak");
    case 77:
    case 109: // "M"
      return remOpener(line, end, floor);
    default:
      return null;
  }
}

/**
 * Tracks, left to right, whether a position on the line is inside a string literal, so that
 * `"// CANARY: x"` is not mistaken for a trailing comment. Double quotes and backticks always
 * open a string; a single quote does unless it follows a word character or `&` (an apostrophe
 * or a Rust lifetime). Backslash escapes the next character inside a string.
 */
class StringTracker {
  #line: string;
  #position: number;
  #quote = 0;
  // Index of the next character that can change the state from #position, -1 when none is left;
  // cached so that many markers on one long line never re-search the same stretch.
  #next = -2;

  constructor(line: string, start: number) {
    this.#line = line;
    this.#position = start;
  }

  /** Whether `target` lies inside a string; targets must not decrease between calls. */
  insideStringAt(target: number): boolean {
    const line = this.#line;
    while (this.#position < target) {
      if (this.#next === -2) {
        const pattern = this.#quote === 0
          ? CODE_QUOTES
          : this.#quote === 34
          ? IN_DOUBLE
          : this.#quote === 96
          ? IN_BACKTICK
          : IN_SINGLE;
        pattern.lastIndex = this.#position;
        this.#next = pattern.exec(line)?.index ?? -1;
      }
      if (this.#next === -1 || this.#next >= target) break;
      const i = this.#next;
      const code = line.charCodeAt(i);
      this.#position = i + 1;
      if (this.#quote !== 0) {
        if (code === 92) this.#position = i + 2;
        else this.#quote = 0;
      } else if (code !== 39) {
        this.#quote = code;
      } else {
        const previous = i > 0 ? line.charCodeAt(i - 1) : 32;
        if (!isWordChar(previous) && previous !== 38) this.#quote = code;
      }
      this.#next = -2;
    }
    return this.#quote !== 0;
  }
}

const CODE_QUOTES = /["'`]/g;
const IN_DOUBLE = /["\\]/g;
const IN_BACKTICK = /[`\\]/g;
const IN_SINGLE = /['\\]/g;

/**
 * Finds the first `CANARY:` on `line` that stands in a recognised position, or null.
 *
 * The rule: strip a leading UTF-8 BOM, then look at the text before each `CANARY:` with trailing
 * whitespace removed. The marker is recognised when that text is
 * 1. empty (`CANARY:` starts the line's text, e.g. inside a block comment body), or
 * 2. only a comment opener at the start of the line: `//` `///` `//!` `#` `##` `--` `/*` `/**`
 *    `/*!` `*` `<!--` `;` `;;` `%` `'` `REM` `@REM` `{-` `(*`, or Markdown's `[//]: #`,
 *    `[//]: <>` and `[//]: # (` (also with `comment` or `_` as the label), or
 * 3. code followed by a trailing-comment opener: `//`-style, `/*`-style, `<!--`, `{-` and `(*`
 *    must not be glued to a word character, `:` or `\` (so `http://` and `a//` do not count);
 *    `#`, `--`, `;`, `%` and `'` must be preceded by whitespace (so `x--`, `foo();` and
 *    `'# x'` do not count); `*`, `REM` and Markdown comments never count mid-line. The opener
 *    must also lie outside string literals (see the string tracker above).
 *
 * Hence `fmt.Println("CANARY: x")`, `the CANARY: format`, `grep "CANARY:" f` and
 * `# grep CANARY:` (the `#` is followed by `grep`, not by the marker) are not tokens.
 * The caller additionally treats a marker with no `KEY=VALUE` field after it as prose.
 */
export function locateMarker(line: string): MarkerLocation | null {
  let from = line.indexOf(MARKER);
  if (from === -1) return null;
  const lineStart = line.charCodeAt(0) === 0xfeff ? 1 : 0;
  let textStart = lineStart;
  while (textStart < line.length && isSpace(line.charCodeAt(textStart))) textStart++;
  const strings = new StringTracker(line, lineStart);
  while (from !== -1) {
    const location = classifyMarker(line, from, textStart, strings);
    if (location !== null) return location;
    from = line.indexOf(MARKER, from + 1);
  }
  return null;
}

function classifyMarker(
  line: string,
  markerStart: number,
  textStart: number,
  strings: StringTracker,
): MarkerLocation | null {
  let end = markerStart;
  while (end > textStart && isSpace(line.charCodeAt(end - 1))) end--;
  if (end <= textStart) {
    return {
      markerStart,
      opener: "",
      trailing: false,
      closers: ANY_BLOCK_CLOSER,
      closesWithParen: false,
    };
  }
  const found = openerEndingAt(line, end, textStart);
  if (found === null) return null;
  const trailing = found.start > textStart;
  if (trailing) {
    if (found.placement === "line-start") return null;
    const before = line.charCodeAt(found.start - 1);
    if (!isSpace(before)) {
      if (found.placement === "weak") return null;
      if (isWordChar(before) || before === 58 || before === 92) return null;
    }
    if (strings.insideStringAt(found.start)) return null;
  }
  return {
    markerStart,
    opener: line.slice(found.start, end),
    trailing,
    closers: found.closers,
    closesWithParen: found.closesWithParen,
  };
}
