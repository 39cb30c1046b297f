import { assert, assertEquals } from "../test_assert.ts";
import { type HelpView, renderHelp, wrapWords } from "./help.ts";
import { displayWidth } from "./table.ts";

const VIEW: HelpView = {
  usage: "canary show [options] <req-id>",
  description: "every token of one requirement, grouped, with status, location, tests, owner",
  arguments: [["req-id", "the requirement"]],
  options: [
    ["--group-by <field>", "aspect (default), status or file: how the tokens are grouped"],
    ["--json", "print the result as JSON on stdout — für alle Fälle ≥ 1"],
    ["-h, --help", "display help for command"],
  ],
  commands: [],
  footer: "\nExamples:\n  canary show CBIN-129\n",
};

Deno.test("wrapWords breaks at spaces, never inside a word", () => {
  assertEquals(wrapWords("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
  assertEquals(wrapWords("unbreakable-word here", 4), ["unbreakable-word", "here"]);
  assertEquals(wrapWords("", 10), [""]);
});

Deno.test("help: sections in order, two columns, every line within the width", () => {
  for (const width of [100, 80, 60]) {
    const text = renderHelp(VIEW, width);
    const lines = text.split("\n");
    assertEquals(lines[0], "Usage: canary show [options] <req-id>");
    assert(text.indexOf("Arguments:") < text.indexOf("Options:"), text);
    assert(text.endsWith("\nExamples:\n  canary show CBIN-129\n"), text);
    for (const line of lines) assert(displayWidth(line) <= width, `${width}: '${line}'`);
    const json = lines.find((line) => line.startsWith("  --json"))!;
    assertEquals(
      json.indexOf("print"),
      lines.find((l) => l.startsWith("  --group-by"))!.indexOf("aspect"),
    );
  }
});

Deno.test("help: on a narrow screen each description goes under its term", () => {
  const lines = renderHelp(VIEW, 40).split("\n");
  const at = lines.indexOf("  --group-by <field>");
  assert(at > 0, lines.join("\n"));
  assert(lines[at + 1].startsWith("      aspect"), lines[at + 1]);
  for (const line of lines) assert(displayWidth(line) <= 40, `'${line}'`);
});
