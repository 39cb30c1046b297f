import { assertEquals, assertMatch } from "../test_assert.ts";
import { palette } from "./output.ts";
import { escapeExceptStyles } from "./sanitize.ts";
import { escapeTsvField, renderTokenTable, renderTokenTsv, styleStatus } from "./tokens.ts";
import type { TokenRecord } from "../db/token_rows.ts";
import { STATUSES } from "../tokens/status_order.ts";

function token(overrides: Partial<TokenRecord> = {}): TokenRecord {
  return {
    id: 1,
    req_id: "CBIN-1",
    feature: "Scan",
    aspect: "Engine",
    status: "IMPL",
    declared_status: "IMPL",
    file_path: "src/scan.ts",
    line_number: 12,
    tests: [],
    benches: [],
    owner: null,
    priority: 3,
    phase: null,
    keywords: null,
    spec_status: "draft",
    created: null,
    updated: null,
    started: null,
    completed: null,
    depends_on: null,
    blocks: null,
    related_to: null,
    doc: null,
    doc_hash: null,
    doc_type: null,
    commit_hash: null,
    branch: null,
    indexed_at: null,
    raw_token: null,
    ...overrides,
  };
}

Deno.test("the table has the documented columns and path:line locations", () => {
  const lines = [
    ...renderTokenTable([token(), token({ req_id: "CBIN-10", priority: 10 })], palette(false)),
  ];
  assertEquals(lines[0], "REQ      FEATURE  STATUS  ASPECT  PRI  LOCATION");
  assertEquals(lines[1], "CBIN-1   Scan     IMPL    Engine    3  src/scan.ts:12");
  assertEquals(lines[2], "CBIN-10  Scan     IMPL    Engine   10  src/scan.ts:12");
});

Deno.test("statuses are coloured only when colour is on", () => {
  assertEquals(styleStatus(palette(false), "TESTED"), "TESTED");
  const shown = (text: string) => escapeExceptStyles(text, true);
  assertEquals(shown(styleStatus(palette(true), "TESTED")), "\x1b[32mTESTED\x1b[39m");
  assertEquals(shown(styleStatus(palette(true), "MISSING")), "\x1b[31mMISSING\x1b[39m");
  assertEquals(
    shown([...renderTokenTable([token()], palette(true))][1]).includes("\x1b[36mIMPL"),
    true,
  );
});

Deno.test("every status has its own colour; other text stays plain", () => {
  const styled = STATUSES.map((s) => styleStatus(palette(true), s, "x"));
  assertEquals(new Set(styled).size, STATUSES.length);
  for (const text of styled) assertEquals(text.includes("x") && text !== "x", true, text);
  assertEquals(styleStatus(palette(true), "OTHER"), "OTHER");
});

Deno.test("TSV has fixed columns, empty absent values and an optional header", () => {
  const lines = [...renderTokenTsv([token({ tests: ["A", "B"], owner: "ann" })], { header: true })];
  assertEquals(
    lines[0],
    "req_id\tfeature\tstatus\taspect\tpriority\tfile_path\tline_number\towner\tphase\tspec_status\tupdated\ttests\tbenches",
  );
  assertEquals(lines[1], "CBIN-1\tScan\tIMPL\tEngine\t3\tsrc/scan.ts\t12\tann\t\tdraft\t\tA,B\t");
  assertEquals([...renderTokenTsv([token()])].length, 1, "no header unless asked");
});

Deno.test("TSV escapes tabs, newlines and backslashes so each token stays one line", () => {
  assertEquals(escapeTsvField("a\tb\nc\\d\re"), "a\\tb\\nc\\\\d\\re");
  const [line] = renderTokenTsv([token({ feature: "x\ty" })]);
  assertEquals(line.split("\t")[1], "x\\ty");
});

Deno.test("extra TSV columns are appended", () => {
  const [header, line] = renderTokenTsv([token()], {
    header: true,
    extra: [{ name: "rank", value: () => "1" }],
  });
  assertMatch(header, /\trank$/);
  assertMatch(line, /\t1$/);
});

Deno.test("a TSV field never holds the token marker", () => {
  assertEquals(escapeTsvField("x # CANARY: REQ=E-1"), "x # CANARY\\: REQ=E-1");
  // A backslash written before a colon stays distinguishable: `\\:` is not `\:`.
  assertEquals(escapeTsvField("CANARY\\:"), "CANARY\\\\:");
});

Deno.test("TSV escapes ESC, BEL, C1 and bidirectional controls too, reversibly", () => {
  const [line] = renderTokenTsv([
    token({ feature: "a\x1b]52;c;eA==\x07b", file_path: "x\x9b2J\u202e.ts", owner: "o\\x1b" }),
  ]);
  const fields = line.split("\t");
  assertEquals(fields[1], "a\\x1b]52;c;eA==\\x07b");
  assertEquals(fields[5], "x\\x9b2J\\u202e.ts");
  assertEquals(
    fields[7],
    "o\\\\x1b",
    "a literal backslash is doubled, so the escape is unambiguous",
  );
});

Deno.test("the token table escapes C1 and bidirectional controls and cuts long features", () => {
  const [, line] = renderTokenTable(
    [token({ feature: "f\x9b2J\u202e" + "x".repeat(100_000) })],
    palette(false),
  );
  assertMatch(line, /^CBIN-1 {2}f\\x9b2J\\u202ex+… {2}IMPL/);
});
