/**
 * `canary index` where git says which files need reading (in a git work tree, or through
 * `git grep --no-index` outside one) gives exactly the report and tokens of reading every file
 * without git, hostile files included.
 */
import { DatabaseSync } from "node:sqlite";
import { assert, assertEquals } from "../src/test_assert.ts";
import { gitListing } from "../src/scan/git_candidates.ts";
import { READ_WORKERS_PAY_OFF } from "../src/scan/scan_tree.ts";
import { RACY_WINDOW_MS } from "../src/index/stored_fingerprints.ts";
import { runCanary, tempDir, writeTree } from "./helpers.ts";

const TOKEN = (req: string) =>
  `// CANARY: REQ=${req}; FEATURE="GitPath"; ASPECT=API; STATUS=IMPL; UPDATED=2025-10-16\n`;

/** A NUL byte just inside and just outside the 8 KiB the binary test looks at. */
function nulAt(offset: number, tail = ""): Uint8Array {
  const bytes = new TextEncoder().encode("x".repeat(offset + 1) + tail);
  bytes[offset] = 0;
  return bytes;
}

/**
 * Enough files that the index reads on worker threads, which is where git is asked: more than
 * the size below which one thread reads them (git's index tells a first index how many there are).
 */
function fillers(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < READ_WORKERS_PAY_OFF + 100; i++) {
    files[`gen/f${i}.ts`] = `export const v${i} = ${i};\n`;
  }
  files["gen/f7.ts"] += TOKEN("CBIN-7");
  return files;
}

function sh(script: string, cwd: string): void {
  const out = new Deno.Command("sh", { args: ["-c", script], cwd, stderr: "piped" }).outputSync();
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
}

function buildTree(root: string): void {
  writeTree(root, {
    ...fillers(),
    "a.ts": TOKEN("CBIN-1"),
    "binary_head.dat": nulAt(100, TOKEN("CBIN-2")),
    "binary_late.dat": nulAt(9000, TOKEN("CBIN-3")),
    "binary_no_marker.bin": nulAt(10),
    ".gitignore": "ignored/\n*.log\n!keep.log\ntracked_ignored.ts\n",
    "ignored/x.ts": TOKEN("CBIN-4"),
    "keep.log": TOKEN("CBIN-5"),
    "other.log": TOKEN("CBIN-6"),
    "tracked_ignored.ts": TOKEN("CBIN-8"),
    "node_modules/pkg/i.ts": TOKEN("CBIN-9"),
    "node_modules/pkg/plain.ts": "no token\n",
    "ignored/plain.ts": "no token\n",
    "vendor/acme/v.ts": TOKEN("CBIN-10"),
    ".canaryignore": "!vendor/acme/*.ts\nskipme.ts\n!reincluded.log\n",
    "reincluded.log": TOKEN("CBIN-15"),
    "excluded.ts": TOKEN("CBIN-16"),
    "nested/inner.ts": TOKEN("CBIN-17"),
    "nested/plain.ts": "no token\n",
    "globally_excluded.ts": TOKEN("CBIN-18"),
    "skipped.ts": "no token yet\n",
    "removed.ts": TOKEN("CBIN-22"),
    "skipme.ts": TOKEN("CBIN-11"),
    "status.csv": "req,feature,aspect,status,file,test,bench,owner,updated\r\nCANARY: x\r\n",
    "assumed.ts": "no token yet\n",
    "dir with space/n.ts": TOKEN("CBIN-12"),
  });
  sh(
    "mkfifo pipe.ts && ln -s a.ts link_in.ts && ln -s gone.ts dangling.ts && ln -s la lb && " +
      "ln -s lb la && ln -s .. up && printf '%s' \"$(cat a.ts)\" > \"$(printf 'new\\nline.ts')\"",
    root,
  );
}

/**
 * A folder for PATH holding a `git` that logs each call's words, one line per call, then runs the
 * real git: proof that canary asked git, and how.
 */
function loggingGit(dir: string): { env: Record<string, string>; calls: () => string[] } {
  const real = new Deno.Command("sh", { args: ["-c", "command -v git"] }).outputSync();
  const git = new TextDecoder().decode(real.stdout).trim();
  const bin = `${dir}/logging-git`;
  const log = `${bin}/calls.log`;
  Deno.mkdirSync(bin);
  Deno.writeTextFileSync(`${bin}/git`, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${git}' "$@"\n`);
  Deno.chmodSync(`${bin}/git`, 0o755);
  const calls = () => {
    try {
      return Deno.readTextFileSync(log).split("\n").filter(Boolean);
    } catch {
      return [];
    }
  };
  return { env: { PATH: `${bin}:${Deno.env.get("PATH") ?? ""}` }, calls };
}

/** The report without what depends on where and when it ran. */
function essence(stdout: string): unknown {
  const report = JSON.parse(stdout);
  for (const key of ["root", "database", "commit_hash", "branch", "elapsed_ms"]) delete report[key];
  return report;
}

async function indexAndList(dir: string, root: string, db: string, env?: Record<string, string>) {
  const index = await runCanary(["index", "--root", root, "--db", db, "--json"], { cwd: dir, env });
  assertEquals(index.code, 0, index.stderr);
  const list = await runCanary(["list", "--json", "--limit", "0", "--db", db], { cwd: dir });
  assertEquals(list.code, 0, list.stderr);
  const tokens = (JSON.parse(list.stdout) as Record<string, unknown>[]).map((t) => {
    const { id: _id, indexed_at: _at, commit_hash: _c, branch: _b, ...rest } = t;
    return rest;
  });
  return { report: essence(index.stdout), tokens };
}

const request = (gitRoot: string, workTree: boolean) => ({
  gitRoot,
  workTree,
  skippedDirs: ["node_modules", ".git"],
});

Deno.test("index gives the same report and tokens through git as without it", async () => {
  using dir = tempDir();
  const plain = `${dir.path}/plain`;
  const repo = `${dir.path}/repo`;
  buildTree(plain);
  buildTree(repo);
  sh(
    "git init -q && git add -A && git add -f tracked_ignored.ts reincluded.log && " +
      "git -c user.name=t -c user.email=t@example.invalid commit -qm t && " +
      // Tracked files git grep does not search, which canary reads: two that exclude rules name
      // (canary reads only .gitignore files), one below what became a nested repository.
      "echo excluded.ts >> .git/info/exclude && git -C nested init -q && " +
      "echo globally_excluded.ts > ../excludes && " +
      'git config core.excludesFile "$PWD/../excludes" && ' +
      // A file whose index entry is not what the disk holds, one only intended to be added, and
      // one no longer tracked.
      "git update-index --skip-worktree skipped.ts && " +
      `printf '%s' '${TOKEN("CBIN-19")}' >> skipped.ts && ` +
      `printf '%s' '${TOKEN("CBIN-21")}' > intent.ts && git add -N intent.ts && ` +
      "git rm -q --cached removed.ts && " +
      // Untracked files beside committed ones, and an assume-unchanged file edited since.
      `printf '%s' '${TOKEN("CBIN-13")}' > untracked.ts && ` +
      "git update-index --assume-unchanged assumed.ts && " +
      `printf '%s' '${TOKEN("CBIN-14")}' >> assumed.ts`,
    repo,
  );
  const laterFiles = {
    "untracked.ts": TOKEN("CBIN-13"),
    "assumed.ts": "no token yet\n" + TOKEN("CBIN-14"),
    "skipped.ts": "no token yet\n" + TOKEN("CBIN-19"),
    "intent.ts": TOKEN("CBIN-21"),
  };
  writeTree(plain, laterFiles);
  const listing = await gitListing(request(repo, true));
  assert(listing !== null, "git must answer for the top of a work tree");
  const clean = listing.clean.split("\0");
  assert(clean.includes("gen/f1.ts"), "git lists the tracked files without a token");
  assert(
    !clean.includes("gen/f7.ts") && !clean.includes("a.ts"),
    "files with a token are not clean",
  );
  // With --untracked git greps the disk, not its index: these hold a token there, not in the index.
  assert(!clean.includes("assumed.ts"), "an assume-unchanged file is searched on the disk");
  assert(!clean.includes("skipped.ts"), "a skip-worktree file is searched on the disk");
  const unsearched = ["reincluded.log", "excluded.ts", "globally_excluded.ts"];
  for (const path of [...unsearched, "nested/inner.ts", "nested/plain.ts"]) {
    assert(!clean.includes(path), `${path}: tracked, but not searched by git grep`);
  }
  const folder = await gitListing(request(plain, false));
  assert(folder !== null, "git must answer for any folder");
  const cleanInFolder = folder.clean.split("\0");
  assert(cleanInFolder.includes("gen/f1.ts") && !cleanInFolder.includes("a.ts"));
  assert(!cleanInFolder.includes("binary_no_marker.bin"), "a NUL byte is not clean");
  assert(!cleanInFolder.includes("node_modules/pkg/plain.ts"), "skipped folders are not searched");
  assert(!cleanInFolder.includes("ignored/plain.ts"), "ignored files are not searched");
  // With no git on PATH, every file is read: the reference.
  const noGit = `${dir.path}/no-git`;
  Deno.mkdirSync(noGit);
  const viaWalk = await indexAndList(dir.path, "plain", "walk.db", { PATH: noGit });
  const git = loggingGit(dir.path);
  const viaFolder = await indexAndList(dir.path, "plain", "folder.db", git.env);
  const folderGreps = git.calls().filter((call) => / grep --no-index /.test(call));
  assertEquals(folderGreps.length, 1, `git grep --no-index, once: ${git.calls().join(" | ")}`);
  const viaGit = await indexAndList(dir.path, "repo", "git.db", git.env);
  const treeGreps = git.calls().filter((call) => / grep --untracked /.test(call));
  assertEquals(treeGreps.length, 1, `git grep in the work tree, once: ${git.calls().join(" | ")}`);
  assertEquals(viaFolder.report, viaWalk.report);
  assertEquals(viaFolder.tokens, viaWalk.tokens);
  assertEquals(viaGit.report, viaWalk.report);
  assertEquals(viaGit.tokens, viaWalk.tokens);
  // A work tree committed past the second its files changed in, as most are.
  const vouched = `${dir.path}/vouched`;
  buildTree(vouched);
  sh(
    "find . -type f -exec touch -d 2020-01-02T03:04:05.678 {} + && " +
      "git init -q && git add -A && git add -f tracked_ignored.ts && " +
      "git -c user.name=t -c user.email=t@example.invalid commit -qm t",
    vouched,
  );
  writeTree(vouched, laterFiles);
  // Past the window in which a fingerprint records a file as too recent to trust.
  await new Promise((done) => setTimeout(done, 4 * RACY_WINDOW_MS));
  const viaIndex = await indexAndList(dir.path, "vouched", "vouched.db", git.env);
  assertEquals(viaIndex.report, viaWalk.report);
  assertEquals(viaIndex.tokens, viaWalk.tokens);
  // Each fingerprint holds the file's own size and time.
  const db = new DatabaseSync(`${dir.path}/vouched.db`, { readOnly: true });
  const rows = db.prepare("SELECT file_path, size, mtime_ms FROM file_fingerprints").all();
  db.close();
  assert(rows.length > READ_WORKERS_PAY_OFF);
  for (const row of rows) {
    const info = Deno.lstatSync(`${vouched}/${row.file_path}`);
    assertEquals([row.size, row.mtime_ms], [info.size, info.mtime!.getTime()], `${row.file_path}`);
  }
  // `canary scan` asks git the same way.
  const scan = async (env?: Record<string, string>) => {
    const r = await runCanary(["scan", "--root", "plain", "--json", "--quiet"], {
      cwd: dir.path,
      env,
    });
    assertEquals(r.code, 0, r.stderr);
    const { generated_at: _at, ...rest } = JSON.parse(r.stdout);
    return rest;
  };
  assertEquals(await scan(), await scan({ PATH: noGit }));
  const reqs = viaGit.tokens.map((t) => t.req_id);
  const expected = ["CBIN-1", "CBIN-3", "CBIN-5", "CBIN-7", "CBIN-10", "CBIN-13", "CBIN-14"];
  const unsearchedReqs = ["CBIN-15", "CBIN-16", "CBIN-17", "CBIN-18", "CBIN-19", "CBIN-21"];
  for (const req of [...expected, ...unsearchedReqs, "CBIN-22"]) {
    assert(reqs.includes(req), `${req} must be indexed: ${reqs.join(" ")}`);
  }
});

Deno.test("git's work tree listing is only for the top of a work tree", async () => {
  using dir = tempDir();
  writeTree(dir.path, { "sub/a.ts": TOKEN("CBIN-1"), "sub/b.ts": "no token\n" });
  assertEquals(await gitListing(request(dir.path, true)), null, "not a work tree");
  sh("git init -q", dir.path);
  assert(await gitListing(request(dir.path, true)) !== null, "the top of a work tree");
  assertEquals(await gitListing(request(`${dir.path}/sub`, true)), null, "below the top");
  // The folder itself is searched below the top, as anywhere, even where the repository ignores it.
  assertEquals(await gitListing(request(`${dir.path}/sub`, false)), { clean: "b.ts" });
  Deno.writeTextFileSync(`${dir.path}/.gitignore`, "sub/\n");
  assertEquals(await gitListing(request(`${dir.path}/sub`, false)), { clean: "b.ts" });
});

Deno.test("a file rewritten in the second git stat-ed it in is fingerprinted as it is", async () => {
  using dir = tempDir();
  const repo = `${dir.path}/repo`;
  writeTree(repo, fillers());
  const old = TOKEN("CBIN-20").replace("GitPath", "Old");
  const rewritten = TOKEN("CBIN-20").replace("GitPath", "New");
  assertEquals(old.length, rewritten.length);
  // git compares whole seconds: a rewrite at the same size, in the second `git add` stat-ed the
  // file in, with a time in the second of the entry's, is not named by `git diff-files`.
  sh(
    "find . -type f -exec touch -d '2024-01-01 10:00:00' {} + && git init -q && git add -A && " +
      "while :; do " +
      `printf '%s' '${old}' > victim.ts && touch -d '2024-01-01 10:00:00.100' victim.ts && ` +
      `git add victim.ts && printf '%s' '${rewritten}' > victim.ts && ` +
      "touch -d '2024-01-01 10:00:00.900' victim.ts && " +
      '[ -z "$(git diff-files --name-only)" ] && break; done && ' +
      "git -c user.name=t -c user.email=t@example.invalid commit -qm t",
    repo,
  );
  await new Promise((done) => setTimeout(done, 1100));
  const db = `${dir.path}/git.db`;
  const first = await indexAndList(dir.path, "repo", db);
  const fingerprint = () => {
    const sqlite = new DatabaseSync(db, { readOnly: true });
    const row = sqlite.prepare(
      "SELECT size, mtime_ms FROM file_fingerprints WHERE file_path = 'victim.ts'",
    ).get();
    sqlite.close();
    return [row?.size, row?.mtime_ms];
  };
  const info = Deno.lstatSync(`${repo}/victim.ts`);
  assertEquals(fingerprint(), [info.size, info.mtime!.getTime()], "the file's own time");
  assert(first.tokens.some((t) => t.feature === "New"));
  // Back to the content and time git's entry holds: the index reads it again.
  sh(`printf '%s' '${old}' > victim.ts && touch -d '2024-01-01 10:00:00.100' victim.ts`, repo);
  const again = await indexAndList(dir.path, "repo", db);
  const features = again.tokens.filter((t) => t.req_id === "CBIN-20").map((t) => t.feature);
  assertEquals(features, ["Old"]);
});
