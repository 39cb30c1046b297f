/**
 * `canary version`: the canary version and the newest schema version embedded.
 *
 * @module
 */
import { formatVersionLine, versionInfo } from "../version.ts";
import type { Command } from "./command_line.ts";
import type { CommandContext } from "./context.ts";
import { withJson } from "./declare.ts";

/** Declares `canary version` (`canary --version` is the program's own, set up in main.ts). */
export function declareVersion(program: Command, ctx: CommandContext): void {
  withJson(
    program.command("version").description(
      "print the canary version and the newest schema it embeds",
    ),
  ).action((options) => versionCommand(ctx, options));
}

/** Prints `canary X (schema N)`, or `{"version", "schema_version"}` with `--json`. */
export function versionCommand(ctx: CommandContext, options: { json?: boolean }): void {
  const info = versionInfo();
  if (options.json) ctx.out.json(info);
  else ctx.out.lines([formatVersionLine(info)]);
}
