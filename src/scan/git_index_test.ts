import { assert, assertEquals } from "../test_assert.ts";
import { parseGitIndex, readGitIndex } from "./git_index.ts";

function git(root: string, ...args: string[]): void {
  const out = new Deno.Command("git", {
    args: ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args],
    cwd: root,
    stdout: "null",
    stderr: "null",
  }).outputSync();
  assert(out.success, args.join(" "));
}

Deno.test("a git index gives each plain file's size and times, links left out", () => {
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
    assertEquals(index.paths(), ["a.txt", "sub/dir/ünïcode name.ts"]);
    const stat = Deno.statSync(`${root}/sub/dir/ünïcode name.ts`);
    assertEquals(index.entry("sub/dir/ünïcode name.ts"), {
      size: 300,
      mtimeMs: stat.mtime!.getTime(),
      ctimeSeconds: Math.floor(stat.ctime!.getTime() / 1000),
    });
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
