/**
 * Shell completion scripts for bash, zsh and fish, generated from a plain
 * description of the command tree. Every word in a script is a command name,
 * an option or a fixed value, checked to be a plain word, so nothing needs
 * quoting beyond what the scripts do. After an option that takes a value
 * without a fixed set (`--db`, `--root`, `--out`), file and folder names are
 * completed.
 *
 * @module
 */
import { UsageError } from "../errors.ts";

/** An option as completion sees it. */
export interface OptionSpec {
  /** The long flag, e.g. `--order-by`. */
  flag: string;
  /** Whether a value follows it. */
  takesValue: boolean;
  /** The fixed values it accepts, when there is such a set. */
  values?: readonly string[];
}

/** A command as completion sees it; the root has the program's name. */
export interface CommandSpec {
  name: string;
  options: OptionSpec[];
  subcommands: CommandSpec[];
  /** The fixed words its argument may be (`bash zsh fish`), when there is such a set. */
  argumentValues?: readonly string[];
}

/** The shells a script can be generated for. */
export const SHELLS = ["bash", "zsh", "fish"] as const;

/** One of {@link SHELLS}. */
export type Shell = typeof SHELLS[number];

interface Node {
  /** Words after the program name, space-joined ("" for the root). */
  path: string;
  spec: CommandSpec;
}

function nodes(spec: CommandSpec, path = ""): Node[] {
  return [
    { path, spec },
    ...spec.subcommands.flatMap((c) => nodes(c, path === "" ? c.name : `${path} ${c.name}`)),
  ];
}

function checkWords(all: Node[]): void {
  const words = all.flatMap((n) => [
    n.spec.name,
    ...(n.spec.argumentValues ?? []),
    ...n.spec.options.flatMap((o) => [o.flag, ...(o.values ?? [])]),
  ]);
  const bad = words.find((w) => !/^[A-Za-z0-9_.-]+$/.test(w));
  if (bad !== undefined) throw new UsageError(`cannot complete the word ${JSON.stringify(bad)}`);
}

/** The words to offer after a command: its subcommands, its argument's words, then its options. */
function offers(node: Node): string {
  return [
    ...node.spec.subcommands.map((c) => c.name),
    ...(node.spec.argumentValues ?? []),
    ...node.spec.options.map((o) => o.flag),
  ].join(" ");
}

/** A `case` pattern matching `<command path>|<flag>` for every option that takes a file name. */
function pathOptions(all: Node[]): string {
  return all.flatMap((n) =>
    n.spec.options.filter((o) => o.takesValue && o.values === undefined)
      .map((o) => `"${n.path}|${o.flag}"`)
  ).join("|");
}

function valueCases(all: Node[], indent: string, body: (values: string) => string): string[] {
  return all.flatMap((n) =>
    n.spec.options.filter((o) => o.values !== undefined).map((o) =>
      `${indent}"${n.path}|${o.flag}") ${body(o.values!.join(" "))} ;;`
    )
  );
}

// Walks the words typed so far, keeping those that extend a known command path.
function pathWalk(all: Node[], first: string, last: string, word: string): string[] {
  const known = all.filter((n) => n.path !== "").map((n) => `"${n.path}"`).join("|");
  return [
    `  local cmdpath="" w i`,
    `  for ((i=${first}; i<${last}; i++)); do`,
    `    w=${word}`,
    `    case "$w" in -*) continue ;; esac`,
    `    case "\${cmdpath:+$cmdpath }$w" in ${known}) cmdpath="\${cmdpath:+$cmdpath }$w" ;; esac`,
    "  done",
  ];
}

/** A bash script defining `_<name>` and registering it with `complete`. */
export function bashScript(spec: CommandSpec): string {
  const all = nodes(spec);
  checkWords(all);
  const fn = `_${spec.name.replaceAll("-", "_")}`;
  return [
    `# bash completion for ${spec.name}; load with: source <(${spec.name} completions bash)`,
    `${fn}() {`,
    `  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" name`,
    ...pathWalk(all, "1", "COMP_CWORD", `"\${COMP_WORDS[i]}"`),
    `  case "$cmdpath|$prev" in`,
    ...valueCases(all, "    ", (v) => `COMPREPLY=($(compgen -W "${v}" -- "$cur")); return`),
    `    ${pathOptions(all)})`,
    `      compopt -o filenames 2>/dev/null; COMPREPLY=()`,
    // One name a line, read whole: word splitting would break names holding spaces.
    `      while IFS= read -r name; do COMPREPLY+=("$name"); done < <(compgen -f -- "$cur")`,
    "      return ;;",
    "  esac",
    `  local words=""`,
    `  case "$cmdpath" in`,
    ...all.map((n) => `    "${n.path}") words="${offers(n)}" ;;`),
    "  esac",
    `  COMPREPLY=($(compgen -W "$words" -- "$cur"))`,
    "}",
    `complete -F ${fn} ${spec.name}`,
    "",
  ].join("\n");
}

/**
 * A zsh script defining `_<name>`. Autoloaded from `$fpath` (as `_<name>`) it
 * completes at once, on the first Tab; sourced, it registers with `compdef`
 * when completion is loaded.
 */
export function zshScript(spec: CommandSpec): string {
  const all = nodes(spec);
  checkWords(all);
  const fn = `_${spec.name.replaceAll("-", "_")}`;
  return [
    `#compdef ${spec.name}`,
    `# zsh completion for ${spec.name}; load with: source <(${spec.name} completions zsh)`,
    `${fn}() {`,
    ...pathWalk(all, "2", "CURRENT", `"\${words[i]}"`),
    `  case "$cmdpath|\${words[CURRENT-1]}" in`,
    ...valueCases(all, "    ", (v) => `compadd -- ${v}; return`),
    `    ${pathOptions(all)}) _files; return ;;`,
    "  esac",
    `  case "$cmdpath" in`,
    ...all.map((n) => `    "${n.path}") compadd -- ${offers(n)} ;;`),
    "  esac",
    "}",
    // Autoloaded, this file is the body of the call it was loaded for: run it.
    `if [[ "\${funcstack[1]}" == ${fn} ]]; then ${fn} "$@"`,
    `elif (( $+functions[compdef] )); then compdef ${fn} ${spec.name}; fi`,
    "",
  ].join("\n");
}

/** A fish script: a path helper and one `complete` line per command, option and value set. */
export function fishScript(spec: CommandSpec): string {
  const all = nodes(spec);
  checkWords(all);
  const name = spec.name;
  const known = all.filter((n) => n.path !== "").map((n) => `'${n.path}'`).join(" ");
  const when = (path: string) => `-n "__${name}_path_is '${path}'"`;
  return [
    `# fish completion for ${name}; load with: ${name} completions fish | source`,
    `function __${name}_path_is`,
    "    set -l cmdpath",
    "    set -l words (commandline -opc)",
    "    set -e words[1]",
    "    for w in $words",
    "        string match -q -- '-*' $w; and continue",
    `        if contains -- (string join ' ' $cmdpath $w) ${known}`,
    "            set cmdpath $cmdpath $w",
    "        end",
    "    end",
    `    test "$cmdpath" = "$argv[1]"`,
    "end",
    `complete -c ${name} -f`,
    ...all.flatMap((n) => [
      ...n.spec.subcommands.map((c) => `complete -c ${name} ${when(n.path)} -a ${c.name}`),
      ...(n.spec.argumentValues ?? []).map((w) => `complete -c ${name} ${when(n.path)} -a ${w}`),
      ...n.spec.options.map((o) =>
        `complete -c ${name} ${when(n.path)} -l ${o.flag.slice(2)}` +
        (o.values ? ` -x -a '${o.values.join(" ")}'` : o.takesValue ? " -r" : "")
      ),
    ]),
    "",
  ].join("\n");
}

/** The completion script for `shell`. */
export function completionScript(shell: Shell, spec: CommandSpec): string {
  switch (shell) {
    case "bash":
      return bashScript(spec);
    case "zsh":
      return zshScript(spec);
    case "fish":
      return fishScript(spec);
  }
}
