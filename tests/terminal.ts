/**
 * Runs canary under a pseudo-terminal, as a person at a terminal sees it,
 * through util-linux `script`. Where `script` is missing, tests using it are
 * ignored with the reason (see {@link TERMINAL_UNAVAILABLE}), never passed.
 *
 * @module
 */
import { canaryCommandLine, outputOf, personEnv } from "./helpers.ts";

function findScript(): string | null {
  for (const dir of (Deno.env.get("PATH") ?? "/usr/bin:/bin").split(":")) {
    try {
      if (Deno.statSync(`${dir}/script`).isFile) return `${dir}/script`;
    } catch {
      // not in this folder
    }
  }
  return null;
}

const SCRIPT = findScript();

/** Why terminal tests cannot run here, or null when they can. */
export const TERMINAL_UNAVAILABLE: string | null = SCRIPT === null
  ? "util-linux `script` is not installed: no pseudo-terminal to test under"
  : null;

/** What a person saw: everything written to the terminal, and the exit code. */
export interface TerminalResult {
  code: number;
  /** stdout and stderr as the terminal shows them, with `\r\n` turned into `\n`. */
  screen: string;
}

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Runs canary with `args` on a terminal `columns` wide, in a person's environment plus `env`. */
export async function runInTerminal(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; columns?: number } = {},
): Promise<TerminalResult> {
  if (SCRIPT === null) throw new Error(TERMINAL_UNAVAILABLE!);
  const line = `stty cols ${options.columns ?? 100} rows 40; exec ` +
    canaryCommandLine(args).map(shellQuote).join(" ");
  const result = await outputOf(
    new Deno.Command(SCRIPT, {
      args: ["-qec", line, "/dev/null"],
      cwd: options.cwd,
      clearEnv: true,
      env: personEnv(options.env),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn(),
    `canary ${args.join(" ")} in a terminal`,
  );
  const screen = new TextDecoder().decode(result.stdout).replaceAll("\r\n", "\n");
  return { code: result.code, screen };
}

/** True when `text` holds an SGR colour sequence. */
export function hasColour(text: string): boolean {
  // deno-lint-ignore no-control-regex
  return /\x1b\[[0-9;]*m/.test(text);
}
