/**
 * Scans a source tree for CANARY tokens: walks it, reads each candidate file once and parses the
 * files that contain the marker.
 *
 * @module
 */

import type { Diagnostic, LocatedToken } from "../tokens/mod.ts";
import {
  type FileOutcome,
  type FileStat,
  type FileToRead,
  probeListedFiles,
  type ProbeReply,
  type ProbeRequest,
  type ReadReply,
  scanFile,
} from "./scan_file.ts";
import {
  DEFAULT_MAX_FILE_SIZE,
  DEFAULT_SKIPPED_DIRS,
  type FileEntry,
  type ListedFile,
  type SkippedFile,
  sortDiagnostics,
  type WalkOptions,
  type WalkResult,
  type WalkSoFar,
  walkTree,
  walkTreeDeferred,
} from "./walk.ts";
import { compareCodePoints } from "./path_order.ts";
import {
  type GitCandidates,
  gitCandidates,
  type GitReply,
  type GitRequest,
  gitRuns,
  isWorkTreeTop,
  trackedFileCount,
} from "./git_candidates.ts";
import { resolve } from "../path.ts";
import type { TreeShape } from "./tree_shape.ts";
import { BatchDispatcher, CHUNK_SIZE, WorkerLane } from "./read_dispatch.ts";
import { canaryModule } from "../deferred_import.ts";

/** The module each read worker runs, from the project root (an entry point of the bundle). */
export const READ_WORKER = "src/scan/read_worker.ts";

/** A text file that was scanned, or left unread because the caller already knows it. */
export interface ScannedFile {
  /** Path relative to the root, with `/` separators. */
  path: string;
  /** Size in bytes, part of the fingerprint. */
  size: number;
  /** Modification time in milliseconds, part of the fingerprint. */
  mtimeMs: number;
  /** Tokens found, in line order; empty when `reused`. */
  tokens: readonly LocatedToken[];
  /** The token diagnostics found reading it (also in the scan's list); empty when `reused`. */
  diagnostics: readonly Diagnostic[];
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
   * Called once the walk has listed the tree, before `isUnchanged`, while workers may still be
   * stat-ing files: work the caller needs anyway (loading what `isUnchanged` compares with) is free
   * then, where this thread would otherwise wait.
   */
  afterWalk?: () => void;
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
   * The files read and found binary (also among `skipped`), in path order, with the size and
   * modification time seen before the read: their fingerprint.
   */
  binaries: BinaryFile[];
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
  /**
   * The tree's shape (see `WalkResult.shape`), or null: also when reading found a file it could
   * not read, or one of its own reports, which a listing from the shape would not tell.
   */
  shape: TreeShape | null;
}

/** A file read and found binary, with the stat its fingerprint keeps. */
export interface BinaryFile {
  /** Path relative to the root, with `/` separators. */
  path: string;
  size: number;
  mtimeMs: number;
}

/** How many files pass between two `onProgress` calls. */
export const PROGRESS_INTERVAL = 256;

/** The files of a walk split into those the caller already knows and those to read. */
interface ScanPlan {
  walk: WalkResult;
  /** Per walk entry: true when `isUnchanged` said to keep it. */
  reused: boolean[];
  /** Indexes (into `walk.files`) of the files to read, in walk order. */
  toRead: number[];
}

function planScan(walk: WalkResult, options: ScanOptions): ScanPlan {
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
  const binaries: BinaryFile[] = [];
  const skipped = walk.skipped;
  const diagnostics = walk.diagnostics;
  const skippedBefore = skipped.length;
  const diagnosticsBefore = diagnostics.length;
  let filesRead = 0;
  walk.files.forEach((entry, i) => {
    const { path, size, mtimeMs } = entry;
    if (plan.reused[i]) {
      files.push({
        path,
        size,
        mtimeMs,
        tokens: NO_LOCATED_TOKENS,
        diagnostics: NO_DIAGNOSTICS,
        reused: true,
      });
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
      binaries.push({ path, size, mtimeMs });
      return;
    }
    if (outcome.kind === "report") {
      skipped.push({ path, reason: "canary_report" });
      return;
    }
    for (const diagnostic of outcome.diagnostics) diagnostics.push(diagnostic);
    files.push({
      path,
      size,
      mtimeMs,
      tokens: outcome.tokens,
      diagnostics: outcome.diagnostics,
      reused: false,
    });
  });
  // The walk's lists are already sorted; only re-sort when the reading phase added to them.
  if (skipped.length !== skippedBefore) skipped.sort((a, b) => compareCodePoints(a.path, b.path));
  if (diagnostics.length !== diagnosticsBefore) sortDiagnostics(diagnostics);
  const filesReused = plan.reused.filter(Boolean).length;
  return {
    files,
    skipped,
    binaries,
    diagnostics,
    filesScanned: filesRead + filesReused,
    filesRead,
    temporaries: walk.temporaries,
    shape: skipped.every((skip) => skip.reason === "binary") &&
        diagnostics.every((diagnostic) => diagnostic.line > 0)
      ? walk.shape
      : null,
  };
}

/** Reports `done` files handled; `final` once, with all of them. */
type Progress = (done: number, final?: boolean) => void;

/**
 * Reports how many files are handled, every {@linkcode PROGRESS_INTERVAL} files and never
 * fewer than last time; `final` reports them all.
 */
function progressReporter(onProgress: ((done: number) => void) | undefined): Progress {
  let lastReported = 0;
  return (done, final = false) => {
    if (onProgress === undefined) return;
    if ((final && done >= lastReported) || done - lastReported >= PROGRESS_INTERVAL) {
      lastReported = done;
      onProgress(done);
    }
  };
}

/** How many files of the plan are settled: reused, or with an outcome. */
function settledCount(plan: ScanPlan, outcomes: Map<number, FileOutcome>): number {
  return plan.walk.files.length - plan.toRead.length + outcomes.size;
}

/**
 * Scans the tree under `root` (see `walkTree` for which files count) and parses the tokens in
 * every text file that contains `CANARY:`.
 *
 * @throws {ScanError} `root_not_found` or `root_not_directory`; problems below the root become
 * diagnostics and skipped entries.
 */
export function scanTree(root: string, options: ScanOptions = {}): ScanResult {
  const plan = planScan(walkTree(root, options), options);
  const outcomes = new Map<number, FileOutcome>();
  const progress = progressReporter(options.onProgress);
  readOnThisThread(plan, plan.toRead, outcomes, options.strict ?? false, progress);
  progress(plan.walk.files.length, true);
  return assembleScan(plan, outcomes);
}

/** Reads the files at `indexes` (into the plan's walk) that have no outcome yet. */
function readOnThisThread(
  plan: ScanPlan,
  indexes: readonly number[],
  outcomes: Map<number, FileOutcome>,
  strict: boolean,
  progress: Progress,
): void {
  for (const i of indexes) {
    if (outcomes.has(i)) continue;
    outcomes.set(i, scanFile(plan.walk.files[i], { strict }));
    progress(settledCount(plan, outcomes));
  }
}

/** Options for {@linkcode scanTreeParallel}. */
export interface ParallelScanOptions extends ScanOptions {
  /** Worker threads to stat and read with (default: one per CPU, at most 4). 1: this thread only. */
  workers?: number;
  /**
   * Below this many files listed, or files to read, workers cost more than they save (default
   * 2,000, and workers start once 256 files are listed whatever it is).
   */
  parallelThreshold?: number;
  /**
   * How many files the caller expects the tree to hold (a re-index: how many the last one met).
   * A tree expected to be small is worked on this thread alone (see {@linkcode workerPlan}). When
   * absent, a scan that reads every file takes the number of files git's index lists.
   */
  expectedFiles?: number;
  /**
   * For callers that expect to read most files (a first index): the workers read each file as
   * soon as they stat it, while the walk still lists the tree. Otherwise they only stat files
   * during the walk, and read those `isUnchanged` does not keep once it is done.
   */
  prestartWorkers?: boolean;
  /** The worker module (tests replace it to prove the fallback); default {@link READ_WORKER}. */
  workerModule?: URL;
  /**
   * With prestarted workers, ask git (while the walk runs) which files hold neither the marker
   * nor a NUL byte, and leave those unread (see `git_candidates.ts`); the result is the same.
   */
  askGit?: boolean;
}

/**
 * Trees smaller than this are stat-ed faster by the thread that lists them: starting a worker
 * costs that thread about 10 ms, and a stat about 3 µs (measured on 2 cores: 15 ms slower with a
 * worker at 1,000 and 2,500 files, 11 ms at 5,000, even at 7,500, faster from 10,000).
 */
export const STAT_WORKER_PAYS_OFF = 7_000;

/**
 * Trees smaller than this are read faster by the thread that lists them (measured on 2 cores:
 * 17–41 ms slower with workers at 2,500 files, even at 5,000, 40–50 ms faster at 10,000).
 */
export const READ_WORKERS_PAY_OFF = 4_000;

/** When a scan's workers start. */
export interface WorkerPlan {
  /** How many files the listing holds when the workers start (to stat or to read). */
  startAt: number;
  /**
   * Before that, with a multiple of {@linkcode CHUNK_SIZE} files listed, they start once the walk
   * expects this many files in all (see `WalkSoFar`).
   */
  startAtEstimate: number;
  /** How many files left to read after the walk are worth starting workers for. */
  readAfterWalk: number;
  /**
   * With workers running, how many files left to read after the walk are worth every worker (and,
   * beside a single one, this thread reading half).
   */
  spreadReadsFrom: number;
}

/**
 * When the workers of a scan start: soon, unless the tree is expected to be smaller than where
 * they pay off, in which case they start only if it turns out larger. A first index with no size
 * to expect (no git index at the root) starts them once the walk expects a tree where they pay
 * off. A `parallelThreshold` the caller gives is taken as it is.
 */
export function workerPlan(options: ParallelScanOptions): WorkerPlan {
  const threshold = options.parallelThreshold ?? 2000;
  const soon = {
    startAt: Math.min(CHUNK_SIZE, threshold),
    startAtEstimate: Infinity,
    readAfterWalk: threshold,
    spreadReadsFrom: threshold,
  };
  if (options.parallelThreshold !== undefined) return soon;
  const expected = options.expectedFiles;
  if (options.prestartWorkers === true) {
    const late = { ...soon, startAt: READ_WORKERS_PAY_OFF, readAfterWalk: READ_WORKERS_PAY_OFF };
    if (expected === undefined) return { ...late, startAtEstimate: READ_WORKERS_PAY_OFF };
    return expected < READ_WORKERS_PAY_OFF ? late : soon;
  }
  return (expected ?? Infinity) < STAT_WORKER_PAYS_OFF
    ? { ...soon, startAt: STAT_WORKER_PAYS_OFF }
    : soon;
}

/** The read workers of one scan, started as they are needed. */
class WorkerPool {
  #lanes: WorkerLane[] = [];
  #unavailable = false;

  constructor(readonly module: URL, readonly size: number) {}

  /** Whether workers were started (and at least one could be). */
  get started(): boolean {
    return this.#lanes.length > 0;
  }

  /**
   * The lanes of the workers that have not failed or been ended, after starting more (creating one
   * costs this thread about 15 ms) until `wanted` (at most the pool's size) were started.
   */
  lanes(wanted = this.size): WorkerLane[] {
    const missing = Math.min(wanted, this.size) - this.#lanes.length;
    if (missing > 0 && !this.#unavailable) {
      const started = startWorkers(this.module, missing);
      if (started.length < missing) this.#unavailable = true;
      this.#lanes.push(...started.map((worker) => new WorkerLane(worker)));
    }
    return this.#lanes.filter((lane) => !lane.failed);
  }

  close(): void {
    for (const lane of this.#lanes) lane.worker.terminate();
  }
}

/** The caller's guess at the tree's size, or, for a scan that reads it all, git's. */
function expectedFiles(root: string, options: ParallelScanOptions): number | undefined {
  if (options.expectedFiles !== undefined || options.prestartWorkers !== true) {
    return options.expectedFiles;
  }
  return options.askGit === true ? trackedFileCount(root) ?? undefined : undefined;
}

/**
 * {@linkcode scanTree} with the stat-ing, reading and parsing spread over worker threads, for
 * large trees: a stat, and an open with its permission check and path resolution, cost more than
 * the read, and that work parallelises. This thread lists folders meanwhile. The result is
 * identical to `scanTree`'s. If a worker cannot be started or fails, whatever it had not
 * finished is done on this thread.
 */
export async function scanTreeParallel(
  root: string,
  options: ParallelScanOptions = {},
): Promise<ScanResult> {
  const workerCount = Math.min(options.workers ?? navigator.hardwareConcurrency ?? 1, 4);
  if (workerCount < 2) return scanTree(root, options);
  const module = options.workerModule ?? canaryModule(READ_WORKER);
  const pool = new WorkerPool(module, workerCount);
  const workers = workerPlan({ ...options, expectedFiles: expectedFiles(root, options) });
  try {
    const progress = progressReporter(options.onProgress);
    const { plan, outcomes } = await listTree(root, options, workers, pool, progress);
    const strict = options.strict ?? false;
    const toRead = plan.toRead.filter((i) => !outcomes.has(i));
    const many = toRead.length >=
      (pool.started ? workers.spreadReadsFrom : workers.readAfterWalk);
    if (many || (pool.started && toRead.length > 0)) {
      // The lanes that stat-ed files read the few that changed; many are worth more workers.
      const lanes = pool.lanes(many ? pool.size : 1);
      // Many files and a single worker (the other asked git, or could not start): this thread
      // reads half of them meanwhile.
      const share = lanes.length === 1 && many ? toRead.length >> 1 : 0;
      const reads = new BatchDispatcher<number, ReadReply>(
        lanes,
        (indexes) => ({ strict, files: indexes.map((i) => fileToRead(plan.walk.files[i])) }),
        (indexes, reply) =>
          reply.outcomes.forEach((outcome, k) => outcomes.set(indexes[k], outcome)),
      );
      reads.onDelivered = () => progress(settledCount(plan, outcomes));
      for (const i of toRead.slice(share)) reads.add(i);
      const delivered = reads.finish(); // every batch is sent before this thread reads its share
      readOnThisThread(plan, toRead.slice(0, share), outcomes, strict, progress);
      await delivered;
    }
    // Whatever no worker delivered (none started, or one failed) is read here.
    readOnThisThread(plan, plan.toRead, outcomes, strict, progress);
    progress(plan.walk.files.length, true);
    return assembleScan(plan, outcomes);
  } finally {
    pool.close();
  }
}

/** Only what a worker needs of an entry: structured cloning costs per field. */
function fileToRead({ absPath, path, size }: FileToRead): FileToRead {
  return { absPath, path, size };
}

/** The walk's plan, and the outcomes already known of the files it would read. */
interface Listing {
  plan: ScanPlan;
  outcomes: Map<number, FileOutcome>;
}

/** What the workers found of the listed files, by listing position. */
class ProbeResults {
  /** Size and modification time of each file; NaN where no worker could tell. */
  #stats = new Float64Array(0);
  /** The outcome of each file a worker read. */
  readonly outcomes = new Map<number, FileOutcome>();

  /** Records a worker's answer about the listed files at `indexes`. */
  record(indexes: readonly number[], reply: ProbeReply): void {
    const needed = 2 * (Math.max(...indexes) + 1);
    if (needed > this.#stats.length) {
      const grown = new Float64Array(Math.max(needed, 2 * this.#stats.length)).fill(NaN);
      grown.set(this.#stats);
      this.#stats = grown;
    }
    indexes.forEach((i, k) => {
      this.#stats[2 * i] = reply.stats[2 * k];
      this.#stats[2 * i + 1] = reply.stats[2 * k + 1];
      const outcome = reply.outcomes?.[k];
      if (outcome) this.outcomes.set(i, outcome);
    });
  }

  /** What a worker's stat found of the file at `i`: null when none could tell. */
  stat(i: number): FileStat | null {
    const size = this.#stats[2 * i];
    return size >= 0 ? { size, mtimeMs: this.#stats[2 * i + 1] } : null;
  }
}

/** How the walk's plain files are handed to the workers, once enough are listed. */
interface Probing {
  /** Set once enough files are listed: workers are only started (or tried) once. */
  started: boolean;
  probes: BatchDispatcher<number, ProbeReply> | null;
  asked: Promise<GitCandidates | null>;
  /** Probes on this thread, as a worker would, the batches no worker has begun. */
  probeUnbegun: () => void;
}

/**
 * Walks the tree with the plain files stat-ed by the workers, once enough are listed to be worth
 * starting them. For a first index, git is asked which files need reading; without git, the
 * workers read each file as they stat it. When one worker only stats, this thread, once it has
 * listed the tree and loaded what it compares with, stats the batches the worker has not begun.
 * What no worker stat-ed is stat-ed here.
 */
async function listTree(
  root: string,
  options: ParallelScanOptions,
  { startAt, startAtEstimate }: WorkerPlan,
  pool: WorkerPool,
  progress: Progress,
): Promise<Listing> {
  const listed: ListedFile[] = [];
  const results = new ProbeResults();
  const probing: Probing = {
    started: false,
    probes: null,
    asked: Promise.resolve(null),
    probeUnbegun: () => {},
  };
  const due = (soFar: WalkSoFar) =>
    listed.length >= startAt ||
    (listed.length % CHUNK_SIZE === 0 && soFar.estimatedFiles() >= startAtEstimate);
  const walk = walkTreeDeferred(root, options, (file, soFar) => {
    listed.push(file);
    if (probing.probes !== null) return probing.probes.add(listed.length - 1);
    if (probing.started || !due(soFar)) return;
    probing.started = true;
    startProbing(root, options, pool, probing, listed, results);
    const probes = probing.probes as BatchDispatcher<number, ProbeReply> | null;
    if (probes !== null) probes.onDelivered = () => progress(probes.delivered);
  });
  options.afterWalk?.();
  probing.probeUnbegun();
  await probing.probes?.finish();
  // Settled while git may still be searching: its answer comes last.
  const listing = settleListing(walk, listed, results, options);
  const git = await probing.asked;
  if (git !== null) settleFromGit(listing.plan, git, listing.outcomes);
  return listing;
}

/** Starts the workers, asks git when wanted, and hands them the files listed so far. */
function startProbing(
  root: string,
  options: ParallelScanOptions,
  pool: WorkerPool,
  probing: Probing,
  listed: readonly ListedFile[],
  results: ProbeResults,
): void {
  const useGit = options.askGit === true && options.prestartWorkers === true && gitRuns();
  const probe = {
    strict: options.strict ?? false,
    maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    read: options.prestartWorkers === true && !useGit,
  };
  // Stat-ing alone, one worker keeps up with this thread, which lists and then loads what it
  // compares with.
  const lanes = pool.lanes(probe.read || useGit ? pool.size : 1);
  if (lanes.length === 0) return; // none could start: this thread does it all
  if (useGit) {
    const workTree = isWorkTreeTop(root);
    const skippedDirs = [...DEFAULT_SKIPPED_DIRS];
    // Once git has answered, its worker's heap holds git's spent output, which would stay until
    // the scan ends: a worker that only asked git is ended instead. None is started in its place
    // (it would cost as much memory again); this thread reads beside the one left.
    const gitLane = lanes[0];
    probing.asked = askGit(gitLane, { gitRoot: resolve(root), workTree, skippedDirs })
      .then((answer) => {
        if (answer !== null && lanes.length > 1) gitLane.end();
        return answer;
      });
  }
  // Every absolute path the walk builds is one prefix (the root's) and the relative path.
  const prefix = listed[0].absPath.slice(0, listed[0].absPath.length - listed[0].path.length);
  const encode = (indexes: number[]): ProbeRequest => ({
    probe,
    prefix,
    paths: indexes.map((i) => listed[i].path).join("\0"),
  });
  const probes = new BatchDispatcher<number, ProbeReply>(
    // The lane asking git drains its output; busy with batches, it would hold git up.
    useGit && lanes.length > 1 ? lanes.slice(1) : lanes,
    encode,
    (indexes, reply) => results.record(indexes, reply),
    // Only stat-ing, with one worker: this thread has a core of its own once it has listed the
    // tree. Reading, or beside git, the workers and git have every core.
    { canTakeBack: !probe.read && !useGit },
  );
  probing.probes = probes;
  probing.probeUnbegun = () => {
    for (let indexes; (indexes = probes.takeBack()) !== null;) {
      results.record(indexes, probeListedFiles(probe, indexes.map((i) => listed[i])));
    }
  };
  for (let i = 0; i < listed.length; i++) probes.add(i);
}

/** Settles every listed file with its probe (or here, without one) and plans the rest. */
function settleListing(
  walk: ReturnType<typeof walkTreeDeferred>,
  listed: readonly ListedFile[],
  results: ProbeResults,
  options: ScanOptions,
): Listing {
  const read = new Map<FileEntry, FileOutcome>();
  listed.forEach((file, i) => {
    const entry = walk.settle(file, results.stat(i));
    const outcome = results.outcomes.get(i);
    if (entry !== null && outcome !== undefined) read.set(entry, outcome);
  });
  const plan = planScan(walk.finish(), options);
  const outcomes = new Map<number, FileOutcome>();
  for (const i of plan.toRead) {
    const outcome = read.get(plan.walk.files[i]);
    if (outcome !== undefined) outcomes.set(i, outcome);
  }
  return { plan, outcomes };
}

/** The tokens of every reused file: one frozen list, not one per file. */
const NO_LOCATED_TOKENS: readonly LocatedToken[] = Object.freeze([]);

/** The diagnostics of every reused file, likewise. */
const NO_DIAGNOSTICS: readonly Diagnostic[] = Object.freeze([]);

/** A text file without a marker, as reading it would have found it. */
const NO_TOKENS: FileOutcome = Object.freeze({ kind: "text", tokens: [], diagnostics: [] });

/**
 * Settles, without reading, the plain files git searched and found neither the marker nor a NUL
 * byte in; files reached through a link are always read, since git sees the link, not its target.
 * Both lists are sorted, so one pass over them does it: hashing every path would cost more.
 * Around astral characters the walk's code point order and git's list's code unit order may
 * differ; a file missed so is only read, never misjudged.
 */
function settleFromGit(
  plan: ScanPlan,
  git: GitCandidates,
  outcomes: Map<number, FileOutcome>,
): void {
  const { clean } = git;
  let next = 0;
  for (const i of plan.toRead) {
    const entry = plan.walk.files[i];
    while (next < clean.length && clean[next] < entry.path) next++;
    if (next === clean.length) return;
    if (!entry.viaLink && clean[next] === entry.path) outcomes.set(i, NO_TOKENS);
  }
}

/** Asks a worker for git's listing; null when git cannot tell or the worker fails. */
async function askGit(lane: WorkerLane, request: GitRequest): Promise<GitCandidates | null> {
  const reply = await lane.ask<GitReply>(request);
  return reply?.git ? gitCandidates(reply.git) : null;
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
