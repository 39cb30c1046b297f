/**
 * Where a requirement lives: its files and how many of its tokens each holds, per aspect.
 *
 * @module
 */
import type { TokenRecord } from "../db/token_rows.ts";
import { compareCodePoints } from "../scan/path_order.ts";
import { compareAspect } from "./requirements.ts";

/** One file's share of a requirement's tokens of one aspect. */
export interface RequirementFile {
  aspect: string;
  file_path: string;
  token_count: number;
}

/** Per aspect (canonical order, custom ones after) and file path, the number of tokens. */
export function requirementFiles(tokens: readonly TokenRecord[]): RequirementFile[] {
  const counts = new Map<string, RequirementFile>();
  for (const token of tokens) {
    const key = JSON.stringify([token.aspect, token.file_path]);
    const entry = counts.get(key);
    if (entry) entry.token_count++;
    else counts.set(key, { aspect: token.aspect, file_path: token.file_path, token_count: 1 });
  }
  return [...counts.values()].sort((a, b) =>
    compareAspect(a.aspect, b.aspect) || compareCodePoints(a.file_path, b.file_path)
  );
}
