import { assert, assertEquals } from "../test_assert.ts";
import {
  clusters,
  type Column,
  displayWidth,
  fitCell,
  MAX_CELL_WIDTH,
  tableLines,
} from "./table.ts";

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
  const cell = fitCell("x".repeat(MAX_CELL_WIDTH + 200));
  assertEquals(cell, "x".repeat(MAX_CELL_WIDTH - 1) + "…");
  assertEquals(fitCell("x".repeat(MAX_CELL_WIDTH)), "x".repeat(MAX_CELL_WIDTH), "exact fit stays");
  const wide = fitCell("日本".repeat(MAX_CELL_WIDTH));
  assertEquals(displayWidth(wide), MAX_CELL_WIDTH - 1, "wide characters count two");
  assert(wide.endsWith("日…"), "a wide character that does not fit is left out");
  assertEquals(displayWidth("e\u0301"), 1, "combining marks take no column");
  for (const wideEmoji of ["🚀", "✅", "⚡", "🫠", "🎉", "☕", "⌚"]) {
    assertEquals(displayWidth(wideEmoji), 2, `${wideEmoji} takes two columns`);
  }
  for (const narrow of ["☺", "✓", "❤", "→", "…"]) {
    assertEquals(displayWidth(narrow), 1, `${narrow} takes one column (text presentation)`);
  }
  const family = "👩\u200d👩\u200d👧";
  assertEquals(displayWidth(family), 2, "a joined sequence is one emoji");
  assertEquals(fitCell(`${family}${family}`, 3), `${family}…`, "a sequence is kept or cut whole");
  assertEquals(fitCell(`ab${family}x`, 4), "ab…", "never part of a sequence (another emoji)");
  assertEquals(displayWidth("🇩🇪flag"), 6, "a flag, two regional indicators, takes two columns");
  assertEquals(displayWidth("\u{1f1e9}x"), 2, "a lone regional indicator takes one");
  assertEquals(fitCell("🇩🇪🇫🇷x", 4), "🇩🇪…", "a flag is cut whole");
  assertEquals(displayWidth("❤\ufe0f"), 2, "the emoji selector makes a character an emoji");
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

Deno.test("with a width, free text is cut first, then droppable columns go, highest first", () => {
  type Row = { id: string; text: string; a: string; b: string; bar: string };
  const cols: Column<Row>[] = [
    { header: "ID", value: (r) => r.id },
    { header: "BAR", value: (r) => r.bar, fixed: true },
    { header: "TEXT", value: (r) => r.text },
    { header: "A", value: (r) => r.a, align: "right", drop: 1 },
    { header: "B", value: (r) => r.b, align: "right", drop: 2 },
  ];
  const rows = [{ id: "X-1", text: "数据库".repeat(10), a: "111", b: "222", bar: "[#####-----]" }];
  const wide = [...tableLines(cols, rows, undefined, 200)];
  assertEquals(wide[1], `X-1  [#####-----]  ${"数据库".repeat(10)}  111  222`);
  const fitted = [...tableLines(cols, rows, undefined, 40)];
  for (const line of fitted) assert(displayWidth(line) <= 40, line);
  assert(fitted[1].includes("[#####-----]"), "a fixed column is never cut");
  assert(fitted[1].includes("…"), "the free text is cut");
  const narrow = [...tableLines(cols, rows, undefined, 30)];
  assertEquals(narrow[0].split(/\s+/), ["ID", "BAR", "TEXT", "A"], "B goes before A");
  for (const line of narrow) assert(displayWidth(line) <= 30, line);
});

Deno.test("with a width, the first column, the table's key, is never cut", () => {
  type Row = { id: string; text: string };
  const cols: Column<Row>[] = [
    { header: "REQ", value: (r) => r.id },
    { header: "FEATURE", value: (r) => r.text },
  ];
  const rows = [{ id: "CBIN-129", text: "DatabaseMigrations" }, { id: "CBIN-130", text: "R" }];
  const lines = [...tableLines(cols, rows, undefined, 17)];
  assertEquals(lines.map((line) => line.split(" ")[0]), ["REQ", "CBIN-129", "CBIN-130"]);
  assert(lines[1].endsWith("…"), lines[1]);
});

Deno.test("with a width, empty columns go first, headings are cut, the key only if it fits", () => {
  type Row = { id: string; text: string; note: string; status: string };
  const cols: Column<Row>[] = [
    { header: "REQ", value: (r) => r.id },
    { header: "DESCRIPTION", value: (r) => r.text },
    { header: "NOTE", value: (r) => r.note },
    { header: "STATUS", value: (r) => r.status, fixed: true },
  ];
  const rows = [{ id: "CBIN-129", text: "Rollback", note: "", status: "MISSING" }];
  assertEquals([...tableLines(cols, rows, undefined, 26)], [
    "REQ       DESCRI…  STATUS",
    "CBIN-129  Rollba…  MISSING",
  ]);
  assertEquals([...tableLines(cols, rows, undefined, 22)][1], "CBIN-129  Ro…  MISSING");
  const overflow = [...tableLines(cols, rows, undefined, 18)][1];
  assertEquals(overflow, "CBIN-129  R…  MISSING", "cut, the key would still not fit");
});

Deno.test("a styled heading's padding lies outside its escape codes", () => {
  const bold = (text: string) => `\x1b[1m${text}\x1b[22m`;
  const [header] = tableLines(
    [{ header: "A", value: (r: { a: string }) => r.a }, {
      header: "B",
      value: (r: { a: string }) => r.a,
    }],
    [{ a: "long value" }],
    bold,
  );
  assertEquals(header, `\x1b[1mA\x1b[22m${" ".repeat(11)}\x1b[1mB\x1b[22m`);
});

Deno.test("off a terminal a 300-column value is shown whole; on one it is cut to fit", () => {
  const long = "L".repeat(300);
  const rows = [{ name: long, n: 1 }, { name: "short", n: 22 }];
  const piped = [...tableLines(columns, rows)];
  assertEquals(piped[1], `${long}   1`);
  assertEquals(piped[2], `short${" ".repeat(295)}  22`);
  const fitted = [...tableLines(columns, rows, undefined, 40)];
  assert(fitted.every((line) => displayWidth(line) <= 40), fitted.join("\n"));
  assert(fitted[1].endsWith("…   1"), fitted[1]);
});

Deno.test("clusters: without a joining code point each code point is its own cluster, as Intl.Segmenter says", () => {
  const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
  // Code points that join clusters and ones that do not, mixed at random (fixed seed).
  const pool = [
    "a",
    "é",
    "e\u0301",
    "…",
    "→",
    "—",
    "漢",
    "字",
    "한",
    "\u1100\u1161\u11a8",
    "\u0915\u093f",
    "\u0600",
    "\u0661",
    "👍",
    "👍🏽",
    "👨\u200d👩\u200d👧",
    "🇩🇪",
    "🇫",
    "❤\ufe0f",
    "🏴\u{e0067}\u{e0062}\u{e007f}",
    "ｶ\uff9e",
    "\u200c",
    "\u{110bd}\u{11083}",
    "\u05d0",
    "Ω",
    "ß",
    "\u3000",
  ];
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let n = 0; n < 2000; n++) {
    let text = "";
    for (let i = 0, length = 1 + Math.floor(random() * 6); i < length; i++) {
      text += pool[Math.floor(random() * pool.length)];
    }
    assertEquals(clusters(text), Array.from(segmenter.segment(text), (s) => s.segment), text);
  }
});
