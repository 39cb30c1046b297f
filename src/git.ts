/**
 * The git facts `canary index` records: the commit and branch of the scanned
 * root. A root outside a git work tree, or a machine without git, gives empty
 * values rather than an error.
 *
 * @module
 */

/** Commit hash and branch of a work tree; empty strings when unknown. */
export interface GitInfo {
  commitHash: string;
  branch: string;
}

/** The environment every git process gets: never take `index.lock` in someone's repository. */
export const GIT_ENV: Readonly<Record<string, string>> = Object.freeze({ GIT_OPTIONAL_LOCKS: "0" });

function git(root: string, args: string[]): string {
  try {
    const result = new Deno.Command("git", {
      args: ["-C", root, ...args],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
      env: { ...GIT_ENV },
    }).outputSync();
    return result.success ? new TextDecoder().decode(result.stdout).trim() : "";
  } catch {
    // git missing or not allowed to run: no git facts.
    return "";
  }
}

/** Reads the commit hash and branch of the work tree containing `root`. */
export function gitInfo(root: string): GitInfo {
  const commitHash = git(root, ["rev-parse", "--verify", "--quiet", "HEAD"]);
  if (commitHash === "") return { commitHash: "", branch: "" };
  const branch = git(root, ["rev-parse", "--abbrev-ref", "HEAD"]);
  return { commitHash, branch: branch === "HEAD" ? "" : branch };
}
