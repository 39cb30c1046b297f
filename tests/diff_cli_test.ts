import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { commitAll, git, gitFixture } from "./git_fixture.ts";
import { runCanary, tempDir, writeTree } from "./helpers.ts";
import { hasColour, runInTerminal, TERMINAL_UNAVAILABLE } from "./terminal.ts";

interface DiffJson {
  summary: Record<string, number>;
  changes: {
    kind: string;
    class: string;
    req_id: string;
    from: { file_path: string; line_number: number; status: string } | null;
    to: { file_path: string; line_number: number; status: string } | null;
  }[];
  skipped: { side: string; file_path: string; reason: string }[];
}

const brief = (json: DiffJson) =>
  json.changes.map((c) =>
    `${c.req_id} ${c.kind} ${c.class} ${c.from?.file_path ?? "-"}:${c.from?.status ?? "-"} ` +
    `${c.to?.file_path ?? "-"}:${c.to?.status ?? "-"}`
  );

Deno.test("diff of a tag and a commit: a progress, a regression and a move; links and binaries skipped", async () => {
  using repo = gitFixture();
  const r = await runCanary(["diff", "--json", "v1", "HEAD~1", "--root", repo.path], {
    cwd: `${repo.path}/src`,
  });
  assertEquals(r.code, 0, r.stderr);
  const json: DiffJson = JSON.parse(r.stdout);
  assertEquals(brief(json), [
    "CBIN-1 status_changed progress src/a.ts:IMPL src/a.ts:TESTED",
    "CBIN-2 status_changed regression src/a.ts:TESTED src/a.ts:IMPL",
    "CBIN-3 moved neutral src/b.ts:STUB lib/b.ts:STUB",
  ]);
  assertEquals(json.changes[2].to?.line_number, 2);
  assertEquals(json.summary.regressions, 1);
  assertEquals(json.skipped, [
    { side: "from", file_path: "logo.bin", reason: "binary" },
    { side: "to", file_path: "logo.bin", reason: "binary" },
    { side: "to", file_path: "lib/a_link.ts", reason: "symlink_in_root" },
  ]);
});

Deno.test("diff honours each revision's own .gitignore and .canaryignore", async () => {
  using repo = gitFixture();
  const r = await runCanary(["diff", "--root", repo.path, "HEAD~1", "HEAD", "--json"]);
  assertEquals(r.code, 0, r.stderr);
  assertEquals(brief(JSON.parse(r.stdout)), [
    "CBIN-4 removed regression src/d.ts:TESTED -:-",
    "CBIN-9 added neutral -:- gen/out.ts:IMPL",
  ]);
});

Deno.test("diff against the work tree sees uncommitted edits, never ignored files", async () => {
  using repo = gitFixture();
  writeTree(repo.path, {
    "lib/b.ts": '// CANARY: REQ=CBIN-3; FEATURE="Parse"; ASPECT=API; STATUS=IMPL\n',
    "notes.log": '// CANARY: REQ=CBIN-7; FEATURE="Log"; ASPECT=API; STATUS=IMPL\n',
    // Untracked, and with a NUL byte past the first 8 KiB: text to canary, so it is read.
    "lib/new.ts": '// CANARY: REQ=CBIN-8; FEATURE="New"; ASPECT=API; STATUS=STUB\n' +
      "x".repeat(9000) + "\0\n",
  });
  const r = await runCanary(["diff", "HEAD", "--json", "--root", ".."], {
    cwd: `${repo.path}/lib`,
  });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(brief(JSON.parse(r.stdout)), [
    "CBIN-3 status_changed progress lib/b.ts:STUB lib/b.ts:IMPL",
    "CBIN-8 added neutral -:- lib/new.ts:STUB",
  ]);
  const same = await runCanary(["diff", "HEAD", "HEAD", "--json", "--fail-on", "any"], {
    cwd: repo.path,
  });
  assertEquals([same.code, JSON.parse(same.stdout).changes], [0, []]);
});

Deno.test("diff --fail-on regression exits 1 after printing; text is grouped with a summary", async () => {
  using repo = gitFixture();
  const r = await runCanary(["diff", "v1", "HEAD", "--fail-on", "regression"], { cwd: repo.path });
  assertEquals(r.code, 1);
  const lines = r.stdout.trimEnd().split("\n");
  assertEquals(lines.slice(0, 3), [
    "CBIN-1",
    "  progress    Scan [Engine]: IMPL → TESTED at src/a.ts:1",
    "CBIN-2",
  ]);
  assertMatch(
    lines.at(-1)!,
    /^5 changes from v1 \([0-9a-f]{10}\) to HEAD .*; 1 progress, 2 regressions$/,
  );
  assertMatch(r.stderr, /2 regression/);
  assert(!hasColour(r.stdout), "no colour on a pipe");
  const none = await runCanary(["diff", "v1", "HEAD", "--fail-on", "none"], { cwd: repo.path });
  assertEquals(none.code, 0);
  const bad = await runCanary(["diff", "v1", "--fail-on", "sometimes"], { cwd: repo.path });
  assertEquals(bad.code, 2);
});

Deno.test("diff outside a git work tree, or of an unknown revision, exits 2 with git's reason", async () => {
  using dir = tempDir();
  const outside = await runCanary(["diff", "HEAD", "--root", dir.path]);
  assertEquals(outside.code, 2);
  assertMatch(outside.stderr.trim(), /^canary: error: not a git repository[^\n]*$/);
  using repo = gitFixture();
  const unknown = await runCanary(["diff", "no-such-tag"], { cwd: repo.path });
  assertEquals(unknown.code, 2);
  assertMatch(unknown.stderr.trim(), /^canary: error: unknown revision 'no-such-tag': [^\n]+$/);
  assertEquals(unknown.stdout, "");
});

Deno.test("diff --annotations github prints one workflow command per regression", async () => {
  using repo = gitFixture();
  const r = await runCanary(["diff", "v1", "HEAD", "--annotations", "github"], { cwd: repo.path });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(
    r.stdout,
    [
      "::error file=src/a.ts,line=2,title=Regression of CBIN-2::CBIN-2 Store [Storage] went from TESTED to IMPL",
      "::error file=src/d.ts,line=1,title=Regression of CBIN-4::CBIN-4 Report [CLI] was TESTED and has been removed",
      "",
    ].join("\n"),
  );
  assertMatch(r.stderr, /^5 changes from v1/);
});

const token = (req: string, status: string, extra = "") =>
  `// CANARY: REQ=${req}; FEATURE="F"; ASPECT=API; STATUS=${status}${extra}\n`;

/** A repository with a submodule, a link leaving the root and a binary file, all committed. */
function linkedRepository(dir: string): string {
  const lib = `${dir}/lib`, repo = `${dir}/repo`;
  writeTree(dir, {
    "lib/lib.go": token("CBIN-5", "TESTED", "; TEST=t"),
    "shared/s.go": token("CBIN-9", "TESTED", "; TEST=t"),
    "repo/a.go": token("CBIN-1", "IMPL"),
    "repo/blob.bin": new Uint8Array([0x61, 0, 0x62, 0x0a]),
  });
  commitAll(lib, "lib");
  git(repo, "init", "-q");
  Deno.symlinkSync("../shared/s.go", `${repo}/s.go`);
  git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", `file://${lib}`, "sub");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "one");
  return repo;
}

const workTreeSummary = async (cwd: string) => {
  const r = await runCanary(["diff", "HEAD", "--json", "--fail-on", "any"], { cwd });
  assertEquals(r.code, 0, r.stderr);
  const json: DiffJson = JSON.parse(r.stdout);
  return {
    changes: json.changes.length,
    files: json.summary.files_compared,
    skipped: json.skipped,
  };
};

Deno.test("diff of a clean work tree finds nothing: submodules, links out, binaries, a .git file", async () => {
  using dir = tempDir("canary-diff-clean-");
  const repo = linkedRepository(dir.path);
  const clean = { changes: 0, files: 0, skipped: [] };
  assertEquals(await workTreeSummary(repo), clean);
  // A linked work tree's .git is a file: git's, not a source file.
  git(repo, "worktree", "add", "-q", `${dir.path}/linked`, "HEAD");
  assertEquals(await workTreeSummary(`${dir.path}/linked`), clean);
});

Deno.test("diff against the work tree never rewrites git's index, nor counts a touched file", async () => {
  using dir = tempDir("canary-diff-index-");
  const repo = linkedRepository(dir.path);
  // git's index now holds an older date than the file: it cannot vouch for it by its stat.
  const later = new Date(Date.now() + 5_000);
  Deno.utimeSync(`${repo}/a.go`, later, later);
  const before = Deno.readFileSync(`${repo}/.git/index`);
  assertEquals(await workTreeSummary(repo), { changes: 0, files: 0, skipped: [] });
  assertEquals(Deno.readFileSync(`${repo}/.git/index`), before);
});

Deno.test("diff against the work tree reads assume-unchanged and skip-worktree files, as index does", async () => {
  using dir = tempDir("canary-diff-flagged-");
  const repo = dir.path;
  const tested = token("CBIN-3", "TESTED", "; TEST=t");
  writeTree(repo, {
    "f3.go": tested,
    "f4.go": tested.replace("3", "4"),
    "f5.go": tested.replace("3", "5"),
  });
  commitAll(repo, "one");
  git(repo, "update-index", "--assume-unchanged", "f3.go", "f5.go");
  git(repo, "update-index", "--skip-worktree", "f4.go");
  writeTree(repo, { "f3.go": token("CBIN-3", "STUB"), "f4.go": token("CBIN-4", "STUB") });
  const before = Deno.readFileSync(`${repo}/.git/index`);
  const r = await runCanary(["diff", "HEAD", "--json", "--fail-on", "regression"], { cwd: repo });
  assertEquals(r.code, 1, r.stderr);
  const json: DiffJson = JSON.parse(r.stdout);
  assertEquals(brief(json), [
    "CBIN-3 status_changed regression f3.go:TESTED f3.go:STUB",
    "CBIN-4 status_changed regression f4.go:TESTED f4.go:STUB",
  ]);
  assertEquals(json.summary.files_compared, 2);
  assertEquals(Deno.readFileSync(`${repo}/.git/index`), before);
});

Deno.test("diff lists only the skipped paths that differ, a file become binary among them", async () => {
  using dir = tempDir("canary-diff-skips-");
  const repo = linkedRepository(dir.path);
  writeTree(repo, { "a.go": token("CBIN-1", "IMPL") + "\0\n", "b.txt": "x\n" });
  Deno.symlinkSync("../shared/s.go", `${repo}/t.go`);
  const r = await runCanary(["diff", "HEAD", "--json"], { cwd: repo });
  assertEquals(r.code, 0, r.stderr);
  const json: DiffJson = JSON.parse(r.stdout);
  assertEquals(brief(json), ["CBIN-1 removed neutral a.go:IMPL -:-"]);
  assertEquals(json.skipped, [
    { side: "to", file_path: "a.go", reason: "binary" },
    { side: "to", file_path: "t.go", reason: "broken_symlink" },
  ]);
  assertEquals(json.summary.files_compared, 2);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "two");
  const revisions = await runCanary(["diff", "HEAD~1", "HEAD", "--json"], { cwd: repo });
  const committed: DiffJson = JSON.parse(revisions.stdout);
  assertEquals([brief(committed), committed.skipped, committed.summary.files_compared], [
    brief(json),
    json.skipped,
    2,
  ]);
});

Deno.test("diff --sarif - leaves stdout to the SARIF; the report goes to stderr", async () => {
  using repo = gitFixture();
  const r = await runCanary(["diff", "v1", "HEAD", "--sarif", "-"], { cwd: repo.path });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(JSON.parse(r.stdout).version, "2.1.0");
  assertMatch(r.stderr, /^CBIN-1\n {2}progress {4}Scan \[Engine\]/);
  assertMatch(r.stderr, /\n5 changes from v1 .*; 1 progress, 2 regressions\n$/);
});

Deno.test("diff text escapes controls in file names as tables do; :/message names a commit", async () => {
  using dir = tempDir("canary-diff-names-");
  writeTree(dir.path, { "n\nl.go": token("CBIN-2", "TESTED", "; TEST=T") });
  commitAll(dir.path, "named file");
  Deno.removeSync(`${dir.path}/n\nl.go`);
  const r = await runCanary(["diff", ":/named"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(r.stdout.split("\n").slice(0, 2), [
    "CBIN-2",
    "  regression  F [API]: removed TESTED from n\\nl.go:1",
  ]);
  assertMatch(
    r.stdout,
    /^1 change from :\/named \([0-9a-f]{10}\) to the work tree \(1 file differs\)/m,
  );
  const tree = await runCanary(["diff", "HEAD^{tree}"], { cwd: dir.path });
  assertEquals(tree.code, 2);
  assertMatch(tree.stderr.trim(), /^canary: error: 'HEAD\^\{tree\}' is not a commit: [^\n]+$/);
});

Deno.test({
  name: "diff on a terminal colours progress green and regressions red",
  ignore: TERMINAL_UNAVAILABLE !== null,
  async fn() {
    using repo = gitFixture();
    const r = await runInTerminal(["diff", "v1", "HEAD"], { cwd: repo.path });
    assertEquals(r.code, 0, r.screen);
    assert(r.screen.includes("\x1b[32mprogress"), r.screen);
    assert(r.screen.includes("\x1b[31mregression"), r.screen);
  },
});
if (TERMINAL_UNAVAILABLE !== null) {
  console.log(`diff terminal test ignored: ${TERMINAL_UNAVAILABLE}`);
}
