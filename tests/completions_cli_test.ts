/**
 * The completion scripts load in their shells and complete: bash always (it
 * runs the tests), zsh and fish where installed (otherwise the test is
 * ignored, and says so).
 */
import { assertEquals, assertMatch } from "../src/test_assert.ts";
import { outputOf, runCanary, tempDir } from "./helpers.ts";

function hasShell(shell: string): boolean {
  try {
    return new Deno.Command(shell, { args: ["-c", "exit 0"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

async function run(
  shell: string,
  args: string[],
): Promise<{ code: number; out: string; err: string }> {
  const result = await outputOf(
    new Deno.Command(shell, { args, stdin: "null", stdout: "piped", stderr: "piped" }).spawn(),
    `${shell} ${args.join(" ")}`,
  );
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: result.code, out: decode(result.stdout), err: decode(result.stderr) };
}

async function script(dir: string, shell: string): Promise<string> {
  const r = await runCanary(["completions", shell]);
  assertEquals([r.code, r.stderr], [0, ""]);
  const path = `${dir}/canary.${shell}`;
  Deno.writeTextFileSync(path, r.stdout);
  return path;
}

/** Words in code-point order: fish sorts what it offers. */
function sorted(words: string | string[]): string[] {
  return (typeof words === "string" ? words.split(" ") : words).filter((w) => w !== "").sort();
}

/** Word lists typed so far, and what completing the last word must offer. */
const CASES: [string[], string][] = [
  [["canary", "li"], "list"],
  [["canary", "migrate", "st"], "status"],
  [["canary", "deps", "graph", "--format", ""], "mermaid dot json"],
  [["canary", "status", "--order-by", "p"], "progress priority"],
  [["canary", "list", "--order-by", "p"], "priority"],
  [["canary", "next", "--status", "ST"], "STUB"],
];

Deno.test("canary completions bash: bash -n accepts it and it completes", async () => {
  using dir = tempDir();
  const path = await script(dir.path, "bash");
  assertEquals((await run("bash", ["-n", path])).code, 0);
  for (const [words, expected] of CASES) {
    const setup = `source ${path}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); ` +
      `COMP_CWORD=${words.length - 1}; _canary; echo "\${COMPREPLY[*]}"`;
    const r = await run("bash", ["-c", setup]);
    assertEquals([r.out.trim(), r.err], [expected, ""], words.join(" "));
  }
});

Deno.test({
  name: "canary completions zsh: zsh -n accepts it and it completes",
  ignore: !hasShell("zsh") &&
    (console.error("zsh is not installed: zsh completion untested"), true),
  fn: async () => {
    using dir = tempDir();
    const path = await script(dir.path, "zsh");
    assertEquals((await run("zsh", ["-n", path])).code, 0);
    for (const [words, expected] of CASES) {
      const setup = `compadd() { shift; print -r -- "$*"; }; source ${path}; ` +
        `words=(${words.map((w) => `'${w}'`).join(" ")}); CURRENT=${words.length}; _canary`;
      const r = await run("zsh", ["-f", "-c", setup]);
      assertEquals(
        r.out.trim().split(/\s+/).filter((w) => w.startsWith(words.at(-1)!)).join(" "),
        expected,
      );
    }
  },
});

Deno.test({
  name: "canary completions fish: fish -n accepts it and it completes",
  ignore: !hasShell("fish") &&
    (console.error("fish is not installed: fish completion untested"), true),
  fn: async () => {
    using dir = tempDir();
    const path = await script(dir.path, "fish");
    assertEquals((await run("fish", ["-n", path])).code, 0);
    for (const [words, expected] of CASES) {
      const line = words.join(" ");
      const r = await run("fish", ["-c", `source ${path}; complete -C '${line}'`]);
      assertEquals(
        sorted(r.out.trim().split("\n").map((l) => l.split("\t")[0])),
        sorted(expected),
        line,
      );
    }
  },
});

Deno.test("canary completions: an unknown shell is a usage error", async () => {
  const r = await runCanary(["completions", "powershell"]);
  assertEquals([r.code, r.stdout], [2, ""]);
  assertMatch(r.stderr, /invalid shell 'powershell': expected one of bash, zsh, fish/);
});
