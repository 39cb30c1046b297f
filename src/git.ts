/**
 * Running git: `runGit` for any git command whose output canary reads, and the git facts
 * `canary index` records (the commit and branch of the scanned root). A root outside a git work
 * tree, or a machine without git, gives empty facts rather than an error.
 *
 * @module
 */

/** What a git process gave back. */
export interface GitOutput {
  code: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
}

/**
 * Runs git and collects its output. Not `Deno.Command.output()`: for git's many small writes
 * (2 MiB of file names from `git grep -L`, say) that peaked at hundreds of MiB, where reading
 * the pipes through a `Response` takes about 10 MiB.
 *
 * @throws when git cannot be started (missing, or not allowed to run).
 */
export async function runGit(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; input?: Uint8Array } = {},
): Promise<GitOutput> {
  const { input } = options;
  const child = new Deno.Command("git", {
    args,
    cwd: options.cwd,
    env: { ...GIT_ENV, ...options.env },
    stdin: input === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // Written while the output is read, so neither pipe fills up; git may stop reading early.
  const writing = input === undefined ? undefined : writeAll(child.stdin, input).catch(() => {});
  const [stdout, stderr, status] = await Promise.all([
    new Response(child.stdout).arrayBuffer(),
    new Response(child.stderr).arrayBuffer(),
    child.status,
    writing,
  ]);
  return { code: status.code, stdout: new Uint8Array(stdout), stderr: new Uint8Array(stderr) };
}

async function writeAll(stdin: WritableStream<Uint8Array>, bytes: Uint8Array): Promise<void> {
  const writer = stdin.getWriter();
  try {
    await writer.write(bytes);
  } finally {
    await writer.close().catch(() => {});
  }
}

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
    return new TextDecoder().decode(result.stdout).trim();
  } catch {
    // git missing or not allowed to run: no git facts.
    return "";
  }
}

/**
 * One process for both facts (each costs a few ms); `--` ends the revisions, so a file named HEAD
 * cannot make them ambiguous, and is echoed last. `true` comes first, even when HEAD names no
 * commit yet: then only the branch is asked for, in a second process.
 */
const REV_PARSE = ["rev-parse", "--is-inside-work-tree", "HEAD", "--abbrev-ref", "HEAD", "--"];
/** The branch HEAD names, with or without a commit; nothing when HEAD is detached. */
const UNBORN_BRANCH = ["symbolic-ref", "--quiet", "--short", "HEAD"];

/** The facts in what `git rev-parse` printed; null for a work tree whose branch has no commit. */
function gitInfoFrom(printed: string): GitInfo | null {
  const [inside, commitHash, branch] = printed.split("\n");
  if (inside === "true" && commitHash === undefined) return null;
  if (!/^[0-9a-f]{40,64}$/.test(commitHash)) return { commitHash: "", branch: "" };
  return { commitHash, branch: branch === "HEAD" ? "" : branch };
}

/** Reads the commit hash and branch of the work tree containing `root`. */
export function gitInfo(root: string): GitInfo {
  return gitInfoFrom(git(root, REV_PARSE)) ?? { commitHash: "", branch: git(root, UNBORN_BRANCH) };
}

/** {@linkcode gitInfo} without blocking this thread: git runs while the caller works. */
export async function readGitInfo(root: string): Promise<GitInfo> {
  const printed = (args: string[]) =>
    runGit(["-C", root, ...args]).then((out) => new TextDecoder().decode(out.stdout).trim())
      .catch(() => ""); // git missing or not allowed to run: no git facts
  return gitInfoFrom(await printed(REV_PARSE)) ??
    { commitHash: "", branch: await printed(UNBORN_BRANCH) };
}
