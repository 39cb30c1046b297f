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
import { join } from "node:path";
import { beginDataWrite } from "../db/schema_guard.ts";
import { knownWriteFailure } from "../db/write_failure.ts";
import { allRowsAsArrays } from "../db/rows.ts";
import { prefersRebuild, writeWithFullTextRebuild } from "../db/full_text_rebuild.ts";
import type { Diagnostic, LocatedToken } from "../tokens/mod.ts";
import {
  compareCodePoints,
  type FileEntry,
  scanTreeParallel,
  type SkippedFile,
  sortDiagnostics,
} from "../scan/mod.ts";
import { type GitInfo, gitInfo } from "../git.ts";

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

interface Fingerprint {
  kind: "text" | "binary";
  size: number;
  mtimeMs: number;
  strict: boolean;
  tokenCount: number;
  diagnostics: Diagnostic[];
}

interface StoredToken {
  id: number;
  req_id: string;
  feature: string;
  aspect: string;
  line_number: number;
  raw_token: string | null;
}

/**
 * File systems stamp modification times from a coarse clock (a few ms), so a
 * file rewritten with the same size within one tick of being indexed keeps
 * its fingerprint. Files modified this close to the scan are stored with an
 * impossible mtime, so the next run reads them again (git's "racy clean").
 */
const RACY_WINDOW_MS = 50;

function loadFingerprints(db: DatabaseSync): Map<string, Fingerprint> {
  const map = new Map<string, Fingerprint>();
  const statement = db.prepare(
    `SELECT file_path, kind, size, mtime_ms, strict, token_count, diagnostics_json
     FROM file_fingerprints`,
  );
  const rows = allRowsAsArrays<
    [string, "text" | "binary", number, number, number, number, string | null]
  >(statement);
  for (const [path, kind, size, mtimeMs, strict, tokenCount, diagnosticsJson] of rows) {
    map.set(path, {
      kind,
      size: Number(size),
      mtimeMs: Number(mtimeMs),
      strict: Number(strict) === 1,
      tokenCount: Number(tokenCount),
      diagnostics: diagnosticsJson ? JSON.parse(diagnosticsJson) : [],
    });
  }
  return map;
}

/** Token rows whose file has no fingerprint: written by another tool, or by an older canary. */
const UNFINGERPRINTED =
  "file_path NOT IN (SELECT file_path FROM file_fingerprints WHERE kind = 'text')";

function loadPriorityOverrides(db: DatabaseSync): Map<string, number> {
  const map = new Map<string, number>();
  for (
    const row of db.prepare("SELECT req_id, feature, priority FROM priority_overrides").all() as {
      req_id: string;
      feature: string;
      priority: number;
    }[]
  ) {
    map.set(overrideKey(row.req_id, row.feature), Number(row.priority));
  }
  return map;
}

function overrideKey(reqId: string, feature: string): string {
  return `${reqId}\u0000${feature}`;
}

/** A token's identity across runs: same file, requirement, feature and aspect. */
function identity(file: string, reqId: string, feature: string, aspect: string): string {
  return `${file}\u0000${reqId}\u0000${feature}\u0000${aspect}`;
}

function orNull(value: string): string | null {
  return value === "" ? null : value;
}

/** Prepared statements used while writing, created once per run. */
class Writer {
  readonly insertToken: StatementSync;
  readonly deleteFileTokens: StatementSync;
  readonly selectFileTokens: StatementSync;
  readonly upsertFingerprint: StatementSync;
  readonly deleteFingerprint: StatementSync;

  constructor(db: DatabaseSync) {
    this.insertToken = db.prepare(
      `INSERT INTO tokens (req_id, feature, aspect, status, declared_status, file_path, line_number,
        test, bench, owner, priority, phase, keywords, spec_status, created_at, updated_at,
        started_at, completed_at, commit_hash, branch, depends_on, blocks, related_to, raw_token,
        indexed_at, doc, doc_hash, doc_type)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.deleteFileTokens = db.prepare("DELETE FROM tokens WHERE file_path = ?");
    this.selectFileTokens = db.prepare(
      "SELECT id, req_id, feature, aspect, line_number, raw_token FROM tokens WHERE file_path = ?",
    );
    this.upsertFingerprint = db.prepare(
      `INSERT OR REPLACE INTO file_fingerprints
        (file_path, kind, size, mtime_ms, strict, token_count, diagnostics_json, indexed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
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
  const racyAfter = Date.now() - RACY_WINDOW_MS;
  const strict = options.strict ?? false;
  const fingerprints = loadFingerprints(db);
  const isUnchanged = (entry: FileEntry): boolean => {
    const known = fingerprints.get(entry.path);
    return known !== undefined && known.size === entry.size && known.mtimeMs === entry.mtimeMs &&
      known.strict === strict;
  };
  const scan = await scanTreeParallel(root, {
    strict,
    maxFileSize: options.maxFileSize,
    isUnchanged,
    onProgress: options.onProgress,
    workers: options.workers,
    prestartWorkers: fingerprints.size === 0,
    askGit: fingerprints.size === 0,
  });
  const git = options.git ?? gitInfo(root);
  const now = new Date().toISOString();

  let added = 0;
  let removed = 0;
  let changed = 0;
  let tokens = 0;
  let filesWithTokens = 0;
  const diagnostics: Diagnostic[] = [...scan.diagnostics];
  const seen = new Set<string>();
  const skipped: SkippedFile[] = [...scan.skipped];
  const diagnosticsByFile = new Map<string, Diagnostic[]>();
  for (const d of scan.diagnostics) {
    const list = diagnosticsByFile.get(d.path);
    if (list) list.push(d);
    else diagnosticsByFile.set(d.path, [d]);
  }

  beginDataWrite(db);
  try {
    const overrides = loadPriorityOverrides(db);
    const unfingerprintedRows =
      db.prepare(`SELECT EXISTS (SELECT 1 FROM tokens WHERE ${UNFINGERPRINTED}) AS found`)
        .get()!.found === 1;
    const writer = new Writer(db);
    const tokensToWrite = scan.files.reduce((sum, file) => sum + file.tokens.length, 0);
    const stored = Number(db.prepare("SELECT count(*) AS n FROM tokens").get()!.n);
    const writeAll = () => {
      for (const file of scan.files) {
        seen.add(file.path);
        if (file.reused) {
          const known = fingerprints.get(file.path)!;
          if (known.kind === "binary") {
            skipped.push({ path: file.path, reason: "binary" });
            continue;
          }
          tokens += known.tokenCount;
          if (known.tokenCount > 0) filesWithTokens++;
          diagnostics.push(...known.diagnostics);
          continue;
        }
        // Only a file fingerprinted with tokens, or any file when rows were written
        // without fingerprints (by another tool), can have rows to compare or delete.
        const known = fingerprints.get(file.path);
        const mayHaveRows = known === undefined ? unfingerprintedRows : known.tokenCount > 0;
        const counts = replaceFileTokens(
          writer,
          file.path,
          file.tokens,
          overrides,
          git,
          now,
          mayHaveRows,
        );
        added += counts.added;
        removed += counts.removed;
        changed += counts.changed;
        tokens += file.tokens.length;
        if (file.tokens.length > 0) filesWithTokens++;
        // Only token diagnostics are kept: they are what a later run skips re-reading.
        const fileDiagnostics = (diagnosticsByFile.get(file.path) ?? []).filter((d) => d.line > 0);
        writer.upsertFingerprint.run(
          file.path,
          "text",
          file.size,
          file.mtimeMs >= racyAfter ? -1 : file.mtimeMs,
          strict ? 1 : 0,
          file.tokens.length,
          fileDiagnostics.length > 0 ? JSON.stringify(fileDiagnostics) : null,
          now,
        );
        options.afterFileWritten?.(file.path);
      }
      // Binary files are fingerprinted too, so an unchanged one is not read again.
      for (const skip of scan.skipped) {
        if (skip.reason !== "binary") continue;
        let stat: Deno.FileInfo;
        try {
          stat = Deno.statSync(join(root, skip.path));
        } catch {
          continue; // gone since the scan: nothing to remember
        }
        seen.add(skip.path);
        if (fingerprints.get(skip.path)?.tokenCount) {
          removed += writer.selectFileTokens.all(skip.path).length;
          writer.deleteFileTokens.run(skip.path);
        }
        writer.upsertFingerprint.run(
          skip.path,
          "binary",
          stat.size,
          (stat.mtime?.getTime() ?? 0) >= racyAfter ? -1 : (stat.mtime?.getTime() ?? 0),
          strict ? 1 : 0,
          0,
          null,
          now,
        );
      }
      // Rows written without a fingerprint (by the Go edition, say) whose file is
      // not in the tree any more.
      if (unfingerprintedRows) {
        removed += Number(
          (db.prepare(`DELETE FROM tokens WHERE ${UNFINGERPRINTED}`).run()).changes,
        );
      }
      // Files that are gone, now ignored, or now skipped lose their tokens.
      for (const path of fingerprints.keys()) {
        if (seen.has(path)) continue;
        removed += writer.selectFileTokens.all(path).length;
        writer.deleteFileTokens.run(path);
        writer.deleteFingerprint.run(path);
        options.afterFileWritten?.(path);
      }
    };
    // A bulk write skips the per-row full-text upkeep and rebuilds the index once.
    if (prefersRebuild(tokensToWrite, stored)) writeWithFullTextRebuild(db, writeAll);
    else writeAll();
    // Tokens written before a commit keep the commit they were indexed at, but
    // the index as a whole now reflects this commit.
    db.prepare(
      "UPDATE tokens SET commit_hash = ?, branch = ? WHERE commit_hash IS NOT ? OR branch IS NOT ?",
    ).run(orNull(git.commitHash), orNull(git.branch), orNull(git.commitHash), orNull(git.branch));
    db.exec("COMMIT");
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw knownWriteFailure(error, "writing the new index");
  }

  return {
    root,
    filesScanned: scan.filesScanned,
    filesRead: scan.filesRead,
    filesWithTokens,
    tokens,
    added,
    removed,
    changed,
    skipped: skipped.sort((a, b) => compareCodePoints(a.path, b.path)),
    diagnostics: sortDiagnostics(diagnostics),
    commitHash: git.commitHash,
    branch: git.branch,
    elapsedMs: Math.round(performance.now() - started),
  };
}

/** Replaces one file's tokens and counts what was added, removed and changed. */
function replaceFileTokens(
  writer: Writer,
  path: string,
  found: LocatedToken[],
  overrides: Map<string, number>,
  git: GitInfo,
  now: string,
  mayHaveRows: boolean,
): { added: number; removed: number; changed: number } {
  const old = mayHaveRows ? writer.selectFileTokens.all(path) as unknown as StoredToken[] : [];
  const oldByIdentity = new Map<string, StoredToken[]>();
  for (const row of old) {
    const key = identity(path, row.req_id, row.feature, row.aspect);
    const list = oldByIdentity.get(key);
    if (list) list.push(row);
    else oldByIdentity.set(key, [row]);
  }
  let added = 0;
  let changed = 0;
  let matched = 0;
  for (const { line, token } of found) {
    const match = oldByIdentity.get(identity(path, token.reqId, token.feature, token.aspect))
      ?.shift();
    if (match === undefined) added++;
    else {
      matched++;
      if (match.line_number !== line || match.raw_token !== token.raw) changed++;
    }
  }
  if (old.length > 0) writer.deleteFileTokens.run(path);
  for (const { line, token } of found) {
    const priority = overrides.get(overrideKey(token.reqId, token.feature)) ?? token.priority ?? 5;
    writer.insertToken.run(
      token.reqId,
      token.feature,
      token.aspect,
      token.status,
      token.declaredStatus,
      path,
      line,
      orNull(token.tests.join(",")),
      orNull(token.benches.join(",")),
      orNull(token.owner),
      priority,
      orNull(token.phase),
      orNull(token.keywords),
      token.specStatus === "" ? "draft" : token.specStatus,
      orNull(token.created),
      token.updated === "" ? writer.absentUpdated : token.updated,
      orNull(token.started),
      orNull(token.completed),
      orNull(git.commitHash),
      orNull(git.branch),
      orNull(token.dependsOn),
      orNull(token.blocks),
      orNull(token.relatedTo),
      token.raw,
      now,
      orNull(token.doc),
      orNull(token.docHash),
      orNull(token.docType),
    );
  }
  return { added, removed: old.length - matched, changed };
}
