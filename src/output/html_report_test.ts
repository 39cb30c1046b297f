import { assert, assertEquals } from "../test_assert.ts";
import { escapeHtml, trendChart } from "./html_report.ts";

Deno.test("escapeHtml: markup and quotes are inert; control characters are shown", () => {
  assertEquals(
    escapeHtml(`<a href="x">'&'</a>`),
    "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
  );
  assert(!escapeHtml("bell\x07").includes("\x07"));
});

Deno.test("trendChart: one point per checkpoint, and a note instead of an empty chart", () => {
  const trend = [1, 3, 2].map((completed, i) => ({
    name: `c${i}`,
    created_at: "2026-12-01 10:00:00",
    completed,
    total: 4,
  }));
  assertEquals(trendChart(trend).match(/<circle class="point"/g)?.length, 3);
  assertEquals(trendChart(trend.slice(0, 1)).match(/<circle class="point"/g)?.length, 1);
  assert(trendChart([]).includes("No checkpoints yet"));
});
