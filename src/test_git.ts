/**
 * git for tests: run in a folder with a fixed identity, failing with git's own words.
 *
 * @module
 */

/** Runs `git args` in `root` with a fixed identity and `env` added; returns its stdout. */
export function runGit(root: string, args: string[], env: Record<string, string> = {}): string {
  const result = new Deno.Command("git", {
    args: ["-C", root, "-c", "user.name=Test", "-c", "user.email=test@example.com", ...args],
    env,
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  if (!result.success) {
    throw new Error(`git ${args.join(" ")}: ${new TextDecoder().decode(result.stderr)}`);
  }
  return new TextDecoder().decode(result.stdout);
}

/** Runs `git args` in `root` (see {@linkcode runGit}). */
export function git(root: string, ...args: string[]): string {
  return runGit(root, args);
}
