/**
 * `canary diff <from> [<to>]`: the token changes between two git revisions, or a revision and
 * the work tree, with `--fail-on` to gate CI on them.
 *
 * @module
 */
import { CanaryError, UsageError } from "../errors.ts";
import type { Command } from "./command_line.ts";
import type { CommandContext } from "./context.ts";
import { withExamples, withJson, withRoot } from "./declare.ts";
import { parseChoice } from "./args.ts";
import { assertOutputs, outputStream, writeOutput } from "./streams.ts";
import { palette } from "../output/output.ts";

/** The values of `--fail-on`. */
export const FAIL_ON = ["regression", "any", "none"] as const;
/** The values of `--annotations`. */
export const ANNOTATION_FORMATS = ["github"] as const;

/** The raw options of `canary diff`. */
export interface DiffCommandOptions {
  root: string;
  json?: boolean;
  failOn?: string;
  annotations?: string;
  sarif?: string;
  strict?: boolean;
}

/** Declares `canary diff`. */
export function declareDiff(program: Command, ctx: CommandContext): void {
  withJson(withRoot(withExamples(
    program.command("diff")
      .description("token changes between two git revisions, or a revision and the work tree")
      .argument("<from>", "the revision before (a commit, tag, branch, HEAD~3, …)")
      .argument("[to]", "the revision after (default: the work tree)")
      .option("--fail-on <what>", `exit 1 when such a change is found: ${FAIL_ON.join(", ")}`)
      .option("--annotations <format>", "print regressions as CI annotations: github")
      .option("--sarif <file>", "write regressions and token diagnostics as SARIF 2.1.0")
      .option("--strict", "also warn about unknown token keys"),
    "canary diff HEAD~1",
    "canary diff v1.0 main --json",
    "canary diff origin/main --fail-on regression --annotations github",
  ))).action((from, to, options) => diffCommand(ctx, from, to, options));
}

/** Runs `canary diff`: the report on stdout, then exit 1 when `--fail-on` says so. */
export async function diffCommand(
  ctx: CommandContext,
  from: string,
  to: string | undefined,
  options: DiffCommandOptions,
): Promise<void> {
  const failOn = parseChoice(options.failOn ?? "none", "--fail-on", FAIL_ON);
  const annotations = options.annotations === undefined
    ? undefined
    : parseChoice(options.annotations, "--annotations", ANNOTATION_FORMATS);
  assertOutputs(ctx, {
    "--json": options.json ? "-" : undefined,
    "--annotations": annotations === undefined ? undefined : "-",
    "--sarif": options.sarif,
  });
  if (from.trim() === "") throw new UsageError("the revision <from> is empty");
  const { diffRevisions } = await import("../diff/diff_revisions.ts");
  const diff = await diffRevisions({ root: options.root, from, to, strict: options.strict });
  const { diffJson, renderDiff, summaryLine } = await import("../output/diff.ts");
  const ci = await import("../ci/mod.ts");
  const findings = [
    ...ci.diagnosticFindings(diff.diagnostics),
    ...ci.regressionFindings(diff.changes),
  ];
  if (options.sarif !== undefined) {
    writeOutput(ctx.out, options.sarif, ci.renderSarif(findings));
  }
  if (options.json) ctx.out.json(diffJson(diff));
  else if (annotations !== undefined) {
    ctx.out.lines(ci.githubAnnotations(findings));
    ctx.out.note(summaryLine(diff));
  } else if (options.sarif !== undefined && outputStream(options.sarif) === "stdout") {
    // stdout is the SARIF's: the report for people goes with the other messages.
    for (const line of renderDiff(diff, palette(false))) ctx.out.note(line);
  } else ctx.out.lines(renderDiff(diff, ctx.out.colors));

  const regressions = diff.changes.filter((change) => change.class === "regression").length;
  if (failOn === "regression" && regressions > 0) {
    throw new CanaryError(`diff: ${regressions} regression(s)`, { code: "regression" });
  }
  if (failOn === "any" && diff.changes.length > 0) {
    throw new CanaryError(`diff: ${diff.changes.length} change(s)`, { code: "changes" });
  }
}
