/**
 * The platforms canary ships binaries for, and how release files are named.
 *
 * @module
 */

/**
 * Every `deno compile --target` value Deno 2.9.6 accepts: Linux, macOS and
 * Windows, each on x86_64 and aarch64. Used when the running Deno does not say.
 */
export const KNOWN_TARGETS: readonly string[] = Object.freeze([
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
  "aarch64-pc-windows-msvc",
]);

/**
 * Reads the targets out of the error `deno compile --target <bogus>` prints
 * ("possible values: a, b, c"), so a build always covers what the Deno in use
 * offers. Returns undefined when the text has no such list.
 */
export function parseSupportedTargets(compileErrorText: string): string[] | undefined {
  // deno colours its errors; strip the escape codes before matching.
  // deno-lint-ignore no-control-regex
  const plain = compileErrorText.replace(/\x1b\[[0-9;]*m/g, "");
  const match = /possible values:\s*([^\n]+)/.exec(plain);
  if (!match) return undefined;
  const targets = match[1].split(",").map((value) => value.trim()).filter((value) =>
    /^[a-z0-9_]+-[a-z0-9_]+-[a-z0-9_]+(-[a-z0-9_]+)?$/.test(value)
  );
  return targets.length > 0 ? targets : undefined;
}

/** Whether `target` produces a Windows executable. */
export function isWindowsTarget(target: string): boolean {
  return target.includes("-windows-");
}

/** Release file name of the binary for `target`: `canary-<version>-<target>[.exe]`. */
export function binaryFileName(version: string, target: string): string {
  return `canary-${version}-${target}${isWindowsTarget(target) ? ".exe" : ""}`;
}
