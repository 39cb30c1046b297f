import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { runCanary, tempDir, writeTree } from "./helpers.ts";

const TREE = {
  "src/main.go": [
    "package main",
    '// CANARY: REQ=CBIN-129; FEATURE="DatabaseMigrations"; ASPECT=Storage; STATUS=IMPL; TEST=TestMigrate; OWNER=canary; UPDATED=2025-10-16',
    "func main() {}",
  ].join("\n"),
  "scripts/run.sh":
    "#!/bin/sh\n# CANARY: REQ=CBIN-CLI-001; FEATURE=Runner; ASPECT=CLI; STATUS=STUB\n",
  "docs/guide.md":
    "[//]: # (CANARY: REQ=CBIN-###; FEATURE=Example; ASPECT=<aspect>; STATUS=IMPL)\n",
  "build/generated.go": "// CANARY: REQ=CBIN-900; FEATURE=Generated; ASPECT=API; STATUS=IMPL\n",
  "image.bin": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
};

Deno.test("index --json reports counts, skipped files and diagnostics on stdout", async () => {
  using dir = tempDir();
  writeTree(dir.path, TREE);
  const db = `${dir.path}/.canary/canary.db`;
  const r = await runCanary(["index", "--root", dir.path, "--db", db, "--json"]);
  assertEquals(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assertEquals(report.tokens, 2);
  assertEquals(report.files_with_tokens, 2);
  assertEquals(report.added, 2);
  assertEquals(report.skipped, [{ file_path: "image.bin", reason: "binary" }]);
  // Two placeholders on one line: one diagnostic carrying both.
  assertEquals(report.diagnostics.length, 1);
  assertMatch(report.diagnostics[0].reason, /placeholder REQ .*; placeholder ASPECT /);
  assertEquals(report.diagnostics[0].file_path, "docs/guide.md");
  assertEquals(report.diagnostics[0].line_number, 1);
  assertEquals(report.diagnostics[0].severity, "error");
  assertMatch(r.stderr, /docs\/guide\.md:1: /);
  assertMatch(r.stderr, /indexed 4 files \(4 read\): 2 tokens in 2 files/);
  const check = new DatabaseSync(db, { readOnly: true });
  const rows = check.prepare("SELECT req_id, status, file_path FROM tokens ORDER BY req_id").all()
    .map((row) => ({ ...row }));
  check.close();
  assertEquals(rows, [
    { req_id: "CBIN-129", status: "TESTED", file_path: "src/main.go" },
    { req_id: "CBIN-CLI-001", status: "STUB", file_path: "scripts/run.sh" },
  ]);
});

Deno.test("index without --json prints nothing on stdout; a second run reads nothing", async () => {
  using dir = tempDir();
  writeTree(dir.path, TREE);
  let r = await runCanary(["index"], { cwd: dir.path });
  assertEquals([r.code, r.stdout], [0, ""]);
  assertMatch(r.stderr, /migrated \.canary\/canary\.db from version 0/);
  r = await runCanary(["index", "--json"], { cwd: dir.path });
  const report = JSON.parse(r.stdout);
  assertEquals([report.files_read, report.added, report.removed, report.changed], [0, 0, 0, 0]);
  assertEquals(report.tokens, 2);
  assertEquals(report.diagnostics.length, 1, "diagnostics are reported again without re-reading");
  assertEquals(report.skipped, [{ file_path: "image.bin", reason: "binary" }]);
});

Deno.test("index --db inside the root neither lists nor reads the database's own files", async () => {
  using dir = tempDir();
  const token = (req: string) => `// CANARY: REQ=${req}; FEATURE="F"; ASPECT=API; STATUS=IMPL\n`;
  // Read, they would add their tokens: a backup at its default name, and a backup's partial copy.
  writeTree(dir.path, {
    "src/a.ts": token("CBIN-1"),
    "data/my.db.backup-10-20251016T120301Z": token("CBIN-2"),
    "data/.my.db.backup-10-20251016T120301Z.partial-7-0a1b2c3d": token("CBIN-3"),
    "data/my.db.txt": token("CBIN-4"),
  });
  for (let run = 1; run <= 2; run++) {
    const r = await runCanary(["index", "--db", "data/my.db", "--json"], { cwd: dir.path });
    assertEquals(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assertEquals(report.skipped, [], `run ${run}`);
    assertEquals([report.files_scanned, report.tokens], [2, 2], `run ${run}`);
  }
  const list = await runCanary(["list", "--db", "data/my.db", "--format", "tsv"], {
    cwd: dir.path,
  });
  assertEquals(list.stdout.match(/CBIN-\d/g)?.sort(), ["CBIN-1", "CBIN-4"]);
  // At the root too, where `--db my.db` puts it (data/my.db is just another binary file then).
  const atRoot = await runCanary(["index", "--db", "my.db", "--json"], { cwd: dir.path });
  const skipped = JSON.parse(atRoot.stdout).skipped.map((s: { file_path: string }) => s.file_path);
  assertEquals(skipped.filter((path: string) => path.startsWith("my.db")), [], atRoot.stderr);
});

Deno.test("index --strict fails with exit 1 when there is a diagnostic, after reporting", async () => {
  using dir = tempDir();
  writeTree(dir.path, TREE);
  const r = await runCanary(["index", "--strict", "--json"], { cwd: dir.path });
  assertEquals(r.code, 1);
  assertEquals(JSON.parse(r.stdout).tokens, 2);
  assertMatch(r.stderr, /canary: error: 1 diagnostic under --strict/);
  writeTree(dir.path, { "docs/guide.md": "no tokens now\n" }, new Date());
  const clean = await runCanary(["index", "--strict"], { cwd: dir.path });
  assertEquals(clean.code, 0, clean.stderr);
});

Deno.test("a missing root is a one-line error, exit 1, and the index is kept", async () => {
  using dir = tempDir();
  writeTree(dir.path, TREE);
  await runCanary(["index"], { cwd: dir.path });
  const r = await runCanary(["index", "--root", "no/such/dir"], { cwd: dir.path });
  assertEquals(r.code, 1);
  assertEquals(r.stderr.trim().split("\n").length, 1, r.stderr);
  assertMatch(r.stderr, /no\/such\/dir/);
  const check = new DatabaseSync(`${dir.path}/.canary/canary.db`, { readOnly: true });
  assertEquals(check.prepare("SELECT count(*) AS n FROM tokens").get()!.n, 2);
  check.close();
});

Deno.test("--max-file-size skips larger files; a bad size is a usage error", async () => {
  using dir = tempDir();
  writeTree(dir.path, { ...TREE, "big.txt": "x".repeat(3000) + "\n" });
  const r = await runCanary(["index", "--max-file-size", "2K", "--json"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);
  assert(
    JSON.parse(r.stdout).skipped.some((s: { file_path: string; reason: string }) =>
      s.file_path === "big.txt" && s.reason === "too_large"
    ),
  );
  const bad = await runCanary(["index", "--max-file-size", "lots"], { cwd: dir.path });
  assertEquals(bad.code, 2);
  assertMatch(bad.stderr, /invalid --max-file-size 'lots'/);
});

Deno.test("the summary counts in words: 1 file, 1 token, 2 tokens", async () => {
  using dir = tempDir();
  writeTree(dir.path, {
    "a.ts": '// CANARY: REQ=CBIN-1; FEATURE="A"; ASPECT=API; STATUS=IMPL\n' +
      '// CANARY: REQ=CBIN-2; FEATURE="B"; ASPECT=API; STATUS=IMPL\n',
  });
  const r = await runCanary(["index"], { cwd: dir.path });
  assertEquals(r.code, 0, r.stderr);
  assertMatch(r.stderr, /indexed 1 file \(1 read\): 2 tokens in 1 file; .*; 0 diagnostics; /);
});
