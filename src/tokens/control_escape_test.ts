import { assertEquals } from "../test_assert.ts";
import { escapeControls } from "./control_escape.ts";

Deno.test("every terminal-active character becomes a visible escape", () => {
  assertEquals(
    escapeControls("\x00\x07\x1b\x7f\x85\x9b\x9d\x9f"),
    "\\x00\\x07\\x1b\\x7f\\x85\\x9b\\x9d\\x9f",
  );
  assertEquals(
    escapeControls("\u061c\u200e\u200f\u2028\u2029\u202a\u202e\u2066\u2069"),
    "\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a\\u202e\\u2066\\u2069",
  );
  assertEquals(escapeControls("a\tb\nc\rd"), "a\\tb\\nc\\rd");
  assertEquals(escapeControls("ordinary é 日本 \\ text"), "ordinary é 日本 \\ text");
});

Deno.test("backslashes are doubled only when asked, and layout kept only when asked", () => {
  assertEquals(escapeControls("a\\b\x1b", { backslash: true }), "a\\\\b\\x1b");
  assertEquals(escapeControls("a\tb\nc\x1b", { keepLayout: true }), "a\tb\nc\\x1b");
});

Deno.test("keepTabs keeps tabs only", () => {
  assertEquals(escapeControls("a\tb\nc\x1b", { keepTabs: true }), "a\tb\\nc\\x1b");
});
