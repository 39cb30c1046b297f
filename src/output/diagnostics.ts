/**
 * Token diagnostics for people: one line each on stderr, and the count the summary carries.
 *
 * @module
 */
import type { Output } from "./output.ts";
import { countOf } from "./plural.ts";
import { escapeControls } from "./sanitize.ts";
import { type Diagnostic, formatDiagnostic } from "../tokens/parse.ts";

/** From this many diagnostics on, the summary also counts them per file. */
const PER_FILE_FROM = 10;

/** The most files named in the per-file count; the rest are counted together. */
const FILES_NAMED = 5;

/**
 * Writes each diagnostic as one line to stderr, unless `quiet`. A file name is escaped whole
 * (line breaks too), so each diagnostic stays one line.
 */
export function writeDiagnostics(out: Output, diagnostics: readonly Diagnostic[], quiet = false) {
  if (quiet) return;
  for (const d of diagnostics) out.note(formatDiagnostic({ ...d, path: escapeControls(d.path) }));
}

/**
 * `3 diagnostics`; from {@linkcode PER_FILE_FROM} on, with the files that have most, e.g.
 * `48 diagnostics (docs/a.md 30, docs/b.md 18)`, at most five named then `3 more files 4`.
 */
export function diagnosticCount(diagnostics: readonly Diagnostic[]): string {
  const total = countOf(diagnostics.length, "diagnostic");
  if (diagnostics.length < PER_FILE_FROM) return total;
  const perFile = new Map<string, number>();
  for (const d of diagnostics) perFile.set(d.path, (perFile.get(d.path) ?? 0) + 1);
  const ranked = [...perFile].sort((a, b) => b[1] - a[1]); // stable: ties keep path order
  const named = ranked.slice(0, FILES_NAMED).map(([path, n]) => `${escapeControls(path)} ${n}`);
  const rest = ranked.slice(FILES_NAMED);
  if (rest.length > 0) {
    named.push(`${countOf(rest.length, "more file")} ${rest.reduce((n, [, k]) => n + k, 0)}`);
  }
  return `${total} (${named.join(", ")})`;
}
