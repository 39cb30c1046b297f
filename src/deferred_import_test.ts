import { assertEquals, assertRejects } from "./test_assert.ts";
import { deferredImport } from "./deferred_import.ts";
import { CanaryError } from "./errors.ts";

Deno.test("deferredImport loads a module relative to its caller, as a literal import would", async () => {
  const errors = await deferredImport<typeof import("./errors.ts")>(
    "./errors.ts",
    import.meta.url,
  );
  assertEquals(errors.CanaryError, CanaryError);
  const fromBelow = await deferredImport<typeof import("./errors.ts")>(
    "../errors.ts",
    new URL("./cli/", import.meta.url).href,
  );
  assertEquals(fromBelow, errors);
  await assertRejects(() => deferredImport("./no_such_module.ts", import.meta.url), TypeError);
});
