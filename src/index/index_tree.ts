/**
 * `canary index`'s core: scan a tree and make the stored token set equal to
 * what the tree holds, in one transaction.
 *
 * Files whose size and modification time match their stored fingerprint are
 * not read again; their tokens and diagnostics stay as stored. Everything
 * else is replaced inside a single `BEGIN IMMEDIATE` transaction, so a crash
 * or error part-way leaves the previous index exactly as it was.
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { inDataWriteTransaction, readNewestSchema } from "../db/schema_guard.ts";
import { readDataVersion } from "../db/transaction.ts";
import { knownWriteFailure } from "../db/write_failure.ts";
import { INSERT_TOKEN_SQL, tokenRowValues } from "../db/token_rows.ts";
import { prefersRebuild, writeWithFullTextRebuild } from "../db/full_text_rebuild.ts";
import type { Diagnostic, LocatedToken } from "../tokens/mod.ts";
import {
  type BinaryFile,
  compareCodePoints,
  type FileEntry,
  type ScannedFile,
  type ScanResult,
  scanTreeParallel,
  type SkippedFile,
  sortDiagnostics,
} from "../scan/mod.ts";
import { type FingerprintStamp, FingerprintWrites } from "./fingerprint_writes.ts";
import { featureKey, tokenPlaceKey } from "../tokens/token_identity.ts";
import { DEFAULT_PRIORITY } from "../tokens/priority.ts";
import { type GitInfo, readGitInfo } from "../git.ts";
import { RACY_WINDOW_MS, StoredFingerprints } from "./stored_fingerprints.ts";
import { loadGitIndexVouch, loadShape, saveGitIndexVouch, saveShape } from "./stored_shape.ts";
import {
  type GitIndexVouch,
  recordCommit,
  storedTotals,
  treeUnchanged,
  vouchingGitIndex,
} from "./unchanged_tree.ts";
import { changedTrackedFiles, gitIndexChecksum } from "../scan/git_index.ts";
import { isWorkTreeTop } from "../scan/git_candidates.ts";
import { resolve } from "../path.ts";
import { databaseFiles } from "../db/sqlite_files.ts";
import type { TreeShape } from "../scan/tree_shape.ts";

/** Options for {@link indexTree}. */
export interface IndexOptions {
  /** Report unknown keys as diagnostics too. */
  strict?: boolean;
  /** Largest file to read, in bytes (default: the scanner's 16 MiB). */
  maxFileSize?: number;
  /** Called as files are scanned, for a progress line. */
  onProgress?: (filesDone: number) => void;
  /** Commit and branch to record; read from git when absent. */
  git?: GitInfo;
  /** Worker threads for reading (see `scanTreeParallel`; default one per CPU). */
  workers?: number;
  /** Called after each file's rows are written, inside the transaction (tests inject failures here). */
  afterFileWritten?: (path: string) => void;
}

/** What an index run found and changed. */
export interface IndexReport {
  root: string;
  filesScanned: number;
  /** Files whose contents were read this run (the rest matched their fingerprint). */
  filesRead: number;
  filesWithTokens: number;
  tokens: number;
  added: number;
  removed: number;
  changed: number;
  skipped: SkippedFile[];
  diagnostics: Diagnostic[];
  commitHash: string;
  branch: string;
  elapsedMs: number;
}

interface StoredToken {
  id: number;
  req_id: string;
  feature: string;
  aspect: string;
  line_number: number;
  raw_token: string | null;
}

const NO_FILES: ReadonlySet<string> = new Set();

/** Token rows whose file has no fingerprint: written by another tool, or by an older canary. */
const UNFINGERPRINTED = "NOT EXISTS (SELECT 1 FROM file_fingerprints f " +
  "WHERE f.file_path = tokens.file_path AND f.kind = 'text')";

function loadPriorityOverrides(db: DatabaseSync): Map<string, number> {
  const map = new Map<string, number>();
  for (
    const row of db.prepare("SELECT req_id, feature, priority FROM priority_overrides").all() as {
      req_id: string;
      feature: string;
      priority: number;
    }[]
  ) {
    map.set(featureKey(row.req_id, row.feature), Number(row.priority));
  }
  return map;
}

/** Prepared statements used while writing, created once per run. */
class Writer {
  readonly insertToken: StatementSync;
  readonly deleteFileTokens: StatementSync;
  readonly selectFileTokens: StatementSync;
  readonly deleteFingerprint: StatementSync;
  readonly fingerprints: FingerprintWrites;

  constructor(db: DatabaseSync, run: FingerprintStamp) {
    this.fingerprints = new FingerprintWrites(db, run);
    this.insertToken = db.prepare(INSERT_TOKEN_SQL);
    this.deleteFileTokens = db.prepare("DELETE FROM tokens WHERE file_path = ?");
    this.selectFileTokens = db.prepare(
      "SELECT id, req_id, feature, aspect, line_number, raw_token FROM tokens WHERE file_path = ?",
    );
    this.deleteFingerprint = db.prepare("DELETE FROM file_fingerprints WHERE file_path = ?");
    // The Go edition's first schema makes updated_at NOT NULL; there "no date" is stored as "".
    const updatedAt = db.prepare(
      "SELECT \"notnull\" AS required FROM pragma_table_info('tokens') WHERE name = 'updated_at'",
    ).get() as { required: number } | undefined;
    this.absentUpdated = updatedAt?.required ? "" : null;
  }

  /** What `updated_at` holds for a token without UPDATED. */
  readonly absentUpdated: string | null;
}

/** What the phases of one index run share: its settings, what the database held, its tallies. */
interface IndexRun {
  db: DatabaseSync;
  strict: boolean;
  /** Files modified after this (ms since the epoch) get an impossible mtime (see RACY_WINDOW_MS). */
  racyAfter: number;
  /** When this run indexed, for `indexed_at`. */
  now: string;
  git: GitInfo;
  /**
   * `PRAGMA data_version` of the first snapshot this run read: another version under the write
   * lock means another connection committed since (see {@linkcode catchUp}).
   */
  readAt: number;
  fingerprints: StoredFingerprints;
  /** The shape the last index kept, which this one replaces when its scan saw another. */
  shape: TreeShape | null;
  /**
   * What git's index vouches for, to record; null to forget what is recorded; undefined to leave
   * it.
   */
  gitIndex: GitIndexVouch | null | undefined;
  afterFileWritten?: (path: string) => void;
  diagnostics: Diagnostic[];
  skipped: SkippedFile[];
  counts: { added: number; removed: number; changed: number; tokens: number; files: number };
}

/** What the writing phase adds: what it reads once inside the transaction. */
interface WriteContext extends IndexRun {
  writer: Writer;
  overrides: Map<string, number>;
  /** Whether some token row has no text fingerprint (written by another tool). */
  unfingerprintedRows: boolean;
}

/**
 * Scans `root` and replaces the token index in `db` with what it holds.
 * Throws whatever the scan or SQLite throws; the transaction is then rolled
 * back and the previous index stays.
 */
export async function indexTree(
  db: DatabaseSync,
  root: string,
  options: IndexOptions = {},
): Promise<IndexReport> {
  const started = performance.now();
  const startedAt = Date.now();
  const racyAfter = startedAt - RACY_WINDOW_MS;
  const strict = options.strict ?? false;
  // Read in a snapshot of the newest schema: a rollback racing this run is a clean refusal.
  const [storedFiles, readAt] = readNewestSchema(
    db,
    () => [StoredFingerprints.countIn(db), readDataVersion(db)],
  );
  let stored: StoredFingerprints | null = null;
  const fingerprints = () => (stored ??= readNewestSchema(db, () => StoredFingerprints.load(db)));
  const shape = storedFiles === 0 ? null : readNewestSchema(db, () => loadShape(db, storedFiles));
  // Asked now, so git answers while the tree is scanned.
  const git = options.git === undefined ? readGitInfo(root) : Promise.resolve(options.git);
  // `git diff-files`, asked by the check of an unchanged tree; what it named is not vouched for.
  let changes: Promise<ReadonlySet<string> | null> | undefined;
  const trackedChanges = () => (changes ??= changedTrackedFiles(resolve(root)));
  const unchanged = await unchangedReport(db, root, options, { shape, git, trackedChanges });
  if (unchanged !== null) {
    return { ...unchanged, elapsedMs: Math.round(performance.now() - started) };
  }
  const basis = { strict, storedFiles, fingerprints, shape, database: db.location() };
  const scan = await scanForIndex(root, options, basis);
  const run: IndexRun = {
    db,
    strict,
    racyAfter,
    now: new Date().toISOString(),
    git: await git,
    readAt,
    fingerprints: fingerprints(),
    shape,
    gitIndex: await gitIndexToRecord(db, root, scan, { shape, startedAt, changes }),
    afterFileWritten: options.afterFileWritten,
    diagnostics: [...scan.diagnostics],
    skipped: [...scan.skipped],
    counts: { added: 0, removed: 0, changed: 0, tokens: 0, files: 0 },
  };
  writeIndex(run, scan);
  return {
    root,
    filesScanned: scan.filesScanned,
    filesRead: scan.filesRead,
    filesWithTokens: run.counts.files,
    tokens: run.counts.tokens,
    added: run.counts.added,
    removed: run.counts.removed,
    changed: run.counts.changed,
    skipped: run.skipped.sort((a, b) => compareCodePoints(a.path, b.path)),
    diagnostics: sortDiagnostics(run.diagnostics),
    commitHash: run.git.commitHash,
    branch: run.git.branch,
    elapsedMs: Math.round(performance.now() - started),
  };
}

/**
 * After a scan that stat-ed every file and kept a shape, at the top of a git work tree: what git's
 * index vouches for of the files as this run found them (see `vouchingGitIndex`), or null;
 * undefined to leave what is recorded (nothing was read, nothing was checked, and git's index is
 * the one recorded; or not a work tree). See `IndexRun.gitIndex`.
 */
async function gitIndexToRecord(
  db: DatabaseSync,
  root: string,
  scan: ScanResult,
  { shape, startedAt, changes }: {
    shape: TreeShape | null;
    startedAt: number;
    /** `git diff-files`, if this run asked. */
    changes: Promise<ReadonlySet<string> | null> | undefined;
  },
): Promise<GitIndexVouch | null | undefined> {
  if (scan.shape === null || !isWorkTreeTop(root)) return undefined; // no shape: cleared anyway
  const rootAbs = resolve(root);
  // A run whose check of an unchanged tree failed (it asked git) asks for a new vouch.
  if (scan.shape === shape && scan.filesRead === 0 && changes === undefined) {
    const recorded = readNewestSchema(db, () => loadGitIndexVouch(db));
    if (recorded !== null && recorded.checksum === gitIndexChecksum(rootAbs)) return undefined;
  }
  // Not asked here: git stats every tracked file again (about 50 ms for 50,000). A file it would
  // name (a copied tree's, say) fails the next check once, which then asks.
  return await vouchingGitIndex(rootAbs, scan, startedAt, changes ?? Promise.resolve(NO_FILES));
}

/**
 * The report of a re-index of a git work tree in which nothing changed (see `unchanged_tree.ts`),
 * with the tokens stamped with the commit; null when that cannot be shown, and the tree is
 * scanned.
 */
async function unchangedReport(
  db: DatabaseSync,
  root: string,
  options: IndexOptions,
  { shape, git, trackedChanges }: {
    shape: TreeShape | null;
    git: Promise<GitInfo>;
    trackedChanges: () => Promise<ReadonlySet<string> | null>;
  },
): Promise<Omit<IndexReport, "elapsedMs"> | null> {
  const vouching = shape === null ? null : readNewestSchema(db, () => loadGitIndexVouch(db));
  if (shape === null || vouching?.unvouched == null || !isWorkTreeTop(root)) return null;
  const rootAbs = resolve(root);
  const check = {
    rootAbs,
    shape,
    vouching: { checksum: vouching.checksum, unvouched: vouching.unvouched },
    changed: trackedChanges(),
    strict: options.strict ?? false,
    maxFileSize: options.maxFileSize,
  };
  if (!(await treeUnchanged(db, check))) return null;
  const info = await git;
  const totals = inDataWriteTransaction(db, () => {
    recordCommit(db, info);
    return storedTotals(db);
  }, { failure: (error) => knownWriteFailure(error, "writing the new index") });
  return {
    root,
    filesScanned: totals.filesScanned,
    filesRead: 0,
    filesWithTokens: totals.filesWithTokens,
    tokens: totals.tokens,
    added: 0,
    removed: 0,
    changed: 0,
    skipped: totals.binaries.map((path) => ({ path, reason: "binary" })),
    diagnostics: totals.diagnostics,
    commitHash: info.commitHash,
    branch: info.branch,
  };
}

/** What the scan of an index compares with. */
interface ScanBasis {
  strict: boolean;
  /** How many fingerprints are stored; none before a first index, which reads every file. */
  storedFiles: number;
  /** The stored fingerprints, read on first use. */
  fingerprints: () => StoredFingerprints;
  /** The tree's shape as the last index saw it, if it kept one. */
  shape: TreeShape | null;
  /** The database's file (null in memory): its files are never read (see `sqlite_files.ts`). */
  database: string | null;
}

/**
 * The scan, reading only files whose fingerprint does not match. The fingerprints are read once
 * the walk has listed the tree, while the workers still stat it.
 */
function scanForIndex(
  root: string,
  options: IndexOptions,
  { strict, storedFiles, fingerprints, shape, database }: ScanBasis,
): Promise<ScanResult> {
  const firstIndex = storedFiles === 0;
  const isUnchanged = (entry: FileEntry): boolean => {
    const known = fingerprints().find(entry.path);
    return known !== undefined && known.size === entry.size && known.mtimeMs === entry.mtimeMs &&
      known.strict === strict;
  };
  return scanTreeParallel(root, {
    strict,
    maxFileSize: options.maxFileSize,
    isUnchanged,
    afterWalk: fingerprints,
    onProgress: options.onProgress,
    workers: options.workers,
    prestartWorkers: firstIndex,
    askGit: firstIndex,
    // The tree the last index met is what this one most likely meets.
    expectedFiles: firstIndex ? undefined : storedFiles,
    // The files the last index fingerprinted are those its walk listed when it kept a shape.
    knownShape: shape === null ? undefined : { shape, files: () => fingerprints().paths() },
    heldFiles: database === null ? undefined : databaseFiles(database),
  });
}

/**
 * The run as it writes after another connection committed since it read the database (another
 * index, say): the fingerprints, read again under the lock, say which rows exist now. The shape
 * and git's vouch are dropped rather than kept: both describe the fingerprints of one walk, and
 * the index now holds what two runs saw. The next index walks the tree and records them again.
 */
function catchUp(run: IndexRun): IndexRun {
  if (readDataVersion(run.db) === run.readAt) return run;
  return { ...run, fingerprints: StoredFingerprints.load(run.db), shape: null, gitIndex: null };
}

/** Writes what the scan found in one transaction; rolls it back on any failure. */
function writeIndex(stale: IndexRun, scan: ScanResult): void {
  const { db } = stale;
  inDataWriteTransaction(db, () => {
    const run = catchUp(stale);
    const context: WriteContext = {
      ...run,
      writer: new Writer(db, run),
      overrides: loadPriorityOverrides(db),
      unfingerprintedRows:
        db.prepare(`SELECT EXISTS (SELECT 1 FROM tokens WHERE ${UNFINGERPRINTED}) AS found`)
          .get()!.found === 1,
    };
    const writeAll = () => {
      for (const file of scan.files) writeScannedFile(context, file);
      fingerprintBinaries(context, scan.binaries);
      // Before the clean-up, which takes rows without a fingerprint for another tool's.
      context.writer.fingerprints.flush();
      dropVanished(context);
      // A walk from the stored shape keeps that shape: nothing to write. A run that caught up
      // keeps none.
      if (run !== stale) saveShape(db, null);
      else if (scan.shape !== run.shape) saveShape(db, scan.shape);
      if (run.gitIndex !== undefined) saveGitIndexVouch(db, run.gitIndex);
    };
    const tokensToWrite = scan.files.reduce((sum, file) => sum + file.tokens.length, 0);
    const stored = Number(db.prepare("SELECT count(*) AS n FROM tokens").get()!.n);
    // A bulk write skips the per-row full-text upkeep and rebuilds the index once.
    if (prefersRebuild(tokensToWrite, stored)) writeWithFullTextRebuild(db, writeAll);
    else writeAll();
    // Tokens written before a commit keep the commit they were indexed at, but
    // the index as a whole now reflects this commit.
    recordCommit(db, run.git);
  }, { failure: (error) => knownWriteFailure(error, "writing the new index") });
}

/** One text file: its stored state kept when reused, otherwise its rows and fingerprint replaced. */
function writeScannedFile(context: WriteContext, file: ScannedFile): void {
  const { counts, fingerprints, writer } = context;
  const known = fingerprints.meet(file.path);
  if (file.reused) {
    // Without a fingerprint, another index dropped the file's rows since: the next run reads it.
    if (known === undefined) return;
    if (known.kind === "binary") {
      context.skipped.push({ path: file.path, reason: "binary" });
      return;
    }
    counts.tokens += known.tokenCount;
    if (known.tokenCount > 0) counts.files++;
    context.diagnostics.push(...known.diagnostics);
    return;
  }
  // Only a file fingerprinted with tokens, or any file when rows were written
  // without fingerprints (by another tool), can have rows to compare or delete.
  const mayHaveRows = known === undefined ? context.unfingerprintedRows : known.tokenCount > 0;
  // Most files of a tree have neither tokens nor rows to replace.
  if (mayHaveRows || file.tokens.length > 0) {
    replaceFileTokens(context, file.path, file.tokens, mayHaveRows);
  }
  counts.tokens += file.tokens.length;
  if (file.tokens.length > 0) counts.files++;
  writer.fingerprints.add(file.path, "text", file, file.tokens.length, keptDiagnostics(file));
  context.afterFileWritten?.(file.path);
}

/** A file's token diagnostics as its fingerprint keeps them: what a later run skips re-reading. */
function keptDiagnostics(file: ScannedFile): string | null {
  if (file.diagnostics.length === 0) return null;
  const kept = file.diagnostics.filter((d) => d.line > 0).sort((a, b) => a.line - b.line);
  return kept.length > 0 ? JSON.stringify(kept) : null;
}

/**
 * Binary files are fingerprinted too, so an unchanged one is not read again. Their fingerprint is
 * the stat taken before the read, as a text file's: one taken after could describe content the
 * read never saw, which would then never be read.
 */
function fingerprintBinaries(context: WriteContext, binaries: readonly BinaryFile[]): void {
  const { writer } = context;
  for (const binary of binaries) {
    const known = context.fingerprints.meet(binary.path);
    if (known?.tokenCount) {
      context.counts.removed += writer.selectFileTokens.all(binary.path).length;
      writer.deleteFileTokens.run(binary.path);
    }
    writer.fingerprints.add(binary.path, "binary", binary);
  }
}

/** Files that are gone, now ignored, or now skipped lose their tokens and fingerprints. */
function dropVanished(context: WriteContext): void {
  const { writer, counts } = context;
  // Rows written without a fingerprint (by the Go edition, say) whose file is
  // not in the tree any more.
  if (context.unfingerprintedRows) {
    counts.removed += Number(
      context.db.prepare(`DELETE FROM tokens WHERE ${UNFINGERPRINTED}`).run().changes,
    );
  }
  for (const { path } of context.fingerprints.unseen()) {
    counts.removed += writer.selectFileTokens.all(path).length;
    writer.deleteFileTokens.run(path);
    writer.deleteFingerprint.run(path);
    context.afterFileWritten?.(path);
  }
}

/** Replaces one file's tokens, counting what was added, removed and changed. */
function replaceFileTokens(
  context: WriteContext,
  path: string,
  found: readonly LocatedToken[],
  mayHaveRows: boolean,
): void {
  const { writer, counts } = context;
  const old = mayHaveRows ? writer.selectFileTokens.all(path) as unknown as StoredToken[] : [];
  const oldByPlace = new Map<string, StoredToken[]>();
  for (const row of old) {
    const key = tokenPlaceKey(path, row.req_id, row.feature, row.aspect);
    const list = oldByPlace.get(key);
    if (list) list.push(row);
    else oldByPlace.set(key, [row]);
  }
  let matched = 0;
  for (const { line, token } of found) {
    const match = oldByPlace.get(tokenPlaceKey(path, token.reqId, token.feature, token.aspect))
      ?.shift();
    if (match === undefined) counts.added++;
    else {
      matched++;
      if (match.line_number !== line || match.raw_token !== token.raw) counts.changed++;
    }
  }
  counts.removed += old.length - matched;
  if (old.length > 0) writer.deleteFileTokens.run(path);
  for (const located of found) insertToken(context, path, located);
}

/** One token's row. */
function insertToken(context: WriteContext, path: string, located: LocatedToken): void {
  const { token } = located;
  const priority = context.overrides.get(featureKey(token.reqId, token.feature)) ??
    token.priority ?? DEFAULT_PRIORITY;
  context.writer.insertToken.run(...tokenRowValues(path, located, {
    priority,
    commitHash: context.git.commitHash,
    branch: context.git.branch,
    indexedAt: context.now,
    absentUpdated: context.writer.absentUpdated,
  }));
}
