/**
 * Temporary file trees for the scanner's tests.
 *
 * @module
 */

import { dirname, join } from "../path.ts";

/** A temporary folder holding a tree, removed on dispose. */
export interface TempTree extends Disposable {
  /** Absolute path of the folder. */
  root: string;
}

/**
 * Creates a temporary folder with the given files (relative path to contents; a path ending with
 * `/` is an empty directory). Use with `using` so it is removed when the test ends.
 */
export function makeTree(files: Record<string, string | Uint8Array> = {}): TempTree {
  const root = Deno.makeTempDirSync({ prefix: "canary_scan_" });
  writeFiles(root, files);
  return {
    root,
    [Symbol.dispose]() {
      // Restore permissions a test may have removed, so the removal cannot fail.
      new Deno.Command("chmod", { args: ["-R", "u+rwx", root] }).outputSync();
      Deno.removeSync(root, { recursive: true });
    },
  };
}

/** Writes `files` under `root`, creating folders as needed. */
export function writeFiles(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [path, contents] of Object.entries(files)) {
    const abs = join(root, path);
    if (path.endsWith("/")) {
      Deno.mkdirSync(abs, { recursive: true });
      continue;
    }
    Deno.mkdirSync(dirname(abs), { recursive: true });
    if (typeof contents === "string") Deno.writeTextFileSync(abs, contents);
    else Deno.writeFileSync(abs, contents);
  }
}

/** A well-formed token line for requirement `req`. */
export function tokenLine(req: string, comment = "//"): string {
  return `${comment} CANARY: REQ=${req}; FEATURE="Scan"; ASPECT=Engine; STATUS=IMPL; UPDATED=2025-10-16`;
}
