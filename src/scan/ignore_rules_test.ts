import { assertEquals } from "../test_assert.ts";
import { IgnoreRules } from "./ignore_rules.ts";

/** The two verdict flags, without the matching rule the library may attach. */
function flags(rules: IgnoreRules, path: string): { ignored: boolean; unignored: boolean } {
  const { ignored, unignored } = rules.test(path);
  return { ignored, unignored };
}

Deno.test("IgnoreRules.test judges one path without inheriting its parent's verdict", () => {
  const rules = new IgnoreRules("gen/\n*.log\n!keep.log\n");
  assertEquals(flags(rules, "gen/"), { ignored: true, unignored: false });
  // ignore().ignores() would say true here because gen/ is ignored; the walker needs the raw answer.
  assertEquals(flags(rules, "gen/a.ts"), { ignored: false, unignored: false });
  assertEquals(flags(rules, "a/b.log"), { ignored: true, unignored: false });
  assertEquals(flags(rules, "a/keep.log"), { ignored: false, unignored: true });
});

Deno.test("IgnoreRules matches case-sensitively, like git on Linux", () => {
  const rules = new IgnoreRules("Secret.txt\n");
  assertEquals(rules.test("Secret.txt").ignored, true);
  assertEquals(rules.test("secret.txt").ignored, false);
});

Deno.test("IgnoreRules handles CRLF files, comments and directory-only patterns", () => {
  const rules = new IgnoreRules("# comment\r\nout/\r\n*.tmp\r\n");
  assertEquals(rules.test("# comment").ignored, false);
  assertEquals(rules.test("out/").ignored, true);
  assertEquals(rules.test("out").ignored, false, "a file named out is not a directory");
  assertEquals(rules.test("x.tmp").ignored, true);
});

Deno.test("IgnoreRules.mayReincludeBelow follows anchored negations segment by segment", () => {
  const rules = new IgnoreRules("!gen/api/*.ts\n");
  assertEquals(rules.mayReincludeBelow("gen", true), true);
  assertEquals(rules.mayReincludeBelow("gen/api", true), true);
  assertEquals(rules.mayReincludeBelow("gen/api/x", true), false, "the pattern ends above");
  assertEquals(rules.mayReincludeBelow("other", true), false);
  assertEquals(rules.mayReincludeBelow("gen/other", false), false);
});

Deno.test("IgnoreRules.mayReincludeBelow treats wildcards and ** as maybe", () => {
  const rules = new IgnoreRules("!v*/lib/**/x.ts\n");
  assertEquals(rules.mayReincludeBelow("vendor", true), true);
  assertEquals(rules.mayReincludeBelow("vendor/lib/a/b/c", true), true);
  assertEquals(rules.mayReincludeBelow("vendor/src", true), false);
});

Deno.test("IgnoreRules.mayReincludeBelow counts unanchored negations unless told not to", () => {
  const rules = new IgnoreRules("!*.ts\n!**/keep/\n");
  assertEquals(rules.mayReincludeBelow("any/dir", false), true);
  assertEquals(rules.mayReincludeBelow("any/dir", true), false);
  assertEquals(new IgnoreRules("*.ts\n\\!literal\n").mayReincludeBelow("x", false), false);
  assertEquals(new IgnoreRules("*.ts\n").mayReincludeBelow("gen", true), false);
});

Deno.test("IgnoreRules.withoutWildcardNegations keeps anchored and literal negations", () => {
  const rules = new IgnoreRules("*\n!*.ts\n!vendor/\n!/lib/a.js\n").withoutWildcardNegations();
  assertEquals(flags(rules, "x.ts"), { ignored: true, unignored: false });
  assertEquals(flags(rules, "vendor/"), { ignored: false, unignored: true });
  assertEquals(flags(rules, "lib/a.js"), { ignored: false, unignored: true });
});
