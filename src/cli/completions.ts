/**
 * `canary completions bash|zsh|fish`: a completion script generated from the command tree.
 *
 * @module
 */
import type { Command } from "./command_line.ts";
import type { CommandSpec } from "../completion/scripts.ts";
import { parseChoice } from "./args.ts";
import type { CommandContext } from "./context.ts";
import { withExamples } from "./declare.ts";

/**
 * Fixed value sets, by `<command path> <flag>`, or by flag alone where one set serves all; a
 * command's first argument by `<command path> <argument>`.
 */
type ValueSets = Readonly<Record<string, readonly string[]>>;

/**
 * The constants the handlers check option values against, loaded when a script is made: they
 * live with the code that uses them, which other commands need not load.
 */
async function valueSets(): Promise<ValueSets> {
  const [graph, tokens, filters, token, progress, show, diff, scripts] = await Promise.all([
    import("../output/graph.ts"),
    import("../output/tokens.ts"),
    import("../query/filters.ts"),
    import("../tokens/token.ts"),
    import("../track/progress.ts"),
    import("../track/show_requirement.ts"),
    import("./diff.ts"),
    import("../completion/scripts.ts"),
  ]);
  return {
    "--status": token.STATUSES,
    "--aspect": token.ASPECTS,
    "--group-by": show.GROUP_BY,
    "list --order-by": filters.ORDER_FIELDS,
    "status --order-by": progress.PROGRESS_ORDERS,
    "list --format": tokens.TOKEN_FORMATS,
    "search --format": tokens.TOKEN_FORMATS,
    "deps graph --format": graph.GRAPH_FORMATS,
    "--fail-on": diff.FAIL_ON,
    "--annotations": diff.ANNOTATION_FORMATS,
    "completions <shell>": scripts.SHELLS,
  };
}

function path(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/** The completion view of a command and everything below it. */
function commandSpec(command: Command, values: ValueSets): CommandSpec {
  const options = command.options.filter((o) => o.long !== undefined).map((o) => ({
    flag: o.long!,
    takesValue: o.takesValue,
    values: values[`${path(command)} ${o.long}`] ?? values[o.long!],
  }));
  const version = command.versionLine === undefined
    ? []
    : [{ flag: "--version", takesValue: false }];
  return {
    name: command.name(),
    options: [...options, ...version, { flag: "--help", takesValue: false }],
    subcommands: command.commands.map((sub) => commandSpec(sub, values)),
    argumentValues: command.arguments.length === 0
      ? undefined
      : values[`${path(command)} <${command.arguments[0].name}>`],
  };
}

/**
 * Declares `canary completions`. Declare it last: its script is generated
 * from the whole command tree as declared when it runs.
 */
export function declareCompletions(program: Command, ctx: CommandContext): void {
  withExamples(
    program.command("completions")
      .description("print a shell completion script for bash, zsh or fish")
      .argument("<shell>", "bash, zsh or fish"),
    "source <(canary completions bash)",
    "canary completions zsh > ~/.zfunc/_canary",
    "canary completions fish > ~/.config/fish/completions/canary.fish",
  ).action((shell) => completionsCommand(ctx, shell, program));
}

/** `canary completions <shell>`: the script on stdout. */
export async function completionsCommand(
  ctx: CommandContext,
  shell: string,
  program: Command,
): Promise<void> {
  const { completionScript, SHELLS } = await import("../completion/scripts.ts");
  const chosen = parseChoice(shell, "shell", SHELLS);
  ctx.out.data(completionScript(chosen, commandSpec(program, await valueSets())));
}
