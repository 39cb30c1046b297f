import { assert, assertEquals, assertThrows } from "../test_assert.ts";
import { filterCondition, whereClause } from "./filters.ts";
import { listStatement, listTokens } from "./list_tokens.ts";
import { insertToken, migratedMemoryDatabase } from "./test_database.ts";
import type { DatabaseSync } from "node:sqlite";
import { compareCodePoints } from "../scan/path_order.ts";
import { compareStatus, STATUSES } from "../tokens/status_order.ts";

function fixture(): DatabaseSync {
  const db = migratedMemoryDatabase();
  insertToken(db, {
    req_id: "CBIN-CLI-001",
    feature: "ListCommand",
    aspect: "CLI",
    status: "STUB",
    priority: 2,
    owner: "alice",
    phase: "P1",
    updated_at: "2025-10-01",
    file_path: "src/cli/list.ts",
    line_number: 3,
  });
  insertToken(db, {
    req_id: "CBIN-CLI-002",
    feature: "SearchCommand",
    aspect: "CLI",
    status: "IMPL",
    priority: 2,
    owner: "bob",
    phase: "P2",
    updated_at: "2025-10-05",
    file_path: "src/cli/search.ts",
    line_number: 1,
  });
  insertToken(db, {
    req_id: "CBIN-129",
    feature: "DatabaseMigrations",
    aspect: "Storage",
    status: "TESTED",
    priority: 5,
    owner: "alice",
    spec_status: "approved",
    file_path: "src/db/migrate.ts",
    line_number: 10,
  });
  insertToken(db, {
    req_id: "CBIN-1",
    feature: "Scan",
    aspect: "Engine",
    status: "BENCHED",
    priority: 9,
    updated_at: "2025-09-01",
    file_path: "lib/scan.go",
    line_number: 7,
  });
  return db;
}

const reqs = (db: DatabaseSync, query: Parameters<typeof listTokens>[1]) =>
  listTokens(db, query).map((t) => t.req_id);

Deno.test("listTokens orders by priority, then most recently updated, by default", () => {
  using db = fixture();
  assertEquals(reqs(db, {}), ["CBIN-CLI-002", "CBIN-CLI-001", "CBIN-129", "CBIN-1"]);
});

Deno.test("listTokens orders by each --order-by field, and --desc reverses it", () => {
  using db = fixture();
  assertEquals(reqs(db, { order: { field: "req", descending: false } }), [
    "CBIN-1",
    "CBIN-129",
    "CBIN-CLI-001",
    "CBIN-CLI-002",
  ]);
  assertEquals(reqs(db, { order: { field: "status", descending: true } }), [
    "CBIN-1",
    "CBIN-129",
    "CBIN-CLI-002",
    "CBIN-CLI-001",
  ]);
  assertEquals(reqs(db, { order: { field: "file", descending: false } })[0], "CBIN-1");
  // Undated tokens stay last whichever way dates are ordered.
  assertEquals(reqs(db, { order: { field: "updated", descending: false } }).at(-1), "CBIN-129");
  assertEquals(reqs(db, { order: { field: "updated", descending: true } }), [
    "CBIN-CLI-002",
    "CBIN-CLI-001",
    "CBIN-1",
    "CBIN-129",
  ]);
  assertEquals(reqs(db, { order: { field: "feature", descending: false } })[0], "CBIN-129");
  assertEquals(reqs(db, { order: { field: "priority", descending: true } })[0], "CBIN-1");
});

Deno.test("listTokens combines filters with AND and lists with OR", () => {
  using db = fixture();
  assertEquals(reqs(db, { filters: { statuses: ["STUB", "TESTED"] } }).sort(), [
    "CBIN-129",
    "CBIN-CLI-001",
  ]);
  assertEquals(reqs(db, { filters: { aspects: ["cli"], owners: ["ALICE"] } }), ["CBIN-CLI-001"]);
  assertEquals(reqs(db, { filters: { phases: ["p2"] } }), ["CBIN-CLI-002"]);
  assertEquals(reqs(db, { filters: { specStatuses: ["draft"] } }).length, 3);
  assertEquals(reqs(db, { filters: { specStatuses: ["approved"] } }), ["CBIN-129"]);
  assertEquals(reqs(db, { filters: { priorityMin: 3, priorityMax: 9 } }), ["CBIN-129", "CBIN-1"]);
});

Deno.test("--req matches an id exactly or as a dash-separated prefix; * makes it a glob", () => {
  using db = fixture();
  assertEquals(reqs(db, { filters: { req: "CBIN-CLI" } }), ["CBIN-CLI-002", "CBIN-CLI-001"]);
  assertEquals(reqs(db, { filters: { req: "cbin-1" } }), ["CBIN-1"]);
  assertEquals(reqs(db, { filters: { req: "CBIN-1*" } }), ["CBIN-129", "CBIN-1"]);
  assertEquals(reqs(db, { filters: { req: "CBIN_CLI" } }), [], "_ is not a LIKE wildcard");
});

Deno.test("--req takes its ids from the index on req_id, and only those it names", () => {
  using db = migratedMemoryDatabase();
  // Around the prefix and its "-" in every order, case and byte: only the id and its own children.
  const ids =
    "CBIN-7|cbin-7-a|CBIN-7-|CBIN-7,|CBIN-7.|CBIN-7 |CBIN-7+x|CBIN-70|CBIN-7é|CBIN-6-1|CBIN-8";
  for (const [i, req] of ids.split("|").entries()) {
    insertToken(db, { req_id: req, feature: `F${i}` });
  }
  assertEquals(reqs(db, { filters: { req: "Cbin-7" } }).sort(), ["CBIN-7", "CBIN-7-", "cbin-7-a"]);
  assertEquals(reqs(db, { filters: { req: "cbin-7-" } }), ["CBIN-7-"], "itself; it has no child");
  const filter = filterCondition({ req: "CBIN-7" });
  const sql = `SELECT t.id FROM tokens t ${whereClause(filter.clauses)} ORDER BY t.priority`;
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...filter.params) as {
    detail: string;
  }[];
  assert(
    plan.some((row) => row.detail.includes("idx_tokens_req_id_nocase")),
    plan.map((row) => row.detail).join("; "),
  );
});

Deno.test("--status with a limit reads that status's first tokens in order off one index", () => {
  using db = migratedMemoryDatabase();
  const statuses = ["STUB", "IMPL", "TESTED"];
  for (let i = 0; i < 300; i++) {
    const day = i % 7 === 0 ? null : `2025-10-${String(1 + (i * 13) % 28).padStart(2, "0")}`;
    insertToken(db, {
      req_id: `CBIN-${i}`,
      status: statuses[i % 3],
      priority: 1 + i % 5,
      updated_at: day,
    });
  }
  const query = { filters: { statuses: ["STUB"] }, limit: 7 };
  const all = listTokens(db, { filters: query.filters });
  const ordered = [...all].sort((a, b) =>
    a.priority - b.priority || (b.updated ?? "").localeCompare(a.updated ?? "") ||
    a.id - b.id
  );
  assertEquals(all.map((t) => t.req_id), ordered.map((t) => t.req_id));
  assertEquals(
    listTokens(db, query).map((t) => t.req_id),
    ordered.slice(0, 7).map((t) => t.req_id),
  );
  const { sql, params } = listStatement(query);
  const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
    .map((row) => row.detail).join("; ");
  assert(
    plan.includes("idx_tokens_status_priority_updated") && !plan.includes("TEMP B-TREE"),
    plan,
  );
});

Deno.test("--path is a glob on the file path", () => {
  using db = fixture();
  assertEquals(reqs(db, { filters: { path: "src/cli/*" } }), ["CBIN-CLI-002", "CBIN-CLI-001"]);
  assertEquals(reqs(db, { filters: { path: "*.go" } }), ["CBIN-1"]);
  assertEquals(reqs(db, { filters: { path: "./src/cli/*" } }), ["CBIN-CLI-002", "CBIN-CLI-001"]);
});

Deno.test("--path names a file or folder as stored paths do: ./, . and trailing / dropped", () => {
  using db = fixture();
  const cli = ["CBIN-CLI-002", "CBIN-CLI-001"];
  for (const path of ["src/cli", "src/cli/", "./src/cli", ".//src/./cli/", "src/x/../cli"]) {
    assertEquals(reqs(db, { filters: { path } }), cli, path);
  }
  for (const path of [".", "./", ""]) {
    assertEquals(reqs(db, { filters: { path } }).length, 4, JSON.stringify(path));
  }
});

Deno.test("limit caps the result", () => {
  using db = fixture();
  assertEquals(reqs(db, { limit: 2 }), ["CBIN-CLI-002", "CBIN-CLI-001"]);
});

Deno.test("SQL in filter values is data: no match, and the table is intact", () => {
  using db = fixture();
  const hostile = "x'; DROP TABLE tokens; --";
  assertEquals(
    reqs(db, {
      filters: {
        statuses: [hostile],
        owners: [hostile],
        req: hostile,
        path: hostile,
      },
    }),
    [],
  );
  assertEquals(reqs(db, { filters: { req: `${hostile}*` } }), []);
  assertEquals(listTokens(db).length, 4);
});

Deno.test("listTokens maps rows to the JSON token shape", () => {
  using db = fixture();
  insertToken(db, {
    req_id: "CBIN-7",
    feature: "Shape",
    test: "TestA, TestB,",
    bench: null,
    created_at: "2025-01-02",
  });
  const [token] = listTokens(db, { filters: { req: "CBIN-7" } });
  assertEquals(token.tests, ["TestA", "TestB"]);
  assertEquals(token.benches, []);
  assertEquals(token.created, "2025-01-02");
  assertEquals(token.owner, null);
  assertEquals(token.priority, 5, "the schema default");
  assertEquals(Object.keys(token), [
    "id",
    "req_id",
    "feature",
    "aspect",
    "status",
    "declared_status",
    "file_path",
    "line_number",
    "tests",
    "benches",
    "owner",
    "priority",
    "phase",
    "keywords",
    "spec_status",
    "created",
    "updated",
    "started",
    "completed",
    "depends_on",
    "blocks",
    "related_to",
    "doc",
    "doc_hash",
    "doc_type",
    "commit_hash",
    "branch",
    "indexed_at",
    "raw_token",
  ]);
});

Deno.test("an unknown order field cannot reach SQL", () => {
  using db = fixture();
  assertThrows(
    () =>
      listTokens(db, {
        order: { field: "priority; DROP TABLE tokens" as "req", descending: false },
      }),
    TypeError,
  );
  assertEquals(listTokens(db).length, 4);
});

Deno.test("--order-by status sorts as compareStatus does, for every status", () => {
  const db = migratedMemoryDatabase();
  for (const status of [...STATUSES].reverse()) insertToken(db, { status, req_id: status });
  const listed = listTokens(db, { order: { field: "status", descending: false } });
  assertEquals(listed.map((t) => t.status), [...STATUSES].sort(compareStatus));
  db.close();
});

Deno.test("--order-by file sorts paths in code point order, astral and private-use included", () => {
  const db = migratedMemoryDatabase();
  const paths = [
    "a/\u{E000}.ts",
    "a/\u{1F600}.ts",
    "a/\u{1D538}.ts",
    "a/z.ts",
    "a/\u00E9.ts",
    "A.ts",
  ];
  for (const file_path of paths) insertToken(db, { file_path, line_number: 1 });
  const listed = listTokens(db, { order: { field: "file", descending: false } });
  const expected = [...paths].sort(compareCodePoints);
  assertEquals(listed.map((t) => t.file_path), expected);
  // The case this guards: UTF-16 order would put the astral paths before U+E000.
  assertEquals(expected.slice(-3), ["a/\u{E000}.ts", "a/\u{1D538}.ts", "a/\u{1F600}.ts"]);
  db.close();
});
