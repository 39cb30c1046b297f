import { assertEquals } from "../test_assert.ts";
import { escapeCsvForTerminal, escapeExceptStyles, styleText } from "./sanitize.ts";

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

Deno.test("escapeCsvForTerminal: line breaks inside quoted fields are escaped, record ends kept", () => {
  const csv = 'a,"x\r\ny ""q"" \nz",b\r\n"\x1b[2J",c\r\n';
  assertEquals(escapeCsvForTerminal(csv), 'a,"x\\r\\ny ""q"" \\nz",b\r\n"\\x1b[2J",c\r\n');
});
