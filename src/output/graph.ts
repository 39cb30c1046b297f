/**
 * The requirement graph as Mermaid and Graphviz DOT text. Labels are escaped
 * for each language, so an id written in DEPENDS_ON can never change the
 * shape of the graph.
 *
 * @module
 */
import { escapeControls } from "./sanitize.ts";
import type { DepsGraph, DepsNode } from "../track/deps_graph.ts";

/** The formats `deps graph` prints. */
export const GRAPH_FORMATS = ["mermaid", "dot", "json"] as const;

/** A node's label: its id and progress, or that it has no token. */
export function nodeLabel(node: DepsNode): string {
  const progress = node.is_missing
    ? "no token"
    : `${node.percent}% (${node.completed}/${node.total})`;
  return `${escapeControls(node.req_id)} ${progress}`;
}

function mermaidText(text: string): string {
  // Mermaid reads #…; as an entity inside a quoted label.
  return text.replace(/[#"<>]/g, (c) => `#${c.charCodeAt(0)};`);
}

/** `graph LR` with one quoted node per requirement (`n0`, `n1`, … by id) and its edges. */
export function renderMermaid(graph: DepsGraph): string[] {
  const ids = new Map(graph.nodes.map((node, i) => [node.req_id, `n${i}`]));
  return [
    "graph LR",
    ...graph.nodes.map((node) => `  ${ids.get(node.req_id)}["${mermaidText(nodeLabel(node))}"]`),
    ...graph.edges.map((edge) => `  ${ids.get(edge.from)} --> ${ids.get(edge.to)}`),
  ];
}

function dotString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A `digraph requirements` with a labelled node per requirement and its edges. */
export function renderDot(graph: DepsGraph): string[] {
  return [
    "digraph requirements {",
    ...graph.nodes.map((node) =>
      `  ${dotString(escapeControls(node.req_id))} [label=${dotString(nodeLabel(node))}${
        node.is_missing ? ", style=dashed" : ""
      }];`
    ),
    ...graph.edges.map((edge) =>
      `  ${dotString(escapeControls(edge.from))} -> ${dotString(escapeControls(edge.to))};`
    ),
    "}",
  ];
}
