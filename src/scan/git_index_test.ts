import { assert, assertEquals } from "../test_assert.ts";
import { type GitIndexEntry, parseGitIndex, readGitIndex } from "./git_index.ts";
import { git } from "../test_git.ts";

Deno.test("a git index gives each file's size and times, matched with paths in code point order", () => {
  const root = Deno.makeTempDirSync({ prefix: "canary-git-index-" });
  try {
    Deno.mkdirSync(`${root}/sub/dir`, { recursive: true });
    Deno.writeTextFileSync(`${root}/a.txt`, "hello");
    Deno.writeTextFileSync(`${root}/sub/dir/ünïcode name.ts`, "x".repeat(300));
    Deno.symlinkSync("a.txt", `${root}/link`);
    git(root, "init", "-q");
    git(root, "add", "-A");
    const index = readGitIndex(root);
    assert(index !== null);
    const name = "sub/dir/ünïcode name.ts";
    const seen: [string, GitIndexEntry][] = [];
    const collect = (file: { path: string }, entry: GitIndexEntry) =>
      seen.push([file.path, entry]) > 0;
    const all = [{ path: "a.txt" }, { path: "link" }, { path: name }];
    assertEquals(index.unmatched(all, collect, 0), []);
    const stat = Deno.statSync(`${root}/${name}`);
    assertEquals(seen.map(([path, entry]) => [path, entry.plainFile]), [
      ["a.txt", true],
      ["link", false],
      [name, true],
    ]);
    assertEquals(seen[2][1], {
      plainFile: true,
      size: 300,
      mtimeMs: stat.mtime!.getTime(),
      ctimeSeconds: Math.floor(stat.ctime!.getTime() / 1000),
    });
    const unmatched = (...paths: string[]) =>
      index.unmatched(paths.map((path) => ({ path })), () => true, 2);
    assertEquals(unmatched("a.txt", name), [], "files in code point order, each in the index");
    assertEquals(unmatched(name, "a.txt"), ["a.txt"], "files out of order are not matched");
    assertEquals(unmatched("a.txt", "b.txt"), ["b.txt"], "a file git does not track");
    assertEquals(unmatched("sub/dir/ünïcode name", name), ["sub/dir/ünïcode name"], "a prefix");
    assertEquals(unmatched("sub/dir/ünïcode name.tsx"), ["sub/dir/ünïcode name.tsx"], "and more");
    assertEquals(
      unmatched("sub/dir/unicode name.ts"),
      ["sub/dir/unicode name.ts"],
      "other letters",
    );
    assertEquals(unmatched("a.tx", "a.txt"), ["a.tx"], "a prefix of an ASCII name");
    assertEquals(unmatched("a.txt2"), ["a.txt2"], "an ASCII name and more");
    assertEquals(unmatched(), [], "no file");
    assertEquals(unmatched("0", "1", "a.txt", "b"), null, "more than the limit");
    assertEquals(
      index.unmatched(all, (_, entry) => entry.plainFile, 2),
      ["link"],
      "what `holds` refuses",
    );
    assertEquals(index.checksum.length, 40);
    git(root, "update-index", "--index-version", "4");
    assertEquals(readGitIndex(root), null, "version 4 is not read");
    git(root, "update-index", "--index-version", "2", "--assume-unchanged", "a.txt");
    assertEquals(readGitIndex(root), null, "an assume-unchanged entry is not compared with disk");
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("what is not a git index is not read as one", () => {
  assertEquals(parseGitIndex(new Uint8Array(64)), null);
  assertEquals(parseGitIndex(new TextEncoder().encode("DIRC")), null);
});
