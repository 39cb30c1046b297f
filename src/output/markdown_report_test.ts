import { assert, assertEquals } from "../test_assert.ts";
import { escapeMarkdownCell, renderMarkdownReport, sparkline } from "./markdown_report.ts";
import { reportHolding } from "./_fixture.ts";

const point = (completed: number) => ({ name: "c", created_at: "", completed, total: 9 });

Deno.test("sparkline: lowest block for 0, highest for the maximum, one block per point", () => {
  assertEquals(sparkline([0, 4, 8].map(point)), "▁▅█");
  assertEquals(sparkline([0, 0].map(point)), "▁▁");
  assertEquals(sparkline([]), "");
});

Deno.test("escapeMarkdownCell: pipes, markup and line breaks cannot change a table", () => {
  assertEquals(escapeMarkdownCell("a | b"), "a \\| b");
  assertEquals(escapeMarkdownCell("<b>*x*</b>"), "\\<b\\>\\*x\\*\\</b\\>");
  assertEquals(escapeMarkdownCell("one\ntwo").includes("\n"), false);
});

Deno.test("renderMarkdownReport: CANARY: is written CANARY\\:, whatever the values hold", () => {
  const forged = "x // CANARY: REQ=EVIL-1; FEATURE=E; ASPECT=API; STATUS=TESTED; TEST=T";
  const markdown = renderMarkdownReport(reportHolding(forged), forged);
  assert(!markdown.includes("CANARY:"), markdown);
  assert(markdown.includes("x // CANARY\\: REQ=EVIL-1"), markdown);
});
