import { assertEquals, assertThrows } from "../src/test_assert.ts";
import { BINARY_RUN_FLAGS } from "./binary_flags.ts";
import { compileArgs, CompileUsageError, parseCompileArgs } from "./compile.ts";
import { INCLUDED_MODULES } from "./bundle.ts";

const SUPPORTED = ["x86_64-unknown-linux-gnu", "aarch64-apple-darwin", "x86_64-pc-windows-msvc"];
const HOST = "aarch64-apple-darwin";

Deno.test("parseCompileArgs builds every supported target into dist by default", () => {
  assertEquals(parseCompileArgs([], SUPPORTED, HOST), { targets: SUPPORTED, outDir: "dist" });
});

Deno.test("parseCompileArgs takes repeated targets, host and an output directory", () => {
  assertEquals(
    parseCompileArgs(
      ["--target", "host", "--target=x86_64-pc-windows-msvc", "--target", HOST, "--out-dir", "o"],
      SUPPORTED,
      HOST,
    ),
    { targets: [HOST, "x86_64-pc-windows-msvc"], outDir: "o" },
  );
});

Deno.test("parseCompileArgs rejects unknown targets and options", () => {
  assertThrows(
    () => parseCompileArgs(["--target", "riscv64-unknown-linux-gnu"], SUPPORTED, HOST),
    CompileUsageError,
    "unknown target riscv64",
  );
  assertThrows(() => parseCompileArgs(["--bogus"], SUPPORTED, HOST), CompileUsageError);
  assertThrows(() => parseCompileArgs(["extra"], SUPPORTED, HOST), CompileUsageError);
});

Deno.test("parseCompileArgs with DENORT_BIN builds only the host", () => {
  assertEquals(parseCompileArgs([], SUPPORTED, HOST, "/opt/denort"), {
    targets: [HOST],
    outDir: "dist",
  });
  assertEquals(parseCompileArgs(["--target", "host"], SUPPORTED, HOST, "/opt/denort").targets, [
    HOST,
  ]);
  assertThrows(
    () => parseCompileArgs(["--target", "x86_64-pc-windows-msvc"], SUPPORTED, HOST, "/opt/denort"),
    CompileUsageError,
    "cannot build x86_64-pc-windows-msvc",
  );
});

Deno.test("compileArgs gives the binary its flags and nothing else", () => {
  assertEquals(compileArgs("x86_64-unknown-linux-gnu", "/out/canary", "main.js"), [
    "compile",
    ...BINARY_RUN_FLAGS,
    ...INCLUDED_MODULES.flatMap((module) => ["--include", module.replace(/\.ts$/, ".js")]),
    "--target",
    "x86_64-unknown-linux-gnu",
    "--output",
    "/out/canary",
    "main.js",
  ]);
});
