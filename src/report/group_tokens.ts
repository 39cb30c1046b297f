/**
 * Grouping tokens into report entries: one entry per (REQ, FEATURE, ASPECT, OWNER, UPDATED), with
 * a status decided over the whole group.
 *
 * @module
 */

import { compareCodePoints } from "../scan/path_order.ts";
import { promoteStatus, type Status, type Token } from "../tokens/mod.ts";
import { statusRank } from "../tokens/status_order.ts";

/** Where one member token of a group was found. */
export interface GroupMember {
  /** Path relative to the scanned root, with `/` separators. */
  path: string;
  /** 1-based line number. */
  line: number;
  /** The parsed token. */
  token: Token;
}

/** The tokens sharing one (REQ, FEATURE, ASPECT, OWNER, UPDATED) key. */
export interface TokenGroup {
  /** Requirement id. */
  reqId: string;
  /** Feature name. */
  feature: string;
  /** Aspect (canonical spelling when known). */
  aspect: string;
  /** Owner, "" when absent. */
  owner: string;
  /** UPDATED as YYYY-MM-DD, "" when absent. */
  updated: string;
  /** Status of the group; see {@linkcode groupStatus}. */
  status: Status;
  /** Files holding a member, sorted by code point, each once. */
  files: string[];
  /** TEST names of all members, sorted by code point, each once. */
  tests: string[];
  /** BENCH names of all members, sorted by code point, each once. */
  benches: string[];
  /** Member tokens in path, then line order. */
  members: GroupMember[];
}

/** Something holding scanned files, such as a `ScanResult`. */
export interface ScannedTokens {
  /** Scanned files with their tokens. */
  files: readonly { path: string; tokens: readonly { line: number; token: Token }[] }[];
}

/**
 * The status of a group of tokens, after promotion over the whole group.
 *
 * REMOVED members are set aside: a group is REMOVED only when every member is REMOVED, since a
 * live token elsewhere means the feature still exists. Over the live members, the most complete
 * declared status (MISSING < STUB < IMPL < TESTED < BENCHED) is promoted with the TEST and BENCH
 * names of all live members together, so an IMPL token in one file and a token naming the test in
 * another make the group TESTED. The result is never below any live member's own status.
 */
export function groupStatus(tokens: readonly Token[]): Status {
  const live = tokens.filter((token) => token.declaredStatus !== "REMOVED");
  if (live.length === 0) return tokens.length === 0 ? "MISSING" : "REMOVED";
  let declared: Status = "MISSING";
  let best: Status = "MISSING";
  const tests: string[] = [];
  const benches: string[] = [];
  for (const token of live) {
    if (statusRank(token.declaredStatus) > statusRank(declared)) declared = token.declaredStatus;
    if (statusRank(token.status) > statusRank(best)) best = token.status;
    tests.push(...token.tests);
    benches.push(...token.benches);
  }
  const promoted = promoteStatus(declared, tests, benches);
  return statusRank(promoted) >= statusRank(best) ? promoted : best;
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareCodePoints);
}

/** Orders groups by id, then feature, aspect, owner and updated (code point order). */
export function compareGroups(
  a: Pick<TokenGroup, "reqId" | "feature" | "aspect" | "owner" | "updated">,
  b: Pick<TokenGroup, "reqId" | "feature" | "aspect" | "owner" | "updated">,
): number {
  return compareCodePoints(a.reqId, b.reqId) || compareCodePoints(a.feature, b.feature) ||
    compareCodePoints(a.aspect, b.aspect) || compareCodePoints(a.owner, b.owner) ||
    compareCodePoints(a.updated, b.updated);
}

/** Groups every token of `scan` by (REQ, FEATURE, ASPECT, OWNER, UPDATED), sorted. */
export function groupTokens(scan: ScannedTokens): TokenGroup[] {
  const byKey = new Map<string, GroupMember[]>();
  for (const file of scan.files) {
    for (const { line, token } of file.tokens) {
      // JSON of the key fields cannot collide, whatever characters the values hold.
      const key = JSON.stringify([
        token.reqId,
        token.feature,
        token.aspect,
        token.owner,
        token.updated,
      ]);
      let members = byKey.get(key);
      if (members === undefined) byKey.set(key, members = []);
      members.push({ path: file.path, line, token });
    }
  }
  const groups: TokenGroup[] = [];
  for (const members of byKey.values()) {
    members.sort((a, b) => compareCodePoints(a.path, b.path) || a.line - b.line);
    const first = members[0].token;
    const tokens = members.map((member) => member.token);
    groups.push({
      reqId: first.reqId,
      feature: first.feature,
      aspect: first.aspect,
      owner: first.owner,
      updated: first.updated,
      status: groupStatus(tokens),
      files: sortedUnique(members.map((member) => member.path)),
      tests: sortedUnique(tokens.flatMap((token) => token.tests)),
      benches: sortedUnique(tokens.flatMap((token) => token.benches)),
      members,
    });
  }
  return groups.sort(compareGroups);
}
