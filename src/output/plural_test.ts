import assert from "node:assert/strict";
import { countOf } from "./plural.ts";

Deno.test("countOf() uses the singular for one and the plural otherwise", () => {
  assert.equal(countOf(1, "token"), "1 token");
  assert.equal(countOf(0, "token"), "0 tokens");
  assert.equal(countOf(2, "search", "searches"), "2 searches");
});
