/**
 * What every command handler receives: where to write, and nothing global.
 *
 * @module
 */
import type { ProjectLocation } from "../db/locate.ts";
import type { Output } from "../output/output.ts";

/** The environment a command runs in. */
export interface CommandContext {
  /** Where data and messages go. */
  out: Output;
  /** Reads an environment variable. */
  env: (name: string) => string | undefined;
  /** The current folder, absolute. */
  cwd: () => string;
  /** The database and project folder chosen for this run, once the command is known. */
  project?: ProjectLocation;
}
