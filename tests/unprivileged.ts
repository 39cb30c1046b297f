/**
 * Running canary as an unprivileged user, for tests of permission failures:
 * tests run as root, and root reads and writes any file whatever its mode.
 *
 * The child runs under `setpriv` as nobody (uid/gid 65534) with a DENO_DIR of
 * its own (npm packages cached there once, then handed to that user) and the
 * permissions of the `canary` task. Files it must read have to be readable by
 * that user; {@link unprivilegedSkipReason} says why such tests cannot run.
 *
 * @module
 */
import {
  CANARY_RUN_FLAGS,
  MAIN_TS,
  outputOf,
  personEnv,
  REPO_ROOT,
  type RunResult,
} from "./helpers.ts";

/** The user and group the unprivileged runs use. */
export const UNPRIVILEGED_ID = 65534;

const DENO_DIR = "/tmp/canary-test-deno-dir-65534";
const HOME = `${DENO_DIR}/home`;

function run(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
): RunResult {
  const result = new Deno.Command(command, { args, env, cwd, stdout: "piped", stderr: "piped" })
    .outputSync();
  const decoder = new TextDecoder();
  return {
    code: result.code,
    stdout: decoder.decode(result.stdout),
    stderr: decoder.decode(result.stderr),
  };
}

let skipReason: string | null | undefined;

/**
 * Null when unprivileged runs work here; otherwise why not (not root, no
 * setpriv, or the repository unreadable to nobody). Tests use it as
 * `ignore` and print the reason, so a skipped check never reads as a pass.
 */
export function unprivilegedSkipReason(): string | null {
  if (skipReason !== undefined) return skipReason;
  skipReason = (() => {
    if (Deno.uid() !== 0) return "needs root to switch to an unprivileged user";
    try {
      run("setpriv", ["--version"]);
    } catch {
      return "setpriv is not installed";
    }
    const probe = run("setpriv", [
      `--reuid=${UNPRIVILEGED_ID}`,
      `--regid=${UNPRIVILEGED_ID}`,
      "--clear-groups",
      "test",
      "-r",
      MAIN_TS,
    ]);
    if (probe.code !== 0) return `${MAIN_TS} is not readable by uid ${UNPRIVILEGED_ID}`;
    return null;
  })();
  if (skipReason !== null) console.warn(`unprivileged tests ignored: ${skipReason}`);
  return skipReason;
}

/** Caches canary's npm dependencies in a DENO_DIR owned by the unprivileged user (once). */
function prepareDenoDir(): void {
  // Keyed on the lock file, so a changed dependency set is cached again.
  const key = Deno.readTextFileSync(`${REPO_ROOT}/deno.lock`);
  try {
    if (Deno.readTextFileSync(`${DENO_DIR}/ready`) === key) return;
  } catch {
    // Not prepared yet.
  }
  Deno.mkdirSync(HOME, { recursive: true });
  const cached = run(Deno.execPath(), ["cache", "--quiet", MAIN_TS], {
    DENO_DIR,
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
  });
  if (cached.code !== 0) throw new Error(`deno cache failed: ${cached.stderr}`);
  const owned = run("chown", ["-R", `${UNPRIVILEGED_ID}:${UNPRIVILEGED_ID}`, DENO_DIR]);
  if (owned.code !== 0) throw new Error(`chown failed: ${owned.stderr}`);
  Deno.writeTextFileSync(`${DENO_DIR}/ready`, key);
}

/**
 * Runs `canary ...args` as the unprivileged user (or as `uid`, another one
 * without privileges, for tests of two users sharing files), in `cwd`, with
 * the `canary` task's permissions.
 */
export async function runCanaryUnprivileged(
  args: string[],
  cwd: string = REPO_ROOT,
  uid: number = UNPRIVILEGED_ID,
): Promise<RunResult> {
  prepareDenoDir();
  const result = await outputOf(
    new Deno.Command("setpriv", {
      args: [
        `--reuid=${uid}`,
        `--regid=${uid}`,
        "--clear-groups",
        Deno.execPath(),
        "run",
        "--quiet",
        "--cached-only",
        "--no-prompt",
        ...CANARY_RUN_FLAGS,
        MAIN_TS,
        ...args,
      ],
      clearEnv: true,
      env: personEnv({ DENO_DIR, HOME }),
      cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn(),
    `canary ${args.join(" ")} as an unprivileged user`,
  );
  const decoder = new TextDecoder();
  return {
    code: result.code,
    stdout: decoder.decode(result.stdout),
    stderr: decoder.decode(result.stderr),
  };
}
