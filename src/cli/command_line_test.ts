import { UsageError } from "../errors.ts";
import { assert, assertEquals, assertMatch, assertThrows } from "../test_assert.ts";
import { Command, type Invocation, parseCommandLine, type Request } from "./command_line.ts";

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A small tree shaped like canary's: a group, a command with both arguments and subcommands. */
function program(): Command {
  const root = new Command("tool").version("tool 1.0", "print the version");
  root.command("list").option("--json", "as JSON").option("--limit <n>", "at most n")
    .option("--status <list>", "statuses", collect).action(() => {});
  root.command("show").argument("<id>", "an id").argument("[to]", "another").action(() => {});
  root.command("search").argument("<terms...>", "words").action(() => {});
  const migrate = root.command("migrate").argument("[steps]", "all or N")
    .argumentWords((word) => word === "all" || /^-?[0-9]/.test(word))
    .option("--db <path>", "database").option("--dry-run", "plan only")
    .option("--backup <path>", "copy to").option("--no-backup", "no copy")
    .option("--size <n>", "a size", "16M").action(() => {});
  migrate.command("status").option("--db <path>", "database")
    .option("--exit-code", "exit 3 when pending").action(() => {});
  const deps = root.command("deps");
  deps.command("check").action(() => {});
  return root;
}

function run(words: string[]): Invocation {
  const request = parseCommandLine(program(), words);
  assertEquals(request.kind, "run", `${words.join(" ")} → ${JSON.stringify(request.kind)}`);
  return (request as Extract<Request, { kind: "run" }>).invocation;
}

function usage(words: string[]): string {
  const error = assertThrows(() => parseCommandLine(program(), words), UsageError);
  return error.message;
}

function helpOf(words: string[]): string {
  const request = parseCommandLine(program(), words);
  assert(request.kind === "help", `${words.join(" ")} is not a help request`);
  return request.command.path();
}

Deno.test("command line: option values, inline or next word, flags, repeats and defaults", () => {
  const list = run(["list", "--json", "--limit", "5", "--status=A", "--status", "B"]);
  assertEquals(list.command.path(), "tool list");
  assertEquals(list.options, { json: true, limit: "5", status: ["A", "B"] });
  assertEquals([...list.given].sort(), ["json", "limit", "status"]);
  // A value may start with a dash; the last of a plain option wins.
  assertEquals(run(["list", "--limit", "-5", "--limit", "7"]).options.limit, "7");
  const migrate = run(["migrate", "all", "--no-backup"]);
  assertEquals(migrate.args, ["all"]);
  assertEquals(migrate.options, { size: "16M", backup: false });
  assertEquals([...migrate.given], ["backup"]);
  assertEquals(run(["migrate", "--backup", "b.db"]).options.backup, "b.db");
});

Deno.test("command line: arguments, variadic, negative numbers and --", () => {
  assertEquals(run(["show", "CBIN-1"]).args, ["CBIN-1", undefined]);
  assertEquals(run(["show", "", "x"]).args, ["", "x"]);
  assertEquals(run(["search", "a", "--", "--b", "-c"]).args, [["a", "--b", "-c"]]);
  assertEquals(run(["migrate", "-1"]).args, ["-1"]);
  assertEquals(run(["show", "-"]).args, ["-", undefined], "a lone dash is stdin, an argument");
});

Deno.test("command line: an option before a subcommand word means what it means after it", () => {
  const before = run(["migrate", "--db", "x.db", "status"]);
  assertEquals(before.command.path(), "tool migrate status");
  assertEquals(before.options, { db: "x.db" });
  // Known only below `migrate`: carried to the subcommand that takes it.
  assertEquals(run(["migrate", "--exit-code", "status"]).options, { exitCode: true });
  assertEquals(run(["migrate", "--db", "x", "status", "--db", "x"]).options.db, "x");
  assertMatch(
    usage(["migrate", "--db", "x", "status", "--db", "y"]),
    /^--db is given before and after 'status' with different values: give it once/,
  );
  assertMatch(
    usage(["migrate", "--dry-run", "status"]),
    /^--dry-run does not apply to 'tool migrate status'/,
  );
  assertMatch(
    usage(["migrate", "--exit-code", "all"]),
    /^--exit-code does not apply to 'tool migrate'/,
  );
  assertMatch(
    usage(["--limit", "3", "list"]),
    /unknown option '--limit': options go after the command/,
  );
});

Deno.test("command line: mistakes are usage errors naming the command's help, with suggestions", () => {
  const cases: [string[], RegExp][] = [
    [
      ["list", "--jsn"],
      /^unknown option '--jsn' \(did you mean --json\?\) \(see 'tool list --help'\)$/,
    ],
    [["list", "--bogus"], /^unknown option '--bogus' \(see 'tool list --help'\)$/],
    [["list", "-x"], /^unknown option '-x'/],
    [["migrate", "--exit-cod", "status"], /did you mean --exit-code\?/],
    [["lst"], /^unknown command 'lst' \(did you mean list\?\) \(see 'tool --help'\)$/],
    [
      ["deps", "chek"],
      /^unknown command 'chek' \(did you mean check\?\) \(see 'tool deps --help'\)$/,
    ],
    [["list", "--json=1"], /^option '--json' takes no value/],
    [["list", "--limit"], /^option '--limit <n>' needs a value/],
    [["list", "--limit", ""], /^option '--limit <n>' needs a value/],
    [["list", "--limit="], /^option '--limit <n>' needs a value/],
    [["show"], /^missing required argument 'id' \(see 'tool show --help'\)$/],
    [["search"], /^missing required argument 'terms'/],
    [["list", "extra"], /^'tool list' takes no arguments: 'extra'/],
    [["show", "a", "b", "c", "d"], /^'tool show' has too many arguments: 'c', 'd'/],
    [["deps"], /^'tool deps' needs a command: check \(see 'tool deps --help'\)$/],
    [["migrate", "stauts"], /^unknown command 'stauts' \(did you mean status\?\)/],
    [["migrate", "statsu", "3"], /^unknown command 'statsu' \(did you mean status\?\)/],
    [["--hlep"], /^unknown option '--hlep' \(did you mean --help\?\) \(see 'tool --help'\)$/],
    [["-v"], /^unknown option '-v' \(did you mean -V\?\) \(see 'tool --help'\)$/],
    [["-H"], /^unknown option '-H' \(did you mean -h\?\) \(see 'tool --help'\)$/],
    [["-x"], /^unknown option '-x': options go after the command word/],
    [["--version", "extra"], /^'--version' takes nothing after it: 'extra'/],
    [["--version", "list"], /^'--version' takes nothing after it: 'list'/],
    [["--version=1"], /^'--version' takes no value \(see 'tool --help'\)$/],
    [["-V=1"], /^'-V' takes no value/],
    [["--help=x"], /^'--help' takes no value \(see 'tool --help'\)$/],
    [["list", "--help=x"], /^'--help' takes no value \(see 'tool list --help'\)$/],
  ];
  for (const [words, message] of cases) assertMatch(usage(words), message, words.join(" "));
});

Deno.test("command line: help, from a flag anywhere, the help word, or a group alone", () => {
  assertEquals(helpOf([]), "tool");
  assertEquals(helpOf(["--help"]), "tool");
  assertEquals(helpOf(["list", "-h"]), "tool list");
  assertEquals(helpOf(["show", "--help"]), "tool show", "no argument needed");
  assertEquals(helpOf(["migrate", "--help", "status"]), "tool migrate status");
  assertEquals(helpOf(["help", "migrate", "status"]), "tool migrate status");
  assertEquals(helpOf(["migrate", "help"]), "tool migrate");
  assertEquals(helpOf(["deps", "--help"]), "tool deps");
  assertEquals(parseCommandLine(program(), ["-V"]), { kind: "version", line: "tool 1.0" });
  assertMatch(usage(["list", "--version"]), /^unknown option '--version'/);
  // With --version, help wins in either order.
  assertEquals(helpOf(["--help", "--version"]), "tool");
  assertEquals(helpOf(["--version", "--help"]), "tool");
  assertEquals(helpOf(["-V", "-h"]), "tool");
});

Deno.test("command line: declarations are checked as they are made", () => {
  assertThrows(() => new Command("x").option("-j, --json", "short forms are not canary's"), Error);
  assertThrows(() => new Command("x").argument("name", "needs brackets"), Error);
});
