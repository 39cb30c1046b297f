/**
 * `canary deps check|graph`: the DEPENDS_ON graph between requirements.
 *
 * @module
 */
import { CanaryError } from "../errors.ts";
import { GRAPH_FORMATS, renderDot, renderMermaid } from "../output/graph.ts";
import { countOf } from "../output/plural.ts";
import { escapeControls } from "../output/sanitize.ts";
import type { TokenRecord } from "../query/token_record.ts";
import { checkDependencies, dependencyGraph } from "../track/deps_graph.ts";
import { byRequirement } from "../track/requirements.ts";
import { parseChoice } from "./args.ts";
import type { CommandContext } from "./context.ts";
import { readIndexedTokens } from "./open_report.ts";

/** The raw options of `canary deps check` and `deps graph`. */
export interface DepsOptions {
  db: string;
  json?: boolean;
  format?: string;
}

async function readGroups(
  ctx: CommandContext,
  path: string,
): Promise<Map<string, TokenRecord[]>> {
  return byRequirement(await readIndexedTokens(ctx, path));
}

/** `canary deps check`: prints each problem; exit 1 when there is any. */
export async function depsCheckCommand(ctx: CommandContext, options: DepsOptions): Promise<void> {
  const groups = await readGroups(ctx, options.db);
  const check = checkDependencies(groups);
  if (options.json) {
    ctx.out.json(check);
  } else {
    ctx.out.lines([
      ...check.missing.map((m) =>
        escapeControls(
          `missing: ${m.req_id} depends on ${m.depends_on}, which has no token ` +
            `(${m.file_path}:${m.line_number})`,
        )
      ),
      ...check.cycles.map((cycle) => escapeControls(`cycle: ${cycle.join(" → ")}`)),
    ]);
  }
  const problems = check.missing.length + check.cycles.length;
  if (problems > 0) {
    throw new CanaryError(
      `dependency check failed: ${countOf(check.missing.length, "missing requirement")}, ` +
        countOf(check.cycles.length, "cycle"),
      { code: "dependency_problems" },
    );
  }
  ctx.out.note(`dependencies ok: ${countOf(groups.size, "requirement")}, no cycle`);
}

/** `canary deps graph`: the graph as Mermaid (default), DOT or JSON. */
export async function depsGraphCommand(ctx: CommandContext, options: DepsOptions): Promise<void> {
  const format = options.json
    ? "json"
    : parseChoice(options.format ?? "mermaid", "--format", GRAPH_FORMATS);
  const graph = dependencyGraph(await readGroups(ctx, options.db));
  if (format === "json") ctx.out.json(graph);
  else ctx.out.lines(format === "dot" ? renderDot(graph) : renderMermaid(graph));
}
