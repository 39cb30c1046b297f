import { assertEquals } from "../test_assert.ts";
import { renderDot, renderMermaid } from "./graph.ts";
import type { DepsGraph } from "../track/deps_graph.ts";

const graph: DepsGraph = {
  nodes: [
    { req_id: "A-1", is_missing: false, total: 2, completed: 1, percent: 50 },
    { req_id: 'X"]; evil[\x1b#', is_missing: true, total: 0, completed: 0, percent: 0 },
  ],
  edges: [{ from: "A-1", to: 'X"]; evil[\x1b#' }],
};

Deno.test("renderMermaid: escaped labels, stable node names", () => {
  assertEquals(renderMermaid(graph), [
    "graph LR",
    '  n0["A-1 50% (1/2)"]',
    '  n1["X#34;]; evil[\\x1b#35; no token"]',
    "  n0 --> n1",
  ]);
});

Deno.test("renderDot: escaped strings, missing requirements dashed", () => {
  assertEquals(renderDot(graph), [
    "digraph requirements {",
    '  "A-1" [label="A-1 50% (1/2)"];',
    '  "X\\"]; evil[\\\\x1b#" [label="X\\"]; evil[\\\\x1b# no token", style=dashed];',
    '  "A-1" -> "X\\"]; evil[\\\\x1b#";',
    "}",
  ]);
});
