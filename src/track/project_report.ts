/**
 * The numbers `canary report` shows: the project's and each requirement's
 * progress (as `status` counts it), tokens per aspect, the trend over
 * checkpoints, and the traceability of requirements to features, files and
 * tests.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { inReadSnapshot } from "../db/busy.ts";
import { type CheckpointSummary, listCheckpoints } from "../query/checkpoints.ts";
import type { TokenRecord } from "../db/token_rows.ts";
import { statusRank } from "../tokens/status_order.ts";
import {
  type Progress,
  progressOf,
  type RequirementProgress,
  requirementProgress,
} from "./progress.ts";
import { compareCodePoints } from "../scan/path_order.ts";
import { byRequirement, compareLocation, readAllTokens } from "./requirements.ts";

/** One point of the trend: a checkpoint's completed tokens. */
export interface TrendPoint {
  /** The checkpoint's name. */
  name: string;
  created_at: string;
  completed: number;
  total: number;
}

/** Where a feature of a requirement lives and what tests it. */
export interface TracedFeature {
  feature: string;
  aspect: string;
  status: string;
  locations: { file_path: string; line_number: number }[];
  tests: string[];
  benches: string[];
}

/** A requirement and its features, for the traceability table. */
export interface TracedRequirement {
  req_id: string;
  features: TracedFeature[];
}

/** Everything `canary report` renders, in the order it renders it. */
export interface ProjectReport {
  generated_at: string;
  /** The whole project's progress. */
  project: Progress;
  /** Each requirement's progress, ordered by id. */
  requirements: RequirementProgress[];
  /** Tokens per aspect, aspects in code point order. */
  by_aspect: Record<string, number>;
  /** One point per checkpoint, oldest first. */
  trend: TrendPoint[];
  traceability: TracedRequirement[];
}

function aspectCounts(tokens: readonly TokenRecord[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token.aspect, (counts.get(token.aspect) ?? 0) + 1);
  return Object.fromEntries([...counts].sort(([a], [b]) => compareCodePoints(a, b)));
}

function uniqueSorted(names: Iterable<string>): string[] {
  return [...new Set(names)].sort(compareCodePoints);
}

/** A requirement's features (tokens of one feature and aspect joined), in location order. */
function tracedFeatures(tokens: readonly TokenRecord[]): TracedFeature[] {
  const features = new Map<string, TokenRecord[]>();
  for (const token of [...tokens].sort(compareLocation)) {
    const key = `${token.feature}\u0000${token.aspect}`;
    features.set(key, [...(features.get(key) ?? []), token]);
  }
  return [...features.values()].map((group) => ({
    feature: group[0].feature,
    aspect: group[0].aspect,
    status: leastAdvanced(group),
    locations: group.map((t) => ({ file_path: t.file_path, line_number: t.line_number })),
    tests: uniqueSorted(group.flatMap((t) => t.tests)),
    benches: uniqueSorted(group.flatMap((t) => t.benches)),
  }));
}

/**
 * The feature's status is its least advanced token's: it is done when all its
 * tokens are. REMOVED tokens count only when nothing else is left.
 */
function leastAdvanced(group: readonly TokenRecord[]): string {
  const live = group.filter((t) => t.status !== "REMOVED");
  return (live.length > 0 ? live : group).map((t) => t.status)
    .reduce((least, status) => statusRank(status) < statusRank(least) ? status : least);
}

/** The report of `tokens` (the current index) and `checkpoints` (oldest first). */
export function buildProjectReport(
  tokens: readonly TokenRecord[],
  checkpoints: readonly CheckpointSummary[],
  generatedAt: string,
): ProjectReport {
  const groups = byRequirement(tokens);
  return {
    generated_at: generatedAt,
    project: progressOf(tokens),
    requirements: requirementProgress(groups, "req"),
    by_aspect: aspectCounts(tokens),
    trend: checkpoints.map((c) => ({
      name: c.name,
      created_at: c.created_at,
      completed: c.status_counts.TESTED + c.status_counts.BENCHED,
      total: c.total,
    })),
    traceability: [...groups].map(([req_id, group]) => ({
      req_id,
      features: tracedFeatures(group),
    })),
  };
}

/** The report of the database's index and checkpoints, read in one snapshot. */
export function readProjectReport(db: DatabaseSync, generatedAt: string): ProjectReport {
  return inReadSnapshot(
    db,
    () => buildProjectReport(readAllTokens(db), listCheckpoints(db), generatedAt),
  );
}
