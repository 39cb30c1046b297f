import { assert, assertEquals } from "../test_assert.ts";
import { DEFAULT_PRIORITY, isPriority, PRIORITY_HIGHEST, PRIORITY_LOWEST } from "./priority.ts";

Deno.test("priority scale: 1 to 10, default 5 inside it", () => {
  assertEquals([PRIORITY_HIGHEST, DEFAULT_PRIORITY, PRIORITY_LOWEST], [1, 5, 10]);
  assert([1, 5, 10].every(isPriority));
  assert(![0, 11, 2.5, NaN].some(isPriority));
});
