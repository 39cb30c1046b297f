import { assertEquals } from "../test_assert.ts";
import { scanExitCode } from "./scan_command.ts";

Deno.test("scanExitCode: I/O failures outrank failed claims and stale tokens", () => {
  assertEquals(scanExitCode({ ioFailures: 0, failedClaims: 0, staleGroups: 0 }), 0);
  assertEquals(scanExitCode({ ioFailures: 0, failedClaims: 1, staleGroups: 0 }), 2);
  assertEquals(scanExitCode({ ioFailures: 0, failedClaims: 0, staleGroups: 3 }), 2);
  assertEquals(scanExitCode({ ioFailures: 1, failedClaims: 0, staleGroups: 0 }), 3);
  assertEquals(scanExitCode({ ioFailures: 2, failedClaims: 5, staleGroups: 5 }), 3);
});
