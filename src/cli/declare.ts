/**
 * The pieces every command declaration shares: `--db`, `--json`, `--root`
 * and the "Examples:" block of a command's help.
 *
 * @module
 */
import type { Command } from "./command_line.ts";

/** Adds `--db PATH` to a database command; its default is found by `prepareCommand`. */
export function withDb(command: Command): Command {
  return command.option(
    "--db <path>",
    "database file (default: $CANARY_DB, else .canary/canary.db here or in the nearest parent)",
  );
}

/** Adds `--json` to a command that prints data. */
export function withJson(command: Command): Command {
  return command.option("--json", "print the result as JSON on stdout");
}

/** Adds `--root DIR`, the tree a scanning command reads. */
export function withRoot(command: Command): Command {
  return command.option(
    "--root <dir>",
    "tree to scan (default: the folder holding .canary/, else the current folder)",
  );
}

/** Adds an "Examples:" block, one command line per entry, after the command's help. */
export function withExamples(command: Command, ...lines: string[]): Command {
  return command.helpFooter(`\nExamples:\n${lines.map((l) => `  ${l}\n`).join("")}`);
}
