/**
 * `canary status [REQ-ID]`: progress bars, for one requirement or all of them.
 *
 * @module
 */
import { tableLines } from "../output/table.ts";
import { escapeControls } from "../output/sanitize.ts";
import { styleStatus } from "../output/tokens.ts";
import { countOf } from "../text/plural.ts";
import { progressBar, renderTokenDetails } from "../output/track.ts";
import type { Palette } from "../output/output.ts";
import type { TokenRecord } from "../db/token_rows.ts";
import { STATUSES } from "../tokens/token.ts";
import {
  incompleteTokens,
  type Progress,
  PROGRESS_ORDERS,
  progressOf,
  type RequirementProgress,
  requirementProgress,
} from "../track/progress.ts";
import { parseChoice } from "./args.ts";
import type { Command } from "./command_line.ts";
import type { CommandContext } from "./context.ts";
import { withDb, withExamples, withJson } from "./declare.ts";
import { readIndexedTokens } from "./open_for_command.ts";

/** Declares `canary status`. */
export function declareStatus(program: Command, ctx: CommandContext): void {
  withJson(withDb(withExamples(
    program.command("status")
      .description("progress: TESTED+BENCHED over tokens not REMOVED, per requirement and in all")
      .argument("[req-id]", "one requirement: its counts and incomplete features")
      .option("--order-by <field>", "req (default), progress (least complete first) or priority"),
    "canary status",
    "canary status --order-by progress",
    "canary status CBIN-129 --json",
  ))).action((reqId, options) => statusCommand(ctx, reqId, options));
}

/** The raw options of `canary status`. */
export interface StatusOptions {
  db: string;
  json?: boolean;
  orderBy?: string;
}

/** `MISSING 0  STUB 1 …`, each count in its status colour. */
function statusCounts(colors: Palette, progress: Progress): string {
  return STATUSES.map((s) => styleStatus(colors, s, `${s} ${progress.status_counts[s]}`))
    .join("  ");
}

/** The statuses present, `STUB 1 IMPL 2`, coloured when `colors` is given. */
function nonZeroCounts(progress: Progress, colors?: Palette): string {
  return STATUSES.filter((s) => progress.status_counts[s] > 0).map((s) => {
    const text = `${s} ${progress.status_counts[s]}`;
    return colors ? styleStatus(colors, s, text) : text;
  }).join(" ");
}

/** Bars are half as long on a terminal narrower than 80 columns, a quarter below 50. */
function barWidth(ctx: CommandContext): number {
  const columns = ctx.out.stdoutColumns;
  if (columns === undefined || columns >= 80) return 20;
  return columns < 50 ? 5 : 10;
}

function summary(progress: Progress, width: number): string {
  return `${progressBar(progress.completed, progress.total, width)} ${
    String(progress.percent).padStart(3)
  }%  ${progress.completed}/${progress.total} complete`;
}

function printOne(ctx: CommandContext, reqId: string, tokens: TokenRecord[], json?: boolean) {
  const progress = progressOf(tokens);
  const incomplete = incompleteTokens(tokens);
  if (json) {
    ctx.out.json({ req_id: reqId, ...progress, incomplete });
    return;
  }
  const { colors } = ctx.out;
  ctx.out.lines([
    `${reqId}  ${summary(progress, barWidth(ctx))}`,
    statusCounts(colors, progress),
    ...(incomplete.length === 0 ? [] : [
      "",
      colors.bold(`Incomplete (${countOf(incomplete.length, "token")})`),
      ...renderTokenDetails(incomplete, colors, ctx.out.stdoutColumns && ctx.out.stdoutColumns - 2)
        .map((line) => `  ${line}`),
    ]),
  ]);
}

function printAll(
  ctx: CommandContext,
  rows: RequirementProgress[],
  project: Progress,
  json?: boolean,
) {
  if (json) {
    ctx.out.json({ requirements: rows, project });
    return;
  }
  if (rows.length === 0) {
    ctx.out.note("no tokens indexed");
    return;
  }
  const { colors } = ctx.out;
  const bar = barWidth(ctx);
  ctx.out.lines([
    ...tableLines<RequirementProgress>(
      [
        { header: "REQ", value: (r) => escapeControls(r.req_id) },
        { header: "PROGRESS", value: (r) => summary(r, bar), fixed: true },
        { header: "PRI", value: (r) => String(r.priority), align: "right", drop: 1 },
        {
          header: "COUNTS",
          drop: 2,
          value: (r) =>
            STATUSES.filter((s) => r.status_counts[s] > 0).map((s) => `${s} ${r.status_counts[s]}`)
              .join(" "),
        },
      ],
      rows,
      colors.bold,
      ctx.out.stdoutColumns,
    ),
    "",
    `project: ${summary(project, bar)}`,
    `${countOf(rows.length, "requirement")}: ${nonZeroCounts(project, colors)}`,
  ]);
}

/** `canary status`: one requirement's progress, or every requirement's and the project's. */
export async function statusCommand(
  ctx: CommandContext,
  reqId: string | undefined,
  options: StatusOptions,
): Promise<void> {
  const order = parseChoice(options.orderBy ?? "req", "--order-by", PROGRESS_ORDERS);
  const { byRequirement, requirementTokens } = await import("../track/requirements.ts");
  const tokens = await readIndexedTokens(ctx, options.db);
  const groups = byRequirement(tokens);
  if (reqId !== undefined) {
    const found = requirementTokens(groups, reqId);
    printOne(ctx, found.reqId, found.tokens, options.json);
  } else {
    printAll(ctx, requirementProgress(groups, order), progressOf(tokens), options.json);
  }
}
