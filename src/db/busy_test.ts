import { assert, assertEquals } from "../test_assert.ts";
import { isBusyError, retryWhileBusy } from "./busy.ts";

Deno.test("lock waits and WAL lock races are retried; other errors are not", () => {
  assert(isBusyError(new Error("database is locked")));
  assert(isBusyError(new Error("locking protocol")));
  assert(!isBusyError(new Error("no such table: tokens")));
  let calls = 0;
  const value = retryWhileBusy(() => {
    if (++calls < 3) throw new Error("locking protocol");
    return "done";
  });
  assertEquals([value, calls], ["done", 3]);
});
