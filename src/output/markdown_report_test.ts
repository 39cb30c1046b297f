import { assertEquals } from "../test_assert.ts";
import { escapeMarkdownCell, sparkline } from "./markdown_report.ts";

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
