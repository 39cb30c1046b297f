/**
 * Which files of a git revision count, judged as `canary index` judges a folder: that revision's
 * own `.gitignore` files and root `.canaryignore`, and the default skipped directories (the same
 * {@linkcode TreeRules}). Symbolic links are never read: one naming a file or folder of the
 * revision is skipped as the walk skips it (`symlink_in_root`, `symlink_dir`), and any other
 * target is not in the revision (`broken_symlink`). Submodules have no files in the revision.
 *
 * @module
 */
import { posix } from "../path.ts";
import {
  type DirState,
  isTemporaryName,
  ROOT_DIR,
  type SkipReason,
  sortByCodePoints,
  TreeRules,
  withGitignore,
} from "../scan/mod.ts";
import { SUBMODULE_MODE, SYMLINK_MODE, type TreeEntry } from "./git_repository.ts";

/** Why a revision's path was counted but not read: as for a walk, or a submodule. */
export type RevisionSkipReason = SkipReason | "submodule";

/** The files of a revision that count, and the paths counted but not to be read. */
export interface RevisionFiles {
  /** Regular files to read, sorted by path. */
  files: TreeEntry[];
  /** Paths not read, and why, sorted by path. */
  skipped: { path: string; reason: RevisionSkipReason }[];
}

/** A folder of the revision: its files and subfolders by name. */
interface TreeDir {
  files: TreeEntry[];
  dirs: Map<string, TreeDir>;
}

/** The rule files and link targets a walk of `entries` needs to read first. */
export function ruleFileOids(entries: readonly TreeEntry[]): string[] {
  return entries.filter((entry) =>
    entry.mode === SYMLINK_MODE || entry.path === ".canaryignore" ||
    posix.basename(entry.path) === ".gitignore"
  ).map((entry) => entry.oid);
}

/**
 * Walks a revision's files with its rules. `texts` holds the contents of every object
 * {@linkcode ruleFileOids} named.
 */
export function revisionFiles(
  entries: readonly TreeEntry[],
  texts: ReadonlyMap<string, Uint8Array>,
): RevisionFiles {
  const root = buildTree(entries);
  const decode = (entry: TreeEntry | undefined) =>
    entry === undefined || entry.mode === SYMLINK_MODE || entry.mode === SUBMODULE_MODE
      ? null
      : new TextDecoder().decode(texts.get(entry.oid));
  const rules = new TreeRules(decode(root.files.find((file) => file.path === ".canaryignore")));
  const result: RevisionFiles = { files: [], skipped: [] };
  const pending: [TreeDir, DirState][] = [[root, ROOT_DIR]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [dir, state] = next;
    const gitignore = dir.files.find((file) => posix.basename(file.path) === ".gitignore");
    const current = { ...state, layers: withGitignore(state, decode(gitignore)) };
    for (const [name, child] of dir.dirs) {
      const rel = current.rel === "" ? name : `${current.rel}/${name}`;
      const mode = rules.dirMode(rel, name, current);
      if (mode !== null) pending.push([child, { rel, mode, layers: current.layers }]);
    }
    for (const file of dir.files) {
      const name = posix.basename(file.path);
      if (isTemporaryName(name) || !rules.keepsFile(file.path, current)) continue;
      if (file.mode === SUBMODULE_MODE) {
        result.skipped.push({ path: file.path, reason: "submodule" });
      } else if (file.mode === SYMLINK_MODE) {
        const reason = linkReason(file, texts, root);
        if (reason === "symlink_dir" && rules.dirMode(file.path, name, current) !== "normal") {
          continue;
        }
        result.skipped.push({ path: file.path, reason });
      } else result.files.push(file);
    }
  }
  sortByCodePoints(result.files, (file) => file.path);
  sortByCodePoints(result.skipped, (skip) => skip.path);
  return result;
}

/** Groups the flat listing into folders. */
function buildTree(entries: readonly TreeEntry[]): TreeDir {
  const root: TreeDir = { files: [], dirs: new Map() };
  for (const entry of entries) {
    let dir = root;
    const parts = entry.path.split("/");
    for (const part of parts.slice(0, -1)) {
      let child = dir.dirs.get(part);
      if (child === undefined) {
        child = { files: [], dirs: new Map() };
        dir.dirs.set(part, child);
      }
      dir = child;
    }
    dir.files.push(entry);
  }
  return root;
}

/** How a walk would skip this link, judged by what its target is in the same revision. */
function linkReason(
  link: TreeEntry,
  texts: ReadonlyMap<string, Uint8Array>,
  root: TreeDir,
): RevisionSkipReason {
  const target = new TextDecoder().decode(texts.get(link.oid));
  const resolved = posix.normalize(posix.join(posix.dirname(link.path), target));
  if (target.startsWith("/") || resolved === ".." || resolved.startsWith("../")) {
    return "broken_symlink";
  }
  let dir: TreeDir | undefined = root;
  const parts = resolved.split("/").filter((part) => part !== "" && part !== ".");
  for (const part of parts.slice(0, -1)) dir = dir?.dirs.get(part);
  const last = parts.at(-1);
  if (dir === undefined || last === undefined) {
    return last === undefined ? "symlink_dir" : "broken_symlink";
  }
  if (dir.dirs.has(last)) return "symlink_dir";
  return dir.files.some((file) => posix.basename(file.path) === last)
    ? "symlink_in_root"
    : "broken_symlink";
}
