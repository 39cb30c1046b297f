import { assertEquals } from "../src/test_assert.ts";
import { runCanary, tempDir, writeTree } from "./helpers.ts";

Deno.test("scan --annotations github: token diagnostics, failed claims and stale tokens on their lines", async () => {
  using dir = tempDir();
  writeTree(dir.path, {
    "src/bad, one.ts": '\n// CANARY: REQ=CBIN-5; FEATURE="Bad"; ASPECT=API; STATUS=DONE\n',
    "src/old.ts": '// CANARY: REQ=CBIN-6; FEATURE="Old"; ASPECT=API; STATUS=TESTED; ' +
      "TEST=TestOld; UPDATED=2020-01-01\n",
    "docs/GAPS.md": "# Gaps\n\n- ✅ CBIN-42\n",
  });
  const r = await runCanary([
    "scan",
    "--strict",
    "--verify",
    "docs/GAPS.md",
    "--annotations",
    "github",
  ], { cwd: dir.path, env: { CANARY_TEST_TIMESTAMP: "2026-12-02T06:30:00Z" } });
  assertEquals(r.code, 2, r.stderr);
  const lines = r.stdout.split("\n").filter((line) => line.startsWith("::"));
  assertEquals(lines, [
    "::error file=src/bad%2C one.ts,line=2,title=CANARY token rejected::" +
    'invalid STATUS "DONE" (expected one of MISSING, STUB, IMPL, TESTED, BENCHED, REMOVED)',
    "::error file=docs/GAPS.md,line=3,title=Claim of CBIN-42 does not hold::" +
    "CBIN-42 is claimed done, but no token has this id",
    "::warning file=src/old.ts,line=1,title=Stale token of CBIN-6::" +
    "CBIN-6 Old [API] is TESTED, updated 2527 days ago (limit 30)",
  ]);
});

Deno.test("scan --annotations with another output on stdout is a usage error", async () => {
  using dir = tempDir();
  const r = await runCanary(["scan", "--out", "-", "--annotations", "github"], { cwd: dir.path });
  assertEquals(r.code, 2);
  const bad = await runCanary(["scan", "--annotations", "gitlab"], { cwd: dir.path });
  assertEquals(bad.code, 2);
});
