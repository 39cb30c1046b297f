/**
 * What every command handler receives: where to write, and nothing global.
 *
 * @module
 */
import type { Output } from "../output/output.ts";

/** The environment a command runs in. */
export interface CommandContext {
  /** Where data and messages go. */
  out: Output;
  /** Reads an environment variable. */
  env: (name: string) => string | undefined;
}
