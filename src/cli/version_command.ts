/**
 * `canary version`: the canary version and the newest schema version embedded.
 *
 * @module
 */
import { formatVersionLine, versionInfo } from "../version.ts";
import type { CommandContext } from "./context.ts";

/** Prints `canary X (schema N)`, or `{"version", "schema_version"}` with `--json`. */
export function versionCommand(ctx: CommandContext, options: { json?: boolean }): void {
  const info = versionInfo();
  if (options.json) ctx.out.json(info);
  else ctx.out.lines([formatVersionLine(info)]);
}
