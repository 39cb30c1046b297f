import { assertEquals } from "../test_assert.ts";
import { join } from "node:path";
import { parseClaims } from "./claims.ts";
import { ReportError } from "./report_error.ts";
import { runScan, scanExitCode, type ScanRequest } from "./scan_run.ts";

Deno.test("scanExitCode: I/O failures outrank failed claims and stale tokens", () => {
  assertEquals(scanExitCode({ ioFailures: 0, failedClaims: 0, staleGroups: 0 }), 0);
  assertEquals(scanExitCode({ ioFailures: 0, failedClaims: 1, staleGroups: 0 }), 2);
  assertEquals(scanExitCode({ ioFailures: 0, failedClaims: 0, staleGroups: 3 }), 2);
  assertEquals(scanExitCode({ ioFailures: 1, failedClaims: 0, staleGroups: 0 }), 3);
  assertEquals(scanExitCode({ ioFailures: 2, failedClaims: 5, staleGroups: 5 }), 3);
});

function tree(): string {
  const root = Deno.makeTempDirSync({ prefix: "canary-scan-run-" });
  Deno.writeTextFileSync(
    join(root, "a.ts"),
    [
      '// CANARY: REQ=CBIN-1; FEATURE="Old"; ASPECT=API; STATUS=TESTED; TEST=T; UPDATED=2025-01-01',
      '// CANARY: REQ=CBIN-2; FEATURE="New"; ASPECT=API; STATUS=IMPL; UPDATED=2026-11-30',
      "",
    ].join("\n"),
  );
  return root;
}

function request(root: string, overrides: Partial<ScanRequest> = {}): ScanRequest {
  return {
    root,
    reportFiles: [],
    claims: null,
    strict: false,
    staleDays: 30,
    updateStale: false,
    now: new Date("2026-12-02T06:30:00Z"),
    write: () => {},
    ...overrides,
  };
}

Deno.test("runScan: a failed claim and a strict stale group decide exit 2, reports written first", async () => {
  const root = tree();
  const written: string[] = [];
  const run = await runScan(request(root, {
    jsonReport: "status.json",
    claims: parseClaims("- ✅ CBIN-2 done\n- ✅ CBIN-1 done\n"),
    strict: true,
    write: (path) => written.push(path),
  }));
  assertEquals(written, ["status.json"]);
  assertEquals(run.report.summary.total_tokens, 2);
  assertEquals(run.verification?.failed.map((f) => f.reqId), ["CBIN-2"]);
  assertEquals(run.stale?.map((s) => s.group.reqId), ["CBIN-1"]);
  assertEquals([run.outcome.failedClaims, run.outcome.staleGroups, run.exitCode], [1, 1, 2]);
  Deno.removeSync(root, { recursive: true });
});

Deno.test("runScan: an unwritable report is exit 3, with its message; re-dating rescans", async () => {
  const root = tree();
  const run = await runScan(request(root, {
    csvReport: "out.csv",
    updateStale: true,
    write: (path) => {
      throw new ReportError("unwritable", path, `cannot write ${path}: no space`);
    },
  }));
  assertEquals([run.exitCode, run.ioErrors], [3, ["cannot write out.csv: no space"]]);
  assertEquals(run.update?.files.map((f) => f.path), ["a.ts"]);
  assertEquals(run.today, "2026-12-02");
  // The report is built from the rescan: the re-dated token is no longer stale.
  assertEquals(
    run.report.requirements.find((r) => r.id === "CBIN-1")?.features[0].updated,
    "2026-12-02",
  );
  Deno.removeSync(root, { recursive: true });
});
