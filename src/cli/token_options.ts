/**
 * The command-line options `list` and `search` share, kept apart from their
 * handlers so that building the command tree loads no query code.
 *
 * @module
 */
import type { Command } from "commander";
import { TOKEN_FORMATS } from "../output/tokens.ts";

/** A repeatable option's raw value: one string, or several when the option was given again. */
export type RepeatableValue = string | string[] | undefined;

/** The raw filter options as commander parses them. */
export interface TokenFilterOptions {
  status?: RepeatableValue;
  aspect?: RepeatableValue;
  phase?: RepeatableValue;
  owner?: RepeatableValue;
  specStatus?: RepeatableValue;
  req?: string;
  path?: string;
  priorityMin?: string;
  priorityMax?: string;
}

/** The raw output options `list` and `search` share. */
export interface TokenOutputOptions {
  db: string;
  json?: boolean;
  format?: string;
  header?: boolean;
  limit?: string;
}

function collect(value: string, previous: RepeatableValue): string[] {
  if (previous === undefined) return [value];
  return [...(Array.isArray(previous) ? previous : [previous]), value];
}

/** Adds the filter options shared by `list` and `search` to `command`. */
export function addTokenFilterOptions(command: Command): Command {
  return command
    .option("--status <list>", "statuses, comma-separated (any of)", collect)
    .option("--aspect <list>", "aspects, comma-separated (any of)", collect)
    .option("--phase <list>", "phases, comma-separated (any of)", collect)
    .option("--owner <list>", "owners, comma-separated (any of)", collect)
    .option("--spec-status <list>", "spec statuses, comma-separated (any of)", collect)
    .option("--req <id>", "a requirement id or prefix (CBIN-CLI), or a glob (CBIN-1*)")
    .option("--path <glob>", "a file, a folder (the files below it), or a glob (* also matches /)")
    .option("--priority-min <n>", "only priority numbers ≥ n (1 is highest)")
    .option("--priority-max <n>", "only priority numbers ≤ n");
}

/** Adds `--format`, `--header` and `--limit` (shared by `list` and `search`). */
export function addTokenOutputOptions(command: Command): Command {
  return command
    .option("--format <format>", `output format: ${TOKEN_FORMATS.join(", ")}`)
    .option("--header", "with --format tsv: print a header line first")
    .option("--limit <n>", "print at most n tokens");
}
