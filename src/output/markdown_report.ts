/**
 * `canary report --markdown`: the report's numbers as GitHub-flavoured
 * Markdown for a pull-request comment: a table of requirements, one folded
 * table of features per requirement, and the trend as a text sparkline.
 *
 * @module
 */
import type { ProjectReport, TracedRequirement, TrendPoint } from "../track/project_report.ts";
import { escapeControls } from "./sanitize.ts";
import { escapeMarker } from "../tokens/marker_escape.ts";

/**
 * `text` safe in a Markdown table cell: no line break, pipe, HTML or
 * emphasis markup from the data can change the table.
 */
export function escapeMarkdownCell(text: string): string {
  return escapeControls(text)
    .replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`);
}

const BLOCKS = "▁▂▃▄▅▆▇█";

/** The trend's completed counts as a sparkline, lowest block for 0, highest for the maximum. */
export function sparkline(trend: readonly TrendPoint[]): string {
  const max = Math.max(0, ...trend.map((p) => p.completed));
  return trend.map((p) =>
    BLOCKS[max === 0 ? 0 : Math.round((p.completed / max) * (BLOCKS.length - 1))]
  ).join("");
}

/** A ten-character text bar: `███████░░░`. */
function textBar(percent: number): string {
  const full = Math.floor(percent / 10);
  return "█".repeat(full) + "░".repeat(10 - full);
}

function requirementTable(report: ProjectReport): string[] {
  return [
    "| Requirement | Progress | Completed | In progress | Stub | Missing |",
    "|---|---|--:|--:|--:|--:|",
    ...report.requirements.map((r) =>
      `| ${escapeMarkdownCell(r.req_id)} | ${textBar(r.percent)} ${r.percent}% | ` +
      `${r.completed}/${r.total} | ${r.status_counts.IMPL} | ${r.status_counts.STUB} | ` +
      `${r.status_counts.MISSING} |`
    ),
  ];
}

function featureTable(requirement: TracedRequirement): string[] {
  const cell = (values: readonly string[]) =>
    values.length === 0 ? "-" : values.map(escapeMarkdownCell).join(", ");
  return [
    "<details>",
    `<summary>${escapeMarkdownCell(requirement.req_id)}: ` +
    `${requirement.features.length} feature${requirement.features.length === 1 ? "" : "s"}` +
    "</summary>",
    "",
    "| Feature | Aspect | Status | Files | Tests |",
    "|---|---|---|---|---|",
    ...requirement.features.map((f) =>
      `| ${escapeMarkdownCell(f.feature)} | ${escapeMarkdownCell(f.aspect)} | ${f.status} | ` +
      `${cell(f.locations.map((l) => `${l.file_path}:${l.line_number}`))} | ` +
      `${cell([...f.tests, ...f.benches])} |`
    ),
    "",
    "</details>",
  ];
}

function trendLine(trend: readonly TrendPoint[]): string {
  if (trend.length === 0) {
    return "Trend: no checkpoints yet (`canary checkpoint <name>` records one).";
  }
  const first = trend[0];
  const last = trend.at(-1)!;
  return `Trend over ${trend.length} checkpoint${trend.length === 1 ? "" : "s"}: ` +
    `${sparkline(trend)} (completed ${first.completed} → ${last.completed})`;
}

/**
 * The Markdown report, ending with a newline. Its `CANARY:` is written `CANARY\:` (Markdown shows
 * `CANARY:`), so a report saved in the tree never reads back as tokens.
 */
export function renderMarkdownReport(report: ProjectReport, title: string): string {
  const p = report.project;
  const reqs = report.requirements.length;
  return escapeMarker([
    `## canary report: ${escapeMarkdownCell(title)}`,
    "",
    `**${p.percent}% complete**: ${p.completed} of ${p.total} tokens tested or benched, ` +
    `${reqs} requirement${reqs === 1 ? "" : "s"}.`,
    "",
    trendLine(report.trend),
    "",
    ...(reqs === 0 ? ["No requirements indexed yet."] : requirementTable(report)),
    "",
    ...report.traceability.flatMap((r) => [...featureTable(r), ""]),
    `<sub>generated ${report.generated_at}</sub>`,
    "",
  ].join("\n"));
}
