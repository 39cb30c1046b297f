/**
 * The completion scripts load in their shells and complete: bash always (it
 * runs the tests), zsh and fish where installed (otherwise the test is
 * ignored, and says so).
 */
import { assertEquals, assertMatch } from "../src/test_assert.ts";
import { outputOf, runCanary, tempDir, writeTree } from "./helpers.ts";

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
  cwd?: string,
): Promise<{ code: number; out: string; err: string }> {
  const result = await outputOf(
    new Deno.Command(shell, { args, cwd, stdin: "null", stdout: "piped", stderr: "piped" })
      .spawn(),
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
  [["canary", "completions", "z"], "zsh"],
  [["canary", "--vers"], "--version"],
];

/** A project folder holding `src/` and `docs/`, for the names completed after a path option. */
function project(dir: string): string {
  writeTree(dir, { "src/a.ts": "", "docs/b.md": "" });
  return dir;
}

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
  // After an option that takes a path, file and folder names, not the option list.
  const paths: [string[], string][] = [
    [["canary", "list", "--db", "d"], "docs"],
    [["canary", "index", "--root", "s"], "src"],
    [["canary", "scan", "--verify", "src/"], "src/a.ts"],
    [["canary", "create", "X", "Y", "--for", "s"], "src"],
  ];
  const cwd = project(`${dir.path}/project`);
  for (const [words, expected] of paths) {
    const setup = `source ${path}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); ` +
      `COMP_CWORD=${words.length - 1}; _canary; echo "\${COMPREPLY[*]}"`;
    const r = await run("bash", ["-c", setup], cwd);
    assertEquals([r.out.trim(), r.err], [expected, ""], words.join(" "));
  }
  // A name holding a space is one candidate, not a word per part.
  writeTree(cwd, { "my file.db": "", "my dir/x": "" });
  const setup = `source ${path}; COMP_WORDS=(canary list --db my); COMP_CWORD=3; _canary; ` +
    `printf '%s|' "\${COMPREPLY[@]}"`;
  const r = await run("bash", ["-c", setup], cwd);
  assertEquals([sorted(r.out.split("|")), r.err], [["my dir", "my file.db"], ""]);
});

/**
 * What zsh's line holds after each of `typed` and one Tab, in an interactive zsh on a
 * pseudo-terminal (its zpty module) whose completion autoloads `_canary` from `fpath`.
 */
async function zshCompletes(fpath: string, cwd: string, typed: string[]): Promise<string[]> {
  const buffers = `${cwd}/../buffers`;
  const q = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
  const drive = [
    "zmodload zsh/zpty",
    "zpty z 'zsh -f -i'",
    `zpty -w z ${q(`fpath=(${fpath} $fpath); autoload -Uz compinit; compinit -u -D; cd ${cwd}`)}`,
    `zpty -w z ${
      q(`dump() { print -r -- "$BUFFER" >> ${buffers} }; zle -N dump; bindkey "^T" dump`)
    }`,
    "sleep 1",
    // Each line: the words, one Tab, the line written out (^T), then cleared (^U).
    ...typed.flatMap((
      line,
    ) => [`zpty -w -n z ${q(line)}$'\t'`, "sleep 1", "zpty -w -n z $'\x14\x15'", "sleep 0.5"]),
    "zpty -d z",
  ].join("\n");
  const r = await run("zsh", ["-f", "-c", drive]);
  assertEquals(r.code, 0, r.err);
  return Deno.readTextFileSync(buffers).split("\n").slice(0, -1);
}

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
  name: "canary completions zsh as _canary on $fpath: the first Tab completes, paths too",
  ignore: !hasShell("zsh"),
  fn: async () => {
    using dir = tempDir();
    const fpath = `${dir.path}/functions`;
    Deno.mkdirSync(fpath);
    Deno.renameSync(await script(dir.path, "zsh"), `${fpath}/_canary`);
    const typed = [
      "canary li",
      "canary list --db d",
      "canary index --root s",
      "canary completions z",
    ];
    assertEquals(await zshCompletes(fpath, project(`${dir.path}/project`), typed), [
      "canary list ",
      "canary list --db docs/",
      "canary index --root src/",
      "canary completions zsh ",
    ]);
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
