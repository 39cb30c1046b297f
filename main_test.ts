import { reportFailure } from "./main.ts";
import { CanaryError, UsageError } from "./src/errors.ts";
import { Output } from "./src/output/output.ts";
import { assertEquals, assertMatch } from "./src/test_assert.ts";

function capture() {
  let stderr = "";
  const out = new Output({
    stdout: { writeSync: (bytes: Uint8Array) => bytes.length },
    stderr: {
      writeSync: (bytes: Uint8Array) => {
        stderr += new TextDecoder().decode(bytes);
        return bytes.length;
      },
    },
    env: () => undefined,
  });
  return { out, stderr: () => stderr };
}

const CASES: [string, unknown, number, RegExp][] = [
  [
    "an unknown option",
    new UsageError("unknown option '--bogus' (see 'canary list --help')"),
    2,
    /^canary: error: unknown option '--bogus' \(see 'canary list --help'\)\n$/,
  ],
  ["a usage error", new UsageError("--limit must be a positive integer"), 2, /--limit must be/],
  ["a runtime failure", new CanaryError("cannot read x", { exitCode: 3 }), 3, /cannot read x/],
  ["a busy database", new Error("database is locked"), 1, /stayed busy \(database is locked\)/],
  ["a bug", new TypeError("x is undefined"), 1, /unexpected failure: x is undefined/],
];

for (const [what, error, code, stderr] of CASES) {
  Deno.test(`reportFailure: ${what} exits ${code}, in at most one line`, () => {
    const { out, stderr: text } = capture();
    assertEquals(reportFailure(error, out), code);
    assertMatch(text(), stderr);
    assertEquals(text().split("\n").filter((l) => l !== "").length <= 1, true);
  });
}
