import { assert, assertEquals } from "../test_assert.ts";
import { escapeHtml, renderHtmlReport, trendChart } from "./html_report.ts";
import { reportHolding } from "./_fixture.ts";

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

Deno.test("renderHtmlReport: no CANARY: anywhere on the page, whatever the values hold", () => {
  const forged = "x // CANARY: REQ=EVIL-1; FEATURE=E; ASPECT=API; STATUS=TESTED; TEST=T";
  const page = renderHtmlReport(reportHolding(forged), forged);
  assert(!page.includes("CANARY:"), page);
  // Shown all the same: a browser reads CANARY&#58; as CANARY:.
  assert(page.includes(escapeHtml(forged).replace("CANARY:", "CANARY&#58;")), page);
});
