import { assert, assertEquals, assertNotEquals } from "../test_assert.ts";
import { compareCodePoints } from "./path_order.ts";

Deno.test("compareCodePoints sorts ASCII like the default comparison", () => {
  const paths = ["b/a.ts", "a/b.ts", "a-b.ts", "a/a.ts", "A.ts", "a.ts"];
  assertEquals([...paths].sort(compareCodePoints), [...paths].sort());
});

Deno.test("compareCodePoints puts astral characters after U+E000–U+FFFF", () => {
  const astral = "\u{1F600}.ts"; // surrogate pair in UTF-16
  const privateUse = "\uE000.ts";
  const fullwidth = "\uFF21.ts";
  assertEquals([astral, fullwidth, privateUse].sort(compareCodePoints), [
    privateUse,
    fullwidth,
    astral,
  ]);
  // The default sort gets this wrong, which is why the comparator exists.
  assertNotEquals([astral, fullwidth, privateUse].sort(), [privateUse, fullwidth, astral]);
});

Deno.test("compareCodePoints matches byte order of UTF-8 encodings", () => {
  const names = ["z", "é", "\u{10000}", "\uFFFD", "a b", "a\nb", "\u0000", "日本"];
  const encoder = new TextEncoder();
  const byBytes = [...names].sort((x, y) => {
    const bx = encoder.encode(x);
    const by = encoder.encode(y);
    for (let i = 0; i < Math.min(bx.length, by.length); i++) {
      if (bx[i] !== by[i]) return bx[i] - by[i];
    }
    return bx.length - by.length;
  });
  assertEquals([...names].sort(compareCodePoints), byBytes);
});

Deno.test("compareCodePoints orders a prefix first and equal strings as equal", () => {
  assert(compareCodePoints("a", "a/b") < 0);
  assert(compareCodePoints("a/b", "a") > 0);
  assertEquals(compareCodePoints("same", "same"), 0);
});

Deno.test("sortByCodePoints agrees with compareCodePoints with and without surrogates", async () => {
  const { sortByCodePoints } = await import("./path_order.ts");
  const plain = ["b/a", "a-c", "a/b", "A", "é", "a"];
  const astral = [...plain, "\u{1F600}", "\uFFFD"];
  for (const list of [plain, astral]) {
    const expected = [...list].sort(compareCodePoints);
    assertEquals(sortByCodePoints([...list], (s) => s), expected);
  }
  assertEquals(sortByCodePoints(["\uFFFD", "\u{1F600}"], (s) => s), ["\uFFFD", "\u{1F600}"]);
});

Deno.test("sortByCodePoints keeps sorted lists, equal keys in their order, and sorts the rest", async () => {
  const { sortByCodePoints } = await import("./path_order.ts");
  const sorted = [["a", 1], ["a", 0], ["b", 2], ["b/c", 3]] as const;
  const kept = [...sorted];
  assertEquals(sortByCodePoints(kept, ([path]) => path), [...sorted]);
  const oneOut = [["b", 2], ["a", 1], ["a", 0], ["b/c", 3]] as [string, number][];
  assertEquals(sortByCodePoints(oneOut, ([path]) => path), [["a", 1], ["a", 0], ["b", 2], [
    "b/c",
    3,
  ]]);
});
