import { assertEquals } from "../test_assert.ts";
import { scanned } from "./_fixture.ts";
import { parseTokens } from "../tokens/mod.ts";
import { csvField, renderStatusCsv } from "./status_csv.ts";
import { buildStatusReport, renderStatusJson, type StatusReport } from "./status_report.ts";
import { isCanaryReport } from "../scan/read.ts";

/** A strict RFC 4180 reader written for the test, so the writer is checked by another's logic. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
        if (i < text.length && !",\r".includes(text[i])) {
          throw new Error(`text after quote at ${i}`);
        }
      } else {
        field += c;
        i++;
      }
    } else if (c === '"') {
      if (field !== "") throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (c === ",") {
      record.push(field);
      field = "";
      i++;
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i += 2;
    } else if (c === "\r" || c === "\n") {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new Error("unterminated quote");
  if (field !== "" || record.length > 0) throw new Error("last record lacks CRLF");
  return records;
}

Deno.test("renderStatusCsv: header, one row per file/test/bench position, CRLF", () => {
  const report = buildStatusReport(
    scanned({
      "b.go": [
        "// CANARY: REQ=CBIN-1; FEATURE=Scan; ASPECT=Engine; STATUS=IMPL; TEST=T2,T1,T3; BENCH=B1; OWNER=core; UPDATED=2025-01-01",
      ],
      "a.go": [
        "// CANARY: REQ=CBIN-1; FEATURE=Scan; ASPECT=Engine; STATUS=IMPL; OWNER=core; UPDATED=2025-01-01",
        "// CANARY: REQ=CBIN-2; FEATURE=Stub; ASPECT=API; STATUS=STUB",
      ],
    }),
    "t",
  );
  assertEquals(
    renderStatusCsv(report),
    "req,feature,aspect,status,file,test,bench,owner,updated\r\n" +
      "CBIN-1,Scan,Engine,BENCHED,a.go,T1,B1,core,2025-01-01\r\n" +
      "CBIN-1,Scan,Engine,BENCHED,b.go,T2,,core,2025-01-01\r\n" +
      "CBIN-1,Scan,Engine,BENCHED,,T3,,core,2025-01-01\r\n" +
      "CBIN-2,Stub,API,STUB,a.go,,,,\r\n",
  );
});

Deno.test("csvField quotes only what needs it and doubles quotes", () => {
  assertEquals(csvField("plain value"), "plain value");
  assertEquals(csvField("a,b"), '"a,b"');
  assertEquals(csvField('say "hi"'), '"say ""hi"""');
  assertEquals(csvField("line\nbreak"), '"line\nbreak"');
  assertEquals(csvField("cr\rhere"), '"cr\rhere"');
  assertEquals(csvField(""), "");
});

Deno.test("awkward values survive a round trip through a CSV parser", () => {
  const awkward = ['a, "quoted", value', 'x""y', "multi\nline\r\nvalue", ",", '"', " spaced "];
  const report: StatusReport = {
    generated_at: "t",
    requirements: awkward.map((value, i) => ({
      id: `CBIN-${i}`,
      features: [{
        feature: value,
        aspect: "API",
        status: "TESTED",
        files: [`dir, with comma/${value}.go`],
        tests: [value],
        benches: [],
        owner: value,
        updated: "2025-01-01",
      }],
    })),
    summary: {
      by_status: { MISSING: 0, STUB: 0, IMPL: 0, TESTED: 6, BENCHED: 0, REMOVED: 0 },
      by_aspect: { API: 6 },
      total_tokens: 6,
      unique_requirements: 6,
    },
  };
  const records = parseCsv(renderStatusCsv(report));
  assertEquals(records[0], [
    "req",
    "feature",
    "aspect",
    "status",
    "file",
    "test",
    "bench",
    "owner",
    "updated",
  ]);
  assertEquals(
    records.slice(1),
    awkward.map((value, i) => [
      `CBIN-${i}`,
      value,
      "API",
      "TESTED",
      `dir, with comma/${value}.go`,
      value,
      "",
      value,
      "2025-01-01",
    ]),
  );
});

Deno.test("values parsed from real tokens round-trip too", () => {
  const report = buildStatusReport(
    scanned({
      "x.go": [
        String
          .raw`// CANARY: REQ=CBIN-7; FEATURE="Parse \"CSV\", fast"; ASPECT=API; STATUS=IMPL; TEST="Test\"Q\""; OWNER='a,b'`,
      ],
    }),
    "t",
  );
  const [, row] = parseCsv(renderStatusCsv(report));
  assertEquals(row, [
    "CBIN-7",
    'Parse "CSV", fast',
    "API",
    "TESTED",
    "x.go",
    'Test"Q"',
    "",
    "a,b",
    "",
  ]);
});

Deno.test("a cell a spreadsheet would run as a formula is quoted behind a single quote", () => {
  for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
    const value = `${start}HYPERLINK("http://x","y")`;
    assertEquals(csvField(value), `"'${value.replaceAll('"', '""')}"`);
    assertEquals(parseCsv(csvField(value) + "\r\n")[0], [`'${value}`]);
  }
  assertEquals(csvField("a=b"), "a=b");
});

Deno.test("no CSV cell holds the token marker, so the file scans as no token", () => {
  const forged = "x # CANARY: REQ=EVIL-1; FEATURE=F; ASPECT=API; STATUS=TESTED; TEST=T";
  const report = buildStatusReport(
    scanned({ "a.go": [`// CANARY: REQ=CBIN-1; FEATURE="${forged}"; ASPECT=API; STATUS=IMPL`] }),
    "t",
  );
  const text = renderStatusCsv(report);
  assertEquals(text.includes("CANARY:"), false);
  assertEquals(parseTokens(text, "status.csv").tokens, []);
  assertEquals(parseCsv(text)[1][1], forged.replace("CANARY:", "CANARY\\:"));
});

Deno.test("the scanner recognises both reports by how they begin", () => {
  const report = buildStatusReport(scanned({}), "t");
  const encode = (text: string) => new TextEncoder().encode(text);
  assertEquals(isCanaryReport(encode(renderStatusCsv(report))), true);
  assertEquals(isCanaryReport(encode(renderStatusJson(report))), true);
  assertEquals(isCanaryReport(encode("req,feature\r\n")), false);
});
