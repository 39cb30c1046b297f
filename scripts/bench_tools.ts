/**
 * The reference tools of `bench.ts`: ripgrep from Debian, dbmate from npm, installed when
 * missing and possible, or reported missing.
 *
 * @module
 */
import { join } from "node:path";

/** A tool found: where it is and what it says its version is. */
export interface Tool {
  path: string;
  version: string;
}

/** The first line `path --version` prints, or null when it cannot run. */
function versionOf(path: string): string | null {
  try {
    const out = new Deno.Command(path, { args: ["--version"], stdout: "piped", stderr: "null" })
      .outputSync();
    return out.success ? new TextDecoder().decode(out.stdout).split("\n")[0].trim() : null;
  } catch {
    return null;
  }
}

function quietly(command: string, args: string[]): void {
  try {
    new Deno.Command(command, { args, stdout: "null", stderr: "null" }).outputSync();
  } catch {
    // The tool is missing: reported by the caller as the reference being absent.
  }
}

/** Finds `rg`, installing Debian's `ripgrep` when running as root with apt-get; null if absent. */
export function locateRipgrep(log: (line: string) => void): Tool | null {
  const found = versionOf("rg");
  if (found !== null) return { path: "rg", version: found };
  if (Deno.build.os === "linux" && Deno.uid() === 0) {
    log("rg not found; trying `apt-get install -y ripgrep` ...");
    quietly("apt-get", ["install", "-y", "ripgrep"]);
  }
  const version = versionOf("rg");
  if (version === null) {
    log("ripgrep (rg) is not installed: the rows compared with rg are skipped.");
    return null;
  }
  return { path: "rg", version };
}

/** The version of dbmate the benchmark installs: pinned, so figures compare across runs. */
export const DBMATE_VERSION = "2.36.0";

/**
 * Finds dbmate installed by an earlier run under `dir`, or installs the npm package holding this
 * platform's binary there with npm; null (and a note) when that is not possible.
 */
export function locateDbmate(dir: string, log: (line: string) => void): Tool | null {
  const arch = Deno.build.arch === "x86_64" ? "x64" : "arm64";
  const pkg = `@dbmate/${Deno.build.os}-${arch}`;
  const path = join(dir, "node_modules", pkg, "bin", "dbmate");
  let version = versionOf(path);
  if (version === null) {
    log(`installing ${pkg}@${DBMATE_VERSION} from npm into ${dir} ...`);
    Deno.mkdirSync(dir, { recursive: true });
    quietly("npm", ["install", "--no-save", "--prefix", dir, `${pkg}@${DBMATE_VERSION}`]);
    version = versionOf(path);
  }
  if (version === null) {
    log("dbmate could not be installed from npm: the migrate row is skipped.");
    return null;
  }
  return { path, version };
}
