import { assertEquals } from "../test_assert.ts";
import type { Diagnostic } from "../tokens/parse.ts";
import { diagnosticCount } from "./diagnostics.ts";

function inFiles(counts: Record<string, number>): Diagnostic[] {
  return Object.entries(counts).flatMap(([path, n]) =>
    Array.from(
      { length: n },
      (_, i) => ({ path, line: i + 1, severity: "error" as const, reason: "x" }),
    )
  );
}

Deno.test("diagnosticCount() counts in words, and per file once there are many", () => {
  assertEquals(diagnosticCount([]), "0 diagnostics");
  assertEquals(diagnosticCount(inFiles({ "a.md": 1 })), "1 diagnostic");
  assertEquals(diagnosticCount(inFiles({ "a.md": 5, "b.md": 4 })), "9 diagnostics");
  assertEquals(
    diagnosticCount(inFiles({ "a.md": 3, "b.md": 7 })),
    "10 diagnostics (b.md 7, a.md 3)",
  );
});

Deno.test("diagnosticCount() names five files at most and counts the rest together", () => {
  const counts = { a: 1, b: 9, c: 2, d: 8, e: 3, f: 7, g: 1 };
  assertEquals(
    diagnosticCount(inFiles(counts)),
    "31 diagnostics (b 9, d 8, f 7, e 3, c 2, 2 more files 2)",
  );
  assertEquals(
    diagnosticCount(inFiles({ ...counts, g: 0 })),
    "30 diagnostics (b 9, d 8, f 7, e 3, c 2, 1 more file 1)",
  );
});

Deno.test("diagnosticCount() escapes a file name's control characters", () => {
  assertEquals(diagnosticCount(inFiles({ "a\x1b[2J.md": 10 })), "10 diagnostics (a\\x1b[2J.md 10)");
});
