/**
 * One requirement at a glance: its tokens in groups, in a stable order.
 *
 * @module
 */
import type { TokenRecord } from "../db/token_rows.ts";
import { compareCodePoints } from "../scan/path_order.ts";
import { compareStatus } from "../tokens/status_order.ts";
import { compareAspect, compareLocation } from "./requirements.ts";

/** The ways `show` can group a requirement's tokens. */
export const GROUP_BY = ["aspect", "status", "file"] as const;

/** One of {@link GROUP_BY}. */
export type GroupBy = typeof GROUP_BY[number];

/** A group of tokens sharing an aspect, status or file. */
export interface TokenGroup {
  /** The aspect, status or file path the group shares. */
  group: string;
  tokens: TokenRecord[];
}

const KEY: Record<GroupBy, (token: TokenRecord) => string> = {
  aspect: (t) => t.aspect,
  status: (t) => t.status,
  file: (t) => t.file_path,
};

const GROUP_ORDER: Record<GroupBy, (a: string, b: string) => number> = {
  aspect: compareAspect,
  status: (a, b) => compareStatus(a, b) || compareCodePoints(a, b),
  file: compareCodePoints,
};

/**
 * Groups tokens: aspects in the canonical aspect order (custom ones after,
 * alphabetically), statuses from MISSING to REMOVED, files by path; inside a
 * group, tokens by file and line.
 */
export function groupTokensBy(tokens: readonly TokenRecord[], by: GroupBy): TokenGroup[] {
  const groups = new Map<string, TokenRecord[]>();
  for (const token of [...tokens].sort(compareLocation)) {
    const key = KEY[by](token);
    const group = groups.get(key);
    if (group) group.push(token);
    else groups.set(key, [token]);
  }
  return [...groups].sort(([a], [b]) => GROUP_ORDER[by](a, b)).map(([group, tokens]) => ({
    group,
    tokens,
  }));
}
