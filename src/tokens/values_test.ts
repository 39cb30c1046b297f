import assert from "node:assert/strict";
import { ASPECTS, KNOWN_KEYS, STATUSES } from "./token.ts";
import {
  closestMatch,
  editDistance,
  isCalendarDate,
  isPlaceholder,
  isReqId,
  isWholePlaceholder,
  nearestAspect,
  normalizeDashes,
} from "./values.ts";

Deno.test("normalizeDashes() maps every Unicode dash to '-' and leaves the rest", () => {
  assert.equal(
    normalizeDashes("a\u2010b\u2011c\u2012d\u2013e\u2014f\u2015g\u2212h\uFE58i\uFE63j\uFF0Dk"),
    "a-b-c-d-e-f-g-h-i-j-k",
  );
  assert.equal(normalizeDashes("CBIN-1 ~_=+"), "CBIN-1 ~_=+");
});

Deno.test("isReqId() accepts letter-led dash-joined segments only", () => {
  for (const id of ["CBIN-129", "CBIN-CLI-001", "PROJ-1234", "a-1", "X1-Y2-Z3"]) {
    assert.equal(isReqId(id), true, id);
  }
  const bad = [
    "",
    "CBIN",
    "CBIN-",
    "-CBIN-1",
    "1CBIN-1",
    "CBIN--1",
    "CBIN-1-",
    "CBIN_1",
    "CB IN-1",
  ];
  for (const id of [...bad, "CBIN\u20131", "ÄBC-1"]) assert.equal(isReqId(id), false, id);
});

Deno.test("isCalendarDate() accepts real dates and rejects impossible ones", () => {
  for (const date of ["2025-10-16", "2024-02-29", "2000-02-29", "1999-12-31", "2025-01-01"]) {
    assert.equal(isCalendarDate(date), true, date);
  }
  const bad = [
    "2025-02-30",
    "2023-02-29",
    "1900-02-29",
    "2025-04-31",
    "2025-00-10",
    "2025-13-01",
    "2025-01-00",
    "2025-1-01",
    "2025/01/01",
    "20250101",
    "2025-01-01T00:00",
    "２０２５-01-01",
  ];
  for (const date of bad) assert.equal(isCalendarDate(date), false, date);
});

Deno.test("isPlaceholder() spots template text in structured values", () => {
  for (const value of ["CBIN-###", "<req>", "CBIN-<n>", "{{req}}", "CBIN-...", "YYYY-MM-DD"]) {
    assert.equal(isPlaceholder(value), true, value);
  }
  for (const value of ["CBIN-1", "API", "2025-10-16", "a<b", "IMPL"]) {
    assert.equal(isPlaceholder(value), false, value);
  }
});

Deno.test("isWholePlaceholder() flags only values that are nothing but a placeholder", () => {
  for (const value of ["<feature>", "{{owner}}", "...", "\u2026"]) {
    assert.equal(isWholePlaceholder(value), true, value);
  }
  for (const value of ["Parse <T>", "<a> and <b>", "C#", "a...b", "<>", "{{}}", ""]) {
    assert.equal(isWholePlaceholder(value), false, value);
  }
});

Deno.test("editDistance() counts insertions, deletions and substitutions", () => {
  assert.equal(editDistance("", ""), 0);
  assert.equal(editDistance("abc", ""), 3);
  assert.equal(editDistance("storag", "storage"), 1);
  assert.equal(editDistance("kitten", "sitting"), 3);
});

Deno.test("nearestAspect() suggests the closest known aspect, case-insensitively", () => {
  assert.equal(nearestAspect("Storag"), "Storage");
  assert.equal(nearestAspect("SECURTY"), "Security");
  assert.equal(nearestAspect("roundtrp"), "RoundTrip");
  assert.equal(nearestAspect("clii"), "CLI");
  assert.equal(nearestAspect("x".repeat(65)), null);
});

Deno.test("closestMatch() suggests only close spellings, never an unrelated word", () => {
  assert.equal(closestMatch("Stroage", ASPECTS), "Storage");
  assert.equal(closestMatch("IMPLE", STATUSES), "IMPL");
  assert.equal(closestMatch("OWNR", KNOWN_KEYS), "OWNER");
  assert.equal(closestMatch("Sec", ASPECTS), "Security");
  assert.equal(closestMatch("frontend", ASPECTS), "FrontEnd");
  for (const unrelated of ["Database", "Test", "Core", "API (for the CLI)", "", "Go"]) {
    assert.equal(closestMatch(unrelated, ASPECTS.filter((a) => a !== "API")), null, unrelated);
  }
  assert.equal(nearestAspect("Database"), null);
  assert.equal(nearestAspect("Test"), null);
  assert.equal(nearestAspect("Core"), null);
  assert.equal(nearestAspect("API (for the CLI)"), null);
});
