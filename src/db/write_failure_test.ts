import { assertEquals } from "../test_assert.ts";
import { CanaryError } from "../errors.ts";
import { knownWriteFailure } from "./write_failure.ts";

Deno.test("a full disk becomes a one-line error naming the step; other errors pass through", () => {
  const full = knownWriteFailure(new Error("database or disk is full"), "writing the index");
  assertEquals(full instanceof CanaryError && full.code, "disk_full");
  assertEquals(
    (full as Error).message,
    "writing the index failed: the disk is full; nothing was changed",
  );
  const other = new Error("no such table: x");
  assertEquals(knownWriteFailure(other, "x"), other);
});
