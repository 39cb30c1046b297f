import * as nodePath from "node:path";
import nodePosix from "node:path/posix";
import { assertEquals } from "./test_assert.ts";
import * as path from "./path.ts";
import { posix } from "./path.ts";

Deno.test("posix path functions: table cases", () => {
  const cases: [string, string, string][] = [
    [posix.join("a", "", "b/", "../c"), "a/c", "join"],
    [posix.join(), ".", "join of nothing"],
    [posix.join("", ""), ".", "join of empty strings"],
    [posix.join("/", "a", "/b"), "/a/b", "join keeps later absolutes inside"],
    [posix.join("a/", "b/"), "a/b/", "join keeps a trailing slash"],
    [posix.normalize("a/../.."), "..", "normalize above a relative start"],
    [posix.normalize("/../a//./b/"), "/a/b/", "normalize cannot climb above the root"],
    [posix.normalize("./"), "./", "normalize of ./"],
    [posix.normalize("//"), "/", "normalize of //"],
    [posix.resolve("/a/b", "../c", "d/"), "/a/c/d", "resolve"],
    [posix.resolve("/x", "/y", "z"), "/y/z", "resolve starts at the last absolute"],
    [posix.resolve(), Deno.cwd(), "resolve of nothing"],
    [posix.relative("/a/b/c", "/a/d"), "../../d", "relative"],
    [posix.relative("/a/bc", "/a/b"), "../b", "relative does not match part of a name"],
    [posix.relative("/a", "/a/b/"), "b", "relative into a subfolder"],
    [posix.relative("/a/b", "/a/b"), "", "relative to itself"],
    [posix.dirname("/a/b/"), "/a", "dirname ignores a trailing slash"],
    [posix.dirname("//a"), "//", "dirname keeps a leading //"],
    [posix.dirname("a"), ".", "dirname of a name"],
    [posix.dirname("/"), "/", "dirname of the root"],
    [posix.basename("/a/b//"), "b", "basename ignores trailing slashes"],
    [posix.basename("/"), "", "basename of the root"],
    [posix.basename("日本/é"), "é", "basename of non-ASCII names"],
  ];
  for (const [actual, expected, what] of cases) assertEquals(actual, expected, what);
  assertEquals([posix.isAbsolute("/a"), posix.isAbsolute("a"), posix.isAbsolute("")], [
    true,
    false,
    false,
  ]);
  assertEquals(posix.sep, "/");
});

/** Every concatenation of up to `count` atoms: names, dots, separators, empty strings. */
function generatedPaths(count: number): string[] {
  const atoms = ["", "/", "//", ".", "..", "...", "a", "bc", ".x", "x.", "é", "日本"];
  let paths = [""];
  const all = new Set(paths);
  for (let round = 0; round < count; round++) {
    paths = paths.flatMap((prefix) => atoms.map((atom) => prefix + atom));
    for (const path of paths) all.add(path);
  }
  return [...all];
}

/** A fixed pseudo-random sequence (mulberry32), so a failure can be reproduced. */
function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Flavour = Omit<path.PathFunctions, "sep">;

/** Compares `ours` with `reference` on single paths, pairs and longer argument lists. */
function assertSameAs(ours: Flavour, reference: Flavour): void {
  const singles = generatedPaths(5);
  for (const p of singles) {
    for (const name of ["dirname", "basename", "normalize", "isAbsolute", "resolve"] as const) {
      assertEquals(ours[name](p), reference[name](p), `${name}(${JSON.stringify(p)})`);
    }
  }
  const pick = seededRandom(1);
  const some = () => singles[Math.floor(pick() * singles.length)];
  for (let i = 0; i < 20_000; i++) {
    const args = Array.from({ length: Math.floor(pick() * 4) }, some);
    const [from = "", to = ""] = args;
    const shown = JSON.stringify(args);
    assertEquals(ours.join(...args), reference.join(...args), `join(${shown})`);
    assertEquals(ours.resolve(...args), reference.resolve(...args), `resolve(${shown})`);
    assertEquals(ours.relative(from, to), reference.relative(from, to), `relative(${shown})`);
  }
}

Deno.test("posix path functions agree with node:path/posix on generated inputs", () => {
  assertSameAs(posix, nodePosix);
});

Deno.test("the system's path functions agree with node:path on generated inputs", () => {
  assertSameAs(path, nodePath);
  assertEquals(path.sep, nodePath.sep);
});

Deno.test("relative and resolve start from the current folder", () => {
  const before = Deno.cwd();
  const folder = Deno.makeTempDirSync();
  try {
    Deno.chdir(folder);
    const here = Deno.cwd();
    for (const p of generatedPaths(3)) {
      assertEquals(posix.resolve(p), nodePosix.resolve(p), `resolve(${JSON.stringify(p)})`);
      assertEquals(posix.relative(p, "/"), nodePosix.relative(p, "/"), `relative(${p}, /)`);
      assertEquals(posix.relative("/", p), nodePosix.relative("/", p), `relative(/, ${p})`);
    }
    assertEquals(posix.relative("a", here), "..");
    assertEquals(posix.resolve("a/.."), here);
  } finally {
    Deno.chdir(before);
    Deno.removeSync(folder);
  }
});
