import { assertEquals } from "../test_assert.ts";
import { countOf } from "./plural.ts";

Deno.test("countOf() uses the singular for one and the plural otherwise", () => {
  assertEquals(countOf(1, "token"), "1 token");
  assertEquals(countOf(0, "token"), "0 tokens");
  assertEquals(countOf(2, "search", "searches"), "2 searches");
});
