/**
 * A re-index of a git work tree in which nothing changed, answered without looking at any file.
 *
 * An earlier run that found the tree's shape holding and every file as fingerprinted records the
 * checksum of git's index when that index vouches for every fingerprint (see `git_index.ts`): each
 * fingerprinted file has an entry with the fingerprint's size and modification time, and a change
 * time whose second is before the second the shape's walk started in. Later, while the shape
 * holds, the index has that checksum and `git diff-files` finds no tracked file changed, every
 * file's change time is still its entry's, so none changed since that walk: each is as its
 * fingerprint says, and the index's report is the stored one.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import type { Diagnostic } from "../tokens/mod.ts";
import type { GitInfo } from "../git.ts";
import { nullIfEmpty } from "../db/token_rows.ts";
import { DEFAULT_MAX_FILE_SIZE, sortDiagnostics } from "../scan/mod.ts";
import { shapeHolds, type TreeShape } from "../scan/tree_shape.ts";
import { gitIndexChecksum, type GitIndexEntry, readGitIndex } from "../scan/git_index.ts";
import type { ScanResult } from "../scan/mod.ts";
import { RACY_WINDOW_MS } from "./stored_fingerprints.ts";

/** Sizes git's index keeps modulo 2^32: a larger file's entry cannot vouch for it. */
const INDEX_SIZE_LIMIT = 2 ** 32;

/**
 * The checksum of the git index at `rootAbs` when it vouches for every file of `scan`, a scan
 * that stat-ed every file and started at `startedAt`: each has an entry with the size and
 * modification time the scan found (and stored: none was modified too recently to be trusted),
 * and a change time whose second is before the one the scan started in. Null otherwise.
 */
export function vouchingGitIndex(
  rootAbs: string,
  scan: Pick<ScanResult, "files" | "binaries">,
  startedAt: number,
): string | null {
  const index = readGitIndex(rootAbs);
  if (index === null) return null;
  const before = Math.floor(startedAt / 1000);
  const trusted = startedAt - RACY_WINDOW_MS;
  const vouched = (file: { size: number; mtimeMs: number }, entry: GitIndexEntry) =>
    entry.plainFile && entry.ctimeSeconds < before && file.mtimeMs < trusted &&
    file.size < INDEX_SIZE_LIMIT && entry.size === file.size && entry.mtimeMs === file.mtimeMs;
  return index.everyEntry(scan.files, vouched) && index.everyEntry(scan.binaries, vouched)
    ? index.checksum
    : null;
}

/** What decides whether a stored index still stands for the tree. */
export interface UnchangedCheck {
  rootAbs: string;
  shape: TreeShape;
  /** The checksum of the git index recorded as vouching for the fingerprints. */
  vouching: string;
  /** `git diff-files`, asked when the run started. */
  changed: Promise<Set<string> | null>;
  strict: boolean;
  maxFileSize?: number;
}

/** The stored index's totals, as a run that read nothing would count them. */
export interface StoredTotals {
  filesScanned: number;
  filesWithTokens: number;
  tokens: number;
  /** The binary files, sorted by path. */
  binaries: string[];
  diagnostics: Diagnostic[];
}

/** Whether nothing changed since the stored index (see the module); reads no file of the tree. */
export async function treeUnchanged(db: DatabaseSync, check: UnchangedCheck): Promise<boolean> {
  if (gitIndexChecksum(check.rootAbs) !== check.vouching) return false;
  if (!shapeHolds(check.shape, check.rootAbs)) return false;
  // What a walk would judge afresh: strictness, the size limit, rows another tool wrote.
  const mismatched = db.prepare(
    `SELECT EXISTS (SELECT 1 FROM file_fingerprints WHERE strict != ? OR size > ?)
       OR EXISTS (SELECT 1 FROM tokens t WHERE NOT EXISTS (SELECT 1 FROM file_fingerprints f
         WHERE f.file_path = t.file_path AND f.kind = 'text')) AS found`,
  ).get(check.strict ? 1 : 0, check.maxFileSize ?? DEFAULT_MAX_FILE_SIZE)!.found;
  if (mismatched !== 0) return false;
  const changed = await check.changed;
  if (changed === null) return false;
  if (changed.size === 0) return true;
  // Changed tracked files the index does not hold (in a folder skipped by default, say) are fine.
  const fingerprinted = db.prepare(
    "SELECT EXISTS (SELECT 1 FROM file_fingerprints WHERE file_path IN " +
      "(SELECT value FROM json_each(?))) AS found",
  ).get(JSON.stringify([...changed]))!.found;
  return fingerprinted === 0;
}

/** The stored index's totals. */
export function storedTotals(db: DatabaseSync): StoredTotals {
  const totals = db.prepare(
    `SELECT count(*) AS files, coalesce(sum(token_count), 0) AS tokens,
       count(*) FILTER (WHERE kind = 'text' AND token_count > 0) AS with_tokens
     FROM file_fingerprints`,
  ).get()!;
  const binaries = db.prepare(
    "SELECT file_path FROM file_fingerprints WHERE kind = 'binary' ORDER BY file_path",
  ).all().map((row) => String(row.file_path));
  const diagnostics = db.prepare(
    "SELECT diagnostics_json FROM file_fingerprints WHERE diagnostics_json IS NOT NULL",
  ).all().flatMap((row) => JSON.parse(String(row.diagnostics_json)) as Diagnostic[]);
  return {
    filesScanned: Number(totals.files),
    filesWithTokens: Number(totals.with_tokens),
    tokens: Number(totals.tokens),
    binaries,
    diagnostics: sortDiagnostics(diagnostics),
  };
}

/** Stamps every token with the commit and branch the index now reflects. */
export function recordCommit(db: DatabaseSync, git: GitInfo): void {
  const commit = nullIfEmpty(git.commitHash);
  const branch = nullIfEmpty(git.branch);
  db.prepare(
    "UPDATE tokens SET commit_hash = ?, branch = ? WHERE commit_hash IS NOT ? OR branch IS NOT ?",
  ).run(commit, branch, commit, branch);
}
