import { assert, assertEquals } from "../test_assert.ts";
import { join } from "../path.ts";
import { makeTree, tokenLine } from "./_fixture.ts";
import { probeFiles, probeListedFiles } from "./scan_file.ts";

/** A plain file, one with a token, one too large to read, a folder and a name that is gone. */
const PATHS = ["plain.txt", "token.ts", "large.txt", "folder", "gone.txt"];

function tree() {
  return makeTree({
    "plain.txt": "nothing here\n",
    "token.ts": tokenLine("CBIN-1") + "\n",
    "large.txt": "x".repeat(200),
    "folder/": "",
  });
}

Deno.test("probeFiles stats plain files, reads them when asked, and marks the rest", () => {
  using fixture = tree();
  for (const read of [false, true]) {
    const reply = probeFiles({
      probe: { strict: false, maxFileSize: 100, read },
      prefix: fixture.root + "/",
      paths: PATHS.join("\0"),
    });
    const info = Deno.statSync(join(fixture.root, "token.ts"));
    assertEquals([reply.stats[2], reply.stats[3]], [info.size, info.mtime!.getTime()]);
    assertEquals(Number.isNaN(reply.stats[6]) && Number.isNaN(reply.stats[8]), true);
    if (!read) {
      assertEquals(reply.outcomes, undefined);
      continue;
    }
    const kinds = reply.outcomes!.map((outcome) => outcome?.kind ?? null);
    assertEquals(kinds, ["text", "text", null, null, null]);
    const token = reply.outcomes![1];
    assert(token?.kind === "text" && token.tokens.length === 1, JSON.stringify(token));
  }
});

Deno.test("probeListedFiles answers as probeFiles does, for files at hand", () => {
  using fixture = tree();
  for (const read of [false, true]) {
    const probe = { strict: false, maxFileSize: 100, read };
    const fromWorker = probeFiles({ probe, prefix: fixture.root + "/", paths: PATHS.join("\0") });
    const here = probeListedFiles(
      probe,
      PATHS.map((path) => ({ absPath: join(fixture.root, path), path })),
    );
    assertEquals([...here.stats].map(String), [...fromWorker.stats].map(String));
    assertEquals(here.outcomes, fromWorker.outcomes);
  }
});
