import { assertEquals } from "../test_assert.ts";
import { quoteForMessage } from "./message.ts";

Deno.test("quoteForMessage() quotes short values whole, controls escaped as tables show them", () => {
  assertEquals(quoteForMessage("DONE"), `"DONE"`);
  assertEquals(quoteForMessage(`a"b\\\n`), `"a\\"b\\\\\\n"`);
  assertEquals(quoteForMessage("AX\x1b]52;\x07\b\x9b1m"), `"AX\\x1b]52;\\x07\\x08\\x9b1m"`);
});

Deno.test("quoteForMessage() cuts long values without splitting a surrogate pair", () => {
  assertEquals(quoteForMessage("x".repeat(61)), `"${"x".repeat(60)}\u2026"`);
  const pairAtCut = "x".repeat(59) + "\u{1F600}" + "y";
  assertEquals(quoteForMessage(pairAtCut), `"${"x".repeat(59)}\u2026"`);
});
