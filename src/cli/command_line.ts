/**
 * canary's argument layer: a tree of commands, each with its long options
 * (`--name`, `--name VALUE`, `--name=VALUE`, `--no-name`) and arguments
 * (`<req-id>`, `[to]`, `<terms...>`). It is canary's own because the general
 * libraries load Node's `fs`, `child_process` and `process` layers at start-up,
 * about 35 ms of every command (more than half of a small one).
 *
 * Parsing is in {@link parseCommandLine}; the words' rules are:
 * - options go after the first command word; `-h`/`--help` anywhere asks for
 *   the help of the command named so far, `-V`/`--version` before it for the
 *   version;
 * - an option given before a subcommand word means what it means after it
 *   (`migrate --db x.db status`); one the subcommand does not take, or one given
 *   on both sides with different values, is a usage error;
 * - `help [command...]` is a subcommand of every command that has subcommands;
 * - a word like `-1` is an argument (a step count, say), and `--` ends options.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { type HelpEntry, type HelpView, renderHelp } from "../output/help.ts";
import { closestMatch } from "../tokens/values.ts";

/** Turns an option's word into its value, given its value so far (for repeatable options). */
// deno-lint-ignore no-explicit-any -- each parser declares the value it accumulates
export type OptionParser = (value: string, previous: any) => unknown;

// deno-lint-ignore no-explicit-any -- each handler declares its own argument types
type Action = (...args: any[]) => unknown;

/** `--dry-run` → `dryRun`. */
function camelCase(words: string): string {
  return words.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** One `--name`, `--name <value>` or `--no-name` option. */
export class Option {
  /** `--name`, as typed. */
  readonly long: string;
  /** Its key among a command's options: `--dry-run` → `dryRun`, `--no-backup` → `backup`. */
  readonly key: string;
  /** Whether it takes a value (`--limit <n>`); else it is a flag. */
  readonly takesValue: boolean;
  /** `--no-name`: sets its key to false. */
  readonly negate: boolean;

  /** Its value when not given, if it has one. */
  readonly defaultValue: string | undefined;
  /** Turns its words into its value (else the value is the word). */
  readonly parse: OptionParser | undefined;

  /**
   * An option from its flags (`--limit <n>`), its help line and either a value
   * parser or a default value.
   */
  constructor(
    readonly flags: string,
    readonly description: string,
    parseOrDefault?: OptionParser | string,
  ) {
    this.parse = typeof parseOrDefault === "function" ? parseOrDefault : undefined;
    this.defaultValue = typeof parseOrDefault === "string" ? parseOrDefault : undefined;
    const match = /^(--[a-z][a-z0-9-]*)( <[a-z-]+>)?$/.exec(flags);
    if (match === null) throw new Error(`option flags '${flags}' are not --name or --name <value>`);
    this.long = match[1];
    this.takesValue = match[2] !== undefined;
    this.negate = this.long.startsWith("--no-");
    this.key = camelCase(this.long.slice(this.negate ? 5 : 2));
  }
}

/** One positional argument: `<name>` (required), `[name]` (optional), `...` for all the rest. */
export interface Argument {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  readonly variadic: boolean;
}

function parseArgumentSpec(spec: string, description: string): Argument {
  const match = /^([<[])([a-z-]+)(\.\.\.)?[>\]]$/.exec(spec);
  if (match === null) throw new Error(`argument '${spec}' is not <name>, [name] or <name...>`);
  return { name: match[2], description, required: match[1] === "<", variadic: !!match[3] };
}

/** A command: its words, options, arguments, subcommands and handler. */
export class Command {
  /** Its subcommands, in the order help lists them. */
  readonly commands: Command[] = [];
  /** Its options, in the order help lists them. */
  readonly options: Option[] = [];
  /** Its positional arguments, in order. */
  readonly arguments: Argument[] = [];
  #summary = "";
  #footer = "";
  #version: { line: string; description: string } | undefined;
  #action: Action | undefined;
  #argumentWord: ((word: string) => boolean) | undefined;

  /** A command named `word`; the program itself has no parent. */
  constructor(readonly word: string, readonly parent: Command | null = null) {}

  /** Its word: `status` for `canary migrate status`. */
  name(): string {
    return this.word;
  }

  /** Its words from the program down: `canary migrate status`. */
  path(): string {
    return this.parent === null ? this.word : `${this.parent.path()} ${this.word}`;
  }

  /** Adds and returns the subcommand `word`. */
  command(word: string): Command {
    const command = new Command(word, this);
    this.commands.push(command);
    return command;
  }

  /** Sets the one-line description help shows. */
  description(text: string): this {
    this.#summary = text;
    return this;
  }

  /** Adds a positional argument: `<name>`, `[name]`, `<name...>` or `[name...]`. */
  argument(spec: string, description: string): this {
    this.arguments.push(parseArgumentSpec(spec, description));
    return this;
  }

  /** Adds an option: `--name` or `--name <value>`, with a value parser or a default value. */
  option(flags: string, description: string, parseOrDefault?: OptionParser | string): this {
    this.options.push(new Option(flags, description, parseOrDefault));
    return this;
  }

  /** Adds text (examples, say) after the command's help. */
  helpFooter(text: string): this {
    this.#footer += text;
    return this;
  }

  /** Gives the program `-V, --version`, printing `line`. */
  version(line: string, description: string): this {
    this.#version = { line, description };
    return this;
  }

  /**
   * Says which words its first argument may be, so that another word close to
   * a subcommand's (`migrate stauts`) is taken for a mistyped subcommand.
   */
  argumentWords(test: (word: string) => boolean): this {
    this.#argumentWord = test;
    return this;
  }

  /** Whether `word` may be its first argument (any word, unless {@link argumentWords} says). */
  takesArgumentWord(word: string): boolean {
    return this.#argumentWord?.(word) ?? true;
  }

  /** Sets the handler: it receives one value per argument, then the options, then the command. */
  action(handler: Action): this {
    this.#action = handler;
    return this;
  }

  /** The one-line description. */
  get summary(): string {
    return this.#summary;
  }

  /** The text after its help. */
  get footer(): string {
    return this.#footer;
  }

  /** The program's version line, if it has `--version`. */
  get versionLine(): string | undefined {
    return this.#version?.line;
  }

  /** What `--version` does, as help says it. */
  get versionDescription(): string | undefined {
    return this.#version?.description;
  }

  /** Whether the command does something itself (else it only groups subcommands). */
  get runs(): boolean {
    return this.#action !== undefined;
  }

  /** Runs the handler with the parsed words. */
  run(invocation: Invocation): unknown {
    if (this.#action === undefined) throw new Error(`${this.path()} has no handler`);
    return this.#action(...invocation.args, invocation.options, this);
  }

  /** This command and every command below it. */
  *descendants(): Generator<Command> {
    yield this;
    for (const command of this.commands) yield* command.descendants();
  }
}

/** A command to run, with its arguments and options as parsed. */
export interface Invocation {
  command: Command;
  /** One value per declared argument: a string, an array for `...`, or undefined. */
  args: unknown[];
  /** Option values by key. */
  options: Record<string, unknown>;
  /** The keys of options given on the command line (the rest are defaults). */
  given: Set<string>;
}

/** What the words ask for. */
export type Request =
  | { kind: "help"; command: Command }
  | { kind: "version"; line: string }
  | { kind: "run"; invocation: Invocation };

/** A usage error that points at the help of the command it concerns. */
function usageError(command: Command, message: string): UsageError {
  return new UsageError(`${message} (see '${command.path()} --help')`);
}

function suggestion(word: string, candidates: readonly string[]): string {
  const nearest = closestMatch(word, candidates);
  return nearest === null ? "" : ` (did you mean ${nearest}?)`;
}

/** An option word as typed: `--limit=5` is given "5" inline. */
interface GivenOption {
  long: string;
  value: string | undefined;
  /** The command whose level it was given at. */
  at: Command;
}

function isOptionWord(word: string): boolean {
  return word.startsWith("-") && word !== "-" && !/^-\d/.test(word);
}

/**
 * The option `long` could be at `command`: its own, or, where a subcommand word
 * may follow, one of a subcommand's (it is checked against the command that
 * runs once that is known).
 */
function findOption(command: Command, long: string, belowToo: boolean): Option {
  const scope = belowToo ? [...command.descendants()] : [command];
  const options = scope.flatMap((c) => c.options);
  const found = options.find((option) => option.long === long);
  if (found !== undefined) return found;
  const known = [...new Set([...options.map((option) => option.long), "--help"])];
  throw usageError(command, `unknown option '${long}'${suggestion(long, known)}`);
}

/** The words that ask for the program's version, before any command word. */
export const VERSION_WORDS: readonly string[] = ["-V", "--version"];

/** The words that ask for help, anywhere. */
const HELP_WORDS: readonly string[] = ["-h", "--help"];

/**
 * `--version` alone, or an unknown option before the first command word. With
 * `--help` before or after it, help wins: asking for help is never an error.
 */
function programOption(program: Command, words: readonly string[], i: number): Request {
  const word = words[i];
  const long = word.split("=")[0];
  if (VERSION_WORDS.includes(long) && program.versionLine !== undefined) {
    if (long !== word) throw usageError(program, `'${long}' takes no value`);
    const after = words.slice(i + 1);
    const rest = after.filter((w) => !HELP_WORDS.includes(w)).map((w) => `'${w}'`).join(", ");
    if (rest !== "") throw usageError(program, `'${word}' takes nothing after it: ${rest}`);
    const help = words.some((w) => HELP_WORDS.includes(w));
    return help
      ? { kind: "help", command: program }
      : { kind: "version", line: program.versionLine };
  }
  const known = program.versionLine === undefined ? ["--help"] : ["--help", "--version"];
  const shorts = program.versionLine === undefined ? ["-h"] : ["-h", "-V"];
  // `-v` for `-V` (or `-H` for `-h`): the letter is right, its case is not.
  const caseMiss = shorts.find((short) =>
    short !== long && short.toLowerCase() === long.toLowerCase()
  );
  const near = caseMiss !== undefined ? ` (did you mean ${caseMiss}?)` : suggestion(long, known);
  // A near miss of --help or --version is the typo; anything else belongs after a command word.
  const hint = near !== "" ? near : ": options go after the command word";
  throw usageError(program, `unknown option '${long}'${hint}`);
}

/** Reads the option at `words[i]` (and its value) into `given`; returns the last index read. */
function readOption(
  command: Command,
  words: readonly string[],
  i: number,
  given: GivenOption[],
  beforeSubcommand: boolean,
): number {
  const word = words[i];
  const equals = word.indexOf("=");
  const long = equals === -1 ? word : word.slice(0, equals);
  const option = findOption(command, long, beforeSubcommand && command.commands.length > 0);
  const inline = equals === -1 ? undefined : word.slice(equals + 1);
  if (!option.takesValue) {
    if (inline !== undefined) throw usageError(command, `option '${long}' takes no value`);
    given.push({ long, value: undefined, at: command });
    return i;
  }
  const value = inline ?? words[i + 1];
  // No option has a meaning for an empty value: `--db ''` is a slip, not a path.
  if (value === undefined || value === "") {
    throw usageError(command, `option '${option.flags}' needs a value`);
  }
  given.push({ long, value, at: command });
  return inline === undefined ? i + 1 : i;
}

/**
 * The subcommand `word` names, "help", or undefined when it is an argument of
 * `command`. A word that is neither, for a command that only groups
 * subcommands, is an unknown command.
 */
function subcommand(command: Command, word: string): Command | "help" | undefined {
  if (command.commands.length === 0) return undefined;
  if (word === "help") return "help";
  const found = command.commands.find((c) => c.word === word);
  const words = command.commands.map((c) => c.word);
  if (found !== undefined) return found;
  if (command.runs && (command.takesArgumentWord(word) || closestMatch(word, words) === null)) {
    return undefined;
  }
  throw usageError(command, `unknown command '${word}'${suggestion(word, words)}`);
}

/** The command `help a b` names below `command`. */
function helpTarget(command: Command, words: readonly string[]): Command {
  let target = command;
  for (const word of words.filter((w) => !isOptionWord(w))) {
    const found = subcommand(target, word);
    if (found === undefined || found === "help") break;
    target = found;
  }
  return target;
}

/**
 * What `words` ask of `program`: help, the version, or a command to run with
 * its arguments and options. Throws a {@link UsageError} for words it cannot
 * take.
 */
export function parseCommandLine(program: Command, words: readonly string[]): Request {
  let command = program;
  const given: GivenOption[] = [];
  const positionals: string[] = [];
  let help = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === "--") {
      positionals.push(...words.slice(i + 1));
      break;
    }
    if (HELP_WORDS.includes(word.split("=")[0])) {
      if (HELP_WORDS.includes(word)) help = true;
      else throw usageError(command, `'${word.split("=")[0]}' takes no value`);
    } else if (isOptionWord(word)) {
      if (command === program) return programOption(program, words, i);
      i = readOption(command, words, i, given, positionals.length === 0);
    } else {
      const found = positionals.length === 0 ? subcommand(command, word) : undefined;
      if (found === "help") {
        return { kind: "help", command: helpTarget(command, words.slice(i + 1)) };
      }
      if (found !== undefined) command = found;
      else positionals.push(word);
    }
  }
  if (help || command === program) return { kind: "help", command };
  if (!command.runs) {
    const words = command.commands.map((c) => c.word).join(", ");
    throw usageError(command, `'${command.path()}' needs a command: ${words}`);
  }
  return { kind: "run", invocation: bind(command, given, positionals) };
}

function optionValue(option: Option, value: string | undefined, previous: unknown): unknown {
  if (!option.takesValue) return !option.negate;
  return option.parse === undefined ? value : option.parse(value!, previous);
}

/**
 * The options given on the way down to `command`, as `command`'s: each one
 * must be its own, and one given at several levels must have one value.
 */
function bindOptions(command: Command, given: readonly GivenOption[]): Map<string, unknown> {
  const byLevel = new Map<string, Map<Command, unknown>>();
  const firstFlag = new Map<string, string>();
  for (const { long, value, at } of given) {
    const option = command.options.find((o) => o.long === long);
    if (option === undefined) {
      throw usageError(command, `${long} does not apply to '${command.path()}'`);
    }
    const levels = byLevel.get(option.key) ?? new Map<Command, unknown>();
    levels.set(at, optionValue(option, value, levels.get(at)));
    byLevel.set(option.key, levels);
    if (!firstFlag.has(option.key)) firstFlag.set(option.key, long);
  }
  const values = new Map<string, unknown>();
  for (const [key, levels] of byLevel) {
    const [first, ...others] = [...levels.values()];
    if (others.some((other) => JSON.stringify(other) !== JSON.stringify(first))) {
      throw usageError(
        command,
        `${
          firstFlag.get(key)
        } is given before and after '${command.word}' with different values: give it once`,
      );
    }
    values.set(key, first);
  }
  return values;
}

/** One value per declared argument of `command`, from the positional words. */
function bindArguments(command: Command, positionals: readonly string[]): unknown[] {
  const args: unknown[] = [];
  let next = 0;
  for (const argument of command.arguments) {
    const value = argument.variadic ? positionals.slice(next) : positionals[next];
    next = argument.variadic ? positionals.length : next + 1;
    if (argument.required && (value === undefined || (argument.variadic && value.length === 0))) {
      throw usageError(command, `missing required argument '${argument.name}'`);
    }
    args.push(value);
  }
  if (positionals.length > next) {
    const extra = positionals.slice(next).map((word) => `'${word}'`).join(", ");
    const takes = command.arguments.length === 0 ? "takes no arguments" : "has too many arguments";
    throw usageError(command, `'${command.path()}' ${takes}: ${extra}`);
  }
  return args;
}

function bind(command: Command, given: readonly GivenOption[], positionals: string[]): Invocation {
  const values = bindOptions(command, given);
  const defaults = command.options
    .filter((option) => option.defaultValue !== undefined && !values.has(option.key))
    .map((option) => [option.key, option.defaultValue]);
  return {
    command,
    args: bindArguments(command, positionals),
    options: Object.fromEntries([...defaults, ...values]),
    given: new Set(values.keys()),
  };
}

function argumentTerms(command: Command): string {
  return command.arguments.map((a) => {
    const name = a.variadic ? `${a.name}...` : a.name;
    return a.required ? ` <${name}>` : ` [${name}]`;
  }).join("");
}

function optionEntry(option: Option): HelpEntry {
  const shown = option.defaultValue === undefined ? "" : ` (default: ${option.defaultValue})`;
  return [option.flags, `${option.description}${shown}`];
}

const HELP_OPTION: HelpEntry = ["-h, --help", "display help for command"];

/** What the help of `command` shows. */
export function helpView(command: Command): HelpView {
  const version: HelpEntry[] = command.versionDescription === undefined
    ? []
    : [["-V, --version", command.versionDescription]];
  const commands: HelpEntry[] = command.commands.map((c) => [c.word, c.summary]);
  return {
    usage: `${command.path()} [options]${commands.length > 0 ? " [command]" : ""}${
      argumentTerms(command)
    }`,
    description: command.summary,
    arguments: command.arguments.map((a) => [a.name, a.description]),
    options: [
      ...command.options.map(optionEntry),
      ...version,
      HELP_OPTION,
    ],
    commands: commands.length > 0
      ? [...commands, ["help [command]", "display help for command"]]
      : [],
    footer: command.footer,
  };
}

/** Where the command line's own output goes, and what runs before a handler. */
export interface CommandLineIO {
  /** Prints help or the version line (on stdout). */
  print(text: string): void;
  /** The width help is wrapped to. */
  width(): number;
  /** Prepares an invocation before its handler runs (fills in defaults, say). */
  prepare(invocation: Invocation): void;
}

/** Parses `words` and prints the help or version they ask for, or runs the command they name. */
export async function runCommandLine(
  program: Command,
  words: readonly string[],
  io: CommandLineIO,
): Promise<void> {
  const request = parseCommandLine(program, words);
  if (request.kind === "help") {
    io.print(renderHelp(helpView(request.command), io.width()));
  } else if (request.kind === "version") io.print(`${request.line}\n`);
  else {
    io.prepare(request.invocation);
    await request.invocation.command.run(request.invocation);
  }
}
