import { assert, assertEquals } from "../test_assert.ts";
import { gitIndexChecksum } from "../scan/git_index.ts";
import type { BinaryFile } from "../scan/mod.ts";
import { vouchingGitIndex } from "./unchanged_tree.ts";
import { git } from "../test_git.ts";

/** A file as a scan records it: the size and modification time it found. */
function found(root: string, path: string): BinaryFile {
  const stat = Deno.statSync(`${root}/${path}`);
  return { path, size: stat.size, mtimeMs: stat.mtime!.getTime() };
}

/** What git's index vouches for, with `dirty` the files `git diff-files` named. */
function vouching(
  root: string,
  scan: ReturnType<typeof scanOf>,
  startedAt: number,
  dirty: ReadonlySet<string> | null = new Set(),
) {
  return vouchingGitIndex(root, scan, startedAt, Promise.resolve(dirty));
}

/** A scan that found `files` as text, `binaries` as binary; what vouching looks at. */
function scanOf(files: BinaryFile[], binaries: BinaryFile[] = []) {
  return {
    files: files.map((file) => ({ ...file, tokens: [], diagnostics: [], reused: false })),
    binaries,
  };
}

Deno.test("git's index vouches for the files of a scan that are as git and the scan saw them, and settled", async () => {
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

    const vouch = (unvouched: string[]) => ({ checksum, unvouched });
    assertEquals(await vouching(root, scanOf([a], [c]), settledStart), vouch([]));
    assertEquals(
      await vouching(root, scanOf([a], [c]), ctimeSecond * 1000 + 999),
      vouch(["a.ts", "c.bin"]),
      "an entry changed in the second the scan started in may be racy in git's eyes",
    );
    assertEquals(
      await vouching(root, scanOf([a, b], [c]), settledStart),
      vouch(["b.ts"]),
      "a file modified after the scan started may have changed since it was read",
    );
    assertEquals(
      await vouching(root, scanOf([{ ...a, size: a.size + 1 }], [c]), settledStart),
      vouch(["a.ts"]),
      "a size other than git's",
    );
    assertEquals(
      await vouching(root, scanOf([{ ...a, mtimeMs: a.mtimeMs + 1 }], [c]), settledStart),
      vouch(["a.ts"]),
      "a modification time other than git's",
    );
    const link = Deno.lstatSync(`${root}/link`);
    assertEquals(
      await vouching(
        root,
        scanOf([a, { path: "link", size: link.size, mtimeMs: link.mtime!.getTime() }], [c]),
        settledStart,
      ),
      vouch(["link"]),
      "a link git tracks as a link, whatever its size and time",
    );
    assertEquals(
      await vouching(root, scanOf([a], [c, untracked]), settledStart),
      vouch(["untracked.bin"]),
      "a binary file git does not track",
    );
    assertEquals(
      await vouching(root, scanOf([a, { ...untracked, path: "gone.ts" }]), settledStart),
      vouch(["gone.ts"]),
      "a text file git does not track",
    );
    const many = Array.from({ length: 4096 }, (_, i) => ({ ...untracked, path: `z/${i}` }));
    assertEquals(
      (await vouching(root, scanOf([a, ...many.slice(1)], [many[0]]), settledStart))?.unvouched
        ?.length,
      4096,
      "as many unvouched files as may be",
    );
    assertEquals(
      await vouching(root, scanOf([a, ...many], [c, untracked]), settledStart),
      { checksum, unvouched: null },
      "too many files unvouched for, text and binary together: it vouches for nothing",
    );
    assertEquals(await vouching(`${root}/nowhere`, scanOf([a]), settledStart), null, "no index");
    assertEquals(
      await vouching(root, scanOf([a], [c]), settledStart, new Set(["a.ts", "gone.ts"])),
      vouch(["a.ts"]),
      "a file git diff-files names, as it names the files of a copied tree until git refreshes",
    );
    assertEquals(
      await vouching(root, scanOf([a], [c]), settledStart, null),
      null,
      "git diff-files failed",
    );
    git(root, "update-index", "--index-version", "4");
    assertEquals(
      await vouching(root, scanOf([a], [c]), settledStart),
      { checksum: gitIndexChecksum(root), unvouched: null },
      "an index canary does not read vouches for nothing",
    );
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
