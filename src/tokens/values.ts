/**
 * Checks and normalisations for individual token values: requirement ids, dates, placeholders,
 * aspect suggestions. All are linear in the value length and never throw.
 *
 * @module
 */

import { type Aspect, ASPECTS } from "./token.ts";

// Hyphen-like code points people paste from word processors and chat tools.
const UNICODE_DASHES =
  /[\u058A\u05BE\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]/g;

/** `value` with every Unicode dash (‐ ‑ ‒ – — ― − ﹘ ﹣ － …) replaced by ASCII `-`. */
export function normalizeDashes(value: string): string {
  return value.replace(UNICODE_DASHES, "-");
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Whether `value` is a requirement id: two or more segments of ASCII letters/digits joined by
 * single `-`, the first starting with a letter (`CBIN-129`, `CBIN-CLI-001`, `PROJ-1234`).
 * Normalise dashes first; this check accepts ASCII `-` only.
 */
export function isReqId(value: string): boolean {
  if (value.length < 3 || !isAsciiLetter(value.charCodeAt(0))) return false;
  let segments = 1;
  let segmentLength = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 45) {
      if (segmentLength === 0) return false;
      segments++;
      segmentLength = 0;
    } else if (isAsciiLetter(code) || isAsciiDigit(code)) {
      segmentLength++;
    } else {
      return false;
    }
  }
  return segments >= 2 && segmentLength > 0;
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD` (so `2025-02-30` is not). */
export function isCalendarDate(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) {
    return false;
  }
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9]) {
    if (!isAsciiDigit(value.charCodeAt(i))) return false;
  }
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= monthDays[month - 1];
}

/**
 * Whether `value` is obviously template text rather than data: it contains `<…>`, `{{`, `#`,
 * `...`/`…`, `YYYY` or `XXX` (as in `CBIN-###`, `<req>`, `YYYY-MM-DD`, `CBIN-XXX`).
 * Meant for structured fields (REQ, ASPECT, STATUS, dates, PRIORITY) where none of these can
 * legitimately appear; free-text fields use {@linkcode isWholePlaceholder}.
 */
export function isPlaceholder(value: string): boolean {
  const open = value.indexOf("<");
  return (open !== -1 && value.indexOf(">", open + 1) !== -1) ||
    value.includes("{{") || value.includes("#") || value.includes("...") ||
    value.includes("\u2026") || value.toUpperCase().includes("YYYY") || value.includes("XXX");
}

/**
 * Whether the whole of `value` is a placeholder — `<feature>`, `{{owner}}`, `...`, `…` — while
 * text that merely contains such characters (`Parse <T> generics`) is not.
 */
export function isWholePlaceholder(value: string): boolean {
  if (value === "..." || value === "\u2026") return true;
  if (value.length >= 3 && value.startsWith("<") && value.endsWith(">")) {
    return value.indexOf(">") === value.length - 1;
  }
  return value.length >= 5 && value.startsWith("{{") && value.endsWith("}}");
}

/**
 * Edit distance between two short strings: insertions, deletions,
 * substitutions and swaps of two neighbouring characters (`lsit` is one edit
 * from `list`), each costing one.
 */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (
        i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      ) {
        current[j] = Math.min(current[j], before[j - 2] + 1);
      }
    }
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

/** `candidates` ordered by case-insensitive edit distance to `value`, nearest first (stable). */
export function nearestFirst(value: string, candidates: readonly string[]): string[] {
  const lower = value.toLowerCase();
  return candidates
    .map((candidate, index) => ({
      candidate,
      index,
      distance: editDistance(lower, candidate.toLowerCase()),
    }))
    .sort((x, y) => x.distance - y.distance || x.index - y.index)
    .map((entry) => entry.candidate);
}

/**
 * The candidate `value` is most likely a misspelling of, or null when none is close enough to
 * suggest. Case is ignored. Close means: `value` (3 characters or more) begins a candidate
 * (`Sec` for `Security`), or at most one edit per three characters of the longer of the two
 * (`Stroage` for `Storage`, `IMPLE` for `IMPL`), so unrelated short words (`Test` and `Dist`,
 * `Core` and `Wire`: two edits in four) are not paired. Ties go to the earlier candidate; values
 * over 64 characters are never misspellings.
 */
export function closestMatch<T extends string>(
  value: string,
  candidates: readonly T[],
): T | null {
  if (value.length > 64 || value === "") return null;
  const lower = value.toLowerCase();
  let best: T | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const known = candidate.toLowerCase();
    if (known === lower) return candidate;
    if (lower.length >= 3 && lower.length < known.length && known.startsWith(lower)) {
      if (bestDistance > 0.5) [best, bestDistance] = [candidate, 0.5];
      continue;
    }
    const distance = editDistance(lower, known);
    const allowed = Math.floor(Math.max(lower.length, known.length) / 3);
    if (distance <= allowed && distance < bestDistance) {
      [best, bestDistance] = [candidate, distance];
    }
  }
  return best;
}

/** The known aspect `value` most likely misspells, by {@linkcode closestMatch}, or null. */
export function nearestAspect(value: string): Aspect | null {
  return closestMatch(value, ASPECTS);
}
