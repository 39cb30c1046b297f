import { assert, assertEquals } from "../src/test_assert.ts";
import { parseGnuTime, runOnce } from "./bench_runner.ts";

Deno.test("parseGnuTime adds user and system time and reads the peak", () => {
  const measured = parseGnuTime("0.41 0.13 131072\n");
  assertEquals(measured.peakKiB, 131072);
  assert(Math.abs(measured.cpuMs! - 540) < 1e-6, `cpuMs ${measured.cpuMs}`);
});

Deno.test("parseGnuTime reads the last line, after time's own notes", () => {
  const measured = parseGnuTime("Command exited with non-zero status 1\n0.02 0.00 2048\n");
  assertEquals(measured.peakKiB, 2048);
  assert(Math.abs(measured.cpuMs! - 20) < 1e-6, `cpuMs ${measured.cpuMs}`);
});

Deno.test("parseGnuTime gives nulls for what it cannot read", () => {
  assertEquals(parseGnuTime(""), { cpuMs: null, peakKiB: null });
  assertEquals(parseGnuTime("Command terminated by signal 9\n"), { cpuMs: null, peakKiB: null });
});

const hasGnuTime = (() => {
  try {
    return Deno.statSync("/usr/bin/time").isFile;
  } catch {
    return false;
  }
})();

Deno.test({
  name: "runOnce measures the CPU time of a busy command (needs GNU time in /usr/bin/time)",
  ignore: !hasGnuTime,
  fn: async () => {
    // 300 ms of this process's own CPU time, however long a loaded machine takes to give it.
    const busy = 'import p from "node:process"; while (p.cpuUsage().user < 300_000);';
    const sample = await runOnce({
      command: Deno.execPath(),
      args: ["eval", busy],
      cwd: Deno.cwd(),
    });
    assertEquals(sample.code, 0);
    assert(sample.cpuMs !== null && sample.cpuMs >= 250, `cpuMs ${sample.cpuMs}`);
    assert(sample.cpuMs <= sample.wallMs * 2 + 50, `cpu ${sample.cpuMs}, wall ${sample.wallMs}`);
    assert(sample.peakKiB !== null && sample.peakKiB > 1024, `peakKiB ${sample.peakKiB}`);
  },
});
