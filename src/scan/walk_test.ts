import { assert, assertEquals, assertMatch, assertThrows } from "../test_assert.ts";
import { join, relative } from "node:path";
import { makeTree } from "./_fixture.ts";
import { ScanError } from "./scan_error.ts";
import { SHAPE_RACY_WINDOW_MS } from "./tree_shape.ts";
import { type ListedFile, type WalkOptions, walkTree, walkTreeDeferred } from "./walk.ts";

function walkedPaths(root: string, options?: WalkOptions): string[] {
  return walkTree(root, options).files.map((file) => file.path);
}

Deno.test("walkTree lists files relative to the root with / separators and fingerprints", () => {
  using tree = makeTree({ "a.ts": "hello", "src/deep/b.py": "x = 1\n" });
  const { files, skipped, diagnostics } = walkTree(tree.root);
  assertEquals(files.map((f) => f.path), ["a.ts", "src/deep/b.py"]);
  assertEquals(files[1].absPath, join(tree.root, "src", "deep", "b.py"));
  assertEquals(files[0].size, 5);
  const mtime = Deno.statSync(join(tree.root, "a.ts")).mtime!.getTime();
  assertEquals(files[0].mtimeMs, mtime);
  assertEquals(skipped, []);
  assertEquals(diagnostics, []);
});

Deno.test("walkTree accepts a relative root", () => {
  using tree = makeTree({ "x/a.txt": "a" });
  assertEquals(walkedPaths(relative(Deno.cwd(), join(tree.root, "x"))), ["a.txt"]);
});

Deno.test("walkTree throws ScanError for a missing root or a file root", () => {
  using tree = makeTree({ "file.txt": "x" });
  assertEquals(
    assertThrows(() => walkTree(join(tree.root, "missing")), ScanError).code,
    "root_not_found",
  );
  assertEquals(
    assertThrows(() => walkTree(join(tree.root, "file.txt")), ScanError).code,
    "root_not_directory",
  );
});

Deno.test("walkTree sorts by code point, not by directory or UTF-16 unit", () => {
  using tree = makeTree({
    "a/b.ts": "",
    "a-b.ts": "",
    "a.ts": "",
    "\u{1F600}.ts": "",
    "\uFF21.ts": "",
    "B.ts": "",
  });
  const expected = ["B.ts", "a-b.ts", "a.ts", "a/b.ts", "\uFF21.ts", "\u{1F600}.ts"];
  assertEquals(walkedPaths(tree.root), expected);
  assertEquals(walkedPaths(tree.root), expected, "same order on a second walk");
});

Deno.test("walkTree applies nested .gitignore files relative to their own folder", () => {
  using tree = makeTree({
    ".gitignore": "*.log\n",
    "app.log": "",
    "secret.txt": "",
    "anchored.txt": "",
    "sub/.gitignore": "secret.txt\n/anchored.txt\n",
    "sub/secret.txt": "",
    "sub/anchored.txt": "",
    "sub/deeper/anchored.txt": "",
    "sub/deeper/debug.log": "",
  });
  assertEquals(walkedPaths(tree.root), [
    ".gitignore",
    "anchored.txt",
    "secret.txt",
    "sub/.gitignore",
    "sub/deeper/anchored.txt",
  ]);
});

Deno.test("walkTree honours negation and directory-only patterns", () => {
  using tree = makeTree({
    ".gitignore": "*.txt\n!keep.txt\nlogs/\n",
    "drop.txt": "",
    "keep.txt": "",
    "nested/keep.txt": "",
    "logs/today.ts": "",
    "nested/logs": "a file named like the ignored folder",
  });
  assertEquals(walkedPaths(tree.root), [
    ".gitignore",
    "keep.txt",
    "nested/keep.txt",
    "nested/logs",
  ]);
});

Deno.test("walkTree lets a deeper .gitignore re-include what a shallower one excludes", () => {
  using tree = makeTree({
    ".gitignore": "gen\n",
    "gen/a.ts": "",
    "pkg/.gitignore": "!gen/\n",
    "pkg/gen/b.ts": "",
  });
  assertEquals(walkedPaths(tree.root), [".gitignore", "pkg/.gitignore", "pkg/gen/b.ts"]);
});

Deno.test("walkTree does not re-include a file whose parent folder git excludes", () => {
  using tree = makeTree({ ".gitignore": "out/\n!out/keep.ts\n", "out/keep.ts": "" });
  assertEquals(walkedPaths(tree.root), [".gitignore"]);
});

Deno.test(".canaryignore re-includes files inside a gitignored folder", () => {
  using tree = makeTree({
    ".gitignore": "generated/\n",
    ".canaryignore": "!generated/api.ts\n",
    "generated/api.ts": "",
    "generated/other.ts": "",
    "generated/inner/api.ts": "",
  });
  assertEquals(walkedPaths(tree.root), [".canaryignore", ".gitignore", "generated/api.ts"]);
});

Deno.test(".canaryignore re-includes a whole gitignored folder, whose own rules then apply", () => {
  using tree = makeTree({
    ".gitignore": "generated/\n*.tmp\n",
    ".canaryignore": "!generated/\n",
    "generated/a.ts": "",
    "generated/b.tmp": "",
    "generated/sub/c.ts": "",
  });
  assertEquals(walkedPaths(tree.root), [
    ".canaryignore",
    ".gitignore",
    "generated/a.ts",
    "generated/sub/c.ts",
  ]);
});

Deno.test(".canaryignore excludes what .gitignore keeps, even against a gitignore negation", () => {
  using tree = makeTree({
    ".gitignore": "*.ts\n!legacy.ts\n",
    ".canaryignore": "legacy.ts\nfixtures/\n",
    "legacy.ts": "",
    "main.md": "",
    "fixtures/data.md": "",
  });
  assertEquals(walkedPaths(tree.root), [".canaryignore", ".gitignore", "main.md"]);
});

Deno.test(".canaryignore wildcard negations reach gitignored folders", () => {
  using tree = makeTree({
    ".gitignore": "out/\n",
    ".canaryignore": "!*.ts\n",
    "out/deep/a.ts": "",
    "out/deep/a.js": "",
  });
  assertEquals(walkedPaths(tree.root), [".canaryignore", ".gitignore", "out/deep/a.ts"]);
});

Deno.test("walkTree skips the default folders at any depth, but files with their names", () => {
  using tree = makeTree({
    "keep.ts": "",
    ".git/config": "",
    "node_modules/pkg/index.js": "",
    "vendor/lib.go": "",
    "dist/out.js": "",
    "build/out.js": "",
    ".canary/canary.db": "",
    "pkg/node_modules/x.js": "",
    "pkg/build/y.js": "",
    "pkg/src/build": "a file, not a folder",
  });
  assertEquals(walkedPaths(tree.root), ["keep.ts", "pkg/src/build"]);
});

Deno.test("walkTree skips a .git file (a linked work tree's, a submodule's) as git's own", () => {
  using tree = makeTree({
    ".git": "gitdir: /elsewhere/.git/worktrees/x\n",
    "sub/.git": "gitdir: ../.git/modules/sub\n",
    "sub/a.ts": "",
    "sub/x.git": "",
  });
  assertEquals(walkedPaths(tree.root), ["sub/a.ts", "sub/x.git"]);
  Deno.writeTextFileSync(join(tree.root, ".canaryignore"), "!/sub/.git\n");
  assertEquals(walkedPaths(tree.root), [".canaryignore", "sub/.git", "sub/a.ts", "sub/x.git"]);
});

Deno.test("walkTree scans a root that itself lies inside a default-skipped folder", () => {
  using tree = makeTree({ "build/proj/a.ts": "", "node_modules/pkg/b.ts": "" });
  assertEquals(walkedPaths(join(tree.root, "build", "proj")), ["a.ts"]);
  assertEquals(walkedPaths(join(tree.root, "node_modules")), ["pkg/b.ts"]);
});

Deno.test(".canaryignore re-includes default folders only when it names them", () => {
  using tree = makeTree({
    ".canaryignore": "!vendor/\n!node_modules/pkg/index.ts\n!*.ts\n",
    "vendor/lib.ts": "",
    "vendor/lib.go": "",
    "node_modules/pkg/index.ts": "",
    "node_modules/pkg/other.js": "",
    "node_modules/other/x.js": "",
    "dist/out.ts": "",
  });
  assertEquals(walkedPaths(tree.root), [
    ".canaryignore",
    "node_modules/pkg/index.ts",
    "vendor/lib.go",
    "vendor/lib.ts",
  ]);
});

Deno.test("walkTree skips files over the size limit and counts them", () => {
  using tree = makeTree({ "small.ts": "12345", "big.ts": "123456" });
  const { files, skipped } = walkTree(tree.root, { maxFileSize: 5 });
  assertEquals(files.map((f) => f.path), ["small.ts"]);
  assertEquals(skipped, [{ path: "big.ts", reason: "too_large" }]);
});

Deno.test("walkTree does not follow a directory symlink that loops to its parent", () => {
  using tree = makeTree({ "dir/a.ts": "" });
  Deno.symlinkSync("..", join(tree.root, "dir", "loop"));
  Deno.symlinkSync(join(tree.root, "dir"), join(tree.root, "alias"));
  const { files, skipped, diagnostics } = walkTree(tree.root);
  assertEquals(files.map((f) => f.path), ["dir/a.ts"]);
  assertEquals(skipped, [
    { path: "alias", reason: "symlink_dir" },
    { path: "dir/loop", reason: "symlink_dir" },
  ]);
  assertEquals(diagnostics, []);
});

Deno.test("walkTree reads a symlinked file from outside the root, and a link within it once", () => {
  using outside = makeTree({ "shared.ts": "shared contents" });
  using tree = makeTree({ "real.ts": "12" });
  Deno.symlinkSync("real.ts", join(tree.root, "inside_link.ts"));
  Deno.symlinkSync(join(outside.root, "shared.ts"), join(tree.root, "outside_link.ts"));
  const { files, skipped } = walkTree(tree.root);
  assertEquals(files.map((f) => [f.path, f.size]), [
    ["outside_link.ts", 15],
    ["real.ts", 2],
  ]);
  assertEquals(files[0].absPath, join(tree.root, "outside_link.ts"));
  assertEquals(skipped, [{ path: "inside_link.ts", reason: "symlink_in_root" }]);
});

Deno.test("walkTree reports broken and looping file symlinks as warnings", () => {
  using tree = makeTree({ "ok.ts": "" });
  Deno.symlinkSync("missing.ts", join(tree.root, "broken.ts"));
  Deno.symlinkSync("loop_b", join(tree.root, "loop_a"));
  Deno.symlinkSync("loop_a", join(tree.root, "loop_b"));
  const { files, skipped, diagnostics } = walkTree(tree.root);
  assertEquals(files.map((f) => f.path), ["ok.ts"]);
  assertEquals(skipped, [
    { path: "broken.ts", reason: "broken_symlink" },
    { path: "loop_a", reason: "symlink_loop" },
    { path: "loop_b", reason: "symlink_loop" },
  ]);
  assertEquals(diagnostics.map((d) => [d.path, d.line, d.severity]), [
    ["broken.ts", 0, "warning"],
    ["loop_a", 0, "warning"],
    ["loop_b", 0, "warning"],
  ]);
  assertMatch(diagnostics[0].reason, /broken symbolic link/);
  assertMatch(diagnostics[1].reason, /symbolic link loop/);
});

Deno.test("walkTree reports a FIFO as a warning without opening it", () => {
  using tree = makeTree({ "a.ts": "" });
  const made = new Deno.Command("mkfifo", { args: [join(tree.root, "pipe")] }).outputSync();
  assert(made.success, "mkfifo failed");
  Deno.symlinkSync("pipe", join(tree.root, "pipe_link"));
  // Opening the FIFO for reading would block this test forever: finishing proves it was not.
  const { files, skipped, diagnostics } = walkTree(tree.root);
  assertEquals(files.map((f) => f.path), ["a.ts"]);
  assertEquals(skipped, [
    { path: "pipe", reason: "not_regular" },
    { path: "pipe_link", reason: "not_regular" },
  ]);
  assertMatch(diagnostics[0].reason, /not a regular file \(FIFO\)/);
  assertEquals(diagnostics[1].path, "pipe_link");
});

Deno.test("walkTree does not report special files that are ignored", () => {
  using tree = makeTree({ ".gitignore": "pipe\n" });
  new Deno.Command("mkfifo", { args: [join(tree.root, "pipe")] }).outputSync();
  const { skipped, diagnostics } = walkTree(tree.root);
  assertEquals(skipped, []);
  assertEquals(diagnostics, []);
});

Deno.test("walkTree handles names with spaces and newlines", () => {
  using tree = makeTree({
    "with space.ts": "",
    "line\nbreak.ts": "",
    "dir with space/a b.ts": "",
    ".gitignore": "*.log\n",
    "odd\nname.log": "",
  });
  assertEquals(walkedPaths(tree.root), [
    ".gitignore",
    "dir with space/a b.ts",
    "line\nbreak.ts",
    "with space.ts",
  ]);
});

Deno.test("walkTree reports a file whose name is not valid UTF-8 instead of crashing", () => {
  using tree = makeTree({ "fine.ts": "" });
  // The shell creates the name from raw bytes: Deno's own APIs cannot spell it.
  const made = new Deno.Command("sh", {
    args: ["-c", `printf 'x' > "$1/bad$(printf '\\377')name.ts"`, "sh", tree.root],
  }).outputSync();
  assert(made.success, "could not create the file");
  const { files, skipped, diagnostics } = walkTree(tree.root);
  assertEquals(files.map((f) => f.path), ["fine.ts"]);
  assertEquals(skipped, [{ path: "bad\uFFFDname.ts", reason: "name_not_utf8" }]);
  assertMatch(diagnostics[0].reason, /not valid UTF-8/);
});

Deno.test("walkTreeDeferred hands over plain files only, and settles them as walkTree would", () => {
  using tree = makeTree({ "a.ts": "hello", "src/b.py": "x = 1\n", "big.txt": "x".repeat(100) });
  Deno.symlinkSync(join(tree.root, "a.ts"), join(tree.root, "link.ts"));
  Deno.symlinkSync(join(tree.root, "gone"), join(tree.root, "broken.ts"));
  const options = { maxFileSize: 50 };
  const expected = walkTree(tree.root, options);
  for (const known of [false, true]) {
    const listed: ListedFile[] = [];
    const walk = walkTreeDeferred(tree.root, options, (file) => listed.push(file));
    assertEquals(listed.map((file) => file.path).sort(), ["a.ts", "big.txt", "src/b.py"]);
    for (const file of listed) {
      // A caller's stat, or none: the walk then stats the file itself.
      const info = Deno.lstatSync(file.absPath);
      walk.settle(file, known ? { size: info.size, mtimeMs: info.mtime!.getTime() } : null);
    }
    assertEquals(walk.finish(), expected);
  }
});

Deno.test("a listed file gone before it is settled is reported as vanished", () => {
  using tree = makeTree({ "a.ts": "hello" });
  const listed: ListedFile[] = [];
  const walk = walkTreeDeferred(tree.root, {}, (file) => listed.push(file));
  Deno.removeSync(join(tree.root, "a.ts"));
  assertEquals(walk.settle(listed[0], null), null);
  const result = walk.finish();
  assertEquals(result.skipped, [{ path: "a.ts", reason: "vanished" }]);
  assertEquals(result.diagnostics.map((d) => d.reason), ["file vanished during the scan"]);
});

/** Names whose paths sort differently from a sort of the names alone ("x/" against "x.y"). */
const PREFIX_NAMES = {
  "x.y": "",
  "x/z.ts": "",
  "x/a/b.ts": "",
  "x-": "",
  "x0": "",
  "x.y.d/q": "",
  "xx/y": "",
  "w": "",
};
const PREFIX_ORDER = ["w", "x-", "x.y", "x.y.d/q", "x/a/b.ts", "x/z.ts", "x0", "xx/y"];

Deno.test("walkTree gives paths in path order where names share a prefix", () => {
  using tree = makeTree(PREFIX_NAMES);
  assertEquals(walkedPaths(tree.root), PREFIX_ORDER);
});

Deno.test("walkTreeDeferred gives path order whatever order files settle in, links included", () => {
  using outside = makeTree({ "target.ts": "t" });
  using tree = makeTree(PREFIX_NAMES);
  // A link out of the tree is added while the walk lists, the plain files only as they settle.
  Deno.symlinkSync(join(outside.root, "target.ts"), join(tree.root, "x", "link.ts"));
  const expected = ["w", "x-", "x.y", "x.y.d/q", "x/a/b.ts", "x/link.ts", "x/z.ts", "x0", "xx/y"];
  assertEquals(walkedPaths(tree.root), expected);
  for (const reorder of [(l: ListedFile[]) => l, (l: ListedFile[]) => [...l].reverse()]) {
    const listed: ListedFile[] = [];
    const walk = walkTreeDeferred(tree.root, {}, (file) => listed.push(file));
    for (const file of reorder(listed)) walk.settle(file, null);
    assertEquals(walk.finish().files.map((file) => file.path), expected);
  }
});

Deno.test("walkTreeDeferred gives path order when files settle out of order, without links", () => {
  using tree = makeTree(PREFIX_NAMES);
  const listed: ListedFile[] = [];
  const walk = walkTreeDeferred(tree.root, {}, (file) => listed.push(file));
  const [first, ...rest] = listed;
  for (const file of [...rest, first]) walk.settle(file, null);
  assertEquals(walk.finish().files.map((file) => file.path), PREFIX_ORDER);
});

Deno.test("a deferred walk expects as many files per folder to come as it has met at that depth", () => {
  const files: Record<string, string> = {};
  for (const dir of ["a", "b", "c", "d"]) {
    for (let i = 0; i < 10; i++) files[`${dir}/f${i}.txt`] = "";
  }
  files["e/nested/f.txt"] = "";
  using tree = makeTree(files);
  const estimates: number[] = [];
  walkTreeDeferred(tree.root, {}, (_, soFar) => estimates.push(soFar.estimatedFiles()));
  // After a/'s ten files: none done yet, two folders opened (the root, a/) held ten, and b/, c/,
  // d/, e/ wait.
  assertEquals(estimates[9], 10 + 4 * (10 / 2));
  // With a/ done, each folder waiting beside it is expected to hold as many as it did.
  assertEquals(estimates[10], 11 + 3 * 10);
  // At the last file every folder is open or done, and none waits.
  assertEquals(estimates.at(-1), 41);
});

Deno.test("walkTree never lists held files: by name in their folder, through a link, from a known shape", async () => {
  using tree = makeTree({ "a.ts": "", "data/my.db": "", "data/my.db-wal": "", "data/b.ts": "" });
  using outside = makeTree({ "x.db": "" });
  Deno.symlinkSync(join(outside.root, "x.db"), join(tree.root, "link.db"));
  const real = Deno.realPathSync(tree.root);
  const inData = { folder: `${real}/data`, has: (name: string) => name.startsWith("my.db") };
  assertEquals(walkedPaths(tree.root, { heldFiles: inData }), ["a.ts", "data/b.ts", "link.db"]);
  const outsideFile = { folder: Deno.realPathSync(outside.root), has: (n: string) => n === "x.db" };
  const result = walkTree(tree.root, { heldFiles: outsideFile });
  assertEquals(result.files.map((file) => file.path), [
    "a.ts",
    "data/b.ts",
    "data/my.db",
    "data/my.db-wal",
  ]);
  assertEquals(result.skipped, []);
  // A shape recorded before the database was there lists its files again only if not held.
  Deno.removeSync(join(tree.root, "link.db"));
  await new Promise((done) => setTimeout(done, SHAPE_RACY_WINDOW_MS + 100));
  const first = walkTree(tree.root);
  assert(first.shape !== null);
  const files = () => first.files.map((file) => file.path);
  const known = { shape: first.shape, files };
  assertEquals(walkedPaths(tree.root, { knownShape: known, heldFiles: inData }), [
    "a.ts",
    "data/b.ts",
  ]);
});
