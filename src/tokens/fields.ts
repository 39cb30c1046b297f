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
  const { closers, closesWithParen } = tokenEnd;
  const length = line.length;
  const fields: RawField[] = [];
  const errors: string[] = [];
  let sawEquals = false;

  const closerAt = (i: number): boolean => {
    const code = line.charCodeAt(i);
    // Every closer starts with "*", "-" or ")"; test the cheap first character before the rest.
    if (code !== 42 && code !== 45 && code !== 41) return false;
    if (closesWithParen && code === 41) return true;
    for (const closer of closers) {
      if (line.startsWith(closer, i)) return true;
    }
    return false;
  };
  const skipSpace = (i: number): number => {
    while (i < length && isSpace(line.charCodeAt(i))) i++;
    return i;
  };
  // Moves to the next ";" or closer (or the end) without interpreting anything.
  const skipToSeparator = (i: number): number => {
    while (i < length && line.charCodeAt(i) !== 59 && !closerAt(i)) i++;
    return i;
  };

  let i = from;
  for (;;) {
    i = skipSpace(i);
    if (i >= length || closerAt(i)) break;
    if (line.charCodeAt(i) === 59) {
      i++;
      continue;
    }

    const keyStart = i;
    while (i < length) {
      const code = line.charCodeAt(i);
      if (code === 61 || code === 59 || closerAt(i)) break;
      i++;
    }
    if (i >= length || line.charCodeAt(i) !== 61) {
      errors.push(`field without "=": ${quoteForMessage(trimmed(line, keyStart, i))}`);
      continue;
    }
    sawEquals = true;
    const key = trimmed(line, keyStart, i);
    const valueName = isKey(key) ? key.toUpperCase() : "field";
    if (key === "") {
      errors.push(`field with an empty name before "="`);
    } else if (!isKey(key)) {
      errors.push(`invalid field name ${quoteForMessage(key)} (expected letters, digits or _)`);
    }
    i = skipSpace(i + 1);

    let value: string;
    const quote = line.charCodeAt(i);
    if (quote === 34 || quote === 39) {
      const parts: string[] = [];
      let segmentStart = ++i;
      let closed = false;
      while (i < length) {
        const code = line.charCodeAt(i);
        if (code === 92) {
          const next = line.charCodeAt(i + 1);
          if (next === 34 || next === 39 || next === 92) {
            parts.push(line.slice(segmentStart, i));
            segmentStart = i + 1;
            i += 2;
          } else {
            i++;
          }
          continue;
        }
        if (code === quote) {
          closed = true;
          break;
        }
        i++;
      }
      if (!closed) {
        errors.push(`unterminated quote in ${valueName} value`);
        i = length;
        break;
      }
      parts.push(line.slice(segmentStart, i));
      value = parts.join("");
      i = skipSpace(i + 1);
      if (i < length && line.charCodeAt(i) !== 59 && !closerAt(i)) {
        const extraStart = i;
        i = skipToSeparator(i);
        errors.push(
          `unexpected text after the quoted ${valueName} value: ${
            quoteForMessage(trimmed(line, extraStart, i))
          }`,
        );
        continue;
      }
    } else {
      const valueStart = i;
      let depth = 0;
      while (i < length) {
        const code = line.charCodeAt(i);
        if (code === 59) break;
        if (closesWithParen && code === 40) depth++;
        else if (closesWithParen && code === 41 && depth > 0) depth--;
        else if (closerAt(i)) break;
        i++;
      }
      value = trimmed(line, valueStart, i);
    }
    if (key !== "" && isKey(key)) fields.push({ key, value });
  }

  return { fields, errors, end: i, sawEquals };
}
