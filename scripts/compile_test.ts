import { assert, assertEquals, assertThrows } from "../src/test_assert.ts";
import { BINARY_RUN_FLAGS } from "./binary_flags.ts";
import {
  compileArgs,
  CompileUsageError,
  INCLUDED_MODULES,
  parseCompileArgs,
  WORKER_MODULES,
} from "./compile.ts";

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
  assertEquals(compileArgs("x86_64-unknown-linux-gnu", "/out/canary", "main.ts"), [
    "compile",
    ...BINARY_RUN_FLAGS,
    ...INCLUDED_MODULES.flatMap((module) => ["--include", module]),
    "--target",
    "x86_64-unknown-linux-gnu",
    "--output",
    "/out/canary",
    "main.ts",
  ]);
});

Deno.test("every worker module started in src/ is included in the binary", () => {
  const started = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of Deno.readDirSync(new URL(dir, import.meta.url))) {
      const path = `${dir}${entry.name}`;
      if (entry.isDirectory) walk(`${path}/`);
      else if (entry.name.endsWith(".ts")) {
        const text = Deno.readTextFileSync(new URL(path, import.meta.url));
        // Worker modules are named *_worker.ts and located with new URL("./…", import.meta.url).
        for (const match of text.matchAll(/new URL\("\.\/([^"]+_worker\.ts)"/g)) {
          const folder = path.slice("../".length, path.lastIndexOf("/") + 1);
          started.add(folder + match[1]);
        }
      }
    }
  };
  walk("../src/");
  assert(started.size > 0, "no worker found: the pattern above is stale");
  assertEquals([...started].sort(), [...WORKER_MODULES].sort());
});

Deno.test("the binary includes the worker and every command module main.ts loads when named", () => {
  assertEquals(INCLUDED_MODULES.slice(0, WORKER_MODULES.length), [...WORKER_MODULES]);
  const commands = INCLUDED_MODULES.slice(WORKER_MODULES.length);
  const main = Deno.readTextFileSync(new URL("../main.ts", import.meta.url));
  const named = [...main.matchAll(/module: "\.\/(src\/cli\/[a-z_]+\.ts)"/g)].map((m) => m[1]);
  assert(named.length >= 18, `main.ts names ${named.length} command modules`);
  assertEquals([...commands].sort(), [...new Set(named)].sort());
  for (const module of commands) Deno.statSync(new URL(`../${module}`, import.meta.url));
});
