import { assert, assertEquals, assertNotEquals, assertThrows } from "../src/test_assert.ts";
import { join, relative } from "node:path";
import {
  generateTree,
  seededRandom,
  TREE_MTIME,
  treeMarkerPath,
  type TreeParams,
} from "./gen_tree.ts";

const SMALL: Partial<TreeParams> = {
  files: 400,
  seed: 7,
  minSize: 256,
  maxSize: 1024,
  tokenEvery: 10,
  binaryEvery: 20,
  filesPerDir: 8,
};

/** Every file below `root` as relative path → bytes, in path order. */
function snapshot(root: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const visit = (dir: string) => {
    for (const entry of Deno.readDirSync(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) visit(path);
      else files.set(relative(root, path), Deno.readFileSync(path));
    }
  };
  visit(root);
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function withTempDir(body: (dir: string) => void): void {
  const dir = Deno.makeTempDirSync({ prefix: "gen_tree_test_" });
  try {
    body(dir);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("seededRandom repeats its sequence for a seed and differs across seeds", () => {
  const a = seededRandom(1);
  const b = seededRandom(1);
  const c = seededRandom(2);
  const first = Array.from({ length: 5 }, a);
  assertEquals(Array.from({ length: 5 }, b), first);
  assertNotEquals(Array.from({ length: 5 }, c), first);
  for (const value of first) assert(value >= 0 && value < 1);
});

Deno.test("generateTree writes the same paths and bytes for the same parameters", () => {
  withTempDir((dir) => {
    const one = generateTree(join(dir, "one"), SMALL);
    const two = generateTree(join(dir, "two"), SMALL);
    const other = generateTree(join(dir, "other"), { ...SMALL, seed: 8 });
    const a = snapshot(one.root);
    const b = snapshot(two.root);
    assertEquals(a.size, 400);
    assertEquals([...a.keys()], [...b.keys()]);
    for (const [path, bytes] of a) assertEquals(b.get(path), bytes, path);
    assertNotEquals([...snapshot(other.root).keys()], [...a.keys()]);
    const { root: _r1, ...summaryOne } = one;
    const { root: _r2, ...summaryTwo } = two;
    assertEquals(summaryOne, summaryTwo);
  });
});

Deno.test("generateTree follows its parameters: sizes, binaries, tokens, mtimes", () => {
  withTempDir((dir) => {
    const summary = generateTree(join(dir, "tree"), SMALL);
    const files = snapshot(summary.root);
    let binary = 0;
    let withMarker = 0;
    let tokenLines = 0;
    let bytes = 0;
    for (const [path, content] of files) {
      bytes += content.length;
      // Text sizes are counted in characters, so multi-byte ones may add a little.
      assert(
        content.length >= 256 && content.length <= 1024 * 1.1,
        `${path}: ${content.length}`,
      );
      if (content.subarray(0, 32).includes(0)) {
        binary++;
        continue;
      }
      const text = new TextDecoder().decode(content);
      const count = text.split("\n").filter((line) => line.includes("CANARY: REQ=")).length;
      tokenLines += count;
      if (count > 0) withMarker++;
    }
    assertEquals(binary, summary.binaryFiles);
    assertEquals(files.size - binary, summary.textFiles);
    assertEquals(withMarker, summary.tokenFiles);
    assertEquals(tokenLines, summary.tokens);
    assertEquals(bytes, summary.bytes);
    // 400 files, one in 20 binary and one in 10 with tokens: loose bounds, fixed by the seed.
    assert(binary >= 5 && binary <= 40, `binary files: ${binary}`);
    assert(withMarker >= 15 && withMarker <= 70, `files with tokens: ${withMarker}`);
    const [firstPath] = files.keys();
    const mtime = Deno.statSync(join(summary.root, firstPath)).mtime;
    assertEquals(mtime?.getTime(), TREE_MTIME.getTime());
    assert([...files.keys()].some((path) => path.split("/").length > 3), "nested folders");
  });
});

Deno.test("generateTree reuses a tree whose marker matches and regenerates otherwise", () => {
  withTempDir((dir) => {
    const root = join(dir, "tree");
    const first = generateTree(root, SMALL);
    assertEquals(first.reused, false);
    assert(Deno.statSync(treeMarkerPath(root)).isFile);
    // A stray file survives reuse, which proves nothing was rewritten.
    Deno.writeTextFileSync(join(root, "stray.txt"), "x");
    const again = generateTree(root, SMALL);
    assertEquals(again.reused, true);
    assertEquals(again.tokens, first.tokens);
    assert(Deno.statSync(join(root, "stray.txt")).isFile);

    const changed = generateTree(root, { ...SMALL, files: 50 });
    assertEquals(changed.reused, false);
    assertEquals(snapshot(root).size, 50);

    const forced = generateTree(root, { ...SMALL, files: 50 }, { force: true });
    assertEquals(forced.reused, false);
  });
});

Deno.test("generateTree rejects impossible parameters", () => {
  assertThrows(() => generateTree("unused", { minSize: 10, maxSize: 5 }), RangeError);
  assertThrows(() => generateTree("unused", { files: 0 }), RangeError);
});
