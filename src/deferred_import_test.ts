import { assertEquals, assertRejects } from "./test_assert.ts";
import { canaryModule, deferredImport } from "./deferred_import.ts";
import { CanaryError } from "./errors.ts";

Deno.test("canaryModule finds a source module from the project root", () => {
  assertEquals(
    canaryModule("src/scan/read_worker.ts").href,
    new URL("./scan/read_worker.ts", import.meta.url).href,
  );
  assertEquals(canaryModule("main.ts").href, new URL("../main.ts", import.meta.url).href);
});

Deno.test("deferredImport loads a module from the project root, as a literal import would", async () => {
  const errors = await deferredImport<typeof import("./errors.ts")>("src/errors.ts");
  assertEquals(errors.CanaryError, CanaryError);
  await assertRejects(() => deferredImport("src/no_such_module.ts"), TypeError);
});
