import { assertEquals } from "../test_assert.ts";
import { promoteStatus } from "./promote.ts";
import { type Status, STATUSES } from "./token.ts";

Deno.test("promoteStatus() covers every status with and without tests and benches", () => {
  const expected: Record<Status, [Status, Status, Status, Status]> = {
    // [no evidence, tests only, benches only, both]
    MISSING: ["MISSING", "MISSING", "MISSING", "MISSING"],
    STUB: ["STUB", "STUB", "STUB", "STUB"],
    IMPL: ["IMPL", "TESTED", "BENCHED", "BENCHED"],
    TESTED: ["TESTED", "TESTED", "BENCHED", "BENCHED"],
    BENCHED: ["BENCHED", "BENCHED", "BENCHED", "BENCHED"],
    REMOVED: ["REMOVED", "REMOVED", "REMOVED", "REMOVED"],
  };
  for (const status of STATUSES) {
    const actual = [
      promoteStatus(status, [], []),
      promoteStatus(status, ["TestA"], []),
      promoteStatus(status, [], ["BenchA"]),
      promoteStatus(status, ["TestA", "TestB"], ["BenchA"]),
    ];
    assertEquals(actual, expected[status], status);
  }
});
