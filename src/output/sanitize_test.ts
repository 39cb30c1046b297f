import { assertEquals } from "../test_assert.ts";
import { escapeControls, escapeExceptStyles, styleText } from "./sanitize.ts";

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

Deno.test("only styles made by styleText become SGR, and only when styles are kept", () => {
  const text = `${styleText("ok", 1, 22)} \x1b[32mdata\x1b[39m \x1b]52;c;eA==\x07\t\n`;
  assertEquals(
    escapeExceptStyles(text, true),
    "\x1b[1mok\x1b[22m \\x1b[32mdata\\x1b[39m \\x1b]52;c;eA==\\x07\t\\n",
  );
  assertEquals(
    escapeExceptStyles(text, false),
    "ok \\x1b[32mdata\\x1b[39m \\x1b]52;c;eA==\\x07\t\\n",
  );
  assertEquals(
    escapeExceptStyles(styleText("a\x1b[8m\n", 31, 39), true),
    "\x1b[31ma\\x1b[8m\\n\x1b[39m",
  );
});
