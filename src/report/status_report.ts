/**
 * The `status.json` report: requirements with their feature groups, and a summary.
 *
 * @module
 */

import { compareCodePoints } from "../scan/path_order.ts";
import { escapeMarkerInJson, type Status, STATUSES } from "../tokens/mod.ts";
import { groupTokens, type ScannedTokens, type TokenGroup } from "./group_tokens.ts";

/** One feature group of a requirement, as written in `status.json`. */
export interface FeatureEntry {
  /** Feature name. */
  feature: string;
  /** Aspect. */
  aspect: string;
  /** Status after promotion over the whole group. */
  status: Status;
  /** Files holding the group's tokens, sorted, each once. */
  files: string[];
  /** TEST names, sorted, each once. */
  tests: string[];
  /** BENCH names, sorted, each once. */
  benches: string[];
  /** OWNER, "" when absent. */
  owner: string;
  /** UPDATED as YYYY-MM-DD, "" when absent. */
  updated: string;
}

/** One requirement and its feature groups. */
export interface RequirementEntry {
  /** Requirement id. */
  id: string;
  /** Groups sorted by feature, aspect, owner, updated. */
  features: FeatureEntry[];
}

/** Counts over the whole report. */
export interface StatusSummary {
  /** Feature groups per status; every status is present, in `STATUSES` order. */
  by_status: Record<Status, number>;
  /** Feature groups per aspect, keys sorted by code point. */
  by_aspect: Record<string, number>;
  /** Tokens found (a group counts each of its tokens). */
  total_tokens: number;
  /** Distinct requirement ids. */
  unique_requirements: number;
}

/** The `status.json` object; keys are declared in the order they are written. */
export interface StatusReport {
  /** RFC 3339 UTC timestamp, e.g. `2025-10-16T12:00:00Z`. */
  generated_at: string;
  /** Requirements sorted by id; always an array. */
  requirements: RequirementEntry[];
  /** Counts. */
  summary: StatusSummary;
}

/** The report entry for one group, keys in `status.json` order. */
export function featureEntry(group: TokenGroup): FeatureEntry {
  return {
    feature: group.feature,
    aspect: group.aspect,
    status: group.status,
    files: [...group.files],
    tests: [...group.tests],
    benches: [...group.benches],
    owner: group.owner,
    updated: group.updated,
  };
}

/**
 * Builds the `status.json` object from groups (as made by `groupTokens`, already sorted) or from
 * scanned files. `generatedAt` is written as given. Identical input gives an identical object,
 * with keys in a fixed order, so rendering it is byte-for-byte reproducible.
 */
export function buildStatusReport(
  source: ScannedTokens | readonly TokenGroup[],
  generatedAt: string,
): StatusReport {
  const groups = Array.isArray(source)
    ? source as readonly TokenGroup[]
    : groupTokens(source as ScannedTokens);
  const requirements: RequirementEntry[] = [];
  const byStatus = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<
    Status,
    number
  >;
  const aspectCounts = new Map<string, number>();
  let totalTokens = 0;
  for (const group of groups) {
    let requirement = requirements.at(-1);
    if (requirement === undefined || requirement.id !== group.reqId) {
      requirement = { id: group.reqId, features: [] };
      requirements.push(requirement);
    }
    requirement.features.push(featureEntry(group));
    byStatus[group.status]++;
    aspectCounts.set(group.aspect, (aspectCounts.get(group.aspect) ?? 0) + 1);
    totalTokens += group.members.length;
  }
  const byAspect: Record<string, number> = {};
  for (const aspect of [...aspectCounts.keys()].sort(compareCodePoints)) {
    byAspect[aspect] = aspectCounts.get(aspect)!;
  }
  return {
    generated_at: generatedAt,
    requirements,
    summary: {
      by_status: byStatus,
      by_aspect: byAspect,
      total_tokens: totalTokens,
      unique_requirements: requirements.length,
    },
  };
}

/**
 * `status.json` text: 2-space indented JSON with a trailing newline, `CANARY:` in strings written
 * `CANARY\u003a` (the same data), so the file holds no token line.
 */
export function renderStatusJson(report: StatusReport): string {
  return escapeMarkerInJson(JSON.stringify(report, null, 2)) + "\n";
}
