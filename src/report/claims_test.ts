import { assertEquals } from "../test_assert.ts";
import { scanned } from "./_fixture.ts";
import { formatClaimFailure, parseClaims, verifyClaims } from "./claims.ts";
import { buildStatusReport } from "./status_report.ts";

Deno.test("parseClaims finds ✅ before an id: bullets, long ids, emphasis, tables", () => {
  const markdown = [
    "# Gap analysis",
    "- ✅ CBIN-CLI-001 command line parsing",
    "* ✅ **REQ-GQL-030**: transactions",
    "1. ✅ [CBIN-102](docs/102.md)",
    "| ✅ | CBIN-900 |", // the mark is followed by a cell separator, not an id
    "| CBIN-103 | ✅ |", // the mark comes after the id
    "✅ Done with CBIN-104", // the mark is followed by a word that is not an id
    "✅️ CBIN\u2013105 with an emoji variation selector and an en dash",
    "- ✅ CBIN-CLI-001 again, counted once",
    "  - ✅ cbin-7: lower case is still an id",
    "text ✅ PROJ-1234 mid-line; ✅ PROJ-1235 twice on a line",
    "- ✅ CBIN-### placeholder",
    "- [ ] CBIN-106 not claimed",
  ].join("\n");
  assertEquals(parseClaims(markdown), [
    { reqId: "CBIN-CLI-001", line: 2 },
    { reqId: "REQ-GQL-030", line: 3 },
    { reqId: "CBIN-102", line: 4 },
    { reqId: "CBIN-105", line: 8 },
    { reqId: "cbin-7", line: 10 },
    { reqId: "PROJ-1234", line: 11 },
    { reqId: "PROJ-1235", line: 11 },
  ]);
});

Deno.test("parseClaims reads CRLF documents and ignores a trailing dash", () => {
  assertEquals(parseClaims("- ✅ CBIN-1- done\r\n- ✅ CBIN-2\r\n"), [
    { reqId: "CBIN-1", line: 1 },
    { reqId: "CBIN-2", line: 2 },
  ]);
});

const REPORT = buildStatusReport(
  scanned({
    "a.go": [
      "// CANARY: REQ=CBIN-1; FEATURE=A; ASPECT=API; STATUS=IMPL; TEST=TestA",
      "// CANARY: REQ=CBIN-2; FEATURE=A; ASPECT=API; STATUS=IMPL",
      "// CANARY: REQ=CBIN-2; FEATURE=B; ASPECT=API; STATUS=STUB",
      "// CANARY: REQ=CBIN-3; FEATURE=A; ASPECT=API; STATUS=STUB",
      "// CANARY: REQ=CBIN-3; FEATURE=B; ASPECT=API; STATUS=BENCHED",
      "// CANARY: REQ=CBIN-CLI-001; FEATURE=A; ASPECT=CLI; STATUS=REMOVED",
    ],
  }),
  "t",
);

Deno.test("verifyClaims: a claim holds when one group of the id is TESTED or BENCHED", () => {
  const claims = parseClaims(
    ["✅ CBIN-9", "✅ CBIN-3", "✅ CBIN-2", "✅ CBIN-1", "✅ CBIN-CLI-001"].join("\n"),
  );
  const result = verifyClaims(REPORT, claims);
  assertEquals(result.claimed, 5);
  assertEquals(result.passed, ["CBIN-1", "CBIN-3"]);
  assertEquals(result.failed, [
    { reqId: "CBIN-2", line: 3, reason: "not_tested", bestStatus: "IMPL" },
    { reqId: "CBIN-9", line: 1, reason: "no_tokens", bestStatus: null },
    { reqId: "CBIN-CLI-001", line: 5, reason: "not_tested", bestStatus: "REMOVED" },
  ]);
  assertEquals(result.failed.map(formatClaimFailure), [
    "CANARY_VERIFY_FAIL REQ=CBIN-2 reason=not_tested(IMPL)",
    "CANARY_VERIFY_FAIL REQ=CBIN-9 reason=no_tokens",
    "CANARY_VERIFY_FAIL REQ=CBIN-CLI-001 reason=not_tested(REMOVED)",
  ]);
});

Deno.test("verifyClaims with no claims passes trivially", () => {
  assertEquals(verifyClaims(REPORT, []), { claimed: 0, passed: [], failed: [] });
});
