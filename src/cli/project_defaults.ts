/**
 * Fills in the defaults that depend on where canary runs: `--db` (`CANARY_DB`,
 * else the project's `.canary/canary.db` found here or above) and `--root`
 * (the project folder).
 *
 * @module
 */
import { locateProject } from "../db/locate.ts";
import type { Invocation } from "./command_line.ts";
import type { CommandContext } from "./context.ts";

/** Prepares an invocation's options before its handler runs. */
export function prepareCommand(ctx: CommandContext, invocation: Invocation): void {
  const { command, options, given } = invocation;
  const takes = (key: string) => command.options.some((option) => option.key === key);
  const takesDb = takes("db");
  const takesRoot = takes("root");
  if (!takesDb && !takesRoot) return;
  const named = given.has("db") ? String(options.db) : undefined;
  const project = locateProject(ctx.cwd(), named, ctx.env("CANARY_DB"));
  ctx.project = project;
  if (takesDb && named === undefined) options.db = project.db;
  if (takesRoot && !given.has("root")) options.root = project.root;
}
