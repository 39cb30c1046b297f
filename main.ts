/**
 * canary's command line: wires arguments to command handlers and maps errors
 * to exit codes (0 success, 1 runtime failure, 2 usage error). Nothing else
 * lives here.
 *
 * @module
 */
import { CanaryError } from "./src/errors.ts";
import { readEnvironment } from "./src/environment.ts";
import { isBusyError } from "./src/db/busy.ts";
import { type Output, processOutput } from "./src/output/output.ts";
import type { CommandContext } from "./src/cli/context.ts";
import { Command, runCommandLine, VERSION_WORDS } from "./src/cli/command_line.ts";
import { prepareCommand } from "./src/cli/project_defaults.ts";
import { formatVersionLine, versionInfo } from "./src/version.ts";
/** A top-level command: its word, and its declaration, loaded only when the tree needs it. */
interface CommandEntry {
  word: string;
  load: () => Promise<(program: Command, ctx: CommandContext) => void>;
  /** It works on the whole tree as declared (completions), so it is never declared alone. */
  wholeTree?: boolean;
}

/** Every command, in the order `--help` lists them; `completions` last (it reads the tree). */
const COMMANDS: readonly CommandEntry[] = [
  { word: "migrate", load: async () => (await import("./src/cli/migrate.ts")).declareMigrate },
  { word: "rollback", load: async () => (await import("./src/cli/migrate.ts")).declareRollback },
  {
    word: "version",
    load: async () => (await import("./src/cli/version_command.ts")).declareVersion,
  },
  { word: "index", load: async () => (await import("./src/cli/index_command.ts")).declareIndex },
  { word: "scan", load: async () => (await import("./src/cli/scan_command.ts")).declareScan },
  { word: "list", load: async () => (await import("./src/cli/list.ts")).declareList },
  { word: "search", load: async () => (await import("./src/cli/search.ts")).declareSearch },
  {
    word: "prioritize",
    load: async () => (await import("./src/cli/prioritize.ts")).declarePrioritize,
  },
  {
    word: "checkpoint",
    load: async () => (await import("./src/cli/checkpoint.ts")).declareCheckpoint,
  },
  { word: "create", load: async () => (await import("./src/cli/create.ts")).declareCreate },
  { word: "show", load: async () => (await import("./src/cli/show.ts")).declareShow },
  { word: "status", load: async () => (await import("./src/cli/status.ts")).declareStatus },
  { word: "next", load: async () => (await import("./src/cli/next.ts")).declareNext },
  { word: "deps", load: async () => (await import("./src/cli/deps.ts")).declareDeps },
  { word: "files", load: async () => (await import("./src/cli/files.ts")).declareFiles },
  { word: "report", load: async () => (await import("./src/cli/report.ts")).declareReport },
  { word: "diff", load: async () => (await import("./src/cli/diff.ts")).declareDiff },
  {
    word: "completions",
    load: async () => (await import("./src/cli/completions.ts")).declareCompletions,
    wholeTree: true,
  },
];

/** The commands a run of `words` needs declared (see {@linkcode buildProgram}). */
function entriesFor(words: readonly string[]): readonly CommandEntry[] {
  if (VERSION_WORDS.includes(words[0])) return [];
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
  const declarations = await Promise.all(entriesFor(words).map((entry) => entry.load()));
  for (const declare of declarations) declare(program, ctx);
  return program;
}

/**
 * Reports a failure on stderr in one line and returns its exit code: a
 * `CanaryError` carries its own code (2 for usage errors), and anything else is
 * a runtime failure (1).
 */
export function reportFailure(error: unknown, out: Output): number {
  if (error instanceof CanaryError) {
    out.error(error.message);
    return error.exitCode;
  }
  if (isBusyError(error)) {
    // Waits are retried where they happen; one that still escapes is a busy database, not a bug.
    out.error(`the database stayed busy (${(error as Error).message}): try again`);
    return 1;
  }
  out.error(`unexpected failure: ${(error as Error)?.message ?? String(error)}`);
  return 1;
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
      print: (text, toStderr) => toStderr ? out.note(text.trimEnd()) : out.data(text),
      width: (toStderr) => (toStderr ? out.stderrColumns : out.stdoutColumns) ?? 80,
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
