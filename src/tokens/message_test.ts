import assert from "node:assert/strict";
import { quoteForMessage } from "./message.ts";

Deno.test("quoteForMessage() JSON-quotes short values unchanged", () => {
  assert.equal(quoteForMessage("DONE"), `"DONE"`);
  assert.equal(quoteForMessage(`a"b\n`), `"a\\"b\\n"`);
});

Deno.test("quoteForMessage() cuts long values without splitting a surrogate pair", () => {
  assert.equal(quoteForMessage("x".repeat(61)), `"${"x".repeat(60)}\u2026"`);
  const pairAtCut = "x".repeat(59) + "\u{1F600}" + "y";
  assert.equal(quoteForMessage(pairAtCut), `"${"x".repeat(59)}\u2026"`);
});
