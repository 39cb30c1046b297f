/**
 * The tree scanner: lists the files of a source tree that count (honouring `.gitignore`,
 * `.canaryignore` and default skipped directories), reads each once and parses CANARY tokens.
 *
 * @example
 * ```ts
 * import { scanTree } from "./mod.ts";
 * const { files, diagnostics } = scanTree(".");
 * const tokenCount = files.reduce((sum, file) => sum + file.tokens.length, 0);
 * ```
 *
 * @module
 */

export {
  assertScanRoot,
  DEFAULT_MAX_FILE_SIZE,
  DEFAULT_SKIPPED_DIRS,
  type FileEntry,
  type HeldFiles,
  type SkippedFile,
  type SkipReason,
  sortDiagnostics,
  type WalkOptions,
  type WalkResult,
  walkTree,
} from "./walk.ts";
export { BINARY_SNIFF_BYTES, classifySource, readSource, type SourceRead } from "./read.ts";
export {
  type FileOutcome,
  type FileStat,
  type FileToRead,
  mtimeOf,
  scanFile,
} from "./scan_file.ts";
export {
  type BinaryFile,
  type ParallelScanOptions,
  PROGRESS_INTERVAL,
  type ScannedFile,
  type ScanOptions,
  type ScanResult,
  scanTree,
  scanTreeParallel,
} from "./scan_tree.ts";
export { ScanError, type ScanErrorCode } from "./scan_error.ts";
export {
  isTemporaryName,
  removeStaleTemporaries,
  STALE_TEMPORARY_MS,
  temporaryPathFor,
} from "./temporary_file.ts";
export { compareCodePoints, hasSurrogate, sortByCodePoints } from "./path_order.ts";
export { type DirMode, type DirState, ROOT_DIR, TreeRules, withGitignore } from "./tree_rules.ts";
