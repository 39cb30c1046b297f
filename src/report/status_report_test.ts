import { assertEquals } from "../test_assert.ts";
import { scanned } from "./_fixture.ts";
import { parseTokens } from "../tokens/mod.ts";
import { buildStatusReport, renderStatusJson } from "./status_report.ts";

const FILES = {
  "src/b.go": [
    "// CANARY: REQ=CBIN-2; FEATURE=Out; ASPECT=cli; STATUS=BENCHED; BENCH=BenchOut; UPDATED=2025-02-01",
  ],
  "src/a.go": [
    '// CANARY: REQ=CBIN-1; FEATURE="Scan"; ASPECT=Engine; STATUS=IMPL; OWNER=core; UPDATED=2025-01-01',
    "// CANARY: REQ=CBIN-1; FEATURE=Scan; ASPECT=Engine; STATUS=IMPL; TEST=TestScan; OWNER=core; UPDATED=2025-01-01",
    "// CANARY: REQ=CBIN-2; FEATURE=Gone; ASPECT=API; STATUS=REMOVED",
  ],
};

Deno.test("renderStatusJson writes the exact status.json shape, keys in order", () => {
  const text = renderStatusJson(buildStatusReport(scanned(FILES), "2025-03-01T00:00:00Z"));
  assertEquals(
    text,
    `{
  "generated_at": "2025-03-01T00:00:00Z",
  "requirements": [
    {
      "id": "CBIN-1",
      "features": [
        {
          "feature": "Scan",
          "aspect": "Engine",
          "status": "TESTED",
          "files": [
            "src/a.go"
          ],
          "tests": [
            "TestScan"
          ],
          "benches": [],
          "owner": "core",
          "updated": "2025-01-01"
        }
      ]
    },
    {
      "id": "CBIN-2",
      "features": [
        {
          "feature": "Gone",
          "aspect": "API",
          "status": "REMOVED",
          "files": [
            "src/a.go"
          ],
          "tests": [],
          "benches": [],
          "owner": "",
          "updated": ""
        },
        {
          "feature": "Out",
          "aspect": "CLI",
          "status": "BENCHED",
          "files": [
            "src/b.go"
          ],
          "tests": [],
          "benches": [
            "BenchOut"
          ],
          "owner": "",
          "updated": "2025-02-01"
        }
      ]
    }
  ],
  "summary": {
    "by_status": {
      "MISSING": 0,
      "STUB": 0,
      "IMPL": 0,
      "TESTED": 1,
      "BENCHED": 1,
      "REMOVED": 1
    },
    "by_aspect": {
      "API": 1,
      "CLI": 1,
      "Engine": 1
    },
    "total_tokens": 4,
    "unique_requirements": 2
  }
}
`,
  );
});

Deno.test("the report does not depend on the order files were scanned in", () => {
  const reversed = Object.fromEntries(Object.entries(FILES).reverse());
  const a = renderStatusJson(buildStatusReport(scanned(FILES), "t"));
  const b = renderStatusJson(buildStatusReport(scanned(reversed), "t"));
  assertEquals(a, b);
});

Deno.test("an empty tree still has a requirements array and every status counted", () => {
  const report = buildStatusReport({ files: [] }, "t");
  assertEquals(report.requirements, []);
  assertEquals(report.summary, {
    by_status: { MISSING: 0, STUB: 0, IMPL: 0, TESTED: 0, BENCHED: 0, REMOVED: 0 },
    by_aspect: {},
    total_tokens: 0,
    unique_requirements: 0,
  });
});

Deno.test("status.json keeps a forged marker as exact data but holds no token line", () => {
  const forged = "x # CANARY: REQ=EVIL-1; FEATURE=F; ASPECT=API; STATUS=TESTED; TEST=T";
  const report = buildStatusReport(
    scanned({ "a.go": [`// CANARY: REQ=CBIN-1; FEATURE="${forged}"; ASPECT=API; STATUS=IMPL`] }),
    "t",
  );
  const text = renderStatusJson(report);
  assertEquals(text.includes("CANARY:"), false);
  assertEquals(parseTokens(text, "status.json").tokens, []);
  assertEquals(JSON.parse(text), JSON.parse(JSON.stringify(report)));
  assertEquals(JSON.parse(text).requirements[0].features[0].feature, forged);
});
