/**
 * `canary report --html`: one self-contained page (inline CSS and SVG, a few
 * lines of inline script for the filter box) that opens from a file with no
 * server and fetches nothing: its Content-Security-Policy forbids every load.
 *
 * @module
 */
import type { ProjectReport, TrendPoint } from "../track/project_report.ts";
import type { Progress, RequirementProgress } from "../track/progress.ts";
import { escapeControls } from "./sanitize.ts";
import { escapeMarker, HTML_ESCAPED_MARKER } from "../tokens/marker_escape.ts";

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** `text` safe inside HTML text and quoted attributes; control characters shown escaped. */
export function escapeHtml(text: string): string {
  return escapeControls(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** The bar's segments of tokens not REMOVED, in the order drawn, with their colours. */
const SEGMENTS: readonly { label: string; color: string; count: (p: Progress) => number }[] = [
  { label: "completed", color: "#2e7d32", count: (p) => p.completed },
  { label: "in progress", color: "#1565c0", count: (p) => p.status_counts.IMPL },
  { label: "stub", color: "#ef6c00", count: (p) => p.status_counts.STUB },
  { label: "missing", color: "#9e9e9e", count: (p) => p.status_counts.MISSING },
];

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#212121}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}
table{border-collapse:collapse;width:100%}th,td{padding:.3rem .5rem;text-align:left;vertical-align:top}
th{border-bottom:2px solid #bdbdbd}td{border-bottom:1px solid #eeeeee}td.n{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#616161}.legend span{margin-right:1rem}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-1px}
.counts{display:flex;gap:2rem;flex-wrap:wrap}.counts table{width:auto}
input[type=search]{width:100%;max-width:30rem;padding:.4rem;margin:.5rem 0;font:inherit}
code{font-size:.9em}svg text{font:11px system-ui,sans-serif;fill:#616161}`;

/** A stacked bar of a requirement's (or the project's) progress, `width` pixels wide. */
function progressBar(progress: Progress, width: number, label: string): string {
  let x = 0;
  const rects = SEGMENTS.map((s) => {
    const n = s.count(progress);
    const w = progress.total === 0 ? 0 : (n / progress.total) * width;
    const rect = `<rect class="segment" x="${x.toFixed(2)}" width="${
      w.toFixed(2)
    }" height="14" fill="${s.color}"><title>${s.label}: ${n}</title></rect>`;
    x += w;
    return rect;
  }).join("");
  return `<svg class="bar" role="img" aria-label="${escapeHtml(label)}" width="${width}" ` +
    `height="14" viewBox="0 0 ${width} 14"><rect width="${width}" height="14" fill="#eeeeee"/>` +
    `${rects}</svg>`;
}

function requirementRow(r: RequirementProgress): string {
  const c = r.status_counts;
  return `<tr class="requirement"><td><code>${escapeHtml(r.req_id)}</code></td>` +
    `<td>${progressBar(r, 220, `${r.req_id}: ${r.percent}% complete`)}</td>` +
    `<td class="n">${r.percent}%</td><td class="n">${r.completed}/${r.total}</td>` +
    `<td class="n">${c.IMPL}</td><td class="n">${c.STUB}</td>` +
    `<td class="n">${c.MISSING}</td></tr>`;
}

function countsTable(title: string, counts: Record<string, number>): string {
  const rows = Object.entries(counts)
    .map(([name, n]) => `<tr><td>${escapeHtml(name)}</td><td class="n">${n}</td></tr>`).join("");
  return `<table class="${title.toLowerCase()}"><thead><tr><th>${title}</th><th>tokens</th>` +
    `</tr></thead><tbody>${rows}</tbody></table>`;
}

const CHART = { width: 720, height: 220, left: 44, right: 16, top: 12, bottom: 40 };

/**
 * The trend as an SVG line chart: completed tokens per checkpoint, oldest
 * first, over a dashed line of all tokens not REMOVED.
 */
export function trendChart(trend: readonly TrendPoint[]): string {
  if (trend.length === 0) {
    return `<p class="muted">No checkpoints yet: <code>canary checkpoint &lt;name&gt;</code> ` +
      "records one, and each becomes a point here.</p>";
  }
  const { width, height, left, right, top, bottom } = CHART;
  const max = Math.max(1, ...trend.map((p) => Math.max(p.completed, p.total)));
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (i: number) =>
    left + (trend.length === 1 ? plotW / 2 : (i * plotW) / (trend.length - 1));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const path = (value: (p: TrendPoint) => number) =>
    trend.map((p, i) => `${x(i).toFixed(1)},${y(value(p)).toFixed(1)}`).join(" ");
  const points = trend.map((p, i) =>
    `<circle class="point" cx="${x(i).toFixed(1)}" cy="${y(p.completed).toFixed(1)}" r="4" ` +
    `fill="#2e7d32"><title>${escapeHtml(p.name)} (${escapeHtml(p.created_at)}): ` +
    `${p.completed} of ${p.total} completed</title></circle>`
  ).join("");
  const labels = trend.map((p, i) =>
    `<text x="${x(i).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle">${
      escapeHtml(p.name)
    }</text>`
  ).join("");
  return `<svg id="trend-chart" role="img" aria-label="completed tokens per checkpoint" ` +
    `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<line x1="${left}" y1="${top + plotH}" x2="${width - right}" y2="${
      top + plotH
    }" stroke="#bdbdbd"/>` +
    `<text x="${left - 6}" y="${y(max) + 4}" text-anchor="end">${max}</text>` +
    `<text x="${left - 6}" y="${top + plotH + 4}" text-anchor="end">0</text>` +
    `<polyline class="total" points="${path((p) => p.total)}" fill="none" stroke="#9e9e9e" ` +
    `stroke-dasharray="4 3"><title>tokens not REMOVED</title></polyline>` +
    `<polyline points="${path((p) => p.completed)}" fill="none" stroke="#2e7d32" ` +
    `stroke-width="2"/>${points}${labels}` +
    "</svg>";
}

function traceabilityRows(report: ProjectReport): string {
  return report.traceability.flatMap((r) =>
    r.features.map((f) =>
      `<tr><td><code>${escapeHtml(r.req_id)}</code></td><td>${escapeHtml(f.feature)}</td>` +
      `<td>${escapeHtml(f.aspect)}</td><td>${escapeHtml(f.status)}</td><td>${
        f.locations.map((l) => `<code>${escapeHtml(`${l.file_path}:${l.line_number}`)}</code>`)
          .join("<br>")
      }</td><td>${[...f.tests, ...f.benches].map(escapeHtml).join("<br>")}</td></tr>`
    )
  ).join("\n");
}

// Without script the box stays hidden and every row shows: the page works either way.
const FILTER_SCRIPT = `const box = document.getElementById("filter");
box.hidden = false;
box.addEventListener("input", () => {
  const words = box.value.toLowerCase().trim();
  for (const row of document.querySelectorAll("#traceability tbody tr")) {
    row.hidden = words !== "" && !row.textContent.toLowerCase().includes(words);
  }
});`;

function legend(): string {
  return `<p class="legend">${
    SEGMENTS.map((s) => `<span><i style="background:${s.color}"></i>${s.label}</span>`).join("")
  }</p>`;
}

/**
 * The whole page for `report`; `title` names the project. Its `CANARY:` is written
 * `CANARY&#58;` wherever it stands (text and attributes; the script and style hold none), so a
 * page saved in the tree never reads back as tokens.
 */
export function renderHtmlReport(report: ProjectReport, title: string): string {
  return escapeMarker(htmlPage(report, title), HTML_ESCAPED_MARKER);
}

function htmlPage(report: ProjectReport, title: string): string {
  const p = report.project;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>canary report: ${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
<h1>canary report: ${escapeHtml(title)}</h1>
<p class="muted">Generated ${escapeHtml(report.generated_at)} from the index.</p>
<p id="project-progress">${progressBar(p, 480, `project: ${p.percent}% complete`)}
<strong>${p.percent}%</strong> complete: ${p.completed} of ${p.total} tokens tested or benched,
${report.requirements.length} requirements.</p>
${legend()}
<h2>Requirements</h2>
<table id="requirements"><thead><tr><th>Requirement</th><th>Progress</th><th>%</th>
<th>Completed</th><th>In progress</th><th>Stub</th><th>Missing</th></tr></thead>
<tbody>${report.requirements.map(requirementRow).join("\n")}</tbody></table>
<h2>Counts</h2>
<div class="counts">${countsTable("Status", p.status_counts)}${
    countsTable("Aspect", report.by_aspect)
  }</div>
<h2>Trend</h2>
${trendChart(report.trend)}
<h2>Traceability</h2>
<input id="filter" type="search" placeholder="Filter by requirement, feature, file or test" hidden>
<table id="traceability"><thead><tr><th>Requirement</th><th>Feature</th><th>Aspect</th>
<th>Status</th><th>Files</th><th>Tests</th></tr></thead>
<tbody>${traceabilityRows(report)}</tbody></table>
<script>${FILTER_SCRIPT}</script>
</body></html>
`;
}
