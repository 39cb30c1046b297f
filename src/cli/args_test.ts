import { assertEquals, assertThrows } from "../test_assert.ts";
import { UsageError } from "../errors.ts";
import { parseByteSize, parseChoice, parseIntegerIn, parseSteps } from "./args.ts";

Deno.test("parseSteps: a positive integer or all; anything else names the accepted forms", () => {
  assertEquals([parseSteps("all", "migrate"), parseSteps("3", "migrate")], ["all", 3]);
  for (const bad of [undefined, "", "0", "-1", "1.5", "two", "99999999999999999999"]) {
    assertThrows(() => parseSteps(bad, "rollback"), UsageError, "rollback");
  }
});

Deno.test("parseIntegerIn: whole numbers within the bounds, surrounding spaces allowed", () => {
  assertEquals([parseIntegerIn(" 7 ", "--limit", 1, 10), parseIntegerIn("0", "v", 0, 5)], [7, 0]);
  assertThrows(() => parseIntegerIn("11", "--priority", 1, 10), UsageError, "from 1 to 10");
  assertThrows(
    () => parseIntegerIn("1e3", "--limit", 1, Number.MAX_SAFE_INTEGER),
    UsageError,
    "≥ 1",
  );
  assertThrows(() => parseIntegerIn("", "--limit", 1, 10), UsageError, "--limit");
});

Deno.test("parseChoice: any case, the canonical spelling back; a miss lists the choices", () => {
  assertEquals(parseChoice("tested", "--status", ["IMPL", "TESTED"] as const), "TESTED");
  assertThrows(
    () => parseChoice("done", "--status", ["IMPL", "TESTED"]),
    UsageError,
    "IMPL, TESTED",
  );
});

Deno.test("parseByteSize: bytes and binary units; zero, fractions and unknown units refused", () => {
  assertEquals(
    ["1048576", "512K", "16M", "16MiB", "1g"].map((t) => parseByteSize(t, "--max-file-size")),
    [1048576, 512 * 1024, 16 * 1024 ** 2, 16 * 1024 ** 2, 1024 ** 3],
  );
  for (const bad of ["0", "1.5M", "16X", "-1", ""]) {
    assertThrows(() => parseByteSize(bad, "--max-file-size"), UsageError, "--max-file-size");
  }
});
