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
import { Command, runCommandLine } from "./src/cli/command_line.ts";
import { prepareCommand } from "./src/cli/project_defaults.ts";
import { formatVersionLine, versionInfo } from "./src/version.ts";
import { declareMigrate, declareRollback } from "./src/cli/migrate.ts";
import { declareVersion } from "./src/cli/version_command.ts";
import { declareIndex } from "./src/cli/index_command.ts";
import { declareScan } from "./src/cli/scan_command.ts";
import { declareList } from "./src/cli/list.ts";
import { declareSearch } from "./src/cli/search.ts";
import { declarePrioritize } from "./src/cli/prioritize.ts";
import { declareCheckpoint } from "./src/cli/checkpoint.ts";
import { declareCreate } from "./src/cli/create.ts";
import { declareShow } from "./src/cli/show.ts";
import { declareStatus } from "./src/cli/status.ts";
import { declareNext } from "./src/cli/next.ts";
import { declareDeps } from "./src/cli/deps.ts";
import { declareFiles } from "./src/cli/files.ts";
import { declareReport } from "./src/cli/report.ts";
import { declareDiff } from "./src/cli/diff.ts";
import { declareCompletions } from "./src/cli/completions.ts";

/** Every command, in the order `--help` lists them; `completions` last (it reads the tree). */
const COMMANDS = [
  declareMigrate,
  declareRollback,
  declareVersion,
  declareIndex,
  declareScan,
  declareList,
  declareSearch,
  declarePrioritize,
  declareCheckpoint,
  declareCreate,
  declareShow,
  declareStatus,
  declareNext,
  declareDeps,
  declareFiles,
  declareReport,
  declareDiff,
  declareCompletions,
];

/** Builds the command tree; handlers receive `ctx` and their parsed options. */
export function buildProgram(ctx: CommandContext): Command {
  const program = new Command("canary")
    .description("Track requirements through CANARY tokens in source comments.")
    .version(formatVersionLine(versionInfo()), "print the canary and schema versions");
  for (const declare of COMMANDS) declare(program, ctx);
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
  const program = buildProgram(ctx);
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
