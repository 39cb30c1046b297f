/**
 * The fingerprints of the last index (`file_fingerprints`), read once per run, sorted by path.
 *
 * The scan and the writer go through files in path order, so each finds a file's fingerprint by
 * moving a cursor forward: a hash lookup per file cost more than comparing neighbours, since every
 * path the walk builds is a fresh string whose hash has never been computed. Rows are kept in
 * UTF-16 code unit order, the order of JavaScript's own string comparison (the cheapest by far),
 * which is the walk's code point order unless a path holds an astral character.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { allRowsAsArrays } from "../db/rows.ts";
import type { Diagnostic } from "../tokens/mod.ts";
import { hasSurrogate } from "../scan/mod.ts";

/** What the last index remembered of one file. */
export interface Fingerprint {
  path: string;
  kind: "text" | "binary";
  size: number;
  mtimeMs: number;
  strict: boolean;
  tokenCount: number;
  diagnostics: readonly Diagnostic[];
  /** Set when this run met the file again; fingerprints left unseen are of files gone. */
  seen: boolean;
}

/** A fingerprint's path, size, mtime, and the rest packed (see {@linkcode PACKED}). */
type Row = [string, number, number, number];

/**
 * Token count, kind and strictness in one number: `node:sqlite` pays per value it hands over, so
 * four columns load 50,000 rows in about 23 ms where seven took 40.
 */
const PACKED = "token_count * 4 + (kind = 'binary') * 2 + (strict = 1)";

/** The few files with token diagnostics, which the main query leaves out, by path. */
type DiagnosticsRow = [string, string];

/** The diagnostics of a file without any: one frozen list, not one per file. */
const NO_DIAGNOSTICS: readonly Diagnostic[] = Object.freeze([]);

/**
 * File systems stamp modification times from a coarse clock (a few ms), so a
 * file rewritten with the same size within one tick of being indexed keeps
 * its fingerprint. Files modified this close to the scan are stored with an
 * impossible mtime, so the next run reads them again (git's "racy clean").
 */
export const RACY_WINDOW_MS = 50;

/** The stored fingerprints, looked up by path. */
export class StoredFingerprints {
  readonly #rows: Fingerprint[];
  #cursor = 0;

  private constructor(rows: Fingerprint[]) {
    this.#rows = rows;
  }

  /** How many fingerprints `db` holds: none before a first index, which reads every file. */
  static countIn(db: DatabaseSync): number {
    return Number(db.prepare("SELECT count(*) AS n FROM file_fingerprints").get()!.n);
  }

  /** Reads every fingerprint of `db`. */
  static load(db: DatabaseSync): StoredFingerprints {
    const rows = allRowsAsArrays<Row>(db.prepare(
      `SELECT file_path, size, mtime_ms, ${PACKED} FROM file_fingerprints ORDER BY file_path`,
    ));
    const withDiagnostics = allRowsAsArrays<DiagnosticsRow>(db.prepare(
      `SELECT file_path, diagnostics_json FROM file_fingerprints
       WHERE diagnostics_json IS NOT NULL ORDER BY file_path`,
    ));
    // Both lists are in SQLite's order: one pass pairs them.
    let next = 0;
    const fingerprints = rows.map(([path, size, mtimeMs, packed]): Fingerprint => {
      let diagnostics = NO_DIAGNOSTICS;
      if (next < withDiagnostics.length && withDiagnostics[next][0] === path) {
        const json = withDiagnostics[next++][1];
        if (json) diagnostics = JSON.parse(json);
      }
      const flags = Number(packed) % 4;
      return {
        path,
        kind: flags >= 2 ? "binary" : "text",
        size: Number(size),
        mtimeMs: Number(mtimeMs),
        strict: flags % 2 === 1,
        tokenCount: Math.floor(Number(packed) / 4),
        diagnostics,
        seen: false,
      };
    });
    // SQLite sorts by code point; the order of `<` differs only around astral characters.
    if (fingerprints.some((row) => hasSurrogate(row.path))) {
      fingerprints.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    }
    return new StoredFingerprints(fingerprints);
  }

  /** The fingerprint of `path`; fastest when called in path order, right in any order. */
  find(path: string): Fingerprint | undefined {
    const rows = this.#rows;
    let i = this.#cursor;
    // Behind the cursor (the caller started over, or went back): search from scratch.
    if (i > 0 && rows[i - 1].path >= path) i = this.#firstNotBefore(path);
    while (i < rows.length && rows[i].path < path) i++;
    this.#cursor = i;
    return i < rows.length && rows[i].path === path ? rows[i] : undefined;
  }

  /** The fingerprint of a file this run met (so it is not among {@linkcode unseen}). */
  meet(path: string): Fingerprint | undefined {
    const known = this.find(path);
    if (known !== undefined) known.seen = true;
    return known;
  }

  /** The paths fingerprinted, in path order. */
  paths(): string[] {
    return this.#rows.map((row) => row.path);
  }

  /** Every fingerprint, in path order. */
  rows(): readonly Fingerprint[] {
    return this.#rows;
  }

  /** Fingerprints of files this run did not meet. */
  unseen(): Fingerprint[] {
    return this.#rows.filter((row) => !row.seen);
  }

  /** Binary search: the first row whose path is not before `path`. */
  #firstNotBefore(path: string): number {
    let low = 0;
    let high = this.#rows.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.#rows[middle].path < path) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
