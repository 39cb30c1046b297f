/**
 * Reading a git repository's object store for `canary diff`: resolving revisions, listing a
 * revision's files and which files differ, without touching the work tree or the index.
 *
 * @module
 */
import { CanaryError, errorMessage } from "../errors.ts";
import { type GitOutput, runGit } from "../git.ts";

/** One file of a revision, as `git ls-tree -r` lists it. */
export interface TreeEntry {
  /** `100644`, `100755` (file), `120000` (symbolic link) or `160000` (submodule). */
  mode: string;
  /** Object id of the blob (or, for a submodule, of its commit). */
  oid: string;
  /** Path relative to the root, `/`-separated. */
  path: string;
}

/** Mode of a symbolic link in a git tree. */
export const SYMLINK_MODE = "120000";
/** Mode of a submodule (a gitlink) in a git tree. */
export const SUBMODULE_MODE = "160000";

/** A git repository seen from a root folder inside its work tree. */
export class GitRepository {
  readonly #root: string;

  private constructor(root: string) {
    this.#root = root;
  }

  /**
   * Opens the repository whose work tree holds `root`.
   *
   * @throws {CanaryError} exit 2 with git's reason when `root` is outside a work tree.
   */
  static async open(root: string): Promise<GitRepository> {
    const repository = new GitRepository(root);
    const inside = await repository.#text(["rev-parse", "--is-inside-work-tree"]);
    if (inside.trim() !== "true") {
      throw new CanaryError(`not inside a git work tree: ${root}`, { code: "git", exitCode: 2 });
    }
    return repository;
  }

  /** The root folder git runs in. */
  get root(): string {
    return this.#root;
  }

  /**
   * The commit a revision names (a hash, tag, branch, `HEAD~3`, …).
   *
   * @throws {CanaryError} exit 2 with git's reason when git does not know it.
   */
  async resolveCommit(revision: string): Promise<string> {
    const args = ["rev-parse", "--verify", "--end-of-options", `${revision}^{commit}`];
    const hash = await this.#text(args, `unknown revision '${revision}'`);
    return hash.trim();
  }

  /** Every file of a commit below the root (git does not descend into submodules). */
  async listTree(commit: string): Promise<TreeEntry[]> {
    const text = await this.#text(["ls-tree", "-r", "-z", "--end-of-options", commit]);
    const entries: TreeEntry[] = [];
    for (const record of text.split("\0")) {
      if (record === "") continue;
      const tab = record.indexOf("\t");
      const [mode, , oid] = record.slice(0, tab).split(" ");
      entries.push({ mode, oid, path: record.slice(tab + 1) });
    }
    return entries;
  }

  /** Paths below the root whose contents differ between a commit and the work tree. */
  async changedInWorkTree(commit: string): Promise<Set<string>> {
    const args = ["diff", "--name-only", "-z", "--no-renames", "--relative", commit, "--"];
    const text = await this.#text(args);
    return new Set(text.split("\0").filter((path) => path !== ""));
  }

  /** Runs git in the root and returns its stdout; a failure becomes an exit-2 error. */
  async #text(args: string[], context?: string): Promise<string> {
    let result: GitOutput;
    try {
      result = await runGit(["-C", this.#root, "-c", "core.quotePath=false", ...args]);
    } catch (error) {
      throw cannotRunGit(error);
    }
    if (result.code !== 0) {
      const reason = gitReason(new TextDecoder().decode(result.stderr));
      const message = context === undefined ? reason : `${context}: ${reason}`;
      throw new CanaryError(message, { code: "git", exitCode: 2 });
    }
    return new TextDecoder().decode(result.stdout);
  }
}

/** The error for a git that could not be started (missing, or not allowed to run). */
export function cannotRunGit(error: unknown): CanaryError {
  return new CanaryError(`cannot run git: ${errorMessage(error)}`, { code: "git", cause: error });
}

/** The first line git printed on stderr, without its `fatal: ` prefix: git's reason, in one line. */
export function gitReason(stderr: string): string {
  const line = stderr.split("\n").find((text) => text.trim() !== "") ?? "git failed";
  return line.replace(/^(fatal|error): /, "").trim();
}
