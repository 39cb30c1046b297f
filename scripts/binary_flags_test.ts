import { assert, assertEquals } from "../src/test_assert.ts";
import denoConfig from "../deno.json" with { type: "json" };
import { BINARY_PERMISSION_FLAGS, BINARY_RUN_FLAGS, BINARY_V8_FLAGS } from "./binary_flags.ts";
import { ENVIRONMENT_VARIABLES } from "../src/environment.ts";

Deno.test("deno task canary runs with exactly the binary's flags", () => {
  const words = denoConfig.tasks.canary.split(/\s+/);
  assertEquals(words.slice(0, 2), ["deno", "run"]);
  assertEquals(words.at(-1), "main.ts");
  assertEquals(words.slice(2, -1).sort(), [...BINARY_RUN_FLAGS].sort());
});

Deno.test("the binary gets no network, FFI, system or blanket env access", () => {
  for (const flag of BINARY_PERMISSION_FLAGS) {
    assert(!/^(--allow-(net|ffi|sys|all|import)|-A$)/.test(flag), flag);
  }
  assert(BINARY_PERMISSION_FLAGS.includes("--no-prompt"));
  assert(BINARY_PERMISSION_FLAGS.includes("--allow-run=git"));
  assert(BINARY_PERMISSION_FLAGS.some((flag) => flag.startsWith("--allow-env=")));
});

Deno.test("the binary may read exactly the environment variables canary reads", () => {
  const flag = BINARY_PERMISSION_FLAGS.find((f) => f.startsWith("--allow-env="))!;
  const granted = flag.slice("--allow-env=".length).split(",").sort();
  assertEquals(granted, [...ENVIRONMENT_VARIABLES].sort());
});

Deno.test("the V8 flags are V8 flags only, each set once", () => {
  const settings = BINARY_V8_FLAGS.flatMap((flag) => {
    assert(flag.startsWith("--v8-flags=--"), flag);
    return flag.slice("--v8-flags=".length).split(",");
  });
  assertEquals(new Set(settings.map((s) => s.split("=")[0])).size, settings.length);
});
