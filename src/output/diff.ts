/**
 * How `canary diff` looks: changes grouped by requirement, coloured by class, with a summary
 * line; and the stable JSON object of `--json`.
 *
 * @module
 */
import type { DiffSide, RevisionDiff } from "../diff/diff_revisions.ts";
import type { PlacedToken, TokenChange } from "../diff/token_changes.ts";
import type { Palette } from "./output.ts";
import { countOf } from "../text/plural.ts";
import { escapeControls } from "./sanitize.ts";
import { styleStatus } from "./tokens.ts";

/** The counts of a diff's summary line and of `summary` in its JSON. */
export function diffSummary(changes: readonly TokenChange[]) {
  const count = (test: (change: TokenChange) => boolean) => changes.filter(test).length;
  return {
    changes: changes.length,
    added: count((c) => c.kind === "added"),
    removed: count((c) => c.kind === "removed"),
    moved: count((c) => c.kind === "moved"),
    status_changed: count((c) => c.kind === "status_changed"),
    progress: count((c) => c.class === "progress"),
    regressions: count((c) => c.class === "regression"),
  };
}

function placeJson(token: PlacedToken | null) {
  return token === null
    ? null
    : { file_path: token.path, line_number: token.line, status: token.status };
}

/** The JSON object of `canary diff --json`. */
export function diffJson(diff: RevisionDiff) {
  const side = (s: DiffSide) => ({ revision: s.revision, commit_hash: s.commit });
  return {
    from: side(diff.from),
    to: side(diff.to),
    summary: { ...diffSummary(diff.changes), files_compared: diff.filesCompared },
    changes: diff.changes.map((change) => ({
      kind: change.kind,
      class: change.class,
      req_id: change.reqId,
      feature: change.feature,
      aspect: change.aspect,
      from: placeJson(change.from),
      to: placeJson(change.to),
    })),
    skipped: diff.skipped.map((skip) => ({
      side: skip.side,
      file_path: skip.path,
      reason: skip.reason,
    })),
  };
}

/** The name of a side for people: the revision and its short commit, or "the work tree". */
function sideName(side: DiffSide): string {
  return side.commit === null
    ? "the work tree"
    : `${escapeControls(side.revision ?? "")} (${side.commit.slice(0, 10)})`;
}

function describe(change: TokenChange, colors: Palette): string {
  const where = (t: PlacedToken) => `${escapeControls(t.path)}:${t.line}`;
  const status = (t: PlacedToken) => styleStatus(colors, t.status);
  const { from, to } = change;
  if (from === null) return `added ${status(to!)} at ${where(to!)}`;
  if (to === null) return `removed ${status(from)} from ${where(from)}`;
  const moved = from.path === to.path ? where(to) : `${where(from)} → ${where(to)}`;
  if (change.kind === "moved") return `moved ${moved}`;
  return `${status(from)} → ${status(to)} at ${moved}`;
}

function label(change: TokenChange, colors: Palette): string {
  if (change.class === "progress") return colors.green("progress  ");
  if (change.class === "regression") return colors.red("regression");
  return colors.dim(change.kind === "status_changed" ? "changed   " : "          ");
}

/** The text report: a heading per requirement, one line per change, then the summary line. */
export function renderDiff(diff: RevisionDiff, colors: Palette): string[] {
  const lines: string[] = [];
  let requirement: string | null = null;
  for (const change of diff.changes) {
    if (change.reqId !== requirement) {
      requirement = change.reqId;
      lines.push(colors.bold(escapeControls(requirement)));
    }
    const what = escapeControls(`${change.feature} [${change.aspect}]`);
    lines.push(`  ${label(change, colors)}  ${what}: ${describe(change, colors)}`);
  }
  lines.push(summaryLine(diff));
  return lines;
}

/** `N changes from A to B: …`, the last line of the text report. */
export function summaryLine(diff: RevisionDiff): string {
  const s = diffSummary(diff.changes);
  const differ = countOf(diff.filesCompared, "file differs", "files differ");
  return `${countOf(s.changes, "change")} from ${sideName(diff.from)} to ${sideName(diff.to)}` +
    ` (${differ}): ${s.added} added, ${s.removed} removed, ` +
    `${s.moved} moved, ${s.status_changed} status changed; ${s.progress} progress, ` +
    countOf(s.regressions, "regression");
}
