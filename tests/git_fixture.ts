/**
 * A real git repository for the `canary diff` tests, built in a temporary folder over three
 * commits: a progress, a regression, a move (a rename), a tag, files ignored at one revision and
 * not the other, a symbolic link and a binary file.
 *
 * @module
 */
import { tempDir, writeTree } from "./helpers.ts";
import { runGit } from "../src/test_git.ts";

const FIXED_DATES = {
  GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
  GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
};

const token = (req: string, feature: string, aspect: string, status: string, extra = "") =>
  `// CANARY: REQ=${req}; FEATURE="${feature}"; ASPECT=${aspect}; STATUS=${status}${extra}\n`;

// Distinct dates per commit: git trusts a same-sized file with an unchanged date to be unchanged.
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000);

/** Runs git in `root` with a fixed identity and dates, failing loudly. */
export function git(root: string, ...args: string[]): string {
  return runGit(root, args, FIXED_DATES);
}

/** Makes `root` a repository holding everything in it, in one commit named `message`. */
export function commitAll(root: string, message: string): void {
  git(root, "init", "-q");
  git(root, "add", "-A");
  git(root, "commit", "-qm", message);
}

/**
 * Commit 1 (tag `v1`): CBIN-1 IMPL and CBIN-2 TESTED in `src/a.ts`, CBIN-3 in `src/b.ts`, CBIN-4
 * TESTED in `src/d.ts`, `gen/` ignored (holding CBIN-9), a binary file.
 * Commit 2: CBIN-1 TESTED (progress), CBIN-2 IMPL (regression), `src/b.ts` renamed to
 * `lib/b.ts` (a move), a link to `src/a.ts`, the binary file changed.
 * Commit 3: `.gitignore` no longer ignores `gen/` (CBIN-9 added) but `.canaryignore` drops
 * `src/d.ts` (CBIN-4, TESTED, removed: a regression).
 */
export function gitFixture(): { path: string } & Disposable {
  const dir = tempDir("canary-diff-");
  const root = dir.path;
  git(root, "init", "-q", "-b", "main");
  writeTree(root, {
    "src/a.ts": token("CBIN-1", "Scan", "Engine", "IMPL") +
      token("CBIN-2", "Store", "Storage", "TESTED", "; TEST=TestStore"),
    "src/b.ts": "\n" + token("CBIN-3", "Parse", "API", "STUB"),
    "src/d.ts": token("CBIN-4", "Report", "CLI", "TESTED", "; TEST=TestReport"),
    ".gitignore": "gen/\n",
    "gen/out.ts": token("CBIN-9", "Generated", "API", "IMPL"),
    "logo.bin": new Uint8Array([
      0,
      1,
      2,
      ...new TextEncoder().encode(token("CBIN-8", "Bin", "API", "IMPL")),
    ]),
  }, hoursAgo(3));
  git(root, "add", "-A");
  git(root, "add", "-f", "gen/out.ts");
  git(root, "commit", "-qm", "one");
  git(root, "tag", "v1");
  writeTree(root, {
    "src/a.ts": token("CBIN-1", "Scan", "Engine", "IMPL", "; TEST=TestScan") +
      token("CBIN-2", "Store", "Storage", "IMPL"),
    "logo.bin": new Uint8Array([
      0,
      9,
      9,
      ...new TextEncoder().encode(token("CBIN-8", "Bin", "API", "STUB")),
    ]),
  }, hoursAgo(2));
  Deno.mkdirSync(`${root}/lib`);
  git(root, "mv", "src/b.ts", "lib/b.ts");
  Deno.symlinkSync("../src/a.ts", `${root}/lib/a_link.ts`);
  git(root, "add", "-A");
  git(root, "commit", "-qm", "two");
  writeTree(root, { ".gitignore": "*.log\n", ".canaryignore": "src/d.ts\n" }, hoursAgo(1));
  git(root, "add", "-A");
  git(root, "commit", "-qm", "three");
  return dir;
}
