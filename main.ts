/**
 * canary's command line: wires arguments to command handlers and maps errors
 * to exit codes (0 success, 1 runtime failure, 2 usage error). Nothing else
 * lives here.
 *
 * @module
 */
import { Command, CommanderError } from "commander";
import { CanaryError } from "./src/errors.ts";
import { type Output, processOutput } from "./src/output/output.ts";
import type { CommandContext } from "./src/cli/context.ts";
import { DEFAULT_DB_PATH } from "./src/db/open.ts";
import {
  migrateCommand,
  migrateForceCommand,
  migrateStatusCommand,
  rollbackCommand,
} from "./src/cli/migrate.ts";

/** Adds `--db PATH` to a database command. */
function withDb(command: Command): Command {
  return command.option("--db <path>", "database file", DEFAULT_DB_PATH);
}

/** Adds `--json` to a command that prints data. */
function withJson(command: Command): Command {
  return command.option("--json", "print the result as JSON on stdout");
}

/** Builds the command tree; handlers receive `ctx` and their parsed options. */
export function buildProgram(ctx: CommandContext): Command {
  const program = new Command("canary")
    .description("Track requirements through CANARY tokens in source comments.")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.out.data(text),
      writeErr: (text) => ctx.out.note(text.trimEnd()),
      outputError: () => {}, // reported once, by main, as `canary: error: …`
    })
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .allowExcessArguments(false);

  const migrate = withJson(withDb(
    program.command("migrate")
      .description(
        "apply pending migrations: all, or N steps (also: migrate status, migrate force V)",
      )
      .argument("[steps]", "'all' or a positive number of steps")
      .option("--dry-run", "print the SQL that would run; change nothing")
      .allowUnknownOption(), // so `-1` reaches the step parser and gets its message
  )).enablePositionalOptions()
    .action((steps, options) => migrateCommand(ctx, steps, options));
  withJson(withDb(
    migrate.command("status").description("show the schema version and each migration"),
  )).action((options) => migrateStatusCommand(ctx, options));
  withJson(withDb(
    migrate.command("force")
      .description("record version V without running SQL (after repairing a dirty database)")
      .argument("<version>", "version to record (0 = nothing applied)"),
  )).action((version, options) => migrateForceCommand(ctx, version, options));

  withJson(withDb(
    program.command("rollback")
      .description("revert applied migrations, newest first: all, or N steps")
      .argument("[steps]", "'all' or a positive number of steps")
      .option("--dry-run", "print the SQL that would run; change nothing")
      .allowUnknownOption(),
  )).action((steps, options) => rollbackCommand(ctx, steps, options));

  // Further commands are registered below.

  return program;
}

/** Exit code for a commander error: help and version are successes, the rest are usage errors. */
function commanderExitCode(error: CommanderError): number {
  return ["commander.helpDisplayed", "commander.help", "commander.version"].includes(error.code)
    ? 0
    : 2;
}

/** Runs canary with the given arguments and returns the process exit code. */
export async function main(args: string[], out: Output): Promise<number> {
  const ctx: CommandContext = {
    out,
    env: (name) => {
      try {
        return Deno.env.get(name);
      } catch {
        return undefined;
      }
    },
  };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(args, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      const code = commanderExitCode(error);
      if (code !== 0) {
        out.error(`${error.message.replace(/^error: /, "")} (see 'canary --help')`);
      }
      return code;
    }
    if (error instanceof CanaryError) {
      out.error(error.message);
      return error.exitCode;
    }
    out.error(`unexpected failure: ${(error as Error)?.message ?? String(error)}`);
    return 1;
  }
}


if (import.meta.main) {
  Deno.exit(await main(Deno.args, processOutput()));
}
