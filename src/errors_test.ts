import { assertEquals } from "./test_assert.ts";
import { CanaryError, errorMessage, UsageError } from "./errors.ts";

Deno.test("errorMessage: an Error's message, anything else as text", () => {
  assertEquals(errorMessage(new Error("disk full")), "disk full");
  assertEquals(errorMessage(new UsageError("bad --limit")), "bad --limit");
  assertEquals(errorMessage("plain"), "plain");
  assertEquals(errorMessage(undefined), "undefined");
  assertEquals(errorMessage({ message: "not an Error" }), "[object Object]");
});

Deno.test("errorMessage: a refused permission is permission denied, never Deno's flag advice", () => {
  const deno = new Deno.errors.NotCapable(
    'Requires all access to "/proc/version", run again with the --allow-all flag',
  );
  assertEquals(errorMessage(deno), "permission denied");
  const os = new Deno.errors.PermissionDenied("Permission denied (os error 13): open '/x'");
  assertEquals(errorMessage(os), "permission denied");
});

Deno.test("CanaryError carries exit code 1 and code failure by default; UsageError exit 2", () => {
  const error = new CanaryError("x");
  assertEquals([error.exitCode, error.code], [1, "failure"]);
  assertEquals([new UsageError("y").exitCode, new UsageError("y").code], [2, "usage"]);
});
