/**
 * Typed errors shared by the core and the command layer. The core throws them;
 * `main.ts` maps them to exit codes, so no module below it needs to know about
 * processes.
 *
 * @module
 */

/** A failure while doing the work: exit code 1 unless a subclass says otherwise. */
export class CanaryError extends Error {
  /** Process exit code the command layer should use. */
  readonly exitCode: number;
  /** Stable machine-readable code, e.g. `not_a_database`. */
  readonly code: string;

  /** Creates an error with a one-line human message. */
  constructor(
    message: string,
    options: { code?: string; exitCode?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "CanaryError";
    this.code = options.code ?? "failure";
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Bad arguments: exit code 2. */
export class UsageError extends CanaryError {
  /** Creates a usage error with a one-line message naming what is accepted. */
  constructor(message: string) {
    super(message, { code: "usage", exitCode: 2 });
    this.name = "UsageError";
  }
}

/**
 * The message of anything thrown: an `Error`'s message, anything else as a string. A refused
 * permission, the operating system's or Deno's own, is `permission denied`: Deno's text
 * ("run again with the --allow-all flag") names flags a user of canary cannot pass.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
    return "permission denied";
  }
  return error instanceof Error ? error.message : String(error);
}
