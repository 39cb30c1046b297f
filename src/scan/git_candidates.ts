/**
 * What git can tell the scanner about a tree without canary opening its files: which files git
 * read from the disk and found to hold neither the token marker nor a NUL byte. Such a file has no
 * token and is not binary, so it need not be read at all; `git grep` reads on all cores in native
 * code, where canary pays a permission check and a path resolution per open.
 *
 * At the top of a work tree, `git grep --untracked` walks the disk, as canary does, with git's
 * exclude rules: files it leaves out (ignored or excluded ones, even tracked, and what lies below a
 * nested repository or submodule) are read by the scanner as always. Elsewhere (no repository, or
 * below a work tree's top), `git grep --no-index` searches the folder itself, leaving out what
 * `.gitignore` files ignore and the folders canary skips by default. Either way, what git did not
 * search is read as before, and any doubt (git missing, a warning, a name that is not UTF-8, no
 * Perl regular expressions) gives null: the scanner then reads every file.
 *
 * @module
 */
import { GIT_ENV, runGit } from "../git.ts";
import { dirname, join } from "../path.ts";

/** What git found: paths relative to the root, sorted, NUL-separated. */
export interface GitListing {
  /** Files git read from the disk and found neither `CANARY:` nor a NUL byte in. */
  clean: string;
}

/** A request to a read worker for git's listing of the tree at `gitRoot`. */
export interface GitRequest {
  gitRoot: string;
  /** True at the top of a work tree; false to search the folder as it is (`--no-index`). */
  workTree: boolean;
  /** Folder names canary skips by default, which git need not search either. */
  skippedDirs: readonly string[];
}

/** The answer to a {@link GitRequest}. */
export interface GitReply {
  git: GitListing | null;
}

/** The same, as a list. */
export interface GitCandidates {
  /** Sorted in JavaScript's string order (UTF-16 code units), so it can be merged with a walk. */
  clean: readonly string[];
}

/** The pattern git searches for: the marker, or a NUL byte (which makes a file binary). */
const MARKER_OR_NUL = "CANARY:|\\x00";

/** The environment of every git call: byte-wise matching, and never a lock in the user's repo. */
const GIT_C_LOCALE = { ...GIT_ENV, LC_ALL: "C" };

/** Settings that would change what git prints or where it looks, pinned; and grep's threads. */
const GIT_CONFIG = [
  "-c",
  "core.quotePath=false",
  "-c",
  "grep.fullName=false",
  "-c",
  "submodule.recurse=false",
  "-c",
  // Twice the cores: git grep waits on reads much of the time (measured 10% faster on 2 cores).
  `grep.threads=${2 * (navigator.hardwareConcurrency || 1)}`,
];

/** Runs git in `root`; its output, or null on any failure or any word on stderr. */
async function gitOutput(
  root: string,
  args: string[],
  okCodes: number[],
  env: Record<string, string> = {},
): Promise<string | null> {
  try {
    const out = await runGit([...GIT_CONFIG, ...args], {
      cwd: root,
      env: { ...GIT_C_LOCALE, ...env },
    });
    if (!okCodes.includes(out.code) || out.stderr.length > 0) return null;
    return new TextDecoder("utf-8", { fatal: true }).decode(out.stdout);
  } catch {
    return null; // git missing, not allowed to run, or a name that is not UTF-8
  }
}

/**
 * Whether git runs at all: one `git --version` (about 2 ms), so that without git a first index
 * reads every file as soon as it is listed instead of waiting for an answer that cannot come.
 */
export function gitRuns(): boolean {
  try {
    const command = new Deno.Command("git", {
      args: ["--version"],
      env: GIT_C_LOCALE,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    });
    return command.outputSync().success;
  } catch {
    return false; // not installed, or not allowed to run
  }
}

/** Asks git for its listing of `request.gitRoot` (see {@linkcode GitRequest}). */
export function gitListing(request: GitRequest): Promise<GitListing | null> {
  return request.workTree
    ? workTreeListing(request.gitRoot)
    : folderListing(request.gitRoot, request.skippedDirs);
}

/**
 * The clean files of the work tree whose top is `root` (below the top, `.gitignore` files above
 * the root would apply in git and not in canary's walk): what `git grep -L` lists, the files it
 * searched on the disk without a match, tracked or not (assume-unchanged and skip-worktree ones
 * too: with `--untracked` git reads the disk, not its index).
 */
async function workTreeListing(root: string): Promise<GitListing | null> {
  const top = await gitOutput(root, ["rev-parse", "--is-inside-work-tree", "--show-prefix"], [0]);
  if (top !== "true\n\n") return null;
  return await filesWithoutMarker(root, ["--untracked"]);
}

/** The clean files of the folder `root`, searched as it is, whether or not git tracks it. */
async function folderListing(
  root: string,
  skippedDirs: readonly string[],
): Promise<GitListing | null> {
  const skipped = skippedDirs.map((name) => `:(exclude,glob)**/${name}/**`);
  // Only the tree's own `.gitignore` files count, as in canary's walk: a repository around the
  // root (which may ignore the root itself) is not looked for.
  const ceiling = { GIT_CEILING_DIRECTORIES: dirname(root) };
  const options = ["--no-index", "--exclude-standard"];
  return await filesWithoutMarker(root, options, ["--", ".", ...skipped], ceiling);
}

/**
 * What `git grep -L` with `options` lists in `root`: the files it searched and found neither the
 * marker nor a NUL byte in, sorted; null on any doubt (see {@linkcode gitOutput}).
 */
async function filesWithoutMarker(
  root: string,
  options: string[],
  paths: string[] = [],
  env: Record<string, string> = {},
): Promise<GitListing | null> {
  const args = ["grep", ...options, "-a", "-L", "-z", "-P", MARKER_OR_NUL, ...paths];
  // Exit 1 is "every file matched".
  const clean = await gitOutput(root, args, [0, 1], env);
  // Sorted here, on the worker's time: git lists files in the order its threads finish them.
  return clean === null ? null : { clean: clean.split("\0").filter(Boolean).sort().join("\0") };
}

/**
 * How many files git's index at the top of the work tree `root` lists, read from its header (the
 * signature "DIRC", a version, then the number of entries); null without one. One small read: a
 * guess at the size of the tree, which decides nothing but how to spread the work.
 */
export function trackedFileCount(root: string): number | null {
  try {
    using index = Deno.openSync(join(root, ".git", "index"));
    const header = new Uint8Array(12);
    if (index.readSync(header) !== header.length) return null;
    const view = new DataView(header.buffer);
    return view.getUint32(0) === INDEX_SIGNATURE ? view.getUint32(8) : null;
  } catch {
    return null; // no repository here, .git is a file (a linked work tree), or unreadable
  }
}

/** Whether `root` is the top of a git work tree, where git is asked what it tracks. */
export function isWorkTreeTop(root: string): boolean {
  try {
    Deno.lstatSync(join(root, ".git"));
    return true;
  } catch {
    return false;
  }
}

/** "DIRC", which opens git's index file. */
const INDEX_SIGNATURE = 0x44495243;

/** The listing as a list. */
export function gitCandidates(listing: GitListing): GitCandidates {
  return { clean: listing.clean === "" ? [] : listing.clean.split("\0") };
}
