/**
 * Scans a source tree for CANARY tokens: walks it, reads each candidate file once and parses the
 * files that contain the marker.
 *
 * @module
 */

import { type Diagnostic, type LocatedToken, parseTokens } from "../tokens/mod.ts";
import { readSource } from "./read.ts";
import { ScanError } from "./scan_error.ts";
import {
  type FileEntry,
  type SkippedFile,
  sortDiagnostics,
  type WalkOptions,
  walkTree,
} from "./walk.ts";
import { compareCodePoints } from "./path_order.ts";

/** A text file that was scanned, or left unread because the caller already knows it. */
export interface ScannedFile {
  /** Path relative to the root, with `/` separators. */
  path: string;
  /** Size in bytes, part of the fingerprint. */
  size: number;
  /** Modification time in milliseconds, part of the fingerprint. */
  mtimeMs: number;
  /** Tokens found, in line order; empty when `reused`. */
  tokens: LocatedToken[];
  /** True when `isUnchanged` said to skip reading it: the caller keeps its previous tokens. */
  reused: boolean;
}

/** Options for {@linkcode scanTree}. */
export interface ScanOptions extends WalkOptions {
  /** Also warn about unknown token keys. Default false. */
  strict?: boolean;
  /**
   * Called per candidate file before reading; return true to skip reading it (the caller keeps its
   * previous tokens). Used by `canary index` to re-read only changed files (fingerprint = size +
   * mtimeMs).
   */
  isUnchanged?: (entry: FileEntry) => boolean;
  /**
   * Called with the number of files handled so far, every {@linkcode PROGRESS_INTERVAL} files and
   * once at the end.
   */
  onProgress?: (filesDone: number) => void;
}

/** What {@linkcode scanTree} found. */
export interface ScanResult {
  /** Every text file scanned or reused, sorted by path, including files without tokens. */
  files: ScannedFile[];
  /** Paths counted but not scanned (binary, too large, unreadable, ...), sorted by path. */
  skipped: SkippedFile[];
  /**
   * Token diagnostics and file-level warnings (unreadable, vanished, special file, symlink loop,
   * ...), sorted by path then line. File-level ones have line 0.
   */
  diagnostics: Diagnostic[];
  /** Files considered: read (text or binary) or reused. */
  filesScanned: number;
  /** Files whose contents were actually read. */
  filesRead: number;
}

/** How many files pass between two `onProgress` calls. */
export const PROGRESS_INTERVAL = 256;

/**
 * Scans the tree under `root` (see `walkTree` for which files count) and parses the tokens in
 * every text file that contains `CANARY:`.
 *
 * @throws {ScanError} `root_not_found` or `root_not_directory`; problems below the root become
 * diagnostics and skipped entries.
 */
export function scanTree(root: string, options: ScanOptions = {}): ScanResult {
  const walk = walkTree(root, options);
  const { isUnchanged, onProgress } = options;
  const parseOptions = { strict: options.strict ?? false };
  const files: ScannedFile[] = [];
  const skipped = walk.skipped;
  const diagnostics = walk.diagnostics;
  const skippedBefore = skipped.length;
  const diagnosticsBefore = diagnostics.length;
  let filesRead = 0;
  let filesReused = 0;
  let done = 0;

  for (const entry of walk.files) {
    done++;
    if (onProgress !== undefined && done % PROGRESS_INTERVAL === 0) onProgress(done);
    const { path, size, mtimeMs } = entry;
    if (isUnchanged?.(entry)) {
      filesReused++;
      files.push({ path, size, mtimeMs, tokens: [], reused: true });
      continue;
    }
    let source;
    try {
      source = readSource(entry.absPath, size);
    } catch (error) {
      if (!(error instanceof ScanError)) throw error;
      skipped.push({ path, reason: error.code === "vanished" ? "vanished" : "unreadable" });
      diagnostics.push({ path, line: 0, severity: "warning", reason: error.message });
      continue;
    }
    filesRead++;
    if (source.kind === "binary") {
      skipped.push({ path, reason: "binary" });
      continue;
    }
    let tokens: LocatedToken[] = [];
    if (source.text !== null) {
      const parsed = parseTokens(source.text, path, parseOptions);
      tokens = parsed.tokens;
      for (const diagnostic of parsed.diagnostics) diagnostics.push(diagnostic);
    }
    files.push({ path, size, mtimeMs, tokens, reused: false });
  }
  if (onProgress !== undefined && done % PROGRESS_INTERVAL !== 0) onProgress(done);

  // The walk's lists are already sorted; only re-sort when the reading phase added to them.
  if (skipped.length !== skippedBefore) skipped.sort((a, b) => compareCodePoints(a.path, b.path));
  if (diagnostics.length !== diagnosticsBefore) sortDiagnostics(diagnostics);
  return { files, skipped, diagnostics, filesScanned: filesRead + filesReused, filesRead };
}
