import { assert, assertEquals } from "../src/test_assert.ts";
import {
  binaryFileName,
  isWindowsTarget,
  KNOWN_TARGETS,
  parseSupportedTargets,
} from "./release_targets.ts";

Deno.test("parseSupportedTargets reads deno's list of possible values, colours and all", () => {
  const stderr = "\x1b[0m\x1b[1m\x1b[31merror\x1b[0m: invalid value 'x' for '--target': " +
    "possible values: x86_64-unknown-linux-gnu, aarch64-unknown-linux-gnu, " +
    "x86_64-pc-windows-msvc, aarch64-apple-darwin\n\nStack backtrace:\n";
  assertEquals(parseSupportedTargets(stderr), [
    "x86_64-unknown-linux-gnu",
    "aarch64-unknown-linux-gnu",
    "x86_64-pc-windows-msvc",
    "aarch64-apple-darwin",
  ]);
});

Deno.test("parseSupportedTargets returns undefined when there is no list", () => {
  assertEquals(parseSupportedTargets("error: something else entirely"), undefined);
  assertEquals(parseSupportedTargets("possible values: \n"), undefined);
});

Deno.test("the running deno offers every known target", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["compile", "--target", "canary-probe", "main.ts"],
    stdout: "null",
    stderr: "piped",
  }).output();
  assertEquals(output.success, false);
  const offered = parseSupportedTargets(new TextDecoder().decode(output.stderr));
  assert(offered, "deno compile listed no targets");
  assertEquals([...offered].sort(), [...KNOWN_TARGETS].sort());
});

Deno.test("binaryFileName adds .exe for Windows targets only", () => {
  assertEquals(
    binaryFileName("0.1.0", "x86_64-unknown-linux-gnu"),
    "canary-0.1.0-x86_64-unknown-linux-gnu",
  );
  assertEquals(
    binaryFileName("0.1.0+g1a2b3c4", "aarch64-pc-windows-msvc"),
    "canary-0.1.0+g1a2b3c4-aarch64-pc-windows-msvc.exe",
  );
  assertEquals(isWindowsTarget("aarch64-apple-darwin"), false);
});
