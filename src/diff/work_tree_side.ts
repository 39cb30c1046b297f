/**
 * The work tree as the `to` side of `canary diff`, judged as a revision is judged: scanned as
 * `canary scan` scans it, except that a submodule has no files (git names the submodules), and
 * git says which paths differ from the commit.
 *
 * @module
 */
import { CanaryError } from "../errors.ts";
import { join } from "../path.ts";
import { ScanError, type ScannedFile, scanTreeParallel } from "../scan/mod.ts";
import type { Diagnostic } from "../tokens/mod.ts";
import {
  type GitRepository,
  SUBMODULE_MODE,
  type TreeEntry,
  type WorkTreeChange,
} from "./git_repository.ts";
import type { RevisionSkipReason } from "./revision_files.ts";

/** What the work tree counts, outside its submodules, and what differs from the commit. */
export interface WorkTree {
  /** Text files the scan read, with their tokens. */
  files: ScannedFile[];
  /** Paths counted but not read, and why; each submodule as `submodule`. */
  skipped: { path: string; reason: RevisionSkipReason }[];
  /** The scan's diagnostics. */
  diagnostics: Diagnostic[];
  /** Paths whose contents differ from the commit's, by git. */
  changed: Set<string>;
}

/** Options of {@linkcode readWorkTree}. */
export interface WorkTreeOptions {
  /** The folder of the work tree to read. */
  root: string;
  /** Also warn about unknown token keys. */
  strict?: boolean;
}

/**
 * Reads the work tree to compare with `commit`, whose files are `entries`; `keptAtCommit` names
 * the paths the commit counts (a submodule not to be seen on disk, uninitialised, still counts).
 */
export async function readWorkTree(
  repository: GitRepository,
  commit: string,
  entries: readonly TreeEntry[],
  keptAtCommit: ReadonlySet<string>,
  options: WorkTreeOptions,
): Promise<WorkTree> {
  const [scan, changes] = await Promise.all([
    scanWorkTree(options),
    repository.changedInWorkTree(commit),
  ]);
  const gitlinks = workTreeGitlinks(entries, changes);
  // The scan walks into a submodule's folder: what it found there is the submodule's.
  const entered = new Set<string>();
  const outsideSubmodules = (path: string) => {
    const submodule = submoduleOf(path, gitlinks);
    if (submodule !== null) entered.add(submodule);
    return submodule === null;
  };
  const files = scan.files.filter((file) => outsideSubmodules(file.path));
  const skipped: WorkTree["skipped"] = scan.skipped.filter((s) => outsideSubmodules(s.path));
  for (const path of gitlinks) {
    if (entered.has(path) || keptAtCommit.has(path)) skipped.push({ path, reason: "submodule" });
  }
  return {
    files,
    skipped,
    diagnostics: scan.diagnostics,
    changed: new Set(changes.map((change) => change.path)),
  };
}

/** Whether the work tree's `path` is a symbolic link (the scan reads one leaving the root). */
export function isSymlink(root: string, path: string): boolean {
  try {
    return Deno.lstatSync(join(root, path)).isSymlink;
  } catch {
    return false;
  }
}

/** The submodules of the work tree: the commit's, less those git dropped, plus those it added. */
function workTreeGitlinks(entries: readonly TreeEntry[], changes: readonly WorkTreeChange[]) {
  const gitlinks = new Set(entries.filter((e) => e.mode === SUBMODULE_MODE).map((e) => e.path));
  for (const change of changes) {
    if (change.toMode === SUBMODULE_MODE) gitlinks.add(change.path);
    else gitlinks.delete(change.path);
  }
  return gitlinks;
}

/** The submodule holding `path`, or null. */
function submoduleOf(path: string, gitlinks: ReadonlySet<string>): string | null {
  if (gitlinks.size === 0) return null;
  for (let slash = path.indexOf("/"); slash !== -1; slash = path.indexOf("/", slash + 1)) {
    if (gitlinks.has(path.slice(0, slash))) return path.slice(0, slash);
  }
  return null;
}

async function scanWorkTree(options: WorkTreeOptions) {
  try {
    // Every file is read, as by a scan: git says which need no reading, and how many there are.
    return await scanTreeParallel(options.root, {
      strict: options.strict,
      prestartWorkers: true,
      askGit: true,
    });
  } catch (error) {
    if (!(error instanceof ScanError)) throw error;
    throw new CanaryError(error.message, { code: error.code, exitCode: 2, cause: error });
  }
}
