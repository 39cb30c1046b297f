import { assert, assertEquals } from "../test_assert.ts";
import { displayWidth, fitCell, MAX_CELL_WIDTH, tableLines } from "./table.ts";

const columns = [
  { header: "NAME", value: (r: { name: string; n: number }) => r.name },
  { header: "N", value: (r: { name: string; n: number }) => String(r.n), align: "right" as const },
];

Deno.test("columns are aligned and trailing spaces trimmed", () => {
  assertEquals([...tableLines(columns, [{ name: "a", n: 10 }, { name: "bbbbbb", n: 2 }])], [
    "NAME     N",
    "a       10",
    "bbbbbb   2",
  ]);
});

Deno.test("C0, C1 and bidirectional controls in a cell are shown escaped", () => {
  const [, line] = tableLines(columns, [{ name: "a\x1b]52;c;eA==\x07\x9b2J\x9d\u202eb\tc", n: 1 }]);
  assertEquals(line, "a\\x1b]52;c;eA==\\x07\\x9b2J\\x9d\\u202eb\\tc  1");
});

Deno.test("a long cell is cut to the maximum width with an ellipsis, counting wide characters", () => {
  const cell = fitCell("x".repeat(200));
  assertEquals(cell, "x".repeat(MAX_CELL_WIDTH - 1) + "…");
  assertEquals(fitCell("x".repeat(MAX_CELL_WIDTH)), "x".repeat(MAX_CELL_WIDTH), "exact fit stays");
  const wide = fitCell("日本".repeat(100));
  assertEquals(displayWidth(wide), MAX_CELL_WIDTH - 1, "wide characters count two");
  assert(wide.endsWith("日…"), "a wide character that does not fit is left out");
  assertEquals(displayWidth("e\u0301"), 1, "combining marks take no column");
  assertEquals(fitCell("\x1b".repeat(100), 10), "\\x1b\\x1b\\…", "escapes count as shown");
});

Deno.test("a 5 MB cell renders as one cut cell, however many rows are padded to it", () => {
  const rows = [
    { name: "y".repeat(5_000_000), n: 1 },
    ...Array.from({ length: 50 }, (_, i) => ({ name: " ".repeat(i), n: i })),
  ];
  const lines = [...tableLines(columns, rows)];
  assertEquals(lines.length, 52);
  assertEquals(lines[1], "y".repeat(MAX_CELL_WIDTH - 1) + "…   1");
  assertEquals(lines[2], " ".repeat(MAX_CELL_WIDTH + 3) + "0");
  assert(lines.every((line) => displayWidth(line) <= MAX_CELL_WIDTH + 4));
});

Deno.test("200,000 rows render without exhausting the stack", () => {
  const rows = Array.from({ length: 200_000 }, (_, i) => ({ name: `r${i}`, n: i }));
  let count = 0;
  let last = "";
  for (const line of tableLines(columns, rows)) {
    count++;
    last = line;
  }
  assertEquals(count, 200_001);
  assertEquals(last, "r199999  199999");
});
