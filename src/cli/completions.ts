/**
 * `canary completions bash|zsh|fish`: a completion script generated from the command tree.
 *
 * @module
 */
import type { Command } from "./command_line.ts";
import { GRAPH_FORMATS } from "../output/graph.ts";
import { TOKEN_FORMATS } from "../output/tokens.ts";
import { ORDER_FIELDS } from "../query/filters.ts";
import { type CommandSpec, completionScript, SHELLS } from "../completion/scripts.ts";
import { ASPECTS, STATUSES } from "../tokens/token.ts";
import { PROGRESS_ORDERS } from "../track/progress.ts";
import { GROUP_BY } from "../track/show_requirement.ts";
import { parseChoice } from "./args.ts";
import type { CommandContext } from "./context.ts";
import { ANNOTATION_FORMATS, FAIL_ON } from "./diff.ts";
import { withExamples } from "./declare.ts";

/**
 * The fixed value sets, by `<command path> <flag>`, or by flag alone where
 * the set is the same for every command: the constants the handlers check
 * the values against.
 */
const VALUE_SETS: Readonly<Record<string, readonly string[]>> = {
  "--status": STATUSES,
  "--aspect": ASPECTS,
  "--group-by": GROUP_BY,
  "list --order-by": ORDER_FIELDS,
  "status --order-by": PROGRESS_ORDERS,
  "list --format": TOKEN_FORMATS,
  "search --format": TOKEN_FORMATS,
  "deps graph --format": GRAPH_FORMATS,
  "--fail-on": FAIL_ON,
  "--annotations": ANNOTATION_FORMATS,
};

function path(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/** The completion view of a command and everything below it. */
export function commandSpec(command: Command): CommandSpec {
  const options = command.options.filter((o) => o.long !== undefined).map((o) => ({
    flag: o.long!,
    takesValue: o.takesValue,
    values: VALUE_SETS[`${path(command)} ${o.long}`] ?? VALUE_SETS[o.long!],
  }));
  return {
    name: command.name(),
    options: [...options, { flag: "--help", takesValue: false }],
    subcommands: command.commands.map(commandSpec),
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
export function completionsCommand(ctx: CommandContext, shell: string, program: Command): void {
  const chosen = parseChoice(shell, "shell", SHELLS);
  ctx.out.data(completionScript(chosen, commandSpec(program)));
}
