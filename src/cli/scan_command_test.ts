import { assertEquals, assertThrows } from "../test_assert.ts";
import { UsageError } from "../errors.ts";
import { runTime, scanExitCode } from "./scan_command.ts";

Deno.test("scanExitCode: I/O failures outrank failed claims and stale tokens", () => {
  assertEquals(scanExitCode({ ioFailures: 0, failedClaims: 0, staleGroups: 0 }), 0);
  assertEquals(scanExitCode({ ioFailures: 0, failedClaims: 1, staleGroups: 0 }), 2);
  assertEquals(scanExitCode({ ioFailures: 0, failedClaims: 0, staleGroups: 3 }), 2);
  assertEquals(scanExitCode({ ioFailures: 1, failedClaims: 0, staleGroups: 0 }), 3);
  assertEquals(scanExitCode({ ioFailures: 2, failedClaims: 5, staleGroups: 5 }), 3);
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
