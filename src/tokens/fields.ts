/**
 * The field syntax after `CANARY:`: `KEY=VALUE` pairs separated by `;`, values optionally quoted.
 *
 * @module
 */

import { isSpace } from "./locate.ts";
import { quoteForMessage } from "./message.ts";

/** One `KEY=VALUE` pair as written: key trimmed (case kept), value unquoted and trimmed. */
export interface RawField {
  /** The key as written, trimmed. */
  key: string;
  /** The value: trimmed, or for a quoted value its content with escapes resolved. */
  value: string;
}

/** What {@linkcode scanFields} found. */
export interface FieldScan {
  /** Well-formed fields in the order written (duplicates included). */
  fields: RawField[];
  /** Syntax errors, as human-readable reasons. */
  errors: string[];
  /** Index just past the token's text: where its closer starts, or the line's end. */
  end: number;
  /** Whether any `=` separated a key from a value; without one the text is prose, not a token. */
  sawEquals: boolean;
}

/** Where the token may end early; see `MarkerLocation`. */
export interface TokenEnd {
  /** Closers that end the token outside quotes. */
  closers: readonly string[];
  /** Whether an unbalanced `)` outside quotes ends the token. */
  closesWithParen: boolean;
}

// Keys are identifiers: an ASCII letter or `_`, then letters, digits or `_`.
function isKey(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
    if (!letter && !(i > 0 && code >= 48 && code <= 57)) return false;
  }
  return text.length > 0;
}

function trimmed(line: string, start: number, end: number): string {
  while (start < end && isSpace(line.charCodeAt(start))) start++;
  while (end > start && isSpace(line.charCodeAt(end - 1))) end--;
  return line.slice(start, end);
}

/**
 * Scans the fields of a token whose text starts at `from` (just after `CANARY:`).
 *
 * Syntax: fields are separated by `;`; empty fields (`;;`, a trailing `;`) are ignored. A field
 * is `KEY=VALUE`; keys are identifiers. A value starting with `"` or `'` runs to the matching
 * unescaped quote and may contain `;`; inside it `\"`, `\'` and `\\` stand for the character
 * after the backslash, any other backslash is kept as written. After a closing quote only
 * whitespace may precede the next `;`. An unquoted value runs to the next `;` and is trimmed.
 * Outside quotes, a closer from `tokenEnd` ends the token. Never throws; linear time.
 */
export function scanFields(line: string, from: number, tokenEnd: TokenEnd): FieldScan {
  const scanner = new FieldScanner(line, tokenEnd);
  const length = line.length;
  let i = from;
  for (;;) {
    i = scanner.skipSpace(i);
    if (i >= length || scanner.closerAt(i)) break;
    if (line.charCodeAt(i) === 59) {
      i++;
      continue;
    }
    const next = scanner.field(i);
    if (next === null) {
      i = length;
      break;
    }
    i = next;
  }
  return { fields: scanner.fields, errors: scanner.errors, end: i, sawEquals: scanner.sawEquals };
}

/** The state of one {@linkcode scanFields} run; each method scans one part of a field. */
class FieldScanner {
  readonly fields: RawField[] = [];
  readonly errors: string[] = [];
  sawEquals = false;
  readonly #line: string;
  readonly #length: number;
  readonly #closers: readonly string[];
  readonly #closesWithParen: boolean;

  constructor(line: string, tokenEnd: TokenEnd) {
    this.#line = line;
    this.#length = line.length;
    this.#closers = tokenEnd.closers;
    this.#closesWithParen = tokenEnd.closesWithParen;
  }

  closerAt(i: number): boolean {
    const code = this.#line.charCodeAt(i);
    // Every closer starts with "*", "-" or ")"; test the cheap first character before the rest.
    if (code !== 42 && code !== 45 && code !== 41) return false;
    if (this.#closesWithParen && code === 41) return true;
    for (const closer of this.#closers) {
      if (this.#line.startsWith(closer, i)) return true;
    }
    return false;
  }

  skipSpace(i: number): number {
    while (i < this.#length && isSpace(this.#line.charCodeAt(i))) i++;
    return i;
  }

  // Moves to the next ";" or closer (or the end) without interpreting anything.
  #skipToSeparator(i: number): number {
    while (i < this.#length && this.#line.charCodeAt(i) !== 59 && !this.closerAt(i)) i++;
    return i;
  }

  /**
   * Scans the field starting at `keyStart`; returns where scanning goes on, or null when an
   * unterminated quote ends the line's fields.
   */
  field(keyStart: number): number | null {
    const line = this.#line;
    let i = keyStart;
    while (i < this.#length) {
      const code = line.charCodeAt(i);
      if (code === 61 || code === 59 || this.closerAt(i)) break;
      i++;
    }
    if (i >= this.#length || line.charCodeAt(i) !== 61) {
      this.errors.push(`field without "=": ${quoteForMessage(trimmed(line, keyStart, i))}`);
      return i;
    }
    this.sawEquals = true;
    const key = trimmed(line, keyStart, i);
    const validKey = isKey(key);
    if (key === "") this.errors.push(`field with an empty name before "="`);
    else if (!validKey) {
      this.errors.push(
        `invalid field name ${quoteForMessage(key)} (expected letters, digits or _)`,
      );
    }
    i = this.skipSpace(i + 1);
    const quote = line.charCodeAt(i);
    const scanned = quote === 34 || quote === 39
      ? this.#quotedValue(i, validKey ? key.toUpperCase() : "field")
      : this.#unquotedValue(i);
    if (scanned === null) return null;
    if (scanned.value !== null && validKey) this.fields.push({ key, value: scanned.value });
    return scanned.end;
  }

  /**
   * The quoted value opening at `open`, escapes resolved, and where scanning goes on; its value
   * is null when text follows the closing quote; null when the quote is never closed.
   */
  #quotedValue(open: number, valueName: string): { value: string | null; end: number } | null {
    const line = this.#line;
    const quote = line.charCodeAt(open);
    const parts: string[] = [];
    let segmentStart = open + 1;
    let i = segmentStart;
    while (i < this.#length && line.charCodeAt(i) !== quote) {
      const next = line.charCodeAt(i + 1);
      if (line.charCodeAt(i) === 92 && (next === 34 || next === 39 || next === 92)) {
        parts.push(line.slice(segmentStart, i));
        segmentStart = i + 1;
        i += 2;
      } else {
        i++;
      }
    }
    if (i >= this.#length) {
      this.errors.push(`unterminated quote in ${valueName} value`);
      return null;
    }
    parts.push(line.slice(segmentStart, i));
    i = this.skipSpace(i + 1);
    if (i < this.#length && line.charCodeAt(i) !== 59 && !this.closerAt(i)) {
      const extraStart = i;
      i = this.#skipToSeparator(i);
      this.errors.push(
        `unexpected text after the quoted ${valueName} value: ${
          quoteForMessage(trimmed(line, extraStart, i))
        }`,
      );
      return { value: null, end: i };
    }
    return { value: parts.join(""), end: i };
  }

  /** The unquoted value starting at `start`, trimmed; balanced parentheses stay inside it. */
  #unquotedValue(start: number): { value: string; end: number } {
    const line = this.#line;
    let depth = 0;
    let i = start;
    while (i < this.#length) {
      const code = line.charCodeAt(i);
      if (code === 59) break;
      if (this.#closesWithParen && code === 40) depth++;
      else if (this.#closesWithParen && code === 41 && depth > 0) depth--;
      else if (this.closerAt(i)) break;
      i++;
    }
    return { value: trimmed(line, start, i), end: i };
  }
}
