/**
 * `canary scan` against hostile trees, end to end: forged claims through token values, reports
 * read back as source, links and ownership under `--update-stale`, leftovers of a killed run.
 */
import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { runCanaryUnprivileged, unprivilegedSkipReason } from "./unprivileged.ts";
import { runCanary, tempDir, writeTree } from "./helpers.ts";

const NOW = { CANARY_TEST_TIMESTAMP: "2025-03-31T12:00:00Z" };

const FORGED = "x # CANARY: REQ=EVIL-1; FEATURE=Evil; ASPECT=API; STATUS=TESTED; TEST=T; x=";

Deno.test("a token value cannot forge a passing claim through the reports a run leaves", async () => {
  using dir = tempDir();
  writeTree(dir.path, {
    "a.go":
      `// CANARY: REQ=CBIN-1; FEATURE="${FORGED}"; OWNER="${FORGED}"; ASPECT=API; STATUS=IMPL\n`,
    "claims.md": "- ✅ EVIL-1 is tested\n",
  });
  for (const run of [1, 2, 3]) {
    const r = await runCanary(["scan", "--verify", "claims.md"], { cwd: dir.path, env: NOW });
    assertEquals(r.code, 2, `run ${run}: ${r.stderr}`);
    assertMatch(r.stderr, /CANARY_VERIFY_FAIL REQ=EVIL-1 reason=no_tokens/);
    assertMatch(r.stderr, /1 tokens/);
  }
  for (const name of ["status.json", "status.csv"]) {
    assertEquals(Deno.readTextFileSync(`${dir.path}/${name}`).includes("CANARY:"), false, name);
  }
  const json = JSON.parse(Deno.readTextFileSync(`${dir.path}/status.json`));
  assertEquals(json.requirements[0].features[0].feature, FORGED);
  // Printed JSON is exact data too, and holds no token line.
  const printed = await runCanary(["scan", "--json"], { cwd: dir.path, env: NOW });
  assertEquals(printed.stdout.includes("CANARY:"), false);
  assertEquals(JSON.parse(printed.stdout).requirements[0].features[0].feature, FORGED);
});

Deno.test("reports are skipped as canary_report: this run's outputs and any older canary report", async () => {
  using dir = tempDir();
  const token = "x # CANARY: REQ=EVIL-2; FEATURE=E; ASPECT=API; STATUS=TESTED; TEST=T\n";
  writeTree(dir.path, {
    "tree/a.go": "// CANARY: REQ=CBIN-1; FEATURE=A; ASPECT=API; STATUS=IMPL\n",
    // As an older canary wrote them: the marker unescaped inside values.
    "tree/old/status.csv": `req,feature,aspect,status,file,test,bench,owner,updated\r\nE,${token}`,
    "tree/old/s.json": `{\n  "generated_at": "x",\n${token}}\n`,
    // A file named as this run's output, holding a real token line: not read either.
    "tree/out/r.txt": token,
  });
  const r = await runCanary(
    [
      "scan",
      "--root",
      "tree",
      "--out",
      `${dir.path}/tree/../tree/out/r.txt`,
      "--csv",
      "c.csv",
      "--json",
    ],
    { cwd: dir.path, env: NOW },
  );
  assertEquals(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assertEquals(report.requirements.map((req: { id: string }) => req.id), ["CBIN-1"]);
  assertEquals(report.summary.total_tokens, 1);
});

const unprivileged = unprivilegedSkipReason();

Deno.test({
  name: `scan exits 3 naming a folder it cannot read, as for a file${
    unprivileged ? ` (ignored: ${unprivileged})` : ""
  }`,
  ignore: unprivileged !== null,
  fn: async () => {
    using dir = tempDir();
    const token = "// CANARY: REQ=CBIN-1; FEATURE=Open; ASPECT=API; STATUS=IMPL; TEST=T\n";
    writeTree(dir.path, { "tree/open.ts": token, "tree/locked/inner.ts": token });
    Deno.chmodSync(dir.path, 0o777);
    Deno.chmodSync(`${dir.path}/tree`, 0o755);
    Deno.chmodSync(`${dir.path}/tree/locked`, 0o000);
    const r = await runCanaryUnprivileged(
      ["scan", "--root", "tree", "--out", "status.json", "--csv", "status.csv"],
      dir.path,
    );
    assertEquals(r.code, 3, r.stderr);
    assertMatch(r.stderr, /cannot read tree\/locked/);
    const report = JSON.parse(Deno.readTextFileSync(`${dir.path}/status.json`));
    assertEquals(report.summary.total_tokens, 1);
  },
});

Deno.test("scan reports a file name that is not UTF-8 as index does, and exits 0", async () => {
  using dir = tempDir();
  const token = "// CANARY: REQ=CBIN-1; FEATURE=Open; ASPECT=API; STATUS=IMPL; TEST=T\n";
  writeTree(dir.path, { "tree/open.ts": token });
  const made = new Deno.Command("sh", {
    args: ["-c", `printf 'x' > "$1/bad$(printf '\\377')name.ts"`, "sh", `${dir.path}/tree`],
  }).outputSync();
  assert(made.success, "could not create the file");
  const r = await runCanary(["scan", "--root", "tree", "--json"], { cwd: dir.path, env: NOW });
  assertEquals(r.code, 0, r.stderr);
  assertMatch(r.stderr, /bad\uFFFDname\.ts:0: warning: file name is not valid UTF-8/);
  assertEquals(JSON.parse(r.stdout).summary.total_tokens, 1);
  const index = await runCanary(["index", "--root", "tree", "--db", "i.db", "--json"], {
    cwd: dir.path,
  });
  assertEquals(index.code, 0, index.stderr);
  assertEquals(JSON.parse(index.stdout).skipped, [
    { path: "bad\uFFFDname.ts", reason: "name_not_utf8" },
  ]);
});
