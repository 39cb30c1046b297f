import { assertEquals } from "../test_assert.ts";
import { scanned } from "./_fixture.ts";
import { groupTokens } from "./group_tokens.ts";
import { ageInDays, findStale, formatStale } from "./stale.ts";

Deno.test("ageInDays counts whole UTC days across months, leap days and years", () => {
  assertEquals(ageInDays("2025-01-01", "2025-01-31"), 30);
  assertEquals(ageInDays("2024-02-28", "2024-03-01"), 2);
  assertEquals(ageInDays("2024-12-31", "2025-01-01"), 1);
  assertEquals(ageInDays("2025-01-02", "2025-01-01"), -1);
  assertEquals(ageInDays("", "2025-01-01"), null);
  assertEquals(ageInDays("2025-02-30", "2025-03-01"), null);
});

function groups(updates: string[], status = "TESTED") {
  return groupTokens(scanned({
    "a.go": updates.map((updated, i) =>
      `// CANARY: REQ=CBIN-${i + 1}; FEATURE=F; ASPECT=API; STATUS=${status}` +
      (updated === "" ? "" : `; UPDATED=${updated}`)
    ),
  }));
}

Deno.test("findStale: exactly stale-days old is fresh, one day more is stale", () => {
  // Today 2025-03-31; 30 days back is 2025-03-01, 31 days back 2025-02-28.
  const found = findStale(
    groups(["2025-03-01", "2025-02-28", "2025-03-31", "2025-04-10"]),
    "2025-03-31",
    30,
  );
  assertEquals(found.map((s) => [s.group.reqId, s.ageDays]), [["CBIN-2", 31]]);
  assertEquals(
    formatStale(found[0]),
    "CANARY_STALE REQ=CBIN-2 updated=2025-02-28 age_days=31 threshold=30",
  );
});

Deno.test("findStale: the threshold is configurable, 0 included", () => {
  const all = groups(["2025-03-30", "2025-03-31"]);
  assertEquals(findStale(all, "2025-03-31", 0).map((s) => s.group.reqId), ["CBIN-1"]);
  assertEquals(findStale(all, "2025-03-31", 1), []);
});

Deno.test("findStale: a missing UPDATED on a TESTED or BENCHED group is stale", () => {
  const found = findStale(groups([""], "BENCHED"), "2025-03-31", 30);
  assertEquals(found.map((s) => [s.group.reqId, s.ageDays]), [["CBIN-1", null]]);
  assertEquals(
    formatStale(found[0]),
    "CANARY_STALE REQ=CBIN-1 updated=none age_days=unknown threshold=30",
  );
});

Deno.test("findStale: an unparsable UPDATED on a group is stale with an unknown age", () => {
  const [group] = groups(["2025-01-01"]);
  const found = findStale([{ ...group, updated: "2025-13-01" }], "2025-03-31", 30);
  assertEquals(
    formatStale(found[0]),
    "CANARY_STALE REQ=CBIN-1 updated=2025-13-01 age_days=unknown threshold=30",
  );
});

Deno.test("findStale ignores groups that are not TESTED or BENCHED, however old", () => {
  for (const status of ["MISSING", "STUB", "IMPL", "REMOVED"]) {
    assertEquals(findStale(groups(["2000-01-01", ""], status), "2025-03-31", 30), [], status);
  }
  // Promotion counts: IMPL with a test is TESTED, hence checked.
  const promoted = groupTokens(scanned({
    "a.go": [
      "// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=IMPL; TEST=T; UPDATED=2000-01-01",
    ],
  }));
  assertEquals(findStale(promoted, "2025-03-31", 30).length, 1);
});
