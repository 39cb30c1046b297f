import { assertEquals, assertThrows } from "../test_assert.ts";
import { UsageError } from "../errors.ts";
import {
  formatRfc3339Utc,
  normalizeTimestamp,
  parseTimestamp,
  runTime,
  utcDate,
} from "./timestamp.ts";

Deno.test("parseTimestamp accepts RFC 3339 with Z, offsets, fractions, and bare dates", () => {
  const iso = (text: string) => parseTimestamp(text)?.toISOString() ?? null;
  assertEquals(iso("2025-10-16T12:00:00Z"), "2025-10-16T12:00:00.000Z");
  assertEquals(iso("2025-10-16t12:00:00z"), "2025-10-16T12:00:00.000Z");
  assertEquals(iso("2025-10-16T01:30:00+02:00"), "2025-10-15T23:30:00.000Z");
  assertEquals(iso("2025-10-16T12:00:00.250Z"), "2025-10-16T12:00:00.250Z");
  assertEquals(iso("2025-10-16"), "2025-10-16T00:00:00.000Z");
});

Deno.test("parseTimestamp rejects other forms and impossible values", () => {
  for (
    const text of [
      "",
      "yesterday",
      "2025-10-16T12:00:00", // no zone: ambiguous
      "2025-02-30T00:00:00Z",
      "2025-10-16T24:00:00Z",
      "2025-10-16T12:60:00Z",
      "2025-10-16T12:00:00+25:00",
      "1760616000",
    ]
  ) {
    assertEquals(parseTimestamp(text), null, text);
  }
});

Deno.test("formatRfc3339Utc drops milliseconds; utcDate is the UTC calendar day", () => {
  const date = new Date("2025-10-15T23:30:00.999-02:00");
  assertEquals(formatRfc3339Utc(date), "2025-10-16T01:30:00Z");
  assertEquals(utcDate(date), "2025-10-16");
});

Deno.test("normalizeTimestamp() prints stored timestamps as RFC 3339 UTC to the second", () => {
  assertEquals(normalizeTimestamp("2026-12-02 06:30:00"), "2026-12-02T06:30:00Z");
  assertEquals(normalizeTimestamp("2026-12-02T06:30:00.123Z"), "2026-12-02T06:30:00Z");
  assertEquals(normalizeTimestamp("2026-12-02T08:30:00.5+02:00"), "2026-12-02T06:30:00Z");
  assertEquals(normalizeTimestamp("2026-12-02"), "2026-12-02");
  assertEquals(normalizeTimestamp("yesterday"), "yesterday");
  assertEquals(normalizeTimestamp(null), null);
});

Deno.test("normalizeTimestamp() gives each value its own answer, repeated or alternating", () => {
  const cases = [
    ["2026-12-02 06:30:00", "2026-12-02T06:30:00Z"],
    ["2026-12-02 06:30:00", "2026-12-02T06:30:00Z"],
    ["not a time", "not a time"],
    ["2026-12-02 06:30:00", "2026-12-02T06:30:00Z"],
    ["2026-12-02T08:30:00+02:00", "2026-12-02T06:30:00Z"],
    ["2026-12-02", "2026-12-02"],
    ["2026-12-02", "2026-12-02"],
  ];
  for (const [stored, expected] of cases) assertEquals(normalizeTimestamp(stored), expected);
  assertEquals(normalizeTimestamp(null), null);
  assertEquals(normalizeTimestamp("2026-12-02"), "2026-12-02");
});

Deno.test("runTime: CANARY_TEST_TIMESTAMP fixes now; invalid values are usage errors", () => {
  const env = (value: string | undefined) => (name: string) =>
    name === "CANARY_TEST_TIMESTAMP" ? value : undefined;
  assertEquals(runTime(env("2025-10-16T12:00:00Z")).toISOString(), "2025-10-16T12:00:00.000Z");
  const before = Date.now();
  const now = runTime(env(undefined)).getTime();
  assertEquals(now >= before && now <= Date.now(), true);
  assertThrows(() => runTime(env("16/10/2025")), UsageError, "CANARY_TEST_TIMESTAMP");
});
