/**
 * A re-index of a git work tree in which nothing changed, answered while looking at few files or
 * none.
 *
 * An index that stat-ed every file records the checksum of git's index with what that index
 * vouches for (see `git_index.ts`): each file with an entry of the size and modification time the
 * index found, and a change time whose second is before the second the index started in. Later,
 * while the shape holds, the index has that checksum and `git diff-files` finds none of those
 * files changed, each one's change time is still its entry's, so none changed since: each is as
 * its fingerprint says. The few files it did not vouch for (untracked, or edited since git saw
 * them) are stat-ed and compared with their fingerprints, as a re-index would. Then the index's
 * report is the stored one.
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
import { mtimeOf } from "../scan/scan_file.ts";
import { join } from "../path.ts";
import { RACY_WINDOW_MS } from "./stored_fingerprints.ts";

/** Sizes git's index keeps modulo 2^32: a larger file's entry cannot vouch for it. */
const INDEX_SIZE_LIMIT = 2 ** 32;

/**
 * How many files git's index may leave unvouched: a re-index stats each of them, and beyond a few
 * thousand it saves little over the walk from the shape.
 */
const MAX_UNVOUCHED = 4096;

/** A git index that vouches for the files an index found, all but a few it names. */
export interface GitIndexVouch {
  /** The checksum that ends git's index file (hex). */
  checksum: string;
  /**
   * The files it cannot vouch for (untracked, edited since git last saw them, too recent): a
   * re-index stats these and compares them with their fingerprints. Null when it vouches for
   * nothing (too many of those, or an index canary does not read): kept so that the next index
   * does not ask again while git's index is the same and nothing was read.
   */
  unvouched: string[] | null;
}

/**
 * What git's index at `rootAbs` vouches for of `scan`, a scan that stat-ed every file and started
 * at `startedAt`: each file that has an entry with the size and modification time the scan found
 * (and stored: none modified too recently to be trusted), a change time whose second is before
 * the one the scan started in, and that `git diff-files` (`changes`, asked during this run) did
 * not name, as it would every time after (a copied tree's entries, say, whose inodes changed).
 * Null when there is no index, or `git diff-files` failed.
 */
export async function vouchingGitIndex(
  rootAbs: string,
  scan: Pick<ScanResult, "files" | "binaries">,
  startedAt: number,
  changes: Promise<ReadonlySet<string> | null>,
): Promise<GitIndexVouch | null> {
  const index = readGitIndex(rootAbs); // while git runs
  const dirty = await changes;
  if (dirty === null) return null;
  if (index === null) {
    const checksum = gitIndexChecksum(rootAbs);
    return checksum === null ? null : { checksum, unvouched: null };
  }
  const before = Math.floor(startedAt / 1000);
  const trusted = startedAt - RACY_WINDOW_MS;
  const vouched = (file: { path: string; size: number; mtimeMs: number }, entry: GitIndexEntry) =>
    entry.plainFile && entry.ctimeSeconds < before && file.mtimeMs < trusted &&
    file.size < INDEX_SIZE_LIMIT && entry.size === file.size && entry.mtimeMs === file.mtimeMs &&
    !dirty.has(file.path);
  const text = index.unmatched(scan.files, vouched, MAX_UNVOUCHED);
  const binary = text && index.unmatched(scan.binaries, vouched, MAX_UNVOUCHED - text.length);
  return { checksum: index.checksum, unvouched: binary && [...text!, ...binary] };
}

/** What decides whether a stored index still stands for the tree. */
export interface UnchangedCheck {
  rootAbs: string;
  shape: TreeShape;
  /** The git index recorded as vouching for the fingerprints, which vouches for some. */
  vouching: { checksum: string; unvouched: string[] };
  /** `git diff-files`, asked when the run started. */
  changed: Promise<ReadonlySet<string> | null>;
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
  if (gitIndexChecksum(check.rootAbs) !== check.vouching.checksum) return false;
  if (!shapeHolds(check.shape, check.rootAbs)) return false;
  // What a walk would judge afresh: strictness, the size limit, rows another tool wrote.
  const mismatched = db.prepare(
    `SELECT EXISTS (SELECT 1 FROM file_fingerprints WHERE strict != ? OR size > ?)
       OR EXISTS (SELECT 1 FROM tokens t WHERE NOT EXISTS (SELECT 1 FROM file_fingerprints f
         WHERE f.file_path = t.file_path AND f.kind = 'text')) AS found`,
  ).get(check.strict ? 1 : 0, check.maxFileSize ?? DEFAULT_MAX_FILE_SIZE)!.found;
  if (mismatched !== 0) return false;
  const { unvouched } = check.vouching;
  if (!asFingerprinted(db, check.rootAbs, unvouched)) return false;
  const changed = await check.changed;
  if (changed === null) return false;
  // Those git does not vouch for were just compared with their fingerprints; changed tracked
  // files the index does not hold (in a folder skipped by default, say) are fine.
  const unvouchedSet = new Set(unvouched);
  const fingerprinted = db.prepare("SELECT 1 FROM file_fingerprints WHERE file_path = ?");
  for (const path of changed) {
    if (!unvouchedSet.has(path) && fingerprinted.get(path) !== undefined) return false;
  }
  return true;
}

/** Whether each of `paths` is still a plain file of the size and mtime its fingerprint holds. */
function asFingerprinted(db: DatabaseSync, rootAbs: string, paths: readonly string[]): boolean {
  if (paths.length === 0) return true;
  const fingerprint = db.prepare(
    "SELECT size, mtime_ms FROM file_fingerprints WHERE file_path = ?",
  );
  return paths.every((path) => {
    const stored = fingerprint.get(path);
    let info: Deno.FileInfo;
    try {
      info = Deno.lstatSync(join(rootAbs, path));
    } catch {
      return false; // gone, or no longer reachable: the walk reports it
    }
    return stored !== undefined && info.isFile && info.size === Number(stored.size) &&
      mtimeOf(info) === Number(stored.mtime_ms);
  });
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
