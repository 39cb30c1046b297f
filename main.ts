/**
 * canary's command line: wires arguments to command handlers and maps errors
 * to exit codes (0 success, 1 runtime failure, 2 usage error). Nothing else
 * lives here.
 *
 * @module
 */
import { deferredImport } from "./src/deferred_import.ts";
import { readEnvironment } from "./src/environment.ts";
import { describeFailure } from "./src/cli/failure.ts";
import { type Output, processOutput } from "./src/output/output.ts";
import type { CommandContext } from "./src/cli/context.ts";
import { Command, runCommandLine, VERSION_WORDS } from "./src/cli/command_line.ts";
import { prepareCommand } from "./src/cli/project_defaults.ts";
import { formatVersionLine, versionInfo } from "./src/version.ts";

/** What declares a command on the tree, for handlers that receive `ctx`. */
type Declaration = (program: Command, ctx: CommandContext) => void;

/** A top-level command: its word, and the module that declares it, loaded when the tree needs it. */
interface CommandEntry {
  word: string;
  /** The handler's module, from the project root. */
  module: string;
  /** The module's export that declares the command. */
  declare: string;
  /** It works on the whole tree as declared (completions), so it is never declared alone. */
  wholeTree?: boolean;
}

/** Every command, in the order `--help` lists them; `completions` last (it reads the tree). */
const COMMANDS: readonly CommandEntry[] = [
  { word: "migrate", module: "src/cli/migrate.ts", declare: "declareMigrate" },
  { word: "rollback", module: "src/cli/migrate.ts", declare: "declareRollback" },
  { word: "version", module: "src/cli/version_command.ts", declare: "declareVersion" },
  { word: "index", module: "src/cli/index_command.ts", declare: "declareIndex" },
  { word: "scan", module: "src/cli/scan_command.ts", declare: "declareScan" },
  { word: "list", module: "src/cli/list.ts", declare: "declareList" },
  { word: "search", module: "src/cli/search.ts", declare: "declareSearch" },
  { word: "prioritize", module: "src/cli/prioritize.ts", declare: "declarePrioritize" },
  { word: "checkpoint", module: "src/cli/checkpoint.ts", declare: "declareCheckpoint" },
  { word: "create", module: "src/cli/create.ts", declare: "declareCreate" },
  { word: "show", module: "src/cli/show.ts", declare: "declareShow" },
  { word: "status", module: "src/cli/status.ts", declare: "declareStatus" },
  { word: "next", module: "src/cli/next.ts", declare: "declareNext" },
  { word: "deps", module: "src/cli/deps.ts", declare: "declareDeps" },
  { word: "files", module: "src/cli/files.ts", declare: "declareFiles" },
  { word: "report", module: "src/cli/report.ts", declare: "declareReport" },
  { word: "diff", module: "src/cli/diff.ts", declare: "declareDiff" },
  {
    word: "completions",
    module: "src/cli/completions.ts",
    declare: "declareCompletions",
    wholeTree: true,
  },
];

/** The modules of the commands, from the project root: the binary must include each. */
export const COMMAND_MODULES: readonly string[] = [
  ...new Set(COMMANDS.map((entry) => entry.module)),
];

/**
 * A command's declaration, from its module, imported only now: a literal `import()` here would
 * have Deno read and analyse every command's modules at each start (see `deferredImport`).
 */
async function declarationOf(entry: CommandEntry): Promise<Declaration> {
  const module = await deferredImport<Record<string, Declaration | undefined>>(entry.module);
  const declare = module[entry.declare];
  if (declare === undefined) throw new Error(`${entry.module} exports no ${entry.declare}`);
  return declare;
}

/** The commands a run of `words` needs declared (see {@linkcode buildProgram}). */
function entriesFor(words: readonly string[]): readonly CommandEntry[] {
  if (words.length === 1 && VERSION_WORDS.includes(words[0])) return [];
  const named = COMMANDS.find((entry) => entry.word === words[0]);
  return named !== undefined && !named.wholeTree ? [named] : COMMANDS;
}

/**
 * Builds the command tree; handlers receive `ctx` and their parsed options. When `words` begin
 * with a command's word, the tree holds that command alone: options may only follow the command
 * word, so nothing else in the words can concern another command, and a run loads only the
 * modules of its own command. `--version` needs none; anything else (help, a mistyped command)
 * gets them all.
 */
export async function buildProgram(
  ctx: CommandContext,
  words: readonly string[] = [],
): Promise<Command> {
  const program = new Command("canary")
    .description("Track requirements through CANARY tokens in source comments.")
    .version(formatVersionLine(versionInfo()), "print the canary and schema versions");
  const declarations = await Promise.all(entriesFor(words).map(declarationOf));
  for (const declare of declarations) declare(program, ctx);
  return program;
}

/**
 * Reports a failure on stderr in one line and returns its exit code: a
 * `CanaryError` carries its own code (2 for usage errors), and anything else is
 * a runtime failure (1).
 */
export function reportFailure(error: unknown, out: Output): number {
  const { message, exitCode } = describeFailure(error);
  out.error(message);
  return exitCode;
}

/** Runs canary with the given arguments and returns the process exit code. */
export async function main(args: string[], out: Output): Promise<number> {
  const ctx: CommandContext = {
    out,
    cwd: () => Deno.cwd(),
    env: readEnvironment,
  };
  const program = await buildProgram(ctx, args);
  try {
    await runCommandLine(program, args, {
      print: (text) => out.data(text),
      width: () => out.stdoutColumns ?? 80,
      prepare: (invocation) => prepareCommand(ctx, invocation),
    });
    return 0;
  } catch (error) {
    return reportFailure(error, out);
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args, processOutput(readEnvironment)));
}
