import { assertEquals } from "../test_assert.ts";
import { insertToken, migratedMemoryDatabase, type TestTokenRow } from "../query/test_database.ts";
import { byRequirement, readAllTokens } from "./requirements.ts";
import { checkDependencies, dependencyGraph } from "./deps_graph.ts";

function groupsOf(rows: TestTokenRow[]) {
  const db = migratedMemoryDatabase();
  rows.forEach((row) => insertToken(db, row));
  const groups = byRequirement(readAllTokens(db));
  db.close();
  return groups;
}

Deno.test("checkDependencies: each cycle once, from its smallest id; self-loops; missing ids", () => {
  const groups = groupsOf([
    { req_id: "C-1", depends_on: "A-1" },
    { req_id: "A-1", depends_on: "B-1" },
    { req_id: "B-1", depends_on: "C-1, A-1" },
    { req_id: "D-1", depends_on: "D-1" },
    { req_id: "E-1", depends_on: "Z-9", file_path: "e.ts", line_number: 7 },
    { req_id: "F-1", depends_on: "R-1" },
    { req_id: "R-1", status: "REMOVED" },
  ]);
  const check = checkDependencies(groups);
  assertEquals(check.cycles, [["A-1", "B-1", "A-1"], ["A-1", "B-1", "C-1", "A-1"], ["D-1", "D-1"]]);
  assertEquals(check.missing, [
    { req_id: "E-1", dependency: "Z-9", file_path: "e.ts", line_number: 7 },
    {
      req_id: "F-1",
      dependency: "R-1",
      file_path: "src/a.ts",
      line_number: check.missing[1].line_number,
    },
  ]);
  assertEquals(
    checkDependencies(groupsOf([{ req_id: "A-1", depends_on: "B-1" }, { req_id: "B-1" }])),
    {
      missing: [],
      cycles: [],
    },
  );
});

Deno.test("dependencyGraph: nodes with progress, missing ones marked, ids matched in any case", () => {
  const graph = dependencyGraph(groupsOf([
    { req_id: "A-1", status: "TESTED", depends_on: "b-1,X-1" },
    { req_id: "A-1", status: "STUB" },
    { req_id: "B-1", status: "IMPL" },
  ]));
  assertEquals(graph.nodes.map((n) => [n.req_id, n.is_missing, n.percent]), [
    ["A-1", false, 50],
    ["B-1", false, 0],
    ["X-1", true, 0],
  ]);
  assertEquals(graph.edges, [{ from: "A-1", to: "B-1" }, { from: "A-1", to: "X-1" }]);
});
