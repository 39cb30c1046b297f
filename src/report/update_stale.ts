/**
 * `--update-stale`: rewriting the UPDATED date of stale tokens in their source files.
 *
 * @module
 */

import { join, resolve, sep } from "../path.ts";
import { compareCodePoints } from "../scan/path_order.ts";
import { locateMarker, parseTokenLine, splitLines, type Token } from "../tokens/mod.ts";
import { writeFileAtomic } from "./atomic_write.ts";
import { describeFsError, ReportError } from "./report_error.ts";
import type { StaleGroup } from "./stale.ts";

/** A file whose stale tokens were rewritten. */
export interface UpdatedFile {
  /** Path relative to the root. */
  path: string;
  /** 1-based lines rewritten, ascending. */
  lines: number[];
}

/** A stale token left as it was, and why. */
export interface UpdateSkip {
  /** Path relative to the root. */
  path: string;
  /** 1-based line. */
  line: number;
  /** Why, e.g. `the token changed since the scan`. */
  reason: string;
}

/** What {@linkcode updateStaleTokens} did. */
export interface StaleUpdate {
  /** Files rewritten, sorted by path. */
  files: UpdatedFile[];
  /** Tokens that could not be rewritten (the file or line changed, or is not UTF-8). */
  skipped: UpdateSkip[];
  /** Files that could not be read or written; their tokens were not changed. */
  failed: ReportError[];
}

/** Options for {@linkcode updateStaleTokens}. */
export interface UpdateStaleOptions {
  /** Writes a file (default: `writeFileAtomic`); injectable so tests can make writes fail. */
  writeFile?: (path: string, text: string) => void;
}

// Whether `after` is `before` with UPDATED set to `today` and nothing else changed, issues included.
function onlyUpdatedChanged(
  before: { token: Token; issues: unknown[] },
  after: ReturnType<typeof parseTokenLine>,
  today: string,
): boolean {
  if (after === null || after.token === null || after.token.updated !== today) return false;
  if (JSON.stringify(after.issues) !== JSON.stringify(before.issues)) return false;
  const oldFields = Object.entries(before.token.fields).filter(([key]) => key !== "UPDATED");
  const newFields = Object.entries(after.token.fields).filter(([key]) => key !== "UPDATED");
  return JSON.stringify(oldFields) === JSON.stringify(newFields);
}

/**
 * `line` with the UPDATED date of its token set to `today`, or null when the line no longer holds
 * the token `expected` (compared by its raw text) or no safe edit exists.
 *
 * Only the date text changes: a quoted date stays quoted, the rest of the line (other fields,
 * spacing, a `\r`, the comment closer) is kept byte for byte. A token without UPDATED (or with an
 * empty one) gets `; UPDATED=<today>` after its last field (` UPDATED=<today>` when the token
 * already ends in `;`), or the date written into the empty value. Every candidate edit is
 * re-parsed with the token grammar and kept only if UPDATED is now `today` and every other field
 * and diagnostic is unchanged; among repeated UPDATED keys the last one (the one in effect) is
 * edited. Returns `line` itself when the date already is `today`.
 */
export function rewriteUpdatedField(line: string, expected: Token, today: string): string | null {
  const parsed = parseTokenLine(line);
  const location = locateMarker(line);
  if (parsed === null || parsed.token === null || location === null) return null;
  if (parsed.token.raw !== expected.raw) return null;
  if (parsed.token.updated === today) return line;
  const before = { token: parsed.token, issues: parsed.issues };
  const tokenStart = location.markerStart;
  const tokenEnd = tokenStart + parsed.token.raw.length;
  const tryEdit = (at: number, removed: number, inserted: string): string | null => {
    const candidate = line.slice(0, at) + inserted + line.slice(at + removed);
    return onlyUpdatedChanged(before, parseTokenLine(candidate), today) ? candidate : null;
  };

  const written = parsed.token.fields.UPDATED ?? "";
  if (written !== "") {
    // Last occurrence first: with a repeated key, the last value is the one in effect.
    let at = line.lastIndexOf(written, tokenEnd - written.length);
    while (at >= tokenStart) {
      const edited = tryEdit(at, written.length, today);
      if (edited !== null) return edited;
      at = at === 0 ? -1 : line.lastIndexOf(written, at - 1);
    }
    return null;
  }
  if ("UPDATED" in parsed.token.fields) {
    const emptyValue = /UPDATED\s*=\s*(["']?)/gi;
    const matches = [...line.slice(tokenStart, tokenEnd).matchAll(emptyValue)].reverse();
    for (const match of matches) {
      const edited = tryEdit(tokenStart + match.index + match[0].length, 0, today);
      if (edited !== null) return edited;
    }
    return null;
  }
  const endsWithSeparator = line.charCodeAt(tokenEnd - 1) === 59;
  return tryEdit(tokenEnd, 0, `${endsWithSeparator ? "" : ";"} UPDATED=${today}`);
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

// Refusals of the writer that leave the file as it was: reported as skips, not failures.
const LEFT_ALONE: ReadonlySet<string> = new Set(["hard_linked", "owner_not_kept"]);

function realPathOrNull(path: string): string | null {
  try {
    return Deno.realPathSync(path);
  } catch {
    return null;
  }
}

/** Whether the real path `path` is `dir` or lies below it. */
function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/**
 * Sets UPDATED to `today` (YYYY-MM-DD) on every member token of the `stale` groups, in the files
 * below `root`. Each file is read once and, when a line changed, written atomically (temporary
 * file + rename) with its owner, group and permission bits kept; line endings are kept as
 * found, LF, CRLF, lone CR or mixed, since only text inside the token changes (see
 * {@linkcode rewriteUpdatedField}). Skipped with a reason, never guessed at or forced: a token
 * whose line no longer matches the scan, a file whose real path is outside `root`, one with
 * several hard links, one whose owner this user cannot keep. Tokens already dated `today` are
 * left alone, so a second run changes nothing.
 */
export function updateStaleTokens(
  root: string,
  stale: readonly StaleGroup[],
  today: string,
  options: UpdateStaleOptions = {},
): StaleUpdate {
  const writeFile = options.writeFile ??
    ((path: string, text: string) => writeFileAtomic(path, text));
  const byPath = new Map<string, { line: number; token: Token }[]>();
  for (const { group } of stale) {
    for (const member of group.members) {
      let list = byPath.get(member.path);
      if (list === undefined) byPath.set(member.path, list = []);
      list.push({ line: member.line, token: member.token });
    }
  }
  const result: StaleUpdate = { files: [], skipped: [], failed: [] };
  const rootReal = realPathOrNull(root) ?? resolve(root);
  for (const path of [...byPath.keys()].sort(compareCodePoints)) {
    const members = byPath.get(path)!.sort((a, b) => a.line - b.line);
    updateFile({ root, rootReal, path, members, today, writeFile, result });
  }
  return result;
}

/** One file's part of {@linkcode updateStaleTokens}, recorded into `job.result`. */
function updateFile(job: {
  root: string;
  rootReal: string;
  path: string;
  members: { line: number; token: Token }[];
  today: string;
  writeFile: (path: string, text: string) => void;
  result: StaleUpdate;
}): void {
  const { path, members, today, result } = job;
  const skipAll = (reason: string) => {
    for (const { line } of members) result.skipped.push({ path, line, reason });
  };
  // Rewrites stay inside the root: a link (or a folder swapped for one) to a file outside it
  // is reported, never followed.
  const absolute = realPathOrNull(join(job.root, path)) ?? join(job.root, path);
  if (!isInside(absolute, job.rootReal)) {
    return skipAll(`the file is a link to ${absolute}, outside --root`);
  }
  let text: string;
  try {
    text = decoder.decode(Deno.readFileSync(absolute));
  } catch (error) {
    if (error instanceof TypeError) return skipAll("the file is not valid UTF-8");
    result.failed.push(
      new ReportError("unreadable", path, `cannot read ${path}: ${describeFsError(error)}`, {
        cause: error,
      }),
    );
    return;
  }
  // The scanner's line breaks (LF, CRLF, lone CR), so its line numbers point at these lines.
  const { lines, breaks } = splitLines(text);
  const changed: number[] = [];
  for (const { line, token } of members) {
    const original = lines[line - 1];
    const edited = original === undefined ? null : rewriteUpdatedField(original, token, today);
    if (edited === null) {
      result.skipped.push({ path, line, reason: "the token changed since the scan" });
    } else if (edited !== original) {
      lines[line - 1] = edited;
      changed.push(line);
    }
  }
  if (changed.length === 0) return;
  try {
    job.writeFile(absolute, lines.map((line, i) => line + breaks[i]).join(""));
  } catch (error) {
    if (error instanceof ReportError && LEFT_ALONE.has(error.code)) {
      // The writer's message is `<path> <why>`; the warning names the path itself.
      return skipAll(error.message.slice(error.path.length + 1));
    }
    result.failed.push(writeFailure(path, error));
    return;
  }
  result.files.push({ path, lines: changed });
}

/** A write failure named by the path as the caller knows it, with the underlying reason. */
function writeFailure(path: string, error: unknown): ReportError {
  const cause = error instanceof ReportError && error.cause !== undefined ? error.cause : error;
  const reason = cause instanceof ReportError
    ? cause.message.slice(cause.message.lastIndexOf(": ") + 2)
    : describeFsError(cause);
  return new ReportError("unwritable", path, `cannot write ${path}: ${reason}`, { cause: error });
}
