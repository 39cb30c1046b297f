/**
 * Test helpers for end-to-end tests: run the real CLI in a subprocess with the
 * permissions of the `canary` task in deno.json (the same the compiled binary
 * gets), and make throwaway folders.
 *
 * @module
 */
import { fileURLToPath as fromFileUrl } from "node:url";
import { withDeadline } from "../src/test_assert.ts";

/** Absolute path of the repository root. */
export const REPO_ROOT: string = fromFileUrl(new URL("../", import.meta.url));
/** Absolute path of main.ts. */
export const MAIN_TS: string = fromFileUrl(new URL("../main.ts", import.meta.url));

/**
 * The permission and V8 flags of the `canary` task (`--allow-*`, `--deny-*`, `--no-prompt`,
 * `--v8-flags=`), so tests run with exactly those.
 */
export const CANARY_RUN_FLAGS: string[] = (() => {
  const config = JSON.parse(Deno.readTextFileSync(new URL("../deno.json", import.meta.url)));
  const task: string = config.tasks.canary;
  return task.split(/\s+/).filter((word) =>
    /^--(allow|deny)-|^--no-prompt$|^--v8-flags=/.test(word)
  );
})();

/** What a finished run printed and returned. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options for {@link runCanary}. */
export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  stdin?: string;
  /** The program to run: main.ts (the default), or the bundle's main.js. */
  program?: string;
}

/**
 * The environment of a person's shell, and nothing else: `HOME`, `PATH` and
 * `TERM`, plus Deno's cache folder when one is set. No `NO_COLOR`: a test
 * about plain text gets it by reading a pipe, as a script would.
 */
export function personEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    HOME: Deno.env.get("HOME") ?? "/root",
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    TERM: Deno.env.get("TERM") || "xterm-256color",
  };
  const denoDir = Deno.env.get("DENO_DIR");
  if (denoDir) env.DENO_DIR = denoDir;
  return { ...env, ...extra };
}

/** The command line that runs canary (from source, or `program`) with the binary's permissions. */
export function canaryCommandLine(args: string[], program: string = MAIN_TS): string[] {
  return [
    Deno.execPath(),
    "run",
    "--quiet",
    "--no-prompt",
    ...CANARY_RUN_FLAGS,
    program,
    ...args,
  ];
}

function killQuietly(child: Deno.ChildProcess): void {
  try {
    child.kill("SIGKILL");
  } catch {
    // It has already exited.
  }
}

/** Waits for `child` to exit; past the deadline, kills it and fails naming `what`. */
export function exitOf(
  child: Deno.ChildProcess,
  what: string,
  ms?: number,
): Promise<Deno.CommandStatus> {
  return withDeadline(child.status, what, { ms, onTimeout: () => killQuietly(child) });
}

/** Collects `child`'s output; past the deadline, kills it and fails naming `what`. */
export function outputOf(
  child: Deno.ChildProcess,
  what: string,
  ms?: number,
): Promise<Deno.CommandOutput> {
  return withDeadline(child.output(), what, { ms, onTimeout: () => killQuietly(child) });
}

/**
 * Runs `program` to its end as `Deno.Command#output` does (no stdin, output collected), but
 * with the deadline of `outputOf`: past it, the process is killed and the wait fails naming `what`.
 */
export function commandOutput(
  program: string | URL,
  options: Deno.CommandOptions,
  what: string,
): Promise<Deno.CommandOutput> {
  const child = new Deno.Command(program, {
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    ...options,
  }).spawn();
  return outputOf(child, what);
}

/** Runs `deno run main.ts ...args` (or `options.program`) in a person's environment; collects its output. */
export async function runCanary(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const [program, ...programArgs] = canaryCommandLine(args, options.program);
  const command = new Deno.Command(program, {
    args: programArgs,
    cwd: options.cwd,
    clearEnv: true,
    env: personEnv(options.env),
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const child = command.spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const result = await outputOf(child, `canary ${args.join(" ")}`);
  const decoder = new TextDecoder();
  return {
    code: result.code,
    stdout: decoder.decode(result.stdout),
    stderr: decoder.decode(result.stderr),
  };
}

/** A temporary directory removed when the returned object is disposed (`using dir = tempDir()`). */
export function tempDir(prefix = "canary-test-"): { path: string } & Disposable {
  const path = Deno.makeTempDirSync({ prefix });
  return {
    path,
    [Symbol.dispose]() {
      try {
        Deno.removeSync(path, { recursive: true });
      } catch {
        // Already gone or not removable: nothing a test can do about it.
      }
    },
  };
}

/**
 * Writes files below `root`, creating folders; keys are `/`-separated relative
 * paths. Files are dated `mtime` (default: an hour ago) so that `canary index`
 * trusts their fingerprints instead of treating them as just modified.
 */
export function writeTree(
  root: string,
  files: Record<string, string | Uint8Array>,
  mtime: Date = new Date(Date.now() - 3600_000),
): void {
  for (const [relative, content] of Object.entries(files)) {
    const path = `${root}/${relative}`;
    Deno.mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    if (typeof content === "string") Deno.writeTextFileSync(path, content);
    else Deno.writeFileSync(path, content);
    Deno.utimeSync(path, mtime, mtime);
  }
}
