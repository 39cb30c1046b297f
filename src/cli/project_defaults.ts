/**
 * Fills in the defaults that depend on where canary runs: `--db` (`CANARY_DB`,
 * else the project's `.canary/canary.db` found here or above) and `--root`
 * (the project folder), after carrying options given before a subcommand word
 * down to the command that runs.
 *
 * @module
 */
import type { Command } from "commander";
import { locateProject } from "../db/locate.ts";
import type { CommandContext } from "./context.ts";
import { inheritParentOptions } from "./option_order.ts";

function takesOption(command: Command, key: string): boolean {
  return command.options.some((option) => option.attributeName() === key);
}

/** Prepares `command`'s options before its handler runs (commander's `preAction`). */
export function prepareCommand(ctx: CommandContext, command: Command): void {
  inheritParentOptions(command);
  const takesDb = takesOption(command, "db");
  const takesRoot = takesOption(command, "root");
  if (!takesDb && !takesRoot) return;
  const named = command.getOptionValueSource("db") === "cli"
    ? String(command.getOptionValue("db"))
    : undefined;
  const project = locateProject(ctx.cwd(), named, ctx.env("CANARY_DB"));
  ctx.project = project;
  if (takesDb && named === undefined) command.setOptionValueWithSource("db", project.db, "default");
  if (takesRoot && command.getOptionValueSource("root") !== "cli") {
    command.setOptionValueWithSource("root", project.root, "default");
  }
}
