import { assertEquals } from "../test_assert.ts";
import { Output, type SyncWriter } from "./output.ts";
import { fileProgress } from "./progress.ts";

function terminalOutput(columns: number): { out: Output; written: () => string } {
  const chunks: Uint8Array[] = [];
  const stderr: SyncWriter = {
    writeSync: (bytes) => (chunks.push(bytes.slice()), bytes.length),
    isTerminal: () => true,
  };
  const stdout: SyncWriter = { writeSync: (bytes) => bytes.length };
  const out = new Output({ stdout, stderr, env: () => undefined, columns: () => columns });
  return { out, written: () => chunks.map((c) => new TextDecoder().decode(c)).join("") };
}

Deno.test("fileProgress() waits a second, then shows files and files/s at most every 100 ms", () => {
  const { out, written } = terminalOutput(200);
  let clock = 10_000;
  const progress = fileProgress(out, "canary: scanning .", () => clock);
  clock += 500;
  progress(100);
  assertEquals(written(), "", "nothing in the first second");
  clock += 1500;
  progress(4000);
  assertEquals(written(), "\r\x1b[Kcanary: scanning .: 4000 files scanned, 2000 files/s");
  clock += 50;
  progress(4100);
  assertEquals(written().split("\r").length, 2, "no second update within 100 ms");
  clock += 100;
  progress(1);
  assertEquals(written().endsWith("1 file scanned, 0 files/s"), true, written());
});

Deno.test("fileProgress() lines are cut to the terminal's width", () => {
  const { out, written } = terminalOutput(30);
  let clock = 0;
  const progress = fileProgress(out, "canary: scanning /a/very/long/root/folder", () => clock);
  clock = 2000;
  progress(123456);
  const line = written().replace("\r\x1b[K", "");
  assertEquals([...line].length <= 29, true, line);
  assertEquals(line.endsWith("…"), true, line);
});
