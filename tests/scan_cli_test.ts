import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { runCanary, tempDir, writeTree } from "./helpers.ts";
import { runCanaryUnprivileged, unprivilegedSkipReason } from "./unprivileged.ts";

const NOW = { CANARY_TEST_TIMESTAMP: "2025-03-31T12:00:00Z" };

const TREE = {
  "src/scan.go": [
    "package scan",
    '// CANARY: REQ=CBIN-101; FEATURE="Scan, fast"; ASPECT=Engine; STATUS=IMPL; OWNER=core; UPDATED=2025-03-01',
    "// CANARY: REQ=CBIN-CLI-001; FEATURE=Flags; ASPECT=cli; STATUS=STUB",
  ].join("\n"),
  "src/scan_test.go": [
    '// CANARY: REQ=CBIN-101; FEATURE="Scan, fast"; ASPECT=Engine; STATUS=STUB; TEST=TestScan; OWNER=core; UPDATED=2025-03-01',
    '// CANARY: REQ=CBIN-102; FEATURE="Say \\"hi\\""; ASPECT=API; STATUS=BENCHED; BENCH=BenchHi; UPDATED=2025-03-31',
  ].join("\n"),
  "node_modules/x/ignored.go":
    "// CANARY: REQ=CBIN-999; FEATURE=X; ASPECT=API; STATUS=TESTED; TEST=T\n",
  "docs/bad.md": "<!-- CANARY: REQ=CBIN-###; FEATURE=X; ASPECT=API; STATUS=IMPL -->\n",
};

const STATUS_JSON = `{
  "generated_at": "2025-03-31T12:00:00Z",
  "requirements": [
    {
      "id": "CBIN-101",
      "features": [
        {
          "feature": "Scan, fast",
          "aspect": "Engine",
          "status": "TESTED",
          "files": [
            "src/scan.go",
            "src/scan_test.go"
          ],
          "tests": [
            "TestScan"
          ],
          "benches": [],
          "owner": "core",
          "updated": "2025-03-01"
        }
      ]
    },
    {
      "id": "CBIN-102",
      "features": [
        {
          "feature": "Say \\"hi\\"",
          "aspect": "API",
          "status": "BENCHED",
          "files": [
            "src/scan_test.go"
          ],
          "tests": [],
          "benches": [
            "BenchHi"
          ],
          "owner": "",
          "updated": "2025-03-31"
        }
      ]
    },
    {
      "id": "CBIN-CLI-001",
      "features": [
        {
          "feature": "Flags",
          "aspect": "CLI",
          "status": "STUB",
          "files": [
            "src/scan.go"
          ],
          "tests": [],
          "benches": [],
          "owner": "",
          "updated": ""
        }
      ]
    }
  ],
  "summary": {
    "by_status": {
      "MISSING": 0,
      "STUB": 1,
      "IMPL": 0,
      "TESTED": 1,
      "BENCHED": 1,
      "REMOVED": 0
    },
    "by_aspect": {
      "API": 1,
      "CLI": 1,
      "Engine": 1
    },
    "total_tokens": 4,
    "unique_requirements": 3
  }
}
`;

const STATUS_CSV = [
  "req,feature,aspect,status,file,test,bench,owner,updated",
  'CBIN-101,"Scan, fast",Engine,TESTED,src/scan.go,TestScan,,core,2025-03-01',
  'CBIN-101,"Scan, fast",Engine,TESTED,src/scan_test.go,,,core,2025-03-01',
  'CBIN-102,"Say ""hi""",API,BENCHED,src/scan_test.go,,BenchHi,,2025-03-31',
  "CBIN-CLI-001,Flags,CLI,STUB,src/scan.go,,,,",
  "",
].join("\r\n");

Deno.test("scan writes status.json and status.csv byte for byte, reproducibly", async () => {
  using dir = tempDir();
  writeTree(dir.path, TREE);
  const r = await runCanary(["scan"], { cwd: dir.path, env: NOW });
  assertEquals([r.code, r.stdout], [0, ""], r.stderr);
  assertMatch(r.stderr, /docs\/bad\.md:1: rejected: placeholder REQ/);
  assertEquals(Deno.readTextFileSync(`${dir.path}/status.json`), STATUS_JSON);
  assertEquals(Deno.readTextFileSync(`${dir.path}/status.csv`), STATUS_CSV);
  // No database is opened or created.
  assertEquals([...Deno.readDirSync(dir.path)].some((e) => e.name === ".canary"), false);

  const again = await runCanary(
    ["scan", "--root", dir.path, "--out", `${dir.path}/2.json`, "--csv", `${dir.path}/2.csv`],
    { env: NOW },
  );
  assertEquals(again.code, 0, again.stderr);
  // The reports written by the first run are in the tree now but hold no tokens.
  assertEquals(Deno.readTextFileSync(`${dir.path}/2.json`), STATUS_JSON);
  assertEquals(Deno.readTextFileSync(`${dir.path}/2.csv`), STATUS_CSV);
});

Deno.test("scan --json prints the report instead of writing files, unless paths are given", async () => {
  using dir = tempDir();
  writeTree(dir.path, TREE);
  const r = await runCanary(["scan", "--json"], { cwd: dir.path, env: NOW });
  assertEquals(r.code, 0, r.stderr);
  const printed = JSON.parse(r.stdout);
  assertEquals(printed.verify, null);
  assertEquals(printed.stale, null);
  const { verify: _v, stale: _s, ...report } = printed;
  assertEquals(JSON.stringify(report, null, 2) + "\n", STATUS_JSON);
  assertEquals([...Deno.readDirSync(dir.path)].some((e) => e.name.startsWith("status.")), false);

  const both = await runCanary(["scan", "--json", "--out", "s.json"], { cwd: dir.path, env: NOW });
  assertEquals(both.code, 0, both.stderr);
  assertEquals(Deno.readTextFileSync(`${dir.path}/s.json`), STATUS_JSON);
  assertEquals([...Deno.readDirSync(dir.path)].some((e) => e.name === "status.csv"), false);
});

Deno.test("scan --verify passes when every claimed id has a TESTED or BENCHED group", async () => {
  using dir = tempDir();
  writeTree(dir.path, {
    ...TREE,
    "GAP.md": "# Gaps\n\n- ✅ CBIN-101 scanning\n* ✅ **CBIN-102** hi\n| CBIN-CLI-001 | ✅ |\n",
  });
  const r = await runCanary(["scan", "--verify", "GAP.md", "--json"], { cwd: dir.path, env: NOW });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(JSON.parse(r.stdout).verify, {
    file_path: "GAP.md",
    claimed: 2,
    passed: ["CBIN-101", "CBIN-102"],
    failed: [],
  });
  assertEquals(r.stderr.includes("CANARY_VERIFY_FAIL"), false);
});

Deno.test("scan --verify fails (exit 2) listing failed claims in sorted order, after writing", async () => {
  using dir = tempDir();
  writeTree(dir.path, {
    ...TREE,
    "GAP.md": [
      "- ✅ CBIN-ZZZ-404 never written",
      "- ✅ CBIN-CLI-001 flags",
      "- ✅ CBIN-101 scanning",
      "  - ✅ PROJECT-SUB-AREA-000123 a long id",
      "",
    ].join("\n"),
  });
  const r = await runCanary(["scan", "--verify", "GAP.md"], { cwd: dir.path, env: NOW });
  assertEquals(r.code, 2, r.stderr);
  const lines = r.stderr.split("\n").filter((line) => line.startsWith("CANARY_VERIFY_FAIL"));
  assertEquals(lines, [
    "CANARY_VERIFY_FAIL REQ=CBIN-CLI-001 reason=not_tested(STUB)",
    "CANARY_VERIFY_FAIL REQ=CBIN-ZZZ-404 reason=no_tokens",
    "CANARY_VERIFY_FAIL REQ=PROJECT-SUB-AREA-000123 reason=no_tokens",
  ]);
  assertEquals(Deno.readTextFileSync(`${dir.path}/status.json`), STATUS_JSON);
});

function staleTree(updated: string) {
  return {
    "a.go":
      `// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=TESTED; TEST=T; UPDATED=${updated}\n` +
      "// CANARY: REQ=CBIN-2; FEATURE=Old; ASPECT=API; STATUS=IMPL; UPDATED=2000-01-01\n",
  };
}

Deno.test("scan --strict: exactly --stale-days old passes, one day older fails", async () => {
  using dir = tempDir();
  // 2025-03-31 minus 30 days is 2025-03-01.
  writeTree(dir.path, staleTree("2025-03-01"));
  let r = await runCanary(["scan", "--strict", "--json"], { cwd: dir.path, env: NOW });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(JSON.parse(r.stdout).stale, []);

  writeTree(dir.path, staleTree("2025-02-28"));
  r = await runCanary(["scan", "--strict"], { cwd: dir.path, env: NOW });
  assertEquals(r.code, 2, r.stderr);
  assertEquals(
    r.stderr.split("\n").filter((line) => line.startsWith("CANARY_STALE")),
    ["CANARY_STALE REQ=CBIN-1 updated=2025-02-28 age_days=31 threshold=30"],
  );
  r = await runCanary(["scan", "--strict", "--stale-days", "31"], { cwd: dir.path, env: NOW });
  assertEquals(r.code, 0, r.stderr);
  // Without --strict, age is not checked.
  r = await runCanary(["scan"], { cwd: dir.path, env: NOW });
  assertEquals(r.code, 0, r.stderr);
});

Deno.test("scan --strict: a TESTED group without UPDATED is stale", async () => {
  using dir = tempDir();
  writeTree(dir.path, { "a.py": "# CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=TESTED\n" });
  const r = await runCanary(["scan", "--strict"], { cwd: dir.path, env: NOW });
  assertEquals(r.code, 2);
  assertMatch(r.stderr, /^CANARY_STALE REQ=CBIN-1 updated=none age_days=unknown threshold=30$/m);
});

Deno.test("scan --update-stale re-dates only stale tokens, keeps CRLF and mode; rerun is a no-op", async () => {
  using dir = tempDir();
  const stale = "// CANARY: REQ=CBIN-1; FEATURE=F; ASPECT=API; STATUS=TESTED; UPDATED=2024-12-01";
  const fresh = "// CANARY: REQ=CBIN-2; FEATURE=G; ASPECT=API; STATUS=TESTED; UPDATED=2025-03-30";
  const impl = "// CANARY: REQ=CBIN-3; FEATURE=H; ASPECT=API; STATUS=IMPL; UPDATED=2024-12-01";
  const quoted =
    '# CANARY: REQ=CBIN-CLI-001; FEATURE=R; ASPECT=CLI; STATUS=IMPL; TEST=t; UPDATED="2024-01-01"';
  writeTree(dir.path, {
    "win.go": ["package win", stale, fresh, impl, ""].join("\r\n"),
    "run.sh": `#!/bin/sh\n${quoted}\necho\n`,
    "keep.go": fresh + "\n",
  });
  Deno.chmodSync(`${dir.path}/run.sh`, 0o755);
  const r = await runCanary(["scan", "--update-stale", "--strict", "--json"], {
    cwd: dir.path,
    env: NOW,
  });
  assertEquals(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  assertEquals(result.updated_files, [
    { file_path: "run.sh", line_numbers: [2] },
    { file_path: "win.go", line_numbers: [2] },
  ]);
  assertEquals(result.stale, []);
  assertMatch(r.stderr, /^updated run\.sh: UPDATED=2025-03-31 on line 2$/m);
  assertMatch(r.stderr, /^updated win\.go: UPDATED=2025-03-31 on line 2$/m);
  assertEquals(
    Deno.readTextFileSync(`${dir.path}/win.go`),
    ["package win", stale.replace("2024-12-01", "2025-03-31"), fresh, impl, ""].join("\r\n"),
  );
  assertEquals(
    Deno.readTextFileSync(`${dir.path}/run.sh`),
    `#!/bin/sh\n${quoted.replace("2024-01-01", "2025-03-31")}\necho\n`,
  );
  assertEquals(Deno.statSync(`${dir.path}/run.sh`).mode! & 0o777, 0o755);
  assertEquals(Deno.readTextFileSync(`${dir.path}/keep.go`), fresh + "\n");
  // The report describes the rewritten files.
  assertEquals(result.requirements[0].features[0].updated, "2025-03-31");

  const before = Deno.readTextFileSync(`${dir.path}/win.go`);
  const again = await runCanary(["scan", "--update-stale", "--json", "--out", "s.json"], {
    cwd: dir.path,
    env: NOW,
  });
  assertEquals(again.code, 0, again.stderr);
  assertEquals(JSON.parse(again.stdout).updated_files, []);
  assertEquals(Deno.readTextFileSync(`${dir.path}/win.go`), before);
});

Deno.test("scan exit 3: missing root, unreadable --verify, unwritable --out; one-line error", async () => {
  using dir = tempDir();
  writeTree(dir.path, TREE);
  const oneError = (stderr: string) =>
    stderr.split("\n").filter((line) => line.startsWith("canary: error:"));

  let r = await runCanary(["scan", "--root", "no/such/dir"], { cwd: dir.path, env: NOW });
  assertEquals(r.code, 3);
  assertEquals(oneError(r.stderr).length, 1, r.stderr);
  assertMatch(r.stderr, /no\/such\/dir/);

  for (const verify of ["missing.md", "src"]) {
    r = await runCanary(["scan", "--verify", verify], { cwd: dir.path, env: NOW });
    assertEquals(r.code, 3, verify);
    assertEquals(oneError(r.stderr), [
      `canary: error: cannot read ${verify}: ${
        verify === "src" ? "is a directory" : "no such file or directory"
      }`,
    ]);
  }

  r = await runCanary(["scan", "--out", "no/dir/status.json", "--csv", "ok.csv"], {
    cwd: dir.path,
    env: NOW,
  });
  assertEquals(r.code, 3);
  assertEquals(oneError(r.stderr), [
    "canary: error: cannot write no/dir/status.json: no such file or directory",
  ]);
  // The other report is still written before the exit code is decided.
  assertEquals(Deno.readTextFileSync(`${dir.path}/ok.csv`), STATUS_CSV);

  // Exit 3 outranks failed claims.
  writeTree(dir.path, { "GAP.md": "- ✅ CBIN-404\n" });
  r = await runCanary(["scan", "--verify", "GAP.md", "--out", "src"], { cwd: dir.path, env: NOW });
  assertEquals(r.code, 3);
  assertMatch(r.stderr, /CANARY_VERIFY_FAIL REQ=CBIN-404 reason=no_tokens/);
});

Deno.test("scan outputs naming one file (a link, .., a hard link, the default) exit 2 before scanning", async () => {
  using dir = tempDir();
  writeTree(dir.path, { ...TREE, "kept.json": "kept\n", "sub/.keep": "" });
  Deno.symlinkSync("x.json", `${dir.path}/dangling.json`);
  Deno.symlinkSync("kept.json", `${dir.path}/kept_link.json`);
  Deno.linkSync(`${dir.path}/kept.json`, `${dir.path}/kept_hard.json`);
  const clashes = [
    ["--out", "same.json", "--csv", "same.json"],
    ["--out", "x.json", "--csv", "dangling.json"],
    ["--out", "s.json", "--sarif", "s.json", "--csv", "/dev/null"],
    ["--sarif", "kept_link.json", "--out", "sub/../kept.json"],
    ["--out", "kept_hard.json", "--csv", "kept.json"],
    ["--out", "status.csv"],
  ];
  for (const args of clashes) {
    const r = await runCanary(["scan", ...args], { cwd: dir.path, env: NOW });
    assertEquals(r.code, 2, args.join(" "));
    assertMatch(
      r.stderr,
      /^canary: error: --\w+ \S+ and --\w+ \S+ name one file; choose another path\n$/,
    );
    assertEquals(r.stdout, "", args.join(" "));
  }
  assertEquals(Deno.readTextFileSync(`${dir.path}/kept.json`), "kept\n");
  const left = [...Deno.readDirSync(dir.path)].map((entry) => entry.name).sort();
  assertEquals(left, [
    "dangling.json",
    "docs",
    "kept.json",
    "kept_hard.json",
    "kept_link.json",
    "node_modules",
    "src",
    "sub",
  ]);
});

Deno.test("scan usage errors exit 2: bad --stale-days, bad CANARY_TEST_TIMESTAMP", async () => {
  using dir = tempDir();
  writeTree(dir.path, TREE);
  for (const days of ["-1", "abc", "1.5"]) {
    const r = await runCanary(["scan", "--strict", "--stale-days", days], {
      cwd: dir.path,
      env: NOW,
    });
    assertEquals(r.code, 2, days);
    assertMatch(r.stderr, /invalid --stale-days/);
  }
  const r = await runCanary(["scan"], {
    cwd: dir.path,
    env: { CANARY_TEST_TIMESTAMP: "last tuesday" },
  });
  assertEquals(r.code, 2);
  assertMatch(r.stderr, /invalid CANARY_TEST_TIMESTAMP/);
  assert(![...Deno.readDirSync(dir.path)].some((e) => e.name === "status.json"));
});

const unprivileged = unprivilegedSkipReason();

Deno.test({
  name: `scan exits 3 when a file in the tree cannot be read, after writing the reports${
    unprivileged ? ` (ignored: ${unprivileged})` : ""
  }`,
  ignore: unprivileged !== null,
  fn: async () => {
    using dir = tempDir();
    const token = "// CANARY: REQ=CBIN-1; FEATURE=Open; ASPECT=API; STATUS=IMPL; TEST=T\n";
    writeTree(dir.path, { "tree/open.ts": token, "tree/secret.ts": token });
    Deno.chmodSync(dir.path, 0o777);
    Deno.chmodSync(`${dir.path}/tree`, 0o755);
    Deno.chmodSync(`${dir.path}/tree/secret.ts`, 0o000);
    const r = await runCanaryUnprivileged(
      ["scan", "--root", "tree", "--out", "status.json", "--csv", "status.csv"],
      dir.path,
    );
    assertEquals(r.code, 3, r.stderr);
    assertMatch(r.stderr, /secret\.ts/);
    const report = JSON.parse(Deno.readTextFileSync(`${dir.path}/status.json`));
    assertEquals(report.summary.total_tokens, 1);
  },
});
