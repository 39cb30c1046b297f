import { assertEquals, assertNotEquals } from "../test_assert.ts";
import { locateMarker } from "./locate.ts";

Deno.test("locateMarker() reports the opener, its placement and its closers", () => {
  const cases: [string, string, boolean, string[], boolean][] = [
    // line, opener, trailing, closers, closesWithParen
    ["CANARY: a=b", "", false, ["*/", "-->", "-}", "*)"], false],
    ["// CANARY: a=b", "//", false, [], false],
    ["//! CANARY: a=b", "//!", false, [], false],
    ["/** CANARY: a=b */", "/**", false, ["*/"], false],
    ["/*! CANARY: a=b */", "/*!", false, ["*/"], false],
    [" * CANARY: a=b", "*", false, ["*/", "*)"], false],
    ["<!-- CANARY: a=b -->", "<!--", false, ["-->"], false],
    ["{- CANARY: a=b -}", "{-", false, ["-}"], false],
    ["(* CANARY: a=b *)", "(*", false, ["*)"], false],
    ["[//]: # (CANARY: a=b)", "[//]: # (", false, [], true],
    ["[//]: # CANARY: a=b", "[//]: #", false, [], false],
    ["@rem CANARY: a=b", "@rem", false, [], false],
    ["x = 1 # CANARY: a=b", "#", true, [], false],
    ["f();/* CANARY: a=b */", "/*", true, ["*/"], false],
  ];
  for (const [line, opener, trailing, closers, closesWithParen] of cases) {
    const location = locateMarker(line);
    assertNotEquals(location, null, line);
    assertEquals(
      { ...location, closers: [...location!.closers] },
      { markerStart: line.indexOf("CANARY:"), opener, trailing, closers, closesWithParen },
      line,
    );
  }
});

Deno.test("locateMarker() skips unrecognised markers to find a later one", () => {
  const line = `say("CANARY: x") # CANARY: a=b`;
  assertEquals(locateMarker(line)?.markerStart, line.lastIndexOf("CANARY:"));
});

Deno.test("locateMarker() rejects openers inside strings or glued to words", () => {
  const lines = [
    `x = "a // CANARY: a=b"`,
    "x = `a # CANARY: a=b`",
    `x = 'a -- CANARY: a=b'`,
    `x = "a \\" // CANARY: a=b"`,
    `see http://CANARY: a=b`,
    `path\\//CANARY: a=b`,
    `x--CANARY: a=b`,
    `x;CANARY: a=b`,
    `a#CANARY: a=b`,
    `x = y * CANARY: a=b`,
    `FOREM CANARY: a=b`,
    `x [//]: # (CANARY: a=b)`,
    `CANARY`,
  ];
  for (const line of lines) assertEquals(locateMarker(line), null, line);
});
