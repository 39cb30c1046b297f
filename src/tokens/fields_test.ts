import { assertEquals } from "../test_assert.ts";
import { scanFields } from "./fields.ts";

const LINE_COMMENT = { closers: [], closesWithParen: false };

Deno.test("scanFields() splits keys and values and reports where the token ends", () => {
  const line = `CANARY: a = 1 ;b="x;y" ; ; c='q\\'s'; d=`;
  assertEquals(scanFields(line, 7, LINE_COMMENT), {
    fields: [
      { key: "a", value: "1" },
      { key: "b", value: "x;y" },
      { key: "c", value: "q's" },
      { key: "d", value: "" },
    ],
    errors: [],
    end: line.length,
    sawEquals: true,
  });
});

Deno.test("scanFields() stops at a closer outside quotes", () => {
  const line = `CANARY: a="*/"; b=2 */ tail=1`;
  const scan = scanFields(line, 7, { closers: ["*/"], closesWithParen: false });
  assertEquals(scan.fields, [{ key: "a", value: "*/" }, { key: "b", value: "2" }]);
  assertEquals(line.slice(scan.end), "*/ tail=1");
});

Deno.test("scanFields() balances parentheses before a closing paren", () => {
  const line = `CANARY: a=f(x); b=(1)(2)) rest`;
  const scan = scanFields(line, 7, { closers: [], closesWithParen: true });
  assertEquals(scan.fields, [{ key: "a", value: "f(x)" }, { key: "b", value: "(1)(2)" }]);
  assertEquals(line.slice(scan.end), ") rest");
});

Deno.test("scanFields() reports prose without '=' as sawEquals false", () => {
  const scan = scanFields("CANARY: just words; more", 7, LINE_COMMENT);
  assertEquals(scan.sawEquals, false);
  assertEquals(scan.errors, [`field without "=": "just words"`, `field without "=": "more"`]);
});

Deno.test("scanFields() keeps going after a syntax error in one field", () => {
  const scan = scanFields(`CANARY: =1; a b=2; c=3`, 7, LINE_COMMENT);
  assertEquals(scan.fields, [{ key: "c", value: "3" }]);
  assertEquals(scan.errors, [
    `field with an empty name before "="`,
    `invalid field name "a b" (expected letters, digits or _)`,
  ]);
});
