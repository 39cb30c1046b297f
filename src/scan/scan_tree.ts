/**
 * Scans a source tree for CANARY tokens: walks it, reads each candidate file once and parses the
 * files that contain the marker.
 *
 * @module
 */

import type { Diagnostic, LocatedToken } from "../tokens/mod.ts";
import { type FileOutcome, scanFile } from "./scan_file.ts";
import {
  type FileEntry,
  type SkippedFile,
  sortDiagnostics,
  type WalkOptions,
  walkTree,
} from "./walk.ts";
import { compareCodePoints } from "./path_order.ts";
import {
  type GitCandidates,
  gitCandidates,
  type GitReply,
  type GitRequest,
} from "./git_candidates.ts";
import { join, resolve } from "../path.ts";
import { CHUNK_SIZE, ReadDispatcher } from "./read_dispatch.ts";

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
  /** canary's temporary files found in the tree, not read (see `WalkResult.temporaries`). */
  temporaries: string[];
}

/** How many files pass between two `onProgress` calls. */
export const PROGRESS_INTERVAL = 256;

/** The files of a walk split into those the caller already knows and those to read. */
interface ScanPlan {
  walk: ReturnType<typeof walkTree>;
  /** Per walk entry: true when `isUnchanged` said to keep it. */
  reused: boolean[];
  /** Indexes (into `walk.files`) of the files to read, in walk order. */
  toRead: number[];
}

function planScan(root: string, options: ScanOptions): ScanPlan {
  const walk = walkTree(root, options);
  const reused = walk.files.map((entry) => options.isUnchanged?.(entry) ?? false);
  const toRead: number[] = [];
  reused.forEach((known, i) => {
    if (!known) toRead.push(i);
  });
  return { walk, reused, toRead };
}

/** Builds the result from the plan and one outcome per file read (by walk index). */
function assembleScan(plan: ScanPlan, outcomes: Map<number, FileOutcome>): ScanResult {
  const { walk } = plan;
  const files: ScannedFile[] = [];
  const skipped = walk.skipped;
  const diagnostics = walk.diagnostics;
  const skippedBefore = skipped.length;
  const diagnosticsBefore = diagnostics.length;
  let filesRead = 0;
  walk.files.forEach((entry, i) => {
    const { path, size, mtimeMs } = entry;
    if (plan.reused[i]) {
      files.push({ path, size, mtimeMs, tokens: [], reused: true });
      return;
    }
    const outcome = outcomes.get(i)!;
    if (outcome.kind === "failed") {
      skipped.push({ path, reason: outcome.reason });
      diagnostics.push({ path, line: 0, severity: "warning", reason: outcome.message });
      return;
    }
    filesRead++;
    if (outcome.kind === "binary") {
      skipped.push({ path, reason: "binary" });
      return;
    }
    if (outcome.kind === "report") {
      skipped.push({ path, reason: "canary_report" });
      return;
    }
    for (const diagnostic of outcome.diagnostics) diagnostics.push(diagnostic);
    files.push({ path, size, mtimeMs, tokens: outcome.tokens, reused: false });
  });
  // The walk's lists are already sorted; only re-sort when the reading phase added to them.
  if (skipped.length !== skippedBefore) skipped.sort((a, b) => compareCodePoints(a.path, b.path));
  if (diagnostics.length !== diagnosticsBefore) sortDiagnostics(diagnostics);
  const filesReused = plan.reused.filter(Boolean).length;
  return {
    files,
    skipped,
    diagnostics,
    filesScanned: filesRead + filesReused,
    filesRead,
    temporaries: walk.temporaries,
  };
}

/** Reports progress every {@linkcode PROGRESS_INTERVAL} files, and once at the end. */
function progressReporter(plan: ScanPlan, onProgress: ((done: number) => void) | undefined) {
  const reusedCount = plan.walk.files.length - plan.toRead.length;
  let lastReported = 0;
  return (readSoFar: number, final = false) => {
    if (onProgress === undefined) return;
    const done = reusedCount + readSoFar;
    if (final || done - lastReported >= PROGRESS_INTERVAL) {
      lastReported = done;
      onProgress(done);
    }
  };
}

/**
 * Scans the tree under `root` (see `walkTree` for which files count) and parses the tokens in
 * every text file that contains `CANARY:`.
 *
 * @throws {ScanError} `root_not_found` or `root_not_directory`; problems below the root become
 * diagnostics and skipped entries.
 */
export function scanTree(root: string, options: ScanOptions = {}): ScanResult {
  const plan = planScan(root, options);
  const parseOptions = { strict: options.strict ?? false };
  const progress = progressReporter(plan, options.onProgress);
  const outcomes = new Map<number, FileOutcome>();
  plan.toRead.forEach((i, n) => {
    outcomes.set(i, scanFile(plan.walk.files[i], parseOptions));
    progress(n + 1);
  });
  progress(plan.toRead.length, true);
  return assembleScan(plan, outcomes);
}

/** Options for {@linkcode scanTreeParallel}. */
export interface ParallelScanOptions extends ScanOptions {
  /** Worker threads to read with (default: one per CPU, at most 4). 1 reads on this thread. */
  workers?: number;
  /** Below this many files to read, workers cost more than they save (default 2,000). */
  parallelThreshold?: number;
  /**
   * Start the workers before walking, so they load while the tree is listed: for callers that
   * expect to read most files (a first index). Otherwise they start only when enough files need
   * reading.
   */
  prestartWorkers?: boolean;
  /** The worker module (tests replace it to prove the fallback); default `read_worker.ts`. */
  workerModule?: URL;
  /**
   * With prestarted workers, ask git (while the walk runs) which files hold neither the marker
   * nor a NUL byte, and leave those unread (see `git_candidates.ts`); the result is the same.
   */
  askGit?: boolean;
}

/** The workers of one parallel scan, once started, and what they were asked. */
interface Readers {
  workers: Worker[];
  /** Set once files are being handed out (during the walk when streaming). */
  dispatcher: ReadDispatcher<FileEntry> | null;
  /** git's listing, asked of the first worker while the walk runs. */
  asked: Promise<GitCandidates | null> | null;
}

/** Whether `root` is the top of a git work tree: the only place git's listing is asked for. */
function isWorkTreeTop(root: string): boolean {
  try {
    Deno.lstatSync(join(root, ".git"));
    return true;
  } catch {
    return false;
  }
}

/**
 * The walk's per-file hook for a parallel scan: starts the workers once enough files are listed
 * (creating one costs this thread about 15 ms) and, when streaming, hands each file to read to
 * them at once, so they read while the walk goes on.
 */
function earlyStart(
  root: string,
  options: ParallelScanOptions,
  readers: Readers,
  mode: { streaming: boolean; useGit: boolean; workerCount: number; module: URL },
): (entry: FileEntry) => void {
  let listed = 0;
  const waiting: FileEntry[] = [];
  const startAt = Math.min(CHUNK_SIZE, options.parallelThreshold ?? 2000);
  return (entry) => {
    listed++;
    if (mode.streaming && !(options.isUnchanged?.(entry) ?? false)) {
      if (readers.dispatcher === null) waiting.push(entry);
      else readers.dispatcher.add(entry);
    }
    if (!options.prestartWorkers || mode.workerCount < 2 || readers.workers.length > 0) return;
    if (listed < startAt) return;
    readers.workers = startWorkers(mode.module, mode.workerCount);
    if (mode.useGit && readers.workers.length > 0) {
      readers.asked = askGit(readers.workers[0], resolve(root));
    }
    if (mode.streaming) {
      readers.dispatcher = new ReadDispatcher(readers.workers, options.strict ?? false);
      for (const file of waiting.splice(0)) readers.dispatcher.add(file);
    }
  };
}

/**
 * {@linkcode scanTree} with the reading and parsing spread over worker threads, for large trees:
 * opening a file costs a permission check and a path resolution on top of the read, and that
 * work parallelises. The result is identical to `scanTree`'s. If a worker cannot be started or
 * fails, the files it had not finished are read on this thread.
 */
export async function scanTreeParallel(
  root: string,
  options: ParallelScanOptions = {},
): Promise<ScanResult> {
  const workerCount = Math.min(options.workers ?? navigator.hardwareConcurrency ?? 1, 4);
  const module = options.workerModule ?? new URL("./read_worker.ts", import.meta.url);
  const useGit = options.askGit === true && isWorkTreeTop(root);
  // Without git to ask, a first index reads every file: the workers read while the walk lists.
  const streaming = options.prestartWorkers === true && !useGit && workerCount > 1;
  const readers: Readers = { workers: [], dispatcher: null, asked: null };
  try {
    const onFile = earlyStart(root, options, readers, { streaming, useGit, workerCount, module });
    const plan = planScan(root, { ...options, onFile });
    const strict = options.strict ?? false;
    const progress = progressReporter(plan, options.onProgress);
    const outcomes = new Map<number, FileOutcome>();
    const candidates = readers.asked === null ? null : await readers.asked;
    if (candidates !== null) settleFromGit(plan, candidates, outcomes);
    const toRead = plan.toRead.filter((i) => !outcomes.has(i));
    const threshold = readers.workers.length > 0 ? 1 : options.parallelThreshold ?? 2000;
    if (!streaming && workerCount > 1 && toRead.length >= threshold) {
      if (readers.workers.length === 0) readers.workers = startWorkers(module, workerCount);
      readers.dispatcher = new ReadDispatcher(readers.workers, strict);
      for (const i of toRead) readers.dispatcher.add(plan.walk.files[i]);
    }
    if (readers.dispatcher !== null) {
      const dispatcher = readers.dispatcher;
      const settled = outcomes.size;
      dispatcher.onOutcomes = () => progress(settled + dispatcher.outcomes.size);
      await dispatcher.finish();
      for (const i of toRead) {
        const outcome = dispatcher.outcomes.get(plan.walk.files[i]);
        if (outcome !== undefined) outcomes.set(i, outcome);
      }
    }
    // Whatever no worker delivered (none started, or one failed) is read here.
    let done = outcomes.size;
    for (const i of plan.toRead) {
      if (outcomes.has(i)) continue;
      outcomes.set(i, scanFile(plan.walk.files[i], { strict }));
      progress(++done);
    }
    progress(plan.toRead.length, true);
    return assembleScan(plan, outcomes);
  } finally {
    for (const worker of readers.workers) worker.terminate();
  }
}

/** A text file without a marker, as reading it would have found it. */
const NO_TOKENS: FileOutcome = Object.freeze({ kind: "text", tokens: [], diagnostics: [] });

/**
 * Settles, without reading, the plain files git searched and found neither the marker nor a NUL
 * byte in; files reached through a link are always read, since git sees the link, not its target.
 */
function settleFromGit(
  plan: ScanPlan,
  git: GitCandidates,
  outcomes: Map<number, FileOutcome>,
): void {
  for (const i of plan.toRead) {
    const entry = plan.walk.files[i];
    if (!entry.viaLink && git.searched.has(entry.path) && !git.hits.has(entry.path)) {
      outcomes.set(i, NO_TOKENS);
    }
  }
}

/** Asks a worker for git's listing of `root`; null when git cannot tell or the worker fails. */
function askGit(worker: Worker, root: string): Promise<GitCandidates | null> {
  return new Promise((resolve) => {
    worker.onmessage = (event: MessageEvent<GitReply>) => {
      resolve(event.data.git === null ? null : gitCandidates(event.data.git));
    };
    worker.onerror = (event) => {
      event.preventDefault(); // the files are then read as without git
      resolve(null);
    };
    worker.postMessage({ gitRoot: root } satisfies GitRequest);
  });
}

/** Starts up to `count` read workers; none where workers are unavailable. */
function startWorkers(module: URL, count: number): Worker[] {
  const workers: Worker[] = [];
  for (let i = 0; i < count; i++) {
    try {
      workers.push(new Worker(module.href, { type: "module" }));
    } catch {
      break; // e.g. a build without the worker module: this thread reads instead
    }
  }
  return workers;
}
