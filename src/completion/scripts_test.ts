import { assert, assertEquals, assertThrows } from "../test_assert.ts";
import { UsageError } from "../errors.ts";
import { bashScript, type CommandSpec, fishScript, zshScript } from "./scripts.ts";

const spec: CommandSpec = {
  name: "tool",
  options: [{ flag: "--help", takesValue: false }],
  subcommands: [{
    name: "deps",
    options: [],
    subcommands: [{
      name: "graph",
      options: [{ flag: "--format", takesValue: true, values: ["dot", "json"] }],
      subcommands: [],
    }],
  }],
};

Deno.test("scripts name every command path, option and value set", () => {
  const bash = bashScript(spec);
  assert(bash.includes('"deps"|"deps graph") cmdpath='), bash);
  assert(bash.includes('"deps graph|--format") COMPREPLY=($(compgen -W "dot json" -- "$cur"))'));
  assert(bash.includes('    "") words="deps --help" ;;'));
  assert(bash.endsWith("complete -F _tool tool\n"));
  assert(zshScript(spec).includes('    "deps graph|--format") compadd -- dot json; return ;;'));
  const fish = fishScript(spec);
  assert(fish.includes(`complete -c tool -n "__tool_path_is 'deps'" -a graph`), fish);
  assert(
    fish.includes(`complete -c tool -n "__tool_path_is 'deps graph'" -l format -x -a 'dot json'`),
  );
});

Deno.test("a word that would need quoting is refused", () => {
  const bad = { ...spec, subcommands: [{ name: "x;rm", options: [], subcommands: [] }] };
  for (const script of [bashScript, zshScript, fishScript]) {
    assertThrows(() => script(bad), UsageError);
  }
  assertEquals(bashScript(spec), bashScript(structuredClone(spec)));
});
