import { assertEquals } from "../test_assert.ts";
import { parseTokens, type Status, type Token } from "../tokens/mod.ts";
import { groupStatus, groupTokens } from "./group_tokens.ts";
import { scanned } from "./_fixture.ts";

function token(fields: string): Token {
  const { tokens } = parseTokens(`// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; ${fields}`, "x");
  assertEquals(tokens.length, 1, fields);
  return tokens[0].token;
}

Deno.test("groupTokens merges one key across files; files, tests, benches sorted and unique", () => {
  const groups = groupTokens(scanned({
    "src/z.go": [
      "// CANARY: REQ=CBIN-1; FEATURE=Scan; ASPECT=Engine; STATUS=IMPL; OWNER=core; UPDATED=2025-01-01",
      "// CANARY: REQ=CBIN-1; FEATURE=Scan; ASPECT=Engine; STATUS=IMPL; TEST=TestB,TestA; OWNER=core; UPDATED=2025-01-01",
    ],
    "src/a.go": [
      "// CANARY: REQ=CBIN-1; FEATURE=Scan; ASPECT=Engine; STATUS=STUB; TEST=TestA; OWNER=core; UPDATED=2025-01-01",
    ],
  }));
  assertEquals(groups.length, 1);
  const [group] = groups;
  assertEquals(group.files, ["src/a.go", "src/z.go"]);
  assertEquals(group.tests, ["TestA", "TestB"]);
  assertEquals(group.benches, []);
  assertEquals(group.status, "TESTED");
  assertEquals(group.members.map((m) => `${m.path}:${m.line}`), [
    "src/a.go:1",
    "src/z.go:1",
    "src/z.go:2",
  ]);
});

Deno.test("an IMPL token and a test named by another file's token make the group TESTED", () => {
  const [group] = groupTokens(scanned({
    "impl.go": ["// CANARY: REQ=CBIN-2; FEATURE=Parse; ASPECT=API; STATUS=IMPL"],
    "impl_test.go": [
      "// CANARY: REQ=CBIN-2; FEATURE=Parse; ASPECT=API; STATUS=STUB; TEST=TestParse",
    ],
    "bench.go": [
      "// CANARY: REQ=CBIN-2; FEATURE=Parse; ASPECT=API; STATUS=MISSING; BENCH=BenchParse",
    ],
  }));
  // The bench outranks the test: IMPL with a bench anywhere in the group is BENCHED.
  assertEquals(group.status, "BENCHED");
  assertEquals(group.files, ["bench.go", "impl.go", "impl_test.go"]);
});

Deno.test("groups differ by any of REQ, FEATURE, ASPECT, OWNER, UPDATED and are sorted", () => {
  const base = "FEATURE=F; ASPECT=API; STATUS=IMPL";
  const groups = groupTokens(scanned({
    "a.go": [
      `// CANARY: REQ=CBIN-2; ${base}`,
      `// CANARY: REQ=CBIN-1; ${base}; OWNER=b`,
      `// CANARY: REQ=CBIN-1; ${base}; OWNER=a`,
      `// CANARY: REQ=CBIN-1; ${base}; OWNER=a; UPDATED=2025-01-02`,
      `// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=CLI; STATUS=IMPL; OWNER=a`,
      `// CANARY: REQ=CBIN-1; FEATURE=E; ASPECT=CLI; STATUS=IMPL; OWNER=a`,
    ],
  }));
  assertEquals(
    groups.map((g) => [g.reqId, g.feature, g.aspect, g.owner, g.updated].join("|")),
    [
      "CBIN-1|E|CLI|a|",
      "CBIN-1|F|API|a|",
      "CBIN-1|F|API|a|2025-01-02",
      "CBIN-1|F|API|b|",
      "CBIN-1|F|CLI|a|",
      "CBIN-2|F|API||",
    ],
  );
});

Deno.test("groupStatus: REMOVED only when every member is; never below a live member", () => {
  const cases: [string[], Status][] = [
    [["STATUS=REMOVED", "STATUS=REMOVED; TEST=T"], "REMOVED"],
    [["STATUS=REMOVED", "STATUS=IMPL"], "IMPL"],
    [["STATUS=REMOVED; TEST=T", "STATUS=IMPL"], "IMPL"],
    [["STATUS=TESTED", "STATUS=STUB"], "TESTED"],
    [["STATUS=STUB; TEST=T", "STATUS=MISSING"], "STUB"],
    [["STATUS=BENCHED", "STATUS=IMPL; TEST=T"], "BENCHED"],
    [["STATUS=TESTED", "STATUS=STUB; BENCH=B"], "BENCHED"],
    [["STATUS=MISSING"], "MISSING"],
  ];
  for (const [fields, expected] of cases) {
    assertEquals(groupStatus(fields.map(token)), expected, fields.join(" + "));
  }
});
