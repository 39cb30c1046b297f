import { assert, assertEquals } from "../src/test_assert.ts";
import denoConfig from "../deno.json" with { type: "json" };
import { BINARY_PERMISSION_FLAGS } from "./binary_permissions.ts";
import { ENVIRONMENT_VARIABLES } from "../src/environment.ts";

Deno.test("deno task canary runs with exactly the binary's permissions", () => {
  const words = denoConfig.tasks.canary.split(/\s+/);
  assertEquals(words.slice(0, 2), ["deno", "run"]);
  assertEquals(words.at(-1), "main.ts");
  assertEquals(words.slice(2, -1).sort(), [...BINARY_PERMISSION_FLAGS].sort());
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
