import { assertEquals } from "../test_assert.ts";
import { escapeMarker, escapeMarkerInJson } from "./marker_escape.ts";
import { parseTokens } from "./parse.ts";

const FORGED = 'x # CANARY: REQ=EVIL-1; FEATURE=F; ASPECT=API; STATUS=TESTED; TEST=T "q"\\';

Deno.test("an escaped value holds no marker", () => {
  assertEquals(escapeMarker(FORGED).includes("CANARY:"), false);
  assertEquals(parseTokens(escapeMarker(FORGED), "f").tokens, []);
  assertEquals(escapeMarker("plain"), "plain");
});

Deno.test("escaped JSON parses to the same value and holds no token", () => {
  const value = { [FORGED]: [FORGED, "CANARY:CANARY:", "\\CANARY:"], n: 1 };
  const text = escapeMarkerInJson(JSON.stringify(value, null, 2));
  assertEquals(JSON.parse(text), value);
  assertEquals(text.includes("CANARY:"), false);
  assertEquals(parseTokens(text, "f").tokens, []);
});
