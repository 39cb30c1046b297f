import { assertEquals } from "../test_assert.ts";
import { walkTree } from "../scan/mod.ts";
import { BlobReader } from "./blob_reader.ts";
import { GitRepository } from "./git_repository.ts";
import { revisionFiles, ruleFileOids } from "./revision_files.ts";
import { git } from "../test_git.ts";

/** Rules of every kind: nested .gitignore, negations, default skipped folders, .canaryignore. */
const TREE: Record<string, string> = {
  ".gitignore": "*.log\nout/\n!keep.log\n",
  ".canaryignore": "secret/\n!vendor/acme/\n!out/wanted.ts\n",
  "a.ts": "",
  "keep.log": "",
  "drop.log": "",
  "out/x.ts": "",
  "out/wanted.ts": "",
  "secret/s.ts": "",
  "vendor/acme/v.ts": "",
  "vendor/other/o.ts": "",
  "node_modules/m/index.js": "",
  "lib/.gitignore": "/local.ts\n!*.log\n",
  "lib/local.ts": "",
  "lib/deep/local.ts": "",
  "lib/note.log": "",
  "dist/bundle.js": "",
};

Deno.test("a revision's files are the files a walk of the same tree on disk keeps", async () => {
  const root = Deno.makeTempDirSync({ prefix: "canary-revision-" });
  try {
    for (const [path, text] of Object.entries(TREE)) {
      Deno.mkdirSync(`${root}/${path}`.replace(/\/[^/]*$/, ""), { recursive: true });
      Deno.writeTextFileSync(`${root}/${path}`, text);
    }
    Deno.symlinkSync("a.ts", `${root}/link.ts`);
    git(root, "init", "-q");
    git(root, "add", "-f", "-A");
    git(root, "commit", "-qm", "all");
    const walk = walkTree(root);
    const repository = await GitRepository.open(root);
    const entries = await repository.listTree(await repository.resolveCommit("HEAD"));
    await using reader = new BlobReader(root);
    const revision = revisionFiles(entries, await reader.read(ruleFileOids(entries)));
    assertEquals(revision.files.map((file) => file.path), walk.files.map((file) => file.path));
    assertEquals(revision.skipped, walk.skipped);
    assertEquals(walk.files.map((file) => file.path), [
      ".canaryignore",
      ".gitignore",
      "a.ts",
      "keep.log",
      "lib/.gitignore",
      "lib/deep/local.ts",
      "lib/note.log",
      "out/wanted.ts",
      "vendor/acme/v.ts",
    ]);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
