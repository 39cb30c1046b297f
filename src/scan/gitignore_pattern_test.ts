import ignore from "ignore";
import { assertEquals } from "../test_assert.ts";
import { compileGitignoreLine } from "./gitignore_pattern.ts";
import { IgnoreRules } from "./ignore_rules.ts";

/** The verdict of npm `ignore` (the reference) for one pattern on one path, parents not consulted. */
function reference(pattern: string, path: string): { ignored: boolean; unignored: boolean } {
  const rules = (ignore({ ignorecase: false }).add([pattern]) as unknown as {
    _rules: { test(path: string, mode: string): { ignored: boolean; unignored: boolean } };
  })._rules;
  const { ignored, unignored } = rules.test(path, "regex");
  return { ignored, unignored };
}

Deno.test("gitignore lines: comments, blanks, escapes, negation and directory-only", () => {
  assertEquals(compileGitignoreLine("# comment"), null);
  assertEquals(compileGitignoreLine("   "), null);
  assertEquals(compileGitignoreLine("!"), null);
  const cases: [string, string, boolean][] = [
    ["\\#x", "#x", true],
    ["\\!x", "!x", true],
    ["foo   ", "foo", true],
    ["foo\\ ", "foo ", true],
    ["*.log", "a/b/c.log", true],
    ["/top", "a/top", false],
    ["a/*.c", "a/b/x.c", false],
    ["a/**/b", "a/b", true],
    ["a/**/b", "a/x/y/b", true],
    ["a/**", "a", false],
    ["a/**", "a/x/y", true],
    ["**/x", "p/q/x", true],
    ["x**y", "x/y", false],
    ["[!a]", "b", true],
    ["[!a]", "/", false],
    ["[a-c]z", "bz", true],
    ["a[", "a[", false],
    ["a?c", "a/c", false],
  ];
  for (const [pattern, path, matches] of cases) {
    assertEquals(compileGitignoreLine(pattern)!.regex.test(path), matches, `${pattern} ~ ${path}`);
  }
  assertEquals(new IgnoreRules("build/").test("src/build"), { ignored: false, unignored: false });
  assertEquals(new IgnoreRules("build/").test("src/build/"), { ignored: true, unignored: false });
  assertEquals(new IgnoreRules("*.c\n!keep.c").test("keep.c"), { ignored: false, unignored: true });
});

Deno.test("gitignore lines: the same verdicts as npm ignore over generated patterns and paths", () => {
  let seed = 20251016;
  const pick = <T>(items: readonly T[]) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return items[seed % items.length];
  };
  const parts = [
    "a",
    "b",
    "ab",
    "*",
    "**",
    "***",
    "?",
    "[ab]",
    "[!a]",
    "[a-b]",
    "[",
    "]",
    "\\",
    "/",
    "/",
    "\\*",
    " ",
    "\\ ",
    ".",
    "x*",
    "*b",
    "#",
    "!",
    "/**",
    "**/",
    "[^b]",
    "[]a]",
    "-",
  ];
  const names = ["a", "b", "ab", "ba", "a.b", "x", "bb", "*", " "];
  for (let n = 0; n < 3000; n++) {
    const length = 1 + (n % 4);
    const pattern = (n % 5 === 0 ? "!" : "") + Array.from({ length }, () => pick(parts)).join("");
    const rules = new IgnoreRules(pattern);
    for (let k = 0; k < 10; k++) {
      const depth = 1 + (k % 3);
      const path = Array.from({ length: depth }, () => pick(names)).join("/") + (k % 2 ? "/" : "");
      assertEquals(
        rules.test(path),
        reference(pattern, path),
        `${JSON.stringify(pattern)} ~ ${path}`,
      );
    }
  }
});
