/**
 * The `status.csv` report: one row per file/test/bench position of each feature group.
 *
 * @module
 */

import { escapeMarker } from "../tokens/mod.ts";
import type { StatusReport } from "./status_report.ts";

/** The header row's fields, in column order. */
export const CSV_COLUMNS: readonly string[] = [
  "req",
  "feature",
  "aspect",
  "status",
  "file",
  "test",
  "bench",
  "owner",
  "updated",
];

/** The record separator: CRLF, as RFC 4180 specifies. */
export const CSV_LINE_END = "\r\n";

// A spreadsheet runs a cell starting with one of these as a formula.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field per RFC 4180: quoted when it holds a comma, a double quote, CR or LF, with each
 * double quote doubled; otherwise as is. Two changes keep the file safe to open and to leave in
 * a tree: a value starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` and is quoted
 * (OWASP's advice against formula injection), and `CANARY:` is written `CANARY\:`, so no cell
 * can be scanned as a token.
 */
export function csvField(value: string): string {
  const text = escapeMarker(value);
  if (FORMULA_START.test(text)) return `"'${text.replaceAll('"', '""')}"`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * `status.csv` text. A group with N files, tests and benches (N the longest of the three lists,
 * at least 1) takes N rows: row i holds the i-th file, test and bench, or "" past a list's end;
 * the other columns repeat on every row. Rows follow the report's order. Every record, the last
 * included, ends in CRLF.
 */
export function renderStatusCsv(report: StatusReport): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const requirement of report.requirements) {
    for (const entry of requirement.features) {
      const rows = Math.max(1, entry.files.length, entry.tests.length, entry.benches.length);
      for (let i = 0; i < rows; i++) {
        lines.push(
          [
            requirement.id,
            entry.feature,
            entry.aspect,
            entry.status,
            entry.files[i] ?? "",
            entry.tests[i] ?? "",
            entry.benches[i] ?? "",
            entry.owner,
            entry.updated,
          ].map(csvField).join(","),
        );
      }
    }
  }
  return lines.join(CSV_LINE_END) + CSV_LINE_END;
}
