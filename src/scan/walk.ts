/**
 * Lists the files of a source tree that the scanner should read, honouring `.gitignore` files, a
 * root `.canaryignore` and the default skipped directories.
 *
 * Rules, in order of precedence:
 * 1. The root `.canaryignore` has the last word: a path it matches is dropped, and a path a `!`
 *    pattern in it matches is walked, whatever the rules below say.
 * 2. Directories named `.git`, `node_modules`, `vendor`, `dist`, `build` or `.canary` anywhere below
 *    the root (not above it) are skipped. A `.canaryignore` negation re-includes one when it names
 *    it (`!vendor/`, `!/build/`) or a path through it (`!vendor/acme/*.ts`); wildcard negations
 *    at any depth such as `!*.ts` do not, so they never drag `node_modules` into a scan.
 * 3. Every `.gitignore` applies relative to its own folder, deeper files winning over shallower
 *    ones, with git's semantics (negation, directory-only patterns, anchoring), whether or not the
 *    root is a git work tree.
 *
 * An excluded directory is entered only when a `.canaryignore` negation could re-include something
 * below it; inside it, only paths that negation matches are kept.
 *
 * Symbolic links: links to directories are never followed (so no loops); they are listed as
 * skipped. A link to a regular file outside the root is read under the link's own path; one to a
 * file inside the root is skipped (`symlink_in_root`), since the walk reads that file under its
 * real path, and every token is indexed once. Broken and looping links, FIFOs, sockets and
 * devices become warnings and are never opened.
 *
 * @module
 */

import { basename, dirname, join, resolve } from "../path.ts";
import type { Diagnostic } from "../tokens/mod.ts";
import {
  DEFAULT_SKIPPED_DIRS,
  type DirState,
  ROOT_DIR,
  TreeRules,
  withGitignore,
} from "./tree_rules.ts";
import { compareCodePoints, hasSurrogate, sortByCodePoints } from "./path_order.ts";
import { ScanError } from "./scan_error.ts";
import { isTemporaryName } from "./temporary_file.ts";
import { errorMessage } from "../errors.ts";
import { type FileStat, mtimeOf } from "./scan_file.ts";
import { type KnownShape, shapeHolds, ShapeRecorder, type TreeShape } from "./tree_shape.ts";

/** Default largest file the scanner reads: 16 MiB. */
export const DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024;

export { DEFAULT_SKIPPED_DIRS };

/** A file the scanner should read. */
export interface FileEntry {
  /** Path relative to the root, with `/` separators. */
  path: string;
  /** Absolute path to open (through the link, for a symbolic link). */
  absPath: string;
  /** Size in bytes (of the link target, for a symbolic link). */
  size: number;
  /** Last modification time in milliseconds since the epoch, 0 when the platform has none. */
  mtimeMs: number;
  /** True when it was reached through a symbolic link. */
  viaLink?: boolean;
}

/** Why a path was counted but not scanned. */
export type SkipReason =
  | "binary"
  | "canary_report"
  | "too_large"
  | "symlink_dir"
  | "symlink_in_root"
  | "broken_symlink"
  | "symlink_loop"
  | "not_regular"
  | "name_not_utf8"
  | "unreadable"
  | "vanished";

/** A path that was not scanned, and why. Ignored paths are not listed. */
export interface SkippedFile {
  /** Path relative to the root, with `/` separators. */
  path: string;
  /** Why it was skipped. */
  reason: SkipReason;
}

/** Options for {@linkcode walkTree}. */
export interface WalkOptions {
  /** Largest file size in bytes to read; bigger files are skipped as `too_large`. Default 16 MiB. */
  maxFileSize?: number;
  /**
   * Files this run writes (reports): never read as source, skipped as `canary_report` when the
   * walk meets them, whatever path (relative, absolute, through a linked folder) names them.
   */
  outputs?: readonly string[];
  /**
   * The shape an earlier walk of this root recorded, with the plain files it listed: while the
   * shape holds, those files are listed again without reading any folder (see `tree_shape.ts`).
   */
  knownShape?: KnownShape;
  /**
   * Files the running process holds open through SQLite (a database and the files beside it):
   * never listed, stat-ed or opened, whatever path reaches them, since a descriptor of theirs that
   * this process closes releases SQLite's locks (see `db/sqlite_files.ts`).
   */
  heldFiles?: HeldFiles;
}

/** Some files of one folder, by name (structurally `db/sqlite_files.ts`'s `DatabaseFiles`). */
export interface HeldFiles {
  /** The folder, links resolved. */
  folder: string;
  /** Whether the file named `name` in the folder is one of them. */
  has(name: string): boolean;
}

/** What {@linkcode walkTree} found. */
export interface WalkResult {
  /** Files to read, sorted by path in code point order. */
  files: FileEntry[];
  /** Paths counted but not to be read, sorted by path. */
  skipped: SkippedFile[];
  /** Warnings about paths that could not be examined, sorted by path. */
  diagnostics: Diagnostic[];
  /**
   * canary's own temporary files met in the tree (see `temporary_file.ts`), never read: a copy
   * of a source file would count its tokens twice. Sorted by path.
   */
  temporaries: string[];
  /**
   * The tree's shape as this walk saw it, for a later walk's `knownShape`; null when a listing
   * from it would not be this walk's (something skipped, warned about, reached through a link or
   * changed just before the walk).
   */
  shape: TreeShape | null;
}

/** A directory waiting to be listed. */
interface PendingDir extends DirState {
  abs: string;
}

/** Marks names that Deno decoded lossily: such a file cannot be opened by name. */
const REPLACEMENT_CHAR = "\uFFFD";

/**
 * Walks `root` synchronously (faster than async in Deno for tens of thousands of files) and lists
 * the files to scan, with one `stat` per file for its size and modification time.
 *
 * @throws {ScanError} `root_not_found` or `root_not_directory`; nothing below the root throws.
 */
export function walkTree(root: string, options: WalkOptions = {}): WalkResult {
  return sortedResult(runWalk(root, options));
}

/** A plain file as the directory listing showed it, not yet stat-ed. */
export interface ListedFile {
  /** Path relative to the root, with `/` separators. */
  path: string;
  /** Absolute path. */
  absPath: string;
  /** Its name, as the listing gave it. */
  name: string;
  /** Its place in the listing, which is path order. */
  order: number;
}

/** What a deferred walk can tell about the tree while it still lists it. */
export interface WalkSoFar {
  /**
   * How many plain files the whole walk is likely to list: those listed so far, and for each
   * folder still waiting to be opened as many as the folders done at its depth held on average,
   * files below included (or, with none done there yet, as many as each folder opened so far held
   * on average); ignore rules not applied. A guess for planning work, right for trees of like
   * folders.
   */
  estimatedFiles(): number;
}

/** A walk whose plain files are stat-ed by the caller (see {@linkcode walkTreeDeferred}). */
export interface DeferredWalk {
  /**
   * Settles a listed file with what the caller's stat found (`stat`, when it is still a plain
   * file), or with null to look at it again here, where vanished, unreadable, special or newly
   * linked files are reported as {@linkcode walkTree} reports them. Returns the file's entry, or
   * null when it is skipped. Files settled in the order they were listed need no sort at the end.
   */
  settle(file: ListedFile, stat: FileStat | null): FileEntry | null;
  /** The result, sorted, once every listed file is settled. */
  finish(): WalkResult;
}

/**
 * {@linkcode walkTree} with the per-file `stat` left to the caller: each plain file the listing
 * shows is handed to `onListed` instead (links and special files are still handled here), so
 * other threads can stat them while this one lists folders, with what the walk knows so far. The
 * result is `walkTree`'s once every listed file is settled.
 */
export function walkTreeDeferred(
  root: string,
  options: WalkOptions,
  onListed: (file: ListedFile, soFar: WalkSoFar) => void,
): DeferredWalk {
  const walk = runWalk(root, options, onListed);
  return {
    settle(file, stat) {
      if (file.order < walk.settledUpTo) walk.filesInOrder = false;
      walk.settledUpTo = file.order;
      const found = stat ?? statPlainFile(walk, file);
      return found === null ? null : addFile(walk, file.path, file.absPath, found);
    },
    finish: () => sortedResult(walk),
  };
}

function runWalk(
  root: string,
  options: WalkOptions,
  onListed?: (file: ListedFile, soFar: WalkSoFar) => void,
): Walk {
  const rootAbs = resolve(root);
  const recorder = new ShapeRecorder(rootAbs, Date.now());
  assertDirectory(root, rootAbs);
  const diagnostics: Diagnostic[] = [];
  const warn = (path: string, reason: string) => {
    diagnostics.push({ path, line: 0, severity: "warning", reason });
  };
  const canaryignore = readRuleFile(rootAbs + "/.canaryignore", ".canaryignore", warn, recorder);
  const rootReal = realPathOrNull(rootAbs) ?? rootAbs;
  const walk: Walk = {
    maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    rules: new TreeRules(canaryignore),
    rootReal,
    outputs: new Set((options.outputs ?? []).map(realOutputPath)),
    held: heldInTree(options.heldFiles, rootReal),
    files: [],
    skipped: [],
    diagnostics,
    temporaries: [],
    surrogates: false,
    filesInOrder: true,
    listedCount: 0,
    settledUpTo: -1,
    warn,
    onListed,
    open: [],
    done: { files: [], dirs: [] },
    soFar: { estimatedFiles: () => estimatedFiles(walk) },
    recorder,
  };
  const known = options.knownShape;
  if (known !== undefined && shapeHolds(known.shape, rootAbs)) {
    listKnownFiles(walk, rootAbs, known);
    return walk;
  }
  // Depth first, each folder's entries in path order: what the walk finds comes out sorted,
  // which makes the final sorts nearly free. An explicit stack, so no tree is too deep.
  const open = walk.open;
  const top = openDirectory(walk, { ...ROOT_DIR, abs: rootAbs });
  if (top !== null) open.push(top);
  while (open.length > 0) {
    const dir = open[open.length - 1];
    if (dir.next === dir.entries.length) {
      noteDone(walk.done, open.length - 1, walk.listedCount - dir.listedBefore);
      open.pop();
      continue;
    }
    const below = walkEntry(walk, dir, dir.entries[dir.next++]);
    const opened = below === null ? null : openDirectory(walk, below);
    if (opened !== null) open.push(opened);
  }
  return walk;
}

/** Counts a folder walked to its end at `depth` (the root's is 0), with `files` listed below it. */
function noteDone(done: Walk["done"], depth: number, files: number): void {
  done.files[depth] = (done.files[depth] ?? 0) + files;
  done.dirs[depth] = (done.dirs[depth] ?? 0) + 1;
}

/** {@linkcode WalkSoFar.estimatedFiles} of `walk`. */
function estimatedFiles(walk: Walk): number {
  const { open, done, listedCount } = walk;
  // Every folder opened so far is still open or done.
  const opened = done.dirs.reduce((sum, dirs = 0) => sum + dirs, open.length);
  const perOpened = listedCount / Math.max(opened, 1);
  let estimate = listedCount;
  open.forEach((dir, depth) => {
    let waiting = 0;
    for (let i = dir.next; i < dir.entries.length; i++) if (dir.entries[i].isDirectory) waiting++;
    const doneBelow = done.dirs[depth + 1];
    estimate += waiting * (doneBelow ? done.files[depth + 1] / doneBelow : perOpened);
  });
  return estimate;
}

/**
 * Lists the files of a shape that still holds, as the walk that recorded it listed them; the
 * shape stays the tree's.
 */
function listKnownFiles(walk: Walk, rootAbs: string, known: KnownShape): void {
  walk.recorder.adopt(known.shape);
  for (const path of known.files()) {
    const slash = path.lastIndexOf("/");
    const name = path.slice(slash + 1);
    if (isHeld(walk, slash < 0 ? "" : path.slice(0, slash), name)) continue;
    if (hasSurrogate(path)) walk.surrogates = true;
    const file = {
      path,
      absPath: `${rootAbs}/${path}`,
      name,
      order: walk.listedCount++,
    };
    if (walk.onListed !== undefined) walk.onListed(file, walk.soFar);
    else {
      const found = statPlainFile(walk, file);
      if (found !== null) addFile(walk, path, file.absPath, found);
    }
  }
}

function sortedResult(walk: Walk): WalkResult {
  const { files, skipped, diagnostics, temporaries, surrogates } = walk;
  // Each folder listed in path order, depth first: files come out in code unit order (a folder's
  // "name/" sorts among its siblings as its paths do), which is code point order without
  // surrogates. Checking that cost as much as the rest of the sorting.
  if (surrogates || !walk.filesInOrder) sortByCodePoints(files, (file) => file.path, surrogates);
  sortByCodePoints(skipped, (skip) => skip.path, surrogates);
  sortByCodePoints(temporaries, (path) => path, surrogates);
  sortDiagnostics(diagnostics);
  const plain = skipped.length === 0 && diagnostics.length === 0 && temporaries.length === 0 &&
    !files.some((file) => file.viaLink);
  return { files, skipped, diagnostics, temporaries, shape: plain ? walk.recorder.shape : null };
}

/** What one walk shares: its settings and rules, and what it found so far. */
interface Walk {
  maxFileSize: number;
  rules: TreeRules;
  /** The root with links resolved, to tell what lies inside it. */
  rootReal: string;
  /** Resolved paths of the reports being written, which are never read as source. */
  outputs: ReadonlySet<string>;
  /** The held files, with their folder as a path relative to the root ("" for the root itself). */
  held: { rel: string | null; files: HeldFiles } | null;
  files: FileEntry[];
  skipped: SkippedFile[];
  diagnostics: Diagnostic[];
  temporaries: string[];
  /** Whether some name listed so far holds a surrogate (see `hasSurrogate`). */
  surrogates: boolean;
  /** False once a deferred walk's files were settled out of the order they were listed. */
  filesInOrder: boolean;
  /** Plain files listed so far, which numbers the next one. */
  listedCount: number;
  /** The listing place of the file settled last (-1 before the first). */
  settledUpTo: number;
  warn: (path: string, reason: string) => void;
  /** Set when the caller stats plain files itself (see {@linkcode walkTreeDeferred}). */
  onListed?: (file: ListedFile, soFar: WalkSoFar) => void;
  /** The folders being walked, outermost first. */
  open: OpenDir[];
  /** By depth, the folders walked to their end, and the plain files listed below them. */
  done: { files: number[]; dirs: number[] };
  soFar: WalkSoFar;
  /** Records the tree's shape (for a walk from a known shape: that shape). */
  recorder: ShapeRecorder;
}

/** A listed directory being walked: its entries in path order, and the next one to look at. */
interface OpenDir {
  /** The directory with its own `.gitignore` layered on. */
  state: PendingDir;
  entries: Deno.DirEntry[];
  next: number;
  absPrefix: string;
  relPrefix: string;
  /** Plain files the walk had listed when it opened the directory. */
  listedBefore: number;
}

/** Lists a directory and orders its entries as their paths sort; null when it cannot be read. */
function openDirectory(walk: Walk, dir: PendingDir): OpenDir | null {
  // Before the listing: a change made after it then shows as a newer ctime.
  walk.recorder.folder(dir.rel, dir.abs);
  const listed = listDirectory(dir, walk.skipped, walk.warn);
  if (listed === null) return null;
  const gitignore = readGitignore(dir, listed, walk.warn, walk.recorder);
  const layers = withGitignore(dir, gitignore);
  // A folder's paths continue with "/", which sorts after ".", "-" and the like.
  const keyed = listed.map((entry) => ({
    entry,
    key: entry.isDirectory ? entry.name + "/" : entry.name,
  }));
  // Paths below the root are made of names: the walk's lists hold a surrogate only if one did.
  const surrogates = listed.some((entry) => hasSurrogate(entry.name));
  if (surrogates) walk.surrogates = true;
  sortByCodePoints(keyed, (item) => item.key, surrogates);
  return {
    state: layers === dir.layers ? dir : { ...dir, layers },
    entries: keyed.map((item) => item.entry),
    next: 0,
    listedBefore: walk.listedCount,
    absPrefix: dir.abs.endsWith("/") ? dir.abs : dir.abs + "/",
    relPrefix: dir.rel === "" ? "" : dir.rel + "/",
  };
}

/** Records or adds one entry of `dir`; for a folder to walk, returns it. */
function walkEntry(walk: Walk, dir: OpenDir, entry: Deno.DirEntry): PendingDir | null {
  const name = entry.name;
  const rel = dir.relPrefix + name;
  const abs = dir.absPrefix + name;
  const current = dir.state;
  if (entry.isDirectory) {
    const mode = walk.rules.dirMode(rel, name, current);
    return mode === null ? null : { abs, rel, mode, layers: current.layers };
  }
  if (isHeld(walk, current.rel, name)) return null;
  if (isTemporaryName(name)) walk.temporaries.push(rel);
  else if (walk.rules.keepsFile(rel, current)) visitEntry(walk, entry, rel, abs, current);
  return null;
}

/** A kept entry that is not a directory: a file to add, a link to follow, or something special. */
function visitEntry(
  walk: Walk,
  entry: Deno.DirEntry,
  rel: string,
  abs: string,
  dir: DirState,
): void {
  const { skipped, warn } = walk;
  if (entry.isFile) {
    const file = { path: rel, absPath: abs, name: entry.name, order: walk.listedCount++ };
    if (walk.onListed !== undefined) return walk.onListed(file, walk.soFar);
    const found = statPlainFile(walk, file);
    if (found !== null) addFile(walk, rel, abs, found);
    return;
  }
  if (!entry.isSymlink) return reportSpecial(rel, abs, null, skipped, warn);
  const info = statEntry(rel, abs, entry.name, skipped, warn, true);
  if (info === null) return;
  if (info.isFile) {
    // The target is read under its own path when it lies inside the root: once is enough.
    const real = realPathOrNull(abs);
    if (real !== null && isHeldTarget(walk, real)) return;
    if (isInside(real, walk.rootReal)) skipped.push({ path: rel, reason: "symlink_in_root" });
    else {
      // Added now, where a deferred walk adds plain files as they settle: not in path order.
      if (walk.onListed !== undefined) walk.filesInOrder = false;
      addFile(walk, rel, abs, fileStat(info), real);
    }
  } else if (info.isDirectory) {
    // A link is a file to git, but one pointing at e.g. node_modules is still that folder.
    if (walk.rules.dirMode(rel, entry.name, dir) === "normal") {
      skipped.push({ path: rel, reason: "symlink_dir" });
    }
  } else reportSpecial(rel, abs, info, skipped, warn);
}

/**
 * Stats what the listing showed as a plain file; null, with the reason recorded, when it is gone,
 * unreadable or no longer a plain file.
 */
function statPlainFile(walk: Walk, file: ListedFile): FileStat | null {
  const { path, absPath } = file;
  // lstat is a little cheaper than stat, and the same for what readDir saw as a plain file.
  const info = statEntry(path, absPath, file.name, walk.skipped, walk.warn, false);
  if (info === null) return null;
  if (info.isFile) return fileStat(info);
  reportSpecial(path, absPath, info, walk.skipped, walk.warn);
  return null;
}

function fileStat(info: Deno.FileInfo): FileStat {
  return { size: info.size, mtimeMs: mtimeOf(info) };
}

/**
 * Adds a file to read, or records why it is skipped; `real` is the resolved target of a link (a
 * plain file's is found below the real root).
 */
function addFile(
  walk: Walk,
  rel: string,
  abs: string,
  stat: FileStat,
  real?: string | null,
): FileEntry | null {
  if (walk.outputs.size > 0 && walk.outputs.has(real ?? join(walk.rootReal, rel))) {
    walk.skipped.push({ path: rel, reason: "canary_report" });
    return null;
  }
  if (stat.size > walk.maxFileSize) {
    walk.skipped.push({ path: rel, reason: "too_large" });
    return null;
  }
  const entry: FileEntry = { path: rel, absPath: abs, size: stat.size, mtimeMs: stat.mtimeMs };
  if (real !== undefined) entry.viaLink = true;
  walk.files.push(entry);
  return entry;
}

/** Sorts diagnostics in place by path (code point order), then line. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => compareCodePoints(a.path, b.path) || a.line - b.line);
}

/** `held` with its folder relative to the real root, or null there when it lies outside the root. */
function heldInTree(held: HeldFiles | undefined, rootReal: string): Walk["held"] {
  if (held === undefined) return null;
  const rel = isInside(held.folder, rootReal)
    ? held.folder.slice(rootReal.length).replace(/^\/+/, "")
    : null;
  return { rel, files: held };
}

/** Whether the file `name` in the folder `rel` (relative to the root) is held. */
function isHeld(walk: Walk, rel: string, name: string): boolean {
  return walk.held !== null && walk.held.rel === rel && walk.held.files.has(name);
}

/** Whether the file at the real path `real` (a link's target) is held. */
function isHeldTarget(walk: Walk, real: string): boolean {
  return walk.held !== null && walk.held.files.folder === dirname(real) &&
    walk.held.files.has(basename(real));
}

/** `path` with its folder resolved to a real path, so it compares with what the walk meets. */
function realOutputPath(path: string): string {
  const absolute = resolve(path);
  const folder = realPathOrNull(dirname(absolute));
  return folder === null ? absolute : join(folder, basename(absolute));
}

function realPathOrNull(path: string): string | null {
  try {
    return Deno.realPathSync(path);
  } catch {
    return null;
  }
}

/** Whether `path` (resolved) is `dir` or lies below it. */
function isInside(path: string | null, dir: string): boolean {
  if (path === null) return false;
  return path === dir || path.startsWith(dir.endsWith("/") ? dir : dir + "/");
}

/**
 * Throws a {@link ScanError} unless `root` is a directory (following a
 * symbolic link), so a command can refuse a bad tree before writing anything.
 */
export function assertScanRoot(root: string): void {
  assertDirectory(root, resolve(root));
}

/** Throws unless `rootAbs` is a directory (following a symbolic link). */
function assertDirectory(root: string, rootAbs: string): void {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(rootAbs);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new ScanError("root_not_found", root, `no such directory: ${root}`, { cause: error });
    }
    if (error instanceof Deno.errors.NotADirectory) {
      throw new ScanError("root_not_directory", root, `not a directory: ${root}`, { cause: error });
    }
    throw new ScanError("root_not_found", root, `cannot open ${root}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  if (!info.isDirectory) {
    throw new ScanError("root_not_directory", root, `not a directory: ${root}`);
  }
}

/** The text of a directory's own `.gitignore`, or null when it has none. */
function readGitignore(
  dir: PendingDir,
  entries: Deno.DirEntry[],
  warn: (path: string, reason: string) => void,
  recorder: ShapeRecorder,
): string | null {
  if (!entries.some((entry) => entry.name === ".gitignore" && !entry.isDirectory)) return null;
  const rel = dir.rel === "" ? ".gitignore" : dir.rel + "/.gitignore";
  return readRuleFile(dir.abs + "/.gitignore", rel, warn, recorder);
}

/** Reads a rule file leniently; null when it is absent, with a warning when it is unreadable. */
function readRuleFile(
  abs: string,
  rel: string,
  warn: (path: string, reason: string) => void,
  recorder: ShapeRecorder,
): string | null {
  try {
    const info = Deno.statSync(abs);
    if (!info.isFile) {
      if (!info.isDirectory) warn(rel, "rule file is not a regular file; ignored");
      // A link to a folder: what it points to can change without a ctime here changing.
      else recorder.giveUp();
      return null;
    }
    recorder.ruleFile(rel, info);
    return new TextDecoder().decode(Deno.readFileSync(abs));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      // A dangling link: its target may appear without a ctime here changing.
      if (isPresentLink(abs)) recorder.giveUp();
      return null;
    }
    warn(rel, `cannot read rule file, its patterns are not applied: ${errorMessage(error)}`);
    return null;
  }
}

/**
 * Lists a directory, or warns and returns null when it cannot be read. A folder that cannot be
 * read or opened is also listed as skipped (`unreadable`, or `name_not_utf8`), since its files
 * are missing from the scan; one that vanished is not.
 */
function listDirectory(
  dir: PendingDir,
  skipped: SkippedFile[],
  warn: (path: string, reason: string) => void,
): Deno.DirEntry[] | null {
  try {
    return Array.from(Deno.readDirSync(dir.abs));
  } catch (error) {
    const path = dir.rel === "" ? "." : dir.rel;
    if (error instanceof Deno.errors.NotFound) {
      if (path.includes(REPLACEMENT_CHAR)) {
        skipped.push({ path, reason: "name_not_utf8" });
        warn(path, "directory name is not valid UTF-8; cannot open it");
      } else warn(path, "directory vanished during the scan");
    } else if (error instanceof Deno.errors.PermissionDenied) {
      skipped.push({ path, reason: "unreadable" });
      warn(path, "cannot read directory: permission denied");
    } else {
      skipped.push({ path, reason: "unreadable" });
      warn(path, `cannot read directory: ${errorMessage(error)}`);
    }
    return null;
  }
}

/** Stats a listed entry (following links), or records why it cannot be and returns null. */
function statEntry(
  rel: string,
  abs: string,
  name: string,
  skipped: SkippedFile[],
  warn: (path: string, reason: string) => void,
  isLink: boolean,
): Deno.FileInfo | null {
  try {
    if (isLink) return Deno.statSync(abs);
    const info = Deno.lstatSync(abs);
    // Replaced by a link since the listing: judge what it points to.
    return info.isSymlink ? Deno.statSync(abs) : info;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      if (name.includes(REPLACEMENT_CHAR)) {
        skipped.push({ path: rel, reason: "name_not_utf8" });
        warn(rel, "file name is not valid UTF-8; cannot open it");
      } else if (isLink && isPresentLink(abs)) {
        skipped.push({ path: rel, reason: "broken_symlink" });
        warn(rel, "broken symbolic link");
      } else {
        skipped.push({ path: rel, reason: "vanished" });
        warn(rel, "file vanished during the scan");
      }
    } else if (error instanceof Deno.errors.FilesystemLoop) {
      skipped.push({ path: rel, reason: "symlink_loop" });
      warn(rel, "symbolic link loop");
    } else if (error instanceof Deno.errors.PermissionDenied) {
      skipped.push({ path: rel, reason: "unreadable" });
      warn(rel, "cannot read file: permission denied");
    } else {
      skipped.push({ path: rel, reason: "unreadable" });
      warn(rel, `cannot read file: ${errorMessage(error)}`);
    }
    return null;
  }
}

/** Whether the link itself still exists, telling a broken link from one deleted mid-scan. */
function isPresentLink(abs: string): boolean {
  try {
    Deno.lstatSync(abs);
    return true;
  } catch {
    return false;
  }
}

/** Records a FIFO, socket or device: it is never opened, since reading a FIFO can block forever. */
function reportSpecial(
  rel: string,
  abs: string,
  info: Deno.FileInfo | null,
  skipped: SkippedFile[],
  warn: (path: string, reason: string) => void,
): void {
  let kind = "special file";
  try {
    const details = info ?? Deno.lstatSync(abs);
    if (details.isFifo) kind = "FIFO";
    else if (details.isSocket) kind = "socket";
    else if (details.isCharDevice || details.isBlockDevice) kind = "device";
  } catch {
    // Only the wording depends on it.
  }
  skipped.push({ path: rel, reason: "not_regular" });
  warn(rel, `not a regular file (${kind}); skipped`);
}
