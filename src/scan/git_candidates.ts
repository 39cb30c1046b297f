/**
 * What git can tell the scanner about a work tree without canary opening its files: which files
 * it searched and which of those hold the token marker or a NUL byte. A file git searched that
 * holds neither has no token and is not binary, so it need not be read at all; `git grep` reads
 * on all cores in native code, where canary pays a permission check and a path resolution per
 * open.
 *
 * Only what git searched in the work tree itself counts: files that are assume-unchanged or
 * skip-worktree (grepped from the index, not the disk), ignored files a `.canaryignore` brings
 * back, nested repositories and submodules are not in the searched set, so the scanner reads
 * them as it always did. Any doubt (not the top of a work tree, git missing, a warning, a name
 * that is not UTF-8, no Perl regular expressions) gives null: the scanner then reads every file.
 *
 * @module
 */
import { GIT_ENV } from "../git.ts";

/** The two lists, each as git printed it: paths relative to the root, NUL-separated. */
export interface GitListing {
  /** Files git searched in the work tree. */
  searched: string;
  /** Of those, the files holding `CANARY:` or a NUL byte. */
  hits: string;
}

/** A request to a read worker for git's listing of the work tree at `gitRoot`. */
export interface GitRequest {
  gitRoot: string;
}

/** The answer to a {@link GitRequest}. */
export interface GitReply {
  git: GitListing | null;
}

/** The same, as sets for lookups. */
export interface GitCandidates {
  searched: ReadonlySet<string>;
  hits: ReadonlySet<string>;
}

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
async function gitOutput(root: string, args: string[], okCodes: number[]): Promise<string | null> {
  try {
    const out = await new Deno.Command("git", {
      args: [...GIT_CONFIG, ...args],
      cwd: root,
      env: GIT_C_LOCALE,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!okCodes.includes(out.code) || out.stderr.length > 0) return null;
    return new TextDecoder("utf-8", { fatal: true }).decode(out.stdout);
  } catch {
    return null; // git missing, not allowed to run, or a name that is not UTF-8
  }
}

/**
 * Asks git for the searched files and the hits under `root`, which must be the top of a work
 * tree (below it, `.gitignore` files above the root would apply in git and not in canary's walk).
 */
export async function gitListing(root: string): Promise<GitListing | null> {
  const top = await gitOutput(root, ["rev-parse", "--is-inside-work-tree", "--show-prefix"], [0]);
  if (top !== "true\n\n") return null;
  const [listed, hits] = await Promise.all([
    gitOutput(root, ["ls-files", "-z", "-v", "--cached", "--others", "--exclude-standard"], [0]),
    // Exit 1 is "nothing matched".
    gitOutput(root, ["grep", "--untracked", "-a", "-l", "-z", "-P", "CANARY:|\\x00"], [0, 1]),
  ]);
  if (listed === null || hits === null) return null;
  // `-v` tags each entry: "H" tracked and read from the disk, "?" untracked; lower case is
  // assume-unchanged and "S" skip-worktree, which git greps from its index instead.
  const searched = listed.split("\0").filter((entry) =>
    entry.startsWith("H ") || entry.startsWith("? ")
  )
    .map((entry) => entry.slice(2));
  return { searched: searched.join("\0"), hits };
}

/** The listing as sets. */
export function gitCandidates(listing: GitListing): GitCandidates {
  const set = (text: string) => new Set(text === "" ? [] : text.split("\0").filter(Boolean));
  return { searched: set(listing.searched), hits: set(listing.hits) };
}
