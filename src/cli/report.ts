/**
 * `canary report`: the project's progress as a self-contained HTML page
 * (`--html FILE`), as Markdown for a pull-request comment (`--markdown`), or
 * as JSON.
 *
 * @module
 */
import type { Command } from "./command_line.ts";
import { basename, resolve } from "../path.ts";
import { UsageError } from "../errors.ts";
import type { CommandContext } from "./context.ts";
import { withDb, withExamples, withJson } from "./declare.ts";
import { readDatabase } from "./open_for_command.ts";

/** The raw options of `canary report`. */
export interface ReportOptions {
  db: string;
  html?: string;
  markdown?: boolean;
  json?: boolean;
  title?: string;
}

/** Declares `canary report`. */
export function declareReport(program: Command, ctx: CommandContext): void {
  withJson(withDb(withExamples(
    program.command("report")
      .description("progress as one self-contained HTML page, or as Markdown for a PR comment")
      .option("--html <file>", "write the HTML page here ('-' for stdout)")
      .option("--markdown", "print the report as Markdown on stdout")
      .option("--title <text>", "the project's name in the report (default: its folder's name)"),
    "canary report --html canary-report.html",
    "canary report --markdown > comment.md",
    "canary report --json | jq .project.percent",
  ))).action((options) => reportCommand(ctx, options));
}

/** `canary report`: renders each asked-for form from one read of the index and checkpoints. */
export async function reportCommand(ctx: CommandContext, options: ReportOptions): Promise<void> {
  if (options.html === undefined && !options.markdown && !options.json) {
    throw new UsageError("report needs --html FILE, --markdown or --json");
  }
  const { assertOutputs, writeOutput } = await import("./streams.ts");
  assertOutputs(ctx, {
    "--html": options.html,
    "--markdown": options.markdown ? "-" : undefined,
    "--json": options.json ? "-" : undefined,
  });
  const { readProjectReport } = await import("../track/project_report.ts");
  const { renderHtmlReport } = await import("../output/html_report.ts");
  const { renderMarkdownReport } = await import("../output/markdown_report.ts");
  const { formatRfc3339Utc, runTime } = await import("../text/timestamp.ts");
  const generatedAt = formatRfc3339Utc(runTime(ctx.env));
  const report = await readDatabase(ctx, options.db, (db) => readProjectReport(db, generatedAt));
  const title = options.title ?? basename(resolve(ctx.project?.root ?? "."));
  if (options.html !== undefined) {
    writeOutput(ctx.out, options.html, renderHtmlReport(report, title));
    if (options.html !== "-") ctx.out.note(`canary: wrote ${options.html}`);
  }
  if (options.markdown) ctx.out.data(renderMarkdownReport(report, title));
  if (options.json) ctx.out.json(report);
}
