/**
 * Staleness: TESTED and BENCHED groups whose UPDATED date is too old, or missing.
 *
 * @module
 */

import { isCalendarDate } from "../tokens/values.ts";
import type { TokenGroup } from "./group_tokens.ts";

/** Age in whole days beyond which a TESTED or BENCHED token is stale, unless told otherwise. */
export const DEFAULT_STALE_DAYS = 30;

/** A group whose UPDATED date is too old, missing or unparsable. */
export interface StaleGroup {
  /** The group (its members are the stale tokens). */
  group: TokenGroup;
  /** Whole UTC days from UPDATED to today, or null when UPDATED is missing or unparsable. */
  ageDays: number | null;
  /** The threshold it was checked against. */
  thresholdDays: number;
}

const DAY_MS = 86_400_000;

/**
 * Whole days from `from` to `to`, both YYYY-MM-DD calendar dates (UTC); negative when `from` is
 * later. Null when either is not a calendar date.
 */
export function ageInDays(from: string, to: string): number | null {
  if (!isCalendarDate(from) || !isCalendarDate(to)) return null;
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * The TESTED and BENCHED groups that are stale on `today` (YYYY-MM-DD, UTC): UPDATED more than
 * `staleDays` whole days before today, or missing or unparsable. A group updated exactly
 * `staleDays` days ago is still fresh; one day more is stale. Dates in the future are fresh.
 * Order follows `groups`.
 */
export function findStale(
  groups: readonly TokenGroup[],
  today: string,
  staleDays: number,
): StaleGroup[] {
  const stale: StaleGroup[] = [];
  for (const group of groups) {
    if (group.status !== "TESTED" && group.status !== "BENCHED") continue;
    const ageDays = ageInDays(group.updated, today);
    if (ageDays === null || ageDays > staleDays) {
      stale.push({ group, ageDays, thresholdDays: staleDays });
    }
  }
  return stale;
}

/**
 * `CANARY_STALE REQ=<id> updated=<date> age_days=<n> threshold=<n>`; a missing UPDATED is written
 * `updated=none`, and the age of a missing or unparsable one `age_days=unknown`.
 */
export function formatStale(stale: StaleGroup): string {
  const updated = stale.group.updated === "" ? "none" : stale.group.updated;
  const age = stale.ageDays === null ? "unknown" : String(stale.ageDays);
  return `CANARY_STALE REQ=${stale.group.reqId} updated=${updated} age_days=${age} ` +
    `threshold=${stale.thresholdDays}`;
}
