/**
 * The requirement graph DEPENDS_ON draws: an edge from each requirement to
 * each one its tokens depend on, nodes labelled with progress; and its
 * problems, dependencies on missing requirements and cycles.
 *
 * @module
 */
import type { TokenRecord } from "../db/token_rows.ts";
import { blockerFor, dependsOnIds, requirementLookup } from "./dependencies.ts";
import { progressOf } from "./progress.ts";
import { compareCodePoints } from "../scan/path_order.ts";

/** A requirement in the graph. */
export interface DepsNode {
  req_id: string;
  /** True when only DEPENDS_ON names it: it has no token but REMOVED ones. */
  is_missing: boolean;
  total: number;
  completed: number;
  percent: number;
}

/** `from` depends on `to`. */
export interface DepsEdge {
  from: string;
  to: string;
}

/** Nodes and edges, each sorted by id. */
export interface DepsGraph {
  nodes: DepsNode[];
  edges: DepsEdge[];
}

/** A token depending on a requirement that has no token. */
export interface MissingDependency {
  req_id: string;
  /** The requirement depended on, as DEPENDS_ON names it. */
  dependency: string;
  file_path: string;
  line_number: number;
}

/** What `deps check` finds; both lists empty means the graph is sound. */
export interface DepsCheck {
  missing: MissingDependency[];
  /** Each cycle as a path starting and ending at its smallest id: `["A", "B", "A"]`. */
  cycles: string[][];
}

/** The graph of `groups` (tokens by requirement). */
export function dependencyGraph(groups: ReadonlyMap<string, readonly TokenRecord[]>): DepsGraph {
  const lookup = requirementLookup(groups);
  const nodes = new Map<string, DepsNode>();
  const edges = new Map<string, DepsEdge>();
  for (const [reqId, tokens] of groups) {
    const { total, completed, percent } = progressOf(tokens);
    const is_missing = blockerFor(lookup, reqId)?.reason === "missing";
    nodes.set(reqId.toUpperCase(), { req_id: reqId, is_missing, total, completed, percent });
  }
  for (const [reqId, tokens] of groups) {
    for (const id of tokens.flatMap(dependsOnIds)) {
      const to = nodes.get(id.toUpperCase())?.req_id ?? id;
      if (!nodes.has(id.toUpperCase())) {
        nodes.set(id.toUpperCase(), {
          req_id: id,
          is_missing: true,
          total: 0,
          completed: 0,
          percent: 0,
        });
      }
      edges.set(JSON.stringify([reqId, to]), { from: reqId, to });
    }
  }
  return {
    nodes: [...nodes.values()].sort((a, b) => compareCodePoints(a.req_id, b.req_id)),
    edges: [...edges.values()].sort((a, b) =>
      compareCodePoints(a.from, b.from) || compareCodePoints(a.to, b.to)
    ),
  };
}

/** Each elementary cycle closed by a back edge of a depth-first walk, rotated and deduplicated. */
export function findCycles(graph: DepsGraph): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of graph.edges) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const found = new Map<string, string[]>();
  const visit = (id: string): void => {
    state.set(id, "open");
    path.push(id);
    for (const to of next.get(id) ?? []) {
      if (state.get(to) === "open") {
        const cycle = path.slice(path.indexOf(to));
        const start = cycle.indexOf([...cycle].sort(compareCodePoints)[0]);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        found.set(rotated.join("\n"), [...rotated, rotated[0]]);
      } else if (!state.has(to)) visit(to);
    }
    path.pop();
    state.set(id, "done");
  };
  for (const node of graph.nodes) if (!state.has(node.req_id)) visit(node.req_id);
  return [...found.values()].sort((a, b) => compareCodePoints(a.join(" "), b.join(" ")));
}

/** Dependencies on missing requirements (in id, file, line order) and cycles. */
export function checkDependencies(groups: ReadonlyMap<string, readonly TokenRecord[]>): DepsCheck {
  const lookup = requirementLookup(groups);
  const missing: MissingDependency[] = [];
  for (const tokens of groups.values()) {
    for (const token of tokens) {
      for (const id of dependsOnIds(token)) {
        if (blockerFor(lookup, id)?.reason !== "missing") continue;
        const { req_id, file_path, line_number } = token;
        missing.push({ req_id, dependency: id, file_path, line_number });
      }
    }
  }
  return { missing, cycles: findCycles(dependencyGraph(groups)) };
}
