/**
 * `canary deps check|graph`: the DEPENDS_ON graph between requirements.
 *
 * @module
 */
import { CanaryError } from "../errors.ts";
import { countOf } from "../text/plural.ts";
import { escapeControls } from "../output/sanitize.ts";
import type { TokenRecord } from "../db/token_rows.ts";
import { parseChoice } from "./args.ts";
import type { Command } from "./command_line.ts";
import type { CommandContext } from "./context.ts";
import { withDb, withExamples, withJson } from "./declare.ts";
import { readIndexedTokens } from "./open_for_command.ts";

/** Declares `canary deps` and its subcommands `check` and `graph`. */
export function declareDeps(program: Command, ctx: CommandContext): void {
  const deps = program.command("deps")
    .description("the DEPENDS_ON graph between requirements: deps check, deps graph");
  withJson(withDb(withExamples(
    deps.command("check")
      .description("name dependencies on missing requirements and cycles; exit 1 if any"),
    "canary deps check",
    "canary deps check --json",
  ))).action((options) => depsCheckCommand(ctx, options));
  withJson(withDb(withExamples(
    deps.command("graph")
      .description("print the requirement graph, nodes labelled with progress")
      .option("--format <format>", "mermaid (default), dot or json"),
    "canary deps graph > deps.mmd",
    "canary deps graph --format dot | dot -Tsvg",
  ))).action((options) => depsGraphCommand(ctx, options));
}

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
  const { byRequirement } = await import("../track/requirements.ts");
  return byRequirement(await readIndexedTokens(ctx, path));
}

/** `canary deps check`: prints each problem; exit 1 when there is any. */
export async function depsCheckCommand(ctx: CommandContext, options: DepsOptions): Promise<void> {
  const { checkDependencies } = await import("../track/deps_graph.ts");
  const groups = await readGroups(ctx, options.db);
  const check = checkDependencies(groups);
  if (options.json) {
    ctx.out.json(check);
  } else {
    ctx.out.lines([
      ...check.missing.map((m) =>
        escapeControls(
          `missing: ${m.req_id} depends on ${m.dependency}, which has no token ` +
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
  const { GRAPH_FORMATS, renderDot, renderMermaid } = await import("../output/graph.ts");
  const { dependencyGraph } = await import("../track/deps_graph.ts");
  const format = options.json
    ? "json"
    : parseChoice(options.format ?? "mermaid", "--format", GRAPH_FORMATS);
  const graph = dependencyGraph(await readGroups(ctx, options.db));
  if (format === "json") ctx.out.json(graph);
  else ctx.out.lines(format === "dot" ? renderDot(graph) : renderMermaid(graph));
}
