/**
 * How the tracking views look for people: token groups, progress bars,
 * requirement summaries. Every value from the data passes `escapeControls`, so
 * none reaches a terminal as a control sequence.
 *
 * @module
 */
import type { Palette } from "./output.ts";
import { tableLines } from "./table.ts";
import { escapeControls } from "./sanitize.ts";
import { styleStatus } from "./tokens.ts";
import { countOf } from "../text/plural.ts";
import type { TokenRecord } from "../db/token_rows.ts";
import type { NextWork } from "../track/next_work.ts";

/** A titled group of tokens. */
export interface TitledTokens {
  title: string;
  tokens: readonly TokenRecord[];
}

/** A table of tokens with what a person acts on: status, location, tests, benches, owner. */
export function renderTokenDetails(
  tokens: readonly TokenRecord[],
  colors: Palette,
  width?: number,
): string[] {
  return [...tableLines<TokenRecord>(
    [
      { header: "FEATURE", value: (t) => t.feature },
      {
        header: "STATUS",
        value: (t) => t.status,
        fixed: true,
        style: (cell, t) => styleStatus(colors, t.status, cell),
      },
      // On a narrow terminal: ASPECT (a group's title when grouped), then BENCHES, then OWNER.
      { header: "ASPECT", value: (t) => t.aspect, drop: 3 },
      { header: "LOCATION", value: (t) => `${t.file_path}:${t.line_number}` },
      { header: "TESTS", value: (t) => t.tests.join(",") },
      { header: "BENCHES", value: (t) => t.benches.join(","), drop: 2 },
      { header: "OWNER", value: (t) => t.owner ?? "", drop: 1 },
    ],
    tokens,
    colors.bold,
    width,
  )];
}

/** Groups one after another: a bold title with its count, the table indented, a blank line between. */
export function renderTokenGroups(
  groups: readonly TitledTokens[],
  colors: Palette,
  width?: number,
): string[] {
  return groups.flatMap((group, i) => [
    ...(i === 0 ? [] : [""]),
    colors.bold(`${escapeControls(group.title)} (${countOf(group.tokens.length, "token")})`),
    ...renderTokenDetails(group.tokens, colors, width && width - 2).map((line) => `  ${line}`),
  ]);
}

/** A bar of `width` cells, filled in proportion to `done` of `total` (empty when total is 0). */
export function progressBar(done: number, total: number, width = 20): string {
  const filled = total === 0 ? 0 : Math.floor((done / total) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
}

/** A token's id, feature and location on one line. */
function tokenName(t: TokenRecord): string {
  return escapeControls(`${t.req_id} ${t.feature} (${t.file_path}:${t.line_number})`);
}

/** What ranked the chosen token first, in words. */
const DECIDED: Record<string, string> = {
  priority: "a higher priority",
  status: "its status (STUB before IMPL)",
  updated: "an older UPDATED",
  location: "its id and location",
};

/** Why `next` chose what it chose, and what blocked the candidates ranked above it. */
export function renderNextExplanation(work: NextWork): string[] {
  const first = work.next[0];
  const lines = first === undefined
    ? [`nothing unblocked among ${countOf(work.candidates, "candidate")}`]
    : [
      `${tokenName(first)} is next among ${
        countOf(work.candidates, "candidate")
      }: priority ${first.priority}, ${first.status}, UPDATED ${first.updated ?? "none"}` +
      (work.runner_up === null
        ? ""
        : `; ahead of ${tokenName(work.runner_up)} by ${DECIDED[work.decided_by ?? "location"]}`),
    ];
  if (work.blocked.length > 0) lines.push("blocked, ranked higher:");
  for (const token of work.blocked) {
    const why = token.blocked_by.map((b) =>
      b.reason === "missing"
        ? `${escapeControls(b.req_id)} has no token`
        : `${escapeControls(b.req_id)} has ${countOf(b.incomplete_count, "incomplete token")}`
    );
    lines.push(`  ${tokenName(token)}: ${why.join(", ")}`);
  }
  return lines;
}
