/**
 * canary's command line: wires arguments to command handlers and maps errors
 * to exit codes (0 success, 1 runtime failure, 2 usage error). Nothing else
 * lives here.
 *
 * @module
 */
import { Command, CommanderError } from "commander";
import { CanaryError } from "./src/errors.ts";
import { readEnvironment } from "./src/environment.ts";
import { isBusyError } from "./src/db/busy.ts";
import { type Output, processOutput } from "./src/output/output.ts";
import type { CommandContext } from "./src/cli/context.ts";
import { prepareCommand } from "./src/cli/project_defaults.ts";
import { formatVersionLine, versionInfo } from "./src/version.ts";
import { addTokenFilterOptions, addTokenOutputOptions } from "./src/cli/token_options.ts";

/**
 * Command handlers, each loaded when its command runs: building the command
 * tree stays cheap, and `list` does not pay for loading the scanner.
 */
const handlers = {
  migrate: () => import("./src/cli/migrate.ts"),
  version: () => import("./src/cli/version_command.ts"),
  index: () => import("./src/cli/index_command.ts"),
  scan: () => import("./src/cli/scan_command.ts"),
  list: () => import("./src/cli/list.ts"),
  search: () => import("./src/cli/search.ts"),
  prioritize: () => import("./src/cli/prioritize.ts"),
  checkpoint: () => import("./src/cli/checkpoint.ts"),
  create: () => import("./src/cli/create.ts"),
  show: () => import("./src/cli/show.ts"),
  status: () => import("./src/cli/status.ts"),
  next: () => import("./src/cli/next.ts"),
  deps: () => import("./src/cli/deps.ts"),
  files: () => import("./src/cli/files.ts"),
  completions: () => import("./src/cli/completions.ts"),
};

/** Adds `--db PATH` to a database command; its default is found by `prepareCommand`. */
function withDb(command: Command): Command {
  return command.option(
    "--db <path>",
    "database file (default: $CANARY_DB, else .canary/canary.db here or in the nearest parent)",
  );
}

const ROOT_HELP = "tree to scan (default: the folder holding .canary/, else the current folder)";

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
      // canary's own colour decision and terminal size: commander reads no environment.
      getOutHasColors: () => ctx.out.colors.enabled,
      getErrHasColors: () => ctx.out.errColors.enabled,
      getOutHelpWidth: () => ctx.out.stdoutColumns ?? 80,
      getErrHelpWidth: () => ctx.out.stderrColumns ?? 80,
    })
    .hook("preAction", (_program, command) => prepareCommand(ctx, command))
    .version(
      formatVersionLine(versionInfo()),
      "-V, --version",
      "print the canary and schema versions",
    )
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .allowExcessArguments(false);

  const migrate = withJson(withDb(
    program.command("migrate")
      .description(
        "apply pending migrations: all, or N steps (also: migrate status|to V|repair|force V)",
      )
      .argument("[steps]", "'all' or a positive number of steps")
      .option("--dry-run", "print the SQL that would run; change nothing")
      .option("--backup <path>", "where to copy the database before a step that drops a table")
      .option("--no-backup", "skip that copy")
      .allowUnknownOption(), // so `-1` reaches the step parser and gets its message
  )).enablePositionalOptions()
    .helpCommand(true)
    .action(async (steps, options) =>
      (await handlers.migrate()).migrateCommand(ctx, steps, options)
    );
  withJson(withDb(
    migrate.command("status").description("show the schema version and each migration")
      .option("--exit-code", "exit 3 when migrations are pending, 0 when up to date"),
  )).action(async (options) => (await handlers.migrate()).migrateStatusCommand(ctx, options));
  withJson(withDb(
    migrate.command("to")
      .description("go up or down to version V (0 … newest); nothing to do when it is there")
      .argument("<version>", "version to reach (0 = nothing applied)")
      .option("--dry-run", "print the SQL that would run; change nothing")
      .option("--backup <path>", "where to copy the database before a down step")
      .option("--no-backup", "skip that copy"),
  )).action(async (version, options) =>
    (await handlers.migrate()).migrateToCommand(ctx, version, options)
  );
  withJson(withDb(
    migrate.command("repair")
      .description("re-record the embedded checksum of drifted migrations (no schema change)")
      .option("--dry-run", "show the drift; change nothing")
      .option("--backup <path>", "where to copy the database first (default: <db>.backup-…)")
      .option("--no-backup", "skip that copy"),
  )).action(async (options) => (await handlers.migrate()).migrateRepairCommand(ctx, options));
  withJson(withDb(
    migrate.command("force")
      .description("record version V without running SQL (after repairing a dirty database)")
      .argument("<version>", "version to record (0 = nothing applied)"),
  )).action(async (version, options) =>
    (await handlers.migrate()).migrateForceCommand(ctx, version, options)
  );

  withJson(withDb(
    program.command("rollback")
      .description("revert applied migrations, newest first: all, or N steps")
      .argument("[steps]", "'all' or a positive number of steps")
      .option("--dry-run", "print the SQL that would run; change nothing")
      .option("--backup <path>", "where to copy the database first (default: <db>.backup-…)")
      .option("--no-backup", "skip that copy")
      .allowUnknownOption(),
  )).action(async (steps, options) =>
    (await handlers.migrate()).rollbackCommand(ctx, steps, options)
  );

  withJson(
    program.command("version").description(
      "print the canary version and the newest schema it embeds",
    ),
  ).action(async (options) => (await handlers.version()).versionCommand(ctx, options));

  // Further commands are registered below.

  withJson(withDb(
    program.command("index")
      .description("scan a tree for CANARY tokens and replace the stored index")
      .option("--root <dir>", ROOT_HELP)
      .option("--strict", "report unknown keys too, and fail (exit 1) on any diagnostic")
      .option("--quiet", "print only the summary, not each diagnostic")
      .option("--max-file-size <size>", "skip larger files (bytes, or 512K, 16M)", "16M"),
  )).action(async (options) => (await handlers.index()).indexCommand(ctx, options));

  withJson(
    program.command("scan")
      .description("scan a tree without a database: status reports, claim checks, staleness")
      .option("--root <dir>", ROOT_HELP)
      .option("--out <file>", "write status.json here (default status.json unless --json)")
      .option("--csv <file>", "write status.csv here (default status.csv unless --json)")
      .option("--verify <file>", "check the ✅ claims of a gap-analysis Markdown file")
      .option("--strict", "fail (exit 2) on TESTED/BENCHED tokens older than --stale-days")
      .option("--quiet", "print only the summary, not each diagnostic")
      .option("--stale-days <days>", "age in whole days beyond which a token is stale", "30")
      .option("--update-stale", "rewrite the UPDATED date of stale tokens to today (UTC)")
      .option("--max-file-size <size>", "skip larger files (bytes, or 512K, 16M)", "16M"),
  ).action(async (options) => (await handlers.scan()).scanCommand(ctx, options));

  withJson(withDb(addTokenOutputOptions(addTokenFilterOptions(
    program.command("list")
      .description("list indexed tokens: filter, order, limit; a table, TSV or JSON")
      .option("--order-by <field>", "priority, updated, req, feature, file or status")
      .option("--desc", "reverse the order of the --order-by field"),
  )))).action(async (options) => (await handlers.list()).listCommand(ctx, options));

  withJson(withDb(addTokenOutputOptions(addTokenFilterOptions(
    program.command("search")
      .description("ranked full-text search over ids, features, keywords, owners, aspects, paths")
      .argument("<terms...>", "words that must all match (3+ characters match anywhere)"),
  )))).action(async (terms, options) =>
    (await handlers.search()).searchCommand(ctx, terms, options)
  );

  withJson(withDb(
    program.command("prioritize")
      .description("set the priority (1 highest … 10) of a requirement's feature; kept by index")
      .argument("<req-id>", "requirement id, e.g. CBIN-129")
      .argument("<feature>", "feature name as in the token")
      .argument("<priority>", "an integer from 1 (highest) to 10"),
  )).action(async (reqId, feature, priority, options) =>
    (await handlers.prioritize()).prioritizeCommand(ctx, reqId, feature, priority, options)
  );

  const checkpoint = withJson(withDb(
    program.command("checkpoint")
      .description(
        "snapshot the index: checkpoint <name> [description...] (also: create, list, show, diff)",
      )
      .argument("[name]", "name of the new checkpoint")
      .argument("[description...]", "what this checkpoint marks (words are joined)"),
  )).enablePositionalOptions()
    .helpCommand(true)
    .action(async (name, description, options) =>
      (await handlers.checkpoint()).checkpointShorthandCommand(ctx, name, description, options)
    );
  withJson(withDb(
    checkpoint.command("create")
      .description("snapshot the index under a name (any name, even list/show/diff)")
      .argument("<name>", "name of the new checkpoint")
      .argument("[description...]", "what this checkpoint marks (words are joined)"),
  )).action(async (name, description, options) =>
    (await handlers.checkpoint()).checkpointCreateCommand(ctx, name, description, options)
  );
  withJson(withDb(
    checkpoint.command("delete")
      .description("delete one checkpoint")
      .argument("<name>", "checkpoint name"),
  )).action(async (name, options) =>
    (await handlers.checkpoint()).checkpointDeleteCommand(ctx, name, options)
  );
  withJson(withDb(
    checkpoint.command("list").description("list checkpoints, oldest first, with status counts"),
  )).action(async (options) => (await handlers.checkpoint()).checkpointListCommand(ctx, options));
  withJson(withDb(
    checkpoint.command("show")
      .description("show one checkpoint: counts and tokens")
      .argument("<name>", "checkpoint name"),
  )).action(async (name, options) =>
    (await handlers.checkpoint()).checkpointShowCommand(ctx, name, options)
  );
  withJson(withDb(
    checkpoint.command("diff")
      .description("tokens added, removed and changed status between two checkpoints")
      .argument("<from>", "older checkpoint")
      .argument("[to]", "newer checkpoint (default: the current index)"),
  )).action(async (from, to, options) =>
    (await handlers.checkpoint()).checkpointDiffCommand(ctx, from, to, options)
  );

  withJson(
    program.command("create")
      .description("print a new token line to paste, dated today (UTC); needs no database")
      .argument("<req-id>", "requirement id, e.g. CBIN-129")
      .argument("<feature>", "feature name (any text on one line; quoted in the token)")
      .option("--aspect <aspect>", "ASPECT", "API")
      .option("--status <status>", "STATUS", "IMPL")
      .option("--test <names>", "TEST names, comma-separated")
      .option("--bench <names>", "BENCH names, comma-separated")
      .option("--owner <owner>", "OWNER")
      .option("--priority <n>", "PRIORITY, 1 (highest) to 10")
      .option("--for <file>", "write the comment for this file (.py #, .sql --, .md <!-- -->)")
      .addHelpText(
        "after",
        '\nExamples:\n  canary create CBIN-140 "Token export" --aspect CLI --owner alice\n' +
          "  canary create CBIN-140 Docs --aspect Docs --for README.md >> README.md\n",
      ),
  ).action(async (reqId, feature, options) =>
    (await handlers.create()).createCommand(ctx, reqId, feature, options)
  );

  withJson(withDb(
    program.command("show")
      .description("every token of one requirement, grouped, with status, location, tests, owner")
      .argument("<req-id>", "requirement id, e.g. CBIN-129 (any case)")
      .option("--group-by <field>", "aspect (default), status or file")
      .addHelpText(
        "after",
        "\nExamples:\n  canary show CBIN-129\n  canary show CBIN-129 --group-by status --json\n",
      ),
  )).action(async (reqId, options) => (await handlers.show()).showCommand(ctx, reqId, options));

  withJson(withDb(
    program.command("status")
      .description("progress: TESTED+BENCHED over tokens not REMOVED, per requirement and in all")
      .argument("[req-id]", "one requirement: its counts and incomplete features")
      .option("--order-by <field>", "req (default), progress (least complete first) or priority")
      .addHelpText(
        "after",
        "\nExamples:\n  canary status\n  canary status --order-by progress\n" +
          "  canary status CBIN-129 --json\n",
      ),
  )).action(async (reqId, options) => (await handlers.status()).statusCommand(ctx, reqId, options));

  withJson(withDb(
    program.command("next")
      .description("the highest-priority work not blocked by an unfinished DEPENDS_ON")
      .option(
        "--status <list>",
        "statuses to consider, comma-separated (default MISSING,STUB,IMPL)",
      )
      .option("--aspect <list>", "aspects, comma-separated (any of)")
      .option("--owner <list>", "owners, comma-separated (any of)")
      .option("--limit <n>", "the next n tokens (default 1)")
      .option("--explain", "say why the first won and what blocked those ranked above it")
      .addHelpText(
        "after",
        "\nExamples:\n  canary next\n  canary next --owner alice --limit 5\n" +
          "  canary next --aspect CLI --explain\n",
      ),
  )).action(async (options) => (await handlers.next()).nextCommand(ctx, options));

  const deps = program.command("deps")
    .description("the DEPENDS_ON graph between requirements: deps check, deps graph")
    .helpCommand(true);
  withJson(withDb(
    deps.command("check")
      .description("name dependencies on missing requirements and cycles; exit 1 if any")
      .addHelpText("after", "\nExamples:\n  canary deps check\n  canary deps check --json\n"),
  )).action(async (options) => (await handlers.deps()).depsCheckCommand(ctx, options));
  withJson(withDb(
    deps.command("graph")
      .description("print the requirement graph, nodes labelled with progress")
      .option("--format <format>", "mermaid (default), dot or json")
      .addHelpText(
        "after",
        "\nExamples:\n  canary deps graph > deps.mmd\n  canary deps graph --format dot | dot -Tsvg\n",
      ),
  )).action(async (options) => (await handlers.deps()).depsGraphCommand(ctx, options));

  withJson(withDb(
    program.command("files")
      .description("the files of one requirement, with their token counts per aspect")
      .argument("<req-id>", "requirement id, e.g. CBIN-129 (any case)")
      .addHelpText(
        "after",
        "\nExamples:\n  canary files CBIN-129\n  canary files CBIN-129 --json\n",
      ),
  )).action(async (reqId, options) => (await handlers.files()).filesCommand(ctx, reqId, options));

  program.command("completions")
    .description("print a shell completion script for bash, zsh or fish")
    .argument("<shell>", "bash, zsh or fish")
    .addHelpText(
      "after",
      "\nExamples:\n  source <(canary completions bash)\n  canary completions zsh > ~/.zfunc/_canary\n" +
        "  canary completions fish > ~/.config/fish/completions/canary.fish\n",
    )
    .action(async (shell) =>
      (await handlers.completions()).completionsCommand(ctx, shell, program)
    );

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
    cwd: () => Deno.cwd(),
    env: readEnvironment,
  };
  const program = buildProgram(ctx);
  try {
    // Bare `canary` is a request for help, answered like `canary --help`.
    await program.parseAsync(args.length === 0 ? ["--help"] : args, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      const code = commanderExitCode(error);
      if (code !== 0) {
        const message = error.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ");
        out.error(`${message} (see 'canary --help')`);
      }
      return code;
    }
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
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args, processOutput(readEnvironment)));
}
