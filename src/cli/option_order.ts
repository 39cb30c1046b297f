/**
 * Options given before a subcommand word (`migrate --db x.db status`) mean
 * what they mean after it (`migrate status --db x.db`). Commander parses the
 * first form into the parent command and would drop it; this carries such
 * options down to the command that runs, or refuses them as a usage error
 * when that command has no such option or the two places disagree. Never a
 * silent default: acting on another database than the one named loses data.
 *
 * @module
 */
import type { Command } from "commander";
import { UsageError } from "../errors.ts";

/** `canary migrate status`: the words that name a command. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/** The options of `parent` that were given on the command line, one per attribute. */
function givenOptions(parent: Command): Map<string, string> {
  const given = new Map<string, string>();
  for (const option of parent.options) {
    const key = option.attributeName();
    if (parent.getOptionValueSource(key) === "cli" && !given.has(key)) {
      given.set(key, option.long ?? option.flags);
    }
  }
  return given;
}

/**
 * Moves options given to the ancestors of `command` (below the program
 * itself) onto `command`. Throws a {@link UsageError} for an option `command`
 * does not take, or one given on both sides of the subcommand word with
 * different values.
 */
export function inheritParentOptions(command: Command): void {
  for (let parent = command.parent; parent?.parent; parent = parent.parent) {
    for (const [key, flag] of givenOptions(parent)) {
      const own = command.options.find((option) => option.attributeName() === key);
      if (own === undefined) {
        throw new UsageError(`${flag} does not apply to '${commandPath(command)}'`);
      }
      const value = parent.getOptionValue(key);
      if (
        command.getOptionValueSource(key) === "cli" &&
        JSON.stringify(command.getOptionValue(key)) !== JSON.stringify(value)
      ) {
        throw new UsageError(
          `${flag} is given before and after '${command.name()}' with different values: give it once`,
        );
      }
      command.setOptionValueWithSource(key, value, "cli");
    }
  }
}
