/**
 * Test fixtures for the report modules: scanned files built from token lines with the real
 * grammar, without touching the file system.
 *
 * @module
 */
import { parseTokens } from "../tokens/mod.ts";
import type { ScannedTokens } from "./group_tokens.ts";

/** Scanned files from `path → lines`, parsed with the real token grammar. */
export function scanned(files: Record<string, string[]>): ScannedTokens {
  return {
    files: Object.entries(files).map(([path, lines]) => ({
      path,
      tokens: parseTokens(lines.join("\n"), path).tokens,
    })),
  };
}
