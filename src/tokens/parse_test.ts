import { assert, assertEquals, assertNotEquals } from "../test_assert.ts";
import {
  type Diagnostic,
  formatDiagnostic,
  parseTokenLine,
  parseTokens,
  splitLines,
  type TokenLineResult,
} from "./parse.ts";
import type { Token } from "./token.ts";

const BODY = `REQ=CBIN-1; FEATURE="Scan"; ASPECT=API; STATUS=IMPL`;
const RAW = `CANARY: ${BODY}`;

/** Parses `line`, asserting it holds a token without errors, and returns the token. */
function tokenOf(line: string, options?: { strict?: boolean }): Token {
  const result = parseTokenLine(line, options);
  assertNotEquals(result, null, `no token found in ${JSON.stringify(line)}`);
  const { token, issues } = result as TokenLineResult;
  assertEquals(issues.filter((issue) => issue.severity === "error"), []);
  assertNotEquals(token, null);
  return token as Token;
}

/** Parses `line`, asserting the token was rejected, and returns the error reasons. */
function errorsOf(line: string): string[] {
  const result = parseTokenLine(line);
  assertNotEquals(result, null, `no token found in ${JSON.stringify(line)}`);
  const { token, issues } = result as TokenLineResult;
  assertEquals(token, null);
  return issues.filter((issue) => issue.severity === "error").map((issue) => issue.reason);
}

function warningsOf(line: string, options?: { strict?: boolean }): string[] {
  const result = parseTokenLine(line, options);
  assertNotEquals(result, null);
  return (result as TokenLineResult).issues
    .filter((issue) => issue.severity === "warning")
    .map((issue) => issue.reason);
}

Deno.test("parseTokenLine() reads the example token from the issue", () => {
  const line =
    `// CANARY: REQ=CBIN-129; FEATURE="DatabaseMigrations"; ASPECT=Storage; STATUS=IMPL; ` +
    `TEST=TestMigrate; OWNER=canary; UPDATED=2025-10-16`;
  const token = tokenOf(line);
  assertEquals(token, {
    reqId: "CBIN-129",
    feature: "DatabaseMigrations",
    aspect: "Storage",
    status: "TESTED",
    declaredStatus: "IMPL",
    tests: ["TestMigrate"],
    benches: [],
    owner: "canary",
    updated: "2025-10-16",
    priority: null,
    phase: "",
    keywords: "",
    specStatus: "",
    created: "",
    started: "",
    completed: "",
    dependsOn: "",
    blocks: "",
    relatedTo: "",
    doc: "",
    docHash: "",
    docType: "",
    fields: {
      REQ: "CBIN-129",
      FEATURE: "DatabaseMigrations",
      ASPECT: "Storage",
      STATUS: "IMPL",
      TEST: "TestMigrate",
      OWNER: "canary",
      UPDATED: "2025-10-16",
    },
    unknownKeys: [],
    raw: line.slice(3),
  });
});

Deno.test("parseTokenLine() fills every optional field", () => {
  const token = tokenOf(
    `# CANARY: REQ=CBIN-2; FEATURE=F; ASPECT=Engine; STATUS=STUB; BENCH=BenchA, BenchB; ` +
      `OWNER=team; UPDATED=2024-02-29; PRIORITY=10; PHASE=P1; KEYWORDS="a,b"; ` +
      `SPEC_STATUS=draft; CREATED=2024-01-01; STARTED=2024-01-02; COMPLETED=2024-01-03; ` +
      `DEPENDS_ON=CBIN\u20141; BLOCKS=CBIN-3,CBIN-4; RELATED_TO=CBIN-5; DOC=docs/a.md; ` +
      `DOC_HASH=abc123; DOC_TYPE=spec`,
  );
  assertEquals(
    [token.benches, token.owner, token.updated, token.priority, token.phase, token.keywords],
    [["BenchA", "BenchB"], "team", "2024-02-29", 10, "P1", "a,b"],
  );
  assertEquals(
    [token.specStatus, token.created, token.started, token.completed],
    ["draft", "2024-01-01", "2024-01-02", "2024-01-03"],
  );
  assertEquals(
    [token.dependsOn, token.blocks, token.relatedTo, token.doc, token.docHash, token.docType],
    ["CBIN-1", "CBIN-3,CBIN-4", "CBIN-5", "docs/a.md", "abc123", "spec"],
  );
  assertEquals(token.status, "STUB");
});

Deno.test("parseTokenLine() recognises every comment style at line start", () => {
  const lines = [
    `// ${BODY}`,
    `/// ${BODY}`,
    `//! ${BODY}`,
    `//// ${BODY}`,
    `//${BODY}`,
    `# ${BODY}`,
    `## ${BODY}`,
    `#${BODY}`,
    `-- ${BODY}`,
    `--- ${BODY}`,
    `/* ${BODY} */`,
    `/** ${BODY} */`,
    `/*! ${BODY} */`,
    `/*${BODY}*/`,
    ` * ${BODY}`,
    ` * ${BODY} */`,
    `<!-- ${BODY} -->`,
    `<!--${BODY}-->`,
    `; ${BODY}`,
    `;; ${BODY}`,
    `% ${BODY}`,
    `%% ${BODY}`,
    `' ${BODY}`,
    `REM ${BODY}`,
    `rem ${BODY}`,
    `@REM ${BODY}`,
    `{- ${BODY} -}`,
    `(* ${BODY} *)`,
    `(** ${BODY} *)`,
    `[//]: # (${BODY})`,
    `[//]: #(${BODY})`,
    `[//]: # ${BODY}`,
    `[//]: <> (${BODY})`,
    `[comment]: # (${BODY})`,
    `${BODY.replace("REQ", "CANARY: REQ")}`,
    `CANARY: ${BODY} */`,
    `CANARY: ${BODY} -->`,
    `\t    // ${BODY}`,
    `  #   ${BODY}`,
  ].map((line) => line.includes("CANARY:") ? line : line.replace(BODY, RAW));
  for (const line of lines) {
    const token = tokenOf(line);
    assertEquals(token.raw, RAW, `raw of ${JSON.stringify(line)}`);
    assertEquals(token.feature, "Scan", line);
  }
});

Deno.test("parseTokenLine() recognises trailing comments after code", () => {
  const lines = [
    `x := 1 // ${RAW}`,
    `foo();// ${RAW}`,
    `foo(); /* ${RAW} */`,
    `int x; /* ${RAW} */ int y;`,
    `x = 1 # ${RAW}`,
    `print("a # b") # ${RAW}`,
    `s = "a // b" // ${RAW}`,
    "s = `a // b` // " + RAW,
    `s = 'a # b' # ${RAW}`,
    `fn f(x: &'a str) {} // ${RAW}`,
    `it's code // ${RAW}`,
    `SELECT 1 -- ${RAW}`,
    `<p>hi</p> <!-- ${RAW} -->`,
    `<div><!-- ${RAW} --></div>`,
    `mov ax, 1 ; ${RAW}`,
    `x = 1 % ${RAW}`,
    `x = 1 ' ${RAW}`,
    `let x = 1 (* ${RAW} *)`,
    `f x = 1 {- ${RAW} -}`,
    `s = "escaped \\" quote" // ${RAW}`,
  ];
  for (const line of lines) {
    assertEquals(tokenOf(line).raw, RAW, `raw of ${JSON.stringify(line)}`);
  }
});

Deno.test("parseTokenLine() ignores CANARY: outside comments and in prose", () => {
  const lines = [
    `fmt.Println("CANARY: ${BODY}")`,
    `fmt.Println("// CANARY: ${BODY}")`,
    `s = "a" + "// ${RAW}"`,
    "s = `# " + RAW + "`",
    `the CANARY: token format is KEY=VALUE`,
    `grep "CANARY:" file # REQ=CBIN-1`,
    `grep CANARY: src/ | wc -l # count=1`,
    `# grep CANARY: REQ=CBIN-1`,
    `// see CANARY: REQ=CBIN-1`,
    `echo '# ${RAW}'`,
    `echo 'a # ${RAW}'`,
    `x = 'a // ${RAW}'`,
    `url = "http://example.com"; open http://${RAW}`,
    `a//${RAW}`,
    `x-- ${RAW}`,
    `foo(); ${RAW}`,
    `x = y * ${RAW}`,
    `x = 1 REM ${RAW}`,
    `text [//]: # (${RAW})`,
    `MY_CANARY: ${BODY}`,
    `// MY_CANARY: ${BODY}`,
    `// canary: ${BODY}`,
    `// CANARY ${BODY}`,
    "`CANARY:` " + BODY,
    `# CANARY: Token format`,
    `// CANARY: see docs/tokens.md`,
    `// CANARY:`,
    `/* CANARY: not a token */ x = 1;`,
    ``,
    `no marker at all`,
  ];
  for (const line of lines) {
    assertEquals(parseTokenLine(line), null, JSON.stringify(line));
  }
});

Deno.test("parseTokenLine() takes the first recognised marker on a line", () => {
  const line = `log("CANARY: a=b") // ${RAW}; OWNER=me`;
  assertEquals(tokenOf(line).owner, "me");
});

Deno.test("parseTokenLine() handles quoting and escapes", () => {
  const cases: [string, string][] = [
    [`"a; b"`, "a; b"],
    [`'a; b'`, "a; b"],
    [`"say \\"hi\\""`, `say "hi"`],
    [`'it\\'s'`, "it's"],
    [`"it\\'s"`, "it's"],
    [`'say \\"hi\\"'`, `say "hi"`],
    [`"back\\\\slash"`, "back\\slash"],
    [`"ends with backslash\\\\"`, "ends with backslash\\"],
    [`"keep \\n and \\t"`, "keep \\n and \\t"],
    [`'he said "x"'`, `he said "x"`],
    [`"it's 'quoted'"`, `it's 'quoted'`],
    [`" padded "`, " padded "],
    [`  "spaced around"  `, "spaced around"],
    [`""x""`, ""], // rejected below: text after the quoted value
    [`  plain words  `, "plain words"],
    [`a"b`, `a"b`],
    [`"a = b"`, "a = b"],
    [`"CANARY: inside"`, "CANARY: inside"],
    [`"*/ and --> inside quotes"`, "*/ and --> inside quotes"],
  ];
  for (const [written, expected] of cases) {
    const line = `/* CANARY: REQ=CBIN-1; FEATURE=${written}; ASPECT=API; STATUS=IMPL */`;
    if (written === `""x""`) {
      assertEquals(errorsOf(line), [
        `unexpected text after the quoted FEATURE value: "x\\"\\""`,
      ]);
      continue;
    }
    assertEquals(tokenOf(line).feature, expected, written);
  }
});

Deno.test("parseTokenLine() ends the token at the opener's closer", () => {
  const cases: [string, string][] = [
    [`/* ${RAW}*/`, RAW],
    [`/* ${RAW} */ int x = 1;`, RAW],
    [`<!-- ${RAW} --> <p>`, RAW],
    [`{- ${RAW} -} f = 1`, RAW],
    [`(* ${RAW} *) let x = 1`, RAW],
    [`[//]: # (${RAW})   `, RAW],
    [`[//]: # (${RAW}; TEST=f(x))`, `${RAW}; TEST=f(x)`],
    [`/* ${RAW}; OWNER="a */ b" */`, `${RAW}; OWNER="a */ b"`],
    [`/* ${RAW}; */`, `${RAW};`],
  ];
  for (const [line, raw] of cases) {
    assertEquals(tokenOf(line).raw, raw, line);
  }
  // A line comment has no closer, so "*/" stays part of the value.
  assertEquals(errorsOf(`// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=IMPL */`), [
    `invalid STATUS "IMPL */" (expected one of MISSING, STUB, IMPL, TESTED, BENCHED, REMOVED)`,
  ]);
});

Deno.test("parseTokenLine() ignores CRLF endings and a UTF-8 BOM", () => {
  assertEquals(tokenOf(`// ${RAW}\r`).raw, RAW);
  assertEquals(tokenOf(`/* ${RAW} */\r`).raw, RAW);
  assertEquals(tokenOf(`\uFEFF// ${RAW}`).raw, RAW);
  assertEquals(tokenOf(`\uFEFF${RAW}\r`).raw, RAW);
  assertEquals(tokenOf(`\uFEFF  # ${RAW}; OWNER=me\r`).owner, "me");
});

Deno.test("parseTokenLine() promotes the status from TEST and BENCH", () => {
  const cases: [string, string, string][] = [
    ["IMPL", "", "IMPL"],
    ["IMPL", "TEST=TestA", "TESTED"],
    ["IMPL", "BENCH=BenchA", "BENCHED"],
    ["IMPL", "TEST=TestA; BENCH=BenchA", "BENCHED"],
    ["TESTED", "", "TESTED"],
    ["TESTED", "BENCH=BenchA", "BENCHED"],
    ["STUB", "TEST=TestA; BENCH=BenchA", "STUB"],
    ["MISSING", "TEST=TestA; BENCH=BenchA", "MISSING"],
    ["REMOVED", "TEST=TestA; BENCH=BenchA", "REMOVED"],
    ["BENCHED", "", "BENCHED"],
    ["IMPL", "TEST= , ,", "IMPL"],
    ["IMPL", "TEST=", "IMPL"],
  ];
  for (const [declared, extra, expected] of cases) {
    const token = tokenOf(
      `// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=${declared}; ${extra}`,
    );
    assertEquals(token.status, expected, `${declared} with ${extra}`);
    assertEquals(token.declaredStatus, declared);
  }
});

Deno.test("parseTokenLine() splits TEST and BENCH comma lists", () => {
  const token = tokenOf(`// ${RAW}; TEST= TestA ,TestB,, ,TestC ; BENCH=BenchA,`);
  assertEquals(token.tests, ["TestA", "TestB", "TestC"]);
  assertEquals(token.benches, ["BenchA"]);
});

Deno.test("parseTokenLine() matches keys, STATUS and ASPECT in any case", () => {
  const token = tokenOf(
    `// CANARY: req=CBIN-1; Feature=F; aspect=STORAGE; sTaTuS=tested; owner=me`,
  );
  assertEquals(
    [token.reqId, token.feature, token.aspect, token.status, token.declaredStatus, token.owner],
    ["CBIN-1", "F", "Storage", "TESTED", "TESTED", "me"],
  );
  assertEquals(Object.keys(token.fields), ["REQ", "FEATURE", "ASPECT", "STATUS", "OWNER"]);
  assertEquals(
    tokenOf(`// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=roundtrip; STATUS=Impl`).aspect,
    "RoundTrip",
  );
});

Deno.test("parseTokenLine() normalises Unicode dashes in requirement ids", () => {
  const dashes = [
    "\u2010",
    "\u2011",
    "\u2012",
    "\u2013",
    "\u2014",
    "\u2015",
    "\u2212",
    "\uFE58",
    "\uFE63",
    "\uFF0D",
  ];
  for (const dash of dashes) {
    const token = tokenOf(
      `// CANARY: REQ=CBIN${dash}CLI${dash}001; FEATURE=F; ASPECT=CLI; STATUS=STUB`,
    );
    assertEquals(token.reqId, "CBIN-CLI-001", `U+${dash.charCodeAt(0).toString(16)}`);
    assertEquals(token.fields.REQ, `CBIN${dash}CLI${dash}001`);
  }
  assertEquals(tokenOf(`// ${RAW}; UPDATED=2025\u201310\u201316`).updated, "2025-10-16");
});

Deno.test("parseTokenLine() accepts the documented requirement id shapes", () => {
  for (const id of ["CBIN-129", "CBIN-CLI-001", "PROJ-1234", "a1-b2", "X-1"]) {
    assertEquals(tokenOf(`// CANARY: REQ=${id}; FEATURE=F; ASPECT=API; STATUS=IMPL`).reqId, id);
  }
});

Deno.test("parseTokenLine() rejects each kind of malformed token with a precise reason", () => {
  const statuses = "MISSING, STUB, IMPL, TESTED, BENCHED, REMOVED";
  const cases: [string, string[]][] = [
    [`// CANARY: REQ=CBIN-1; FEATURE=F; STATUS=IMPL`, ["missing required field ASPECT"]],
    [
      `// CANARY: OWNER=me`,
      [
        "missing required field REQ",
        "missing required field FEATURE",
        "missing required field ASPECT",
        "missing required field STATUS",
      ],
    ],
    [
      `// CANARY: REQ=; FEATURE=""; ASPECT=API; STATUS=IMPL`,
      ["empty value for required field REQ", "empty value for required field FEATURE"],
    ],
    [
      `// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=DONE`,
      [`invalid STATUS "DONE" (expected one of ${statuses})`],
    ],
    [
      `// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=IMPL; UPDATED=2025-02-30`,
      [`invalid UPDATED "2025-02-30" (no such calendar date)`],
    ],
    [
      `// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=IMPL; CREATED=2023-02-29`,
      [`invalid CREATED "2023-02-29" (no such calendar date)`],
    ],
    [
      `// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=IMPL; STARTED=2025-13-01`,
      [`invalid STARTED "2025-13-01" (no such calendar date)`],
    ],
    [
      `// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=IMPL; COMPLETED=2025/10/16`,
      [`invalid COMPLETED "2025/10/16" (expected a date as YYYY-MM-DD)`],
    ],
    [
      `// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=IMPL; UPDATED=2025-1-6`,
      [`invalid UPDATED "2025-1-6" (expected a date as YYYY-MM-DD)`],
    ],
    [
      `// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=IMPL; PRIORITY=11`,
      [`invalid PRIORITY "11" (expected an integer from 1 to 10)`],
    ],
    [
      `// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=IMPL; PRIORITY=0`,
      [`invalid PRIORITY "0" (expected an integer from 1 to 10)`],
    ],
    [
      `// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=IMPL; PRIORITY=high`,
      [`invalid PRIORITY "high" (expected an integer from 1 to 10)`],
    ],
    [
      `// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=IMPL; PRIORITY=2.5`,
      [`invalid PRIORITY "2.5" (expected an integer from 1 to 10)`],
    ],
    [
      `// CANARY: REQ=CBIN; FEATURE=F; ASPECT=API; STATUS=IMPL`,
      [
        `invalid REQ "CBIN" (expected an id like CBIN-129: letter-led segments of letters and ` +
        `digits joined by "-")`,
      ],
    ],
    [
      `// CANARY: REQ=129-CBIN; FEATURE=F; ASPECT=API; STATUS=IMPL`,
      [
        `invalid REQ "129-CBIN" (expected an id like CBIN-129: letter-led segments of letters ` +
        `and digits joined by "-")`,
      ],
    ],
    [
      `// CANARY: REQ=CBIN--1; FEATURE=F; ASPECT=API; STATUS=IMPL`,
      [
        `invalid REQ "CBIN--1" (expected an id like CBIN-129: letter-led segments of letters ` +
        `and digits joined by "-")`,
      ],
    ],
    [
      `// CANARY: REQ=CBIN-1; FEATURE="F; ASPECT=API; STATUS=IMPL`,
      ["unterminated quote in FEATURE value"],
    ],
    [
      `// CANARY: REQ=CBIN-1; FEATURE='F\\'; ASPECT=API; STATUS=IMPL`,
      ["unterminated quote in FEATURE value"],
    ],
    [`// CANARY: REQ=CBIN-1; =F; ASPECT=API; STATUS=IMPL`, [`field with an empty name before "="`]],
    [
      `// CANARY: REQ=CBIN-1; FEATURE F; ASPECT=API; STATUS=IMPL`,
      [`field without "=": "FEATURE F"`],
    ],
    [
      `// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=IMPL; see the docs`,
      [`field without "=": "see the docs"`],
    ],
    [
      `// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=IMPL; BAD KEY=x`,
      [`invalid field name "BAD KEY" (expected letters, digits or _)`],
    ],
    [
      `// CANARY: REQ=CBIN-1; FEATURE="F" G; ASPECT=API; STATUS=IMPL`,
      [`unexpected text after the quoted FEATURE value: "G"`],
    ],
  ];
  for (const [line, expected] of cases) {
    assertEquals(errorsOf(line), expected, line);
  }
});

Deno.test("parseTokenLine() reports placeholders as errors", () => {
  const cases: [string, string][] = [
    [`REQ=CBIN-###; FEATURE=F; ASPECT=API; STATUS=IMPL`, `placeholder REQ "CBIN-###"`],
    [`REQ=<req>; FEATURE=F; ASPECT=API; STATUS=IMPL`, `placeholder REQ "<req>"`],
    [`REQ=CBIN-XXX; FEATURE=F; ASPECT=API; STATUS=IMPL`, `placeholder REQ "CBIN-XXX"`],
    [`REQ=CBIN-1; FEATURE=<feature>; ASPECT=API; STATUS=IMPL`, `placeholder FEATURE "<feature>"`],
    [`REQ=CBIN-1; FEATURE=F; ASPECT=<aspect>; STATUS=IMPL`, `placeholder ASPECT "<aspect>"`],
    [`REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=<status>`, `placeholder STATUS "<status>"`],
    [
      `REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=IMPL; UPDATED=YYYY-MM-DD`,
      `placeholder UPDATED "YYYY-MM-DD"`,
    ],
    [
      `REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=IMPL; OWNER={{owner}}`,
      `placeholder OWNER "{{owner}}"`,
    ],
    [`REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=IMPL; PRIORITY=<n>`, `placeholder PRIORITY "<n>"`],
  ];
  for (const [body, expected] of cases) {
    assertEquals(errorsOf(`// CANARY: ${body}`), [
      `${expected} (replace it with a real value)`,
    ]);
  }
  // Free text that merely contains such characters is data, not a placeholder.
  assertEquals(
    tokenOf(`// CANARY: REQ=CBIN-1; FEATURE="Parse <T> in C#"; ASPECT=API; STATUS=IMPL`).feature,
    "Parse <T> in C#",
  );
});

Deno.test("parseTokenLine() warns about an unknown ASPECT with the nearest known one", () => {
  const line = `// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=Storag; STATUS=IMPL`;
  assertEquals(warningsOf(line), [`unknown ASPECT "Storag" (did you mean "Storage"?)`]);
  assertEquals(tokenOf(line).aspect, "Storag");
  assertEquals(
    warningsOf(`// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=frontend2; STATUS=IMPL`),
    [`unknown ASPECT "frontend2" (did you mean "FrontEnd"?)`],
  );
});

Deno.test("parseTokenLine() warns about a repeated key and keeps the last value", () => {
  const line = `// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=STUB; status=IMPL`;
  assertEquals(warningsOf(line), ["duplicate field STATUS (the last value is used)"]);
  const token = tokenOf(line);
  assertEquals(token.status, "IMPL");
  assertEquals(Object.keys(token.fields), ["REQ", "FEATURE", "ASPECT", "STATUS"]);
});

Deno.test("parseTokenLine() keeps unknown keys and warns about them only when strict", () => {
  const line = `// ${RAW}; Team=core; X_1="a;b"`;
  const token = tokenOf(line);
  assertEquals(token.unknownKeys, ["TEAM", "X_1"]);
  assertEquals(token.fields.TEAM, "core");
  assertEquals(token.fields.X_1, "a;b");
  assertEquals(token.raw, `${RAW}; Team=core; X_1="a;b"`);
  assertEquals(warningsOf(line), []);
  assertEquals(warningsOf(line, { strict: true }), [
    "unknown field TEAM",
    "unknown field X_1",
  ]);
  assertNotEquals(tokenOf(line, { strict: true }), null);
});

Deno.test("parseTokenLine() ignores empty fields and treats empty optional fields as absent", () => {
  const token = tokenOf(
    `// CANARY: ;; REQ=CBIN-1;; FEATURE=F; ASPECT=API; STATUS=IMPL; OWNER=; UPDATED= ;`,
  );
  assertEquals(token.owner, "");
  assertEquals(token.updated, "");
  assertEquals(token.priority, null);
});

Deno.test("parseTokenLine() truncates huge values in reasons", () => {
  const huge = "D".repeat(100_000);
  const [reason] = errorsOf(`// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=${huge}`);
  assert(reason.length < 200, reason);
  assert(reason.startsWith(`invalid STATUS "DDDD`));
  assert(reason.includes("\u2026"));
});

Deno.test("parseTokenLine() rejects a token holding a NUL byte, which no value can keep", () => {
  for (
    const line of [
      `// CANARY: REQ=CBIN-1; FEATURE="a\0bc"; ASPECT=API; STATUS=IMPL`,
      `// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=IMPL; OWNER=o\0wn`,
      `// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=IMPL; NOTE="\0"`,
    ]
  ) {
    assertEquals(errorsOf(line), ["a NUL byte in the token"], JSON.stringify(line));
  }
  // Outside the token, before the marker or after its closer, a NUL changes nothing.
  assertEquals(tokenOf(`x\0; /* CANARY: ${BODY} */ \0`).feature, "Scan");
});

Deno.test("parseTokenLine() accepts a huge quoted value", () => {
  const huge = "x;".repeat(500_000);
  assertEquals(
    tokenOf(`// CANARY: REQ=CBIN-1; FEATURE="${huge}"; ASPECT=API; STATUS=IMPL`).feature,
    huge,
  );
});

Deno.test("parseTokens() reports 1-based lines for tokens and diagnostics", () => {
  const text = [
    "package main",
    "",
    `// ${RAW}`,
    `fmt.Println("CANARY: not a token")`,
    `x := 1 // CANARY: REQ=CBIN-2; FEATURE=G; ASPECT=Engine; STATUS=DONE`,
    `// CANARY: REQ=CBIN-3; FEATURE=H; ASPECT=Engin; STATUS=STUB`,
    `// CANARY: REQ=CBIN-4; FEATURE=I; ASPECT=API; STATUS=IMPL // CANARY: REQ=CBIN-5`,
  ].join("\n");
  const { tokens, diagnostics } = parseTokens(text, "main.go");
  assertEquals(tokens.map((t) => [t.line, t.token.reqId]), [[3, "CBIN-1"], [6, "CBIN-3"]]);
  assertEquals(diagnostics, [
    {
      path: "main.go",
      line: 5,
      severity: "error",
      reason:
        `invalid STATUS "DONE" (expected one of MISSING, STUB, IMPL, TESTED, BENCHED, REMOVED)`,
      token: "CANARY: REQ=CBIN-2; FEATURE=G; ASPECT=Engine; STATUS=DONE",
    },
    {
      path: "main.go",
      line: 6,
      severity: "warning",
      reason: `unknown ASPECT "Engin" (did you mean "Engine"?)`,
      token: "CANARY: REQ=CBIN-3; FEATURE=H; ASPECT=Engin; STATUS=STUB",
    },
    {
      path: "main.go",
      line: 7,
      severity: "error",
      reason:
        `invalid STATUS "IMPL // CANARY: REQ=CBIN-5" (expected one of MISSING, STUB, IMPL, TESTED, ` +
        `BENCHED, REMOVED)`,
      token: "CANARY: REQ=CBIN-4; FEATURE=I; ASPECT=API; STATUS=IMPL // CANARY: REQ=CBIN-5",
    },
  ]);
});

Deno.test("parseTokens() handles CRLF, a BOM, and a token on the first and last line", () => {
  const text = `\uFEFF// ${RAW}\r\n\r\nx\r\n# ${RAW}; OWNER=me\r\n// ${RAW}; OWNER=end`;
  const { tokens, diagnostics } = parseTokens(text, "a.py");
  assertEquals(diagnostics, []);
  assertEquals(
    tokens.map((t) => [t.line, t.token.owner, t.token.raw.endsWith("\r")]),
    [[1, "", false], [4, "me", false], [5, "end", false]],
  );
});

Deno.test("parseTokens() ends lines at a lone CR too, counting each break once", () => {
  const text =
    `// ${RAW}; OWNER=a\r\r// ${RAW}; OWNER=b\rx\r\n\n// ${RAW}; OWNER=c\r\n\r# ${RAW}; OWNER=d`;
  const { tokens, diagnostics } = parseTokens(text, "mac.c");
  assertEquals(diagnostics, []);
  assertEquals(
    tokens.map((t) => [t.line, t.token.owner]),
    [[1, "a"], [3, "b"], [6, "c"], [8, "d"]],
  );
  // The numbers agree with the lines splitLines gives, which --update-stale edits.
  const { lines } = splitLines(text);
  for (const { line, token } of tokens) assert(lines[line - 1].endsWith(token.raw));
});

Deno.test("splitLines() keeps every break, so joining gives the text back", () => {
  const text = "a\r\nb\rc\n\r\nd";
  const { lines, breaks } = splitLines(text);
  assertEquals(lines, ["a", "b", "c", "", "d"]);
  assertEquals(lines.map((line, i) => line + breaks[i]).join(""), text);
});

Deno.test("parseTokens() returns nothing for text without tokens", () => {
  assertEquals(parseTokens("", "empty"), { tokens: [], diagnostics: [] });
  assertEquals(parseTokens("a\nb\nCANARY\n", "x"), { tokens: [], diagnostics: [] });
  assertEquals(parseTokens(`s = "CANARY: a=b"\n`, "x"), { tokens: [], diagnostics: [] });
});

Deno.test("parseTokens() passes the strict option through", () => {
  const text = `// ${RAW}; TEAM=x`;
  assertEquals(parseTokens(text, "a").diagnostics, []);
  assertEquals(parseTokens(text, "a", { strict: true }).diagnostics, [
    {
      path: "a",
      line: 1,
      severity: "warning",
      reason: "unknown field TEAM",
      token: `${RAW}; TEAM=x`,
    },
  ]);
});

Deno.test("parseTokens() finds a token at the end of a 20 MB line", () => {
  const text = "x".repeat(20 * 1024 * 1024) + ` // ${RAW}\nnext line`;
  const { tokens } = parseTokens(text, "min.js");
  assertEquals(tokens.map((t) => [t.line, t.token.raw]), [[1, RAW]]);
});

Deno.test("parseTokens() stays linear on a line full of unrecognised markers", () => {
  // A quadratic scan over 200,000 markers per line would not finish; a linear one takes milliseconds.
  const glued = `"CANARY: `.repeat(200_000);
  const inString = `s = "` + `x // CANARY: a=b `.repeat(200_000) + `"`;
  const text = `${glued}\n${inString}\n// ${RAW}`;
  const { tokens, diagnostics } = parseTokens(text, "data.txt");
  assertEquals(tokens.map((t) => t.line), [3]);
  assertEquals(diagnostics, []);
});

Deno.test("formatDiagnostic() says whether the token was rejected or kept with a warning", () => {
  const error: Diagnostic = { path: "src/a.ts", line: 7, severity: "error", reason: "bad" };
  assertEquals(formatDiagnostic(error), "src/a.ts:7: rejected: bad");
  assertEquals(
    formatDiagnostic({ ...error, severity: "warning", reason: "odd" }),
    "src/a.ts:7: warning: odd",
  );
});

Deno.test("parseTokens() gives a rejected token one diagnostic with all its reasons", () => {
  const text = [
    `<!-- CANARY: REQ=CBIN-###; FEATURE="x"; ASPECT=Database; STATUS=DONE; UPDATED=YYYY-MM-DD -->`,
    `<!-- CANARY: REQ=CBIN-2; FEATURE="y"; ASPECT=Stroage; STATUS=IMPLE; OWNR=me -->`,
    `<!-- CANARY: REQ=CBIN-3; FEATURE="z"; ASPECT=Stroage; STATUS=IMPL; OWNR=me -->`,
  ].join("\n");
  const { tokens, diagnostics } = parseTokens(text, "docs/a.md");
  assertEquals(tokens.map((t) => t.line), [3]);
  assertEquals(diagnostics.map((d) => [d.line, d.severity, d.reason]), [
    [
      1,
      "error",
      `placeholder REQ "CBIN-###" (replace it with a real value); invalid STATUS "DONE" (expected ` +
      `one of MISSING, STUB, IMPL, TESTED, BENCHED, REMOVED); placeholder UPDATED "YYYY-MM-DD" ` +
      `(replace it with a real value)`,
    ],
    [
      2,
      "error",
      `unknown field OWNR (did you mean "OWNER"?); invalid STATUS "IMPLE" (did you mean "IMPL"?)`,
    ],
    [
      3,
      "warning",
      `unknown field OWNR (did you mean "OWNER"?); unknown ASPECT "Stroage" (did you mean ` +
      `"Storage"?)`,
    ],
  ]);
});
