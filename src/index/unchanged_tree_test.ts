import { assert, assertEquals } from "../test_assert.ts";
import { gitIndexChecksum } from "../scan/git_index.ts";
import type { BinaryFile } from "../scan/mod.ts";
import { vouchingGitIndex } from "./unchanged_tree.ts";

function git(root: string, ...args: string[]): void {
  const out = new Deno.Command("git", { args, cwd: root, stdout: "null", stderr: "null" })
    .outputSync();
  assert(out.success, args.join(" "));
}

/** A file as a scan records it: the size and modification time it found. */
function found(root: string, path: string): BinaryFile {
  const stat = Deno.statSync(`${root}/${path}`);
  return { path, size: stat.size, mtimeMs: stat.mtime!.getTime() };
}

/** A scan that found `files` as text, `binaries` as binary; what vouching looks at. */
function scanOf(files: BinaryFile[], binaries: BinaryFile[] = []) {
  return {
    files: files.map((file) => ({ ...file, tokens: [], diagnostics: [], reused: false })),
    binaries,
  };
}

Deno.test("git's index vouches for a scan only where each file is as git and the scan saw it, and settled", () => {
  const root = Deno.makeTempDirSync({ prefix: "canary-vouch-" });
  try {
    Deno.writeTextFileSync(`${root}/a.ts`, "a\n");
    Deno.writeTextFileSync(`${root}/b.ts`, "bb\n");
    Deno.writeFileSync(`${root}/c.bin`, new Uint8Array([0, 1]));
    Deno.writeTextFileSync(`${root}/untracked.bin`, "\0");
    const past = new Date("2020-01-02T03:04:05.678Z");
    Deno.utimeSync(`${root}/a.ts`, past, past);
    Deno.utimeSync(`${root}/c.bin`, past, past);
    Deno.utimeSync(`${root}/untracked.bin`, past, past);
    // Modified in the future: a time no scan starting now may trust.
    const future = new Date(Date.now() + 60_000);
    Deno.utimeSync(`${root}/b.ts`, future, future);
    Deno.symlinkSync("a.ts", `${root}/link`);
    git(root, "init", "-q");
    git(root, "add", "a.ts", "b.ts", "c.bin", "link");
    const checksum = gitIndexChecksum(root);
    assert(checksum !== null);
    const ctimeSecond = Math.max(
      ...["a.ts", "b.ts", "c.bin", "link"].map((path) =>
        Math.floor(Deno.lstatSync(`${root}/${path}`).ctime!.getTime() / 1000)
      ),
    );
    const settledStart = (ctimeSecond + 1) * 1000;
    const [a, b, c] = ["a.ts", "b.ts", "c.bin"].map((path) => found(root, path));
    const untracked = found(root, "untracked.bin");

    assertEquals(vouchingGitIndex(root, scanOf([a], [c]), settledStart), checksum);
    assertEquals(
      vouchingGitIndex(root, scanOf([a], [c]), ctimeSecond * 1000 + 999),
      null,
      "an entry changed in the second the scan started in may be racy in git's eyes",
    );
    assertEquals(
      vouchingGitIndex(root, scanOf([a, b], [c]), settledStart),
      null,
      "a file modified after the scan started may have changed since it was read",
    );
    assertEquals(
      vouchingGitIndex(root, scanOf([{ ...a, size: a.size + 1 }], [c]), settledStart),
      null,
      "a size other than git's",
    );
    assertEquals(
      vouchingGitIndex(root, scanOf([{ ...a, mtimeMs: a.mtimeMs + 1 }], [c]), settledStart),
      null,
      "a modification time other than git's",
    );
    const link = Deno.lstatSync(`${root}/link`);
    assertEquals(
      vouchingGitIndex(
        root,
        scanOf([a, { path: "link", size: link.size, mtimeMs: link.mtime!.getTime() }], [c]),
        settledStart,
      ),
      null,
      "a link git tracks as a link, whatever its size and time",
    );
    assertEquals(
      vouchingGitIndex(root, scanOf([a], [c, untracked]), settledStart),
      null,
      "a binary file git does not track",
    );
    assertEquals(
      vouchingGitIndex(root, scanOf([a, { ...untracked, path: "gone.ts" }]), settledStart),
      null,
      "a text file git does not track",
    );
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
