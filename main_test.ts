import { buildProgram, reportFailure } from "./main.ts";
import { type Command, helpView, parseCommandLine } from "./src/cli/command_line.ts";
import { CanaryError, UsageError } from "./src/errors.ts";
import { Output } from "./src/output/output.ts";
import { assert, assertEquals, assertMatch } from "./src/test_assert.ts";

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

const context = () => ({ out: capture().out, env: () => undefined, cwd: () => "/" });

/** A command and everything below it, as help shows it: words, arguments and options. */
function shape(command: Command): unknown {
  return { help: helpView(command), below: command.commands.map(shape) };
}

Deno.test("a command word declares that command alone, as the whole tree declares it", async () => {
  const whole = await buildProgram(context());
  const words = whole.commands.map((command) => command.name());
  assert(words.length > 10, words.join(" "));
  for (const word of words.filter((w) => w !== "completions")) {
    const alone = await buildProgram(context(), [word, "--json"]);
    assertEquals(alone.commands.map((command) => command.name()), [word]);
    assertEquals(shape(alone.commands[0]), shape(whole.commands.find((c) => c.name() === word)!));
  }
});

Deno.test("completions, help, --version and unknown words get what they need", async () => {
  const all = (await buildProgram(context())).commands.length;
  for (const words of [["completions", "bash"], [], ["--help"], ["help", "list"], ["lst"]]) {
    assertEquals((await buildProgram(context(), words)).commands.length, all, words.join(" "));
  }
  for (const words of [["--version"], ["-V"]]) {
    const program = await buildProgram(context(), words);
    assertEquals(program.commands.length, 0);
    assertEquals(parseCommandLine(program, words).kind, "version");
  }
});
