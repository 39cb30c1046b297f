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

/** A path that differs between a commit and the work tree, as `git diff-index` lists it. */
export interface WorkTreeChange {
  /** Path relative to the root, `/`-separated. */
  path: string;
  /** Its mode at the commit; `000000` when absent there. */
  fromMode: string;
  /** Its mode in the work tree; `000000` when absent there. */
  toMode: string;
}

/** A change with the object ids of both sides. */
interface HashedChange extends WorkTreeChange {
  fromOid: string;
  toOid: string;
}

/** The id git gives a side it has not hashed. */
const ZERO_OID = "0".repeat(40);

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
   * The commit a revision names (a hash, tag, branch, `HEAD~3`, `:/message`, …). The object is
   * found first and peeled after: a `^{commit}` written after `:/message` would be searched for.
   *
   * @throws {CanaryError} exit 2 with git's reason when git does not know it or it is no commit.
   */
  async resolveCommit(revision: string): Promise<string> {
    const verify = (name: string, context: string) =>
      this.#text(["rev-parse", "--verify", "--end-of-options", name], context);
    const object = (await verify(revision, `unknown revision '${revision}'`)).trim();
    return (await verify(`${object}^{commit}`, `'${revision}' is not a commit`)).trim();
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

  /**
   * The paths below the root whose contents differ between a commit and the work tree, with
   * their modes on both sides. `git diff-index` reads git's index without refreshing it (as
   * `git diff` would, rewriting it), so a file it cannot vouch for by its stat is hashed, and so
   * is one the index tells it to trust (assume-unchanged, skip-worktree): the scan reads those.
   */
  async changedInWorkTree(commit: string): Promise<WorkTreeChange[]> {
    const [listed, flagged] = await Promise.all([
      this.#diffIndex(commit),
      this.#flaggedInIndex(),
    ]);
    const listedPaths = new Set(listed.map((change) => change.path));
    const changes = [...listed, ...flagged.filter((change) => !listedPaths.has(change.path))];
    // git reads a name with a line break, or a leading quote, other than written: it stays changed.
    const unsure = changes.filter((change) =>
      /^0+$/.test(change.toOid) && isRegular(change.fromMode) && isRegular(change.toMode) &&
      !/[\n\r]|^"/.test(change.path)
    );
    const hashes = await this.#hashFiles(unsure.map((change) => change.path));
    const same = new Set(unsure.filter((change, i) => hashes?.[i] === change.fromOid));
    return changes.filter((change) => !same.has(change))
      .map(({ path, fromMode, toMode }) => ({ path, fromMode, toMode }));
  }

  /** What `git diff-index` lists; a work tree side git did not hash has a zero id. */
  async #diffIndex(commit: string): Promise<HashedChange[]> {
    const args = [
      "diff-index",
      "-z",
      "--no-renames",
      "--relative",
      "--ignore-submodules=dirty",
      commit,
      "--",
    ];
    const fields = (await this.#text(args)).split("\0");
    const changes: HashedChange[] = [];
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const [fromMode, toMode, fromOid, toOid] = fields[i].slice(1).split(" ");
      changes.push({ path: fields[i + 1], fromMode, toMode, fromOid, toOid });
    }
    return changes;
  }

  /**
   * The index entries below the root that git trusts without looking at the file (`git ls-files
   * -v` tags them in lower case, or `S`), as changes yet to hash: unlisted by `git diff-index`,
   * such an entry is the commit's.
   */
  async #flaggedInIndex(): Promise<HashedChange[]> {
    const changes: HashedChange[] = [];
    for (const record of (await this.#text(["ls-files", "-v", "-s", "-z"])).split("\0")) {
      if (record === "" || !/^[a-zS] /.test(record)) continue;
      const tab = record.indexOf("\t");
      const [, mode, oid] = record.slice(0, tab).split(" ");
      changes.push({
        path: record.slice(tab + 1),
        fromMode: mode,
        toMode: mode,
        fromOid: oid,
        toOid: ZERO_OID,
      });
    }
    return changes;
  }

  /** The blob ids `git add` would give these work tree files; null when git cannot read one. */
  async #hashFiles(paths: readonly string[]): Promise<string[] | null> {
    if (paths.length === 0) return [];
    const input = new TextEncoder().encode(paths.map((path) => path + "\n").join(""));
    try {
      return (await this.#text(["hash-object", "--stdin-paths"], undefined, input)).split("\n");
    } catch (error) {
      // Changed while canary looked (deleted, say): it differs, as git said.
      if (error instanceof CanaryError) return null;
      throw error;
    }
  }

  /** Runs git in the root and returns its stdout; a failure becomes an exit-2 error. */
  async #text(args: string[], context?: string, input?: Uint8Array): Promise<string> {
    let result: GitOutput;
    try {
      result = await runGit(["-C", this.#root, "-c", "core.quotePath=false", ...args], { input });
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

/** Whether a git mode is a regular file's (`100644`, or `100755` executable). */
function isRegular(mode: string): boolean {
  return mode === "100644" || mode === "100755";
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
