import { assert, assertEquals } from "../test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { openDatabase } from "../db/open.ts";
import {
  ftsString,
  recordSearch,
  searchTokens,
  searchTokensReadingEveryHit,
  searchWords,
} from "./search_tokens.ts";
import { insertToken, migratedMemoryDatabase } from "./test_database.ts";

function fixture(): DatabaseSync {
  const db = migratedMemoryDatabase();
  insertToken(db, {
    req_id: "CBIN-200",
    feature: "MigrationRunner",
    keywords: "migrations,schema,databasemigrations",
    file_path: "src/db/runner.ts",
  });
  insertToken(db, {
    req_id: "CBIN-129",
    feature: "DatabaseMigrations",
    aspect: "Storage",
    owner: "alice",
    file_path: "src/db/migrate.ts",
  });
  insertToken(db, {
    req_id: "CBIN-300",
    feature: "Search",
    aspect: "Engine",
    owner: "bob",
    status: "TESTED",
    keywords: "fts,100%_done",
    file_path: "src/query/search.ts",
  });
  return db;
}

const features = (db: DatabaseSync, terms: string[], filters = {}) =>
  searchTokens(db, { terms, filters }).map((hit) => hit.feature);

Deno.test("a word prefix finds features that contain it", () => {
  using db = fixture();
  assertEquals(features(db, ["migr"]).sort(), ["DatabaseMigrations", "MigrationRunner"]);
  assertEquals(features(db, ["ALICE"]), ["DatabaseMigrations"], "owner, case-insensitively");
  assertEquals(features(db, ["query/sea"]), ["Search"], "file path");
});

Deno.test("an exact feature name ranks first, even against a denser match", () => {
  using db = fixture();
  // By bm25 alone this token outranks DatabaseMigrations: it matches in three columns.
  insertToken(db, {
    req_id: "CBIN-201",
    feature: "DatabaseMigrationsV2",
    keywords: "databasemigrations,databasemigrations",
    owner: "databasemigrations",
  });
  const hits = searchTokens(db, { terms: ["databasemigrations"] });
  assertEquals(hits.map((h) => h.feature), [
    "DatabaseMigrations",
    "DatabaseMigrationsV2",
    "MigrationRunner",
  ]);
  assertEquals(hits.map((h) => h.rank), [1, 2, 3]);
  assert(hits[1].score! < hits[0].score!, "the denser match has the better bm25 score");
});

Deno.test("the shortcut through the best candidates finds what ranking every hit finds", () => {
  using db = migratedMemoryDatabase();
  // Feature lengths give groups of equal bm25 scores, then the rows' own columns break the ties;
  // tokens 600 and later tie on everything the index knows, past the candidates read.
  for (let i = 0; i < 1200; i++) {
    const tied = i >= 600;
    insertToken(db, {
      req_id: i % 97 === 0 ? "MIGRATION" : `CBIN-${(i * 37) % 50}`,
      feature: tied ? `MigrationTied${1000 + i}` : `Migration${"x".repeat(i % 5)}${i % 11}`,
      file_path: `src/${(i * 13) % 17}/f.ts`,
      // The best of the tied by priority are in the middle, far from either end of the index.
      priority: tied ? (i >= 890 && i < 910 ? 1 : 3) : 1 + ((i * 7) % 4),
      status: i % 3 === 0 ? "TESTED" : "IMPL",
      test: i % 50 === 0 ? `TestRunner${i}` : null,
    });
  }
  // Named exactly by a word, but found through its TEST name alone: it outranks every hit.
  insertToken(db, { feature: "Runner", test: "TestMigrationRunner", priority: 9 });
  insertToken(db, { feature: "migration", priority: 9 });
  const queries = [
    ["migration"],
    ["MigrationTied"],
    ["cbin-1"],
    ["migrationxx"],
    ["migration", "runner"],
    ["runner", "tied"],
    ["migration", "x1"],
    ["nothing"],
  ];
  for (const terms of queries) {
    for (const filters of [{}, { statuses: ["TESTED"] }, { req: "MIGRATION" }]) {
      for (const limit of [1, 20, 150, 350, 700, 2000]) {
        const query = { terms, filters, limit };
        const what = `${terms.join(" ")}, ${JSON.stringify(filters)}, limit ${limit}`;
        assertEquals(searchTokens(db, query), searchTokensReadingEveryHit(db, query), what);
      }
    }
  }
  const [named] = searchTokens(db, { terms: ["migration", "runner"], limit: 1 });
  assertEquals([named.feature, named.score], ["Runner", null], "named exactly, found by a name");
  const [first, second] = searchTokens(db, { terms: ["migration"] });
  assertEquals([first.feature, second.req_id], ["migration", "MIGRATION"], "exact names first");
});

Deno.test("a filtered search reads its candidates once, whatever the statistics say", () => {
  using db = migratedMemoryDatabase();
  for (let i = 0; i < 3000; i++) {
    insertToken(db, { feature: `Migration${i % 40}`, status: ["IMPL", "STUB", "TESTED"][i % 3] });
  }
  // Statistics for every index but one, as after an index added to an analysed database: that
  // one's estimates are SQLite's defaults, which make it look selective.
  db.exec("ANALYZE");
  db.exec("DELETE FROM sqlite_stat1 WHERE idx = 'idx_tokens_status_priority_updated'");
  db.exec("ANALYZE sqlite_schema");
  const run: { sql: string; params: unknown[] }[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = (sql: string) => {
    const statement = prepare(sql);
    const all = statement.all.bind(statement);
    statement.all = (...params: never[]) => {
      run.push({ sql, params });
      return all(...params);
    };
    return statement;
  };
  const hits = searchTokens(db, { terms: ["migration"], filters: { statuses: ["IMPL"] } });
  assertEquals(hits.length, 20);
  const read = run.find(({ sql }) => sql.includes("json_each"));
  assert(read !== undefined, "the candidates are read back by id");
  const plan = prepare(`EXPLAIN QUERY PLAN ${read.sql}`).all(...(read.params as never[])) as {
    detail: string;
  }[];
  const loops = plan.map((row) => row.detail).filter((d) => /^(SCAN|SEARCH) (j|t)\b/.test(d));
  assertEquals(loops.slice(0, 2), [
    "SCAN j VIRTUAL TABLE INDEX 1:",
    "SEARCH t USING INTEGER PRIMARY KEY (rowid=?)",
  ]);
});

Deno.test("all words must match", () => {
  using db = fixture();
  assertEquals(features(db, ["migr", "alice"]), ["DatabaseMigrations"]);
  assertEquals(features(db, ["migr nobody"]), []);
});

Deno.test("words shorter than a trigram match as substrings, % and _ literally", () => {
  using db = fixture();
  assertEquals(features(db, ["bo"]), ["Search"]);
  assertEquals(features(db, ["%_"]), ["Search"]);
  assertEquals(features(db, ["_"]), ["Search"]);
  assertEquals(features(db, ["%"]), ["Search"]);
  assertEquals(features(db, ["z%"]), []);
  const [hit] = searchTokens(db, { terms: ["bo"] });
  assertEquals(hit.score, null);
});

Deno.test("search applies the list filters", () => {
  using db = fixture();
  assertEquals(features(db, ["migr"], { aspects: ["storage"] }), ["DatabaseMigrations"]);
  assertEquals(features(db, ["s"], { statuses: ["TESTED"] }), ["Search"]);
});

Deno.test("limit caps the hits", () => {
  using db = fixture();
  assertEquals(searchTokens(db, { terms: ["src"], limit: 2 }).length, 2);
});

const HOSTILE = [
  `'; DROP TABLE tokens; --`,
  `"`,
  `"unbalanced`,
  `a"b`,
  `*`,
  `migr*`,
  `-migr`,
  `NOT`,
  `AND`,
  `OR migr`,
  `NEAR(migr alice)`,
  `(((`,
  `)`,
  `{feature}: x`,
  `feature:migr`,
  `^migr`,
  `+`,
  `\\`,
  `1=1 OR 1=1`,
  `' OR '1'='1`,
  `\u0000x`,
];

for (const input of HOSTILE) {
  Deno.test(`search input ${JSON.stringify(input)} is searched as words, without an error`, () => {
    using db = fixture();
    const hits = searchTokens(db, { terms: [input] });
    assert(Array.isArray(hits));
    assertEquals(db.prepare("SELECT count(*) AS n FROM tokens").get()?.n, 3);
  });
}

Deno.test("an SQL fragment finds nothing and leaves the database intact", () => {
  using db = fixture();
  assertEquals(searchTokens(db, { terms: [`'; DROP TABLE tokens; --`] }), []);
  assertEquals(features(db, ["migr"]).length, 2);
});

Deno.test("searchWords splits on whitespace; ftsString quotes and doubles quotes", () => {
  assertEquals(searchWords([" a  b ", "", "c"]), ["a", "b", "c"]);
  assertEquals(ftsString(`a"b`), `"a""b"`);
});

Deno.test("recordSearch stores the query, filters, limit and result count", () => {
  using db = fixture();
  recordSearch(db, { terms: ["migr", "alice"], filters: { statuses: ["IMPL"] }, limit: 5 }, 1);
  recordSearch(db, { terms: ["x"] }, 0);
  const [latest, first] = db.prepare(
    "SELECT query, filters, results_count, searched_at FROM search_history ORDER BY id DESC",
  ).all() as {
    query: string;
    filters: string | null;
    results_count: number;
    searched_at: string;
  }[];
  assertEquals(first.query, "migr alice");
  assertEquals(JSON.parse(first.filters!), { status: ["IMPL"], limit: 5 });
  assertEquals(first.results_count, 1);
  assert(first.searched_at.length > 0);
  assertEquals(latest.query, "x");
  assertEquals(JSON.parse(latest.filters!), { limit: 20 });
});

Deno.test("recordSearch records nothing and says so while another process holds the write lock", () => {
  const dir = Deno.makeTempDirSync({ prefix: "canary-search-" });
  try {
    const path = `${dir}/busy.db`;
    openDatabase(path).db.close();
    const holder = new DatabaseSync(path);
    const searcher = new DatabaseSync(path, { timeout: 20 });
    try {
      holder.exec("BEGIN IMMEDIATE");
      assertEquals(recordSearch(searcher, { terms: ["x"] }, 0), false);
      holder.exec("ROLLBACK");
      assertEquals(recordSearch(searcher, { terms: ["x"] }, 0), true);
      assertEquals(searcher.prepare("SELECT count(*) AS n FROM search_history").get()!.n, 1);
    } finally {
      searcher.close();
      holder.close();
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("short and long words fold case and accents alike", () => {
  using db = fixture();
  insertToken(db, { req_id: "CBIN-400", feature: "Ölwerk", owner: "Ωmega" });
  for (const word of ["öl", "ÖL", "ol", "ölw", "ÖLW", "olw"]) {
    assertEquals(features(db, [word]), ["Ölwerk"], word);
  }
  assertEquals(features(db, ["ω"]), ["Ölwerk"], "Greek, short");
  assertEquals(features(db, ["ΩME"]), ["Ölwerk"], "Greek, long");
  insertToken(db, { req_id: "CBIN-401", feature: "Ärger" });
  assert(features(db, ["är"]).includes("Ärger"));
  assert(features(db, ["ärg"]).includes("Ärger"));
});

Deno.test("TEST and BENCH names match too, ranked after tokens matched in the index", () => {
  using db = fixture();
  insertToken(db, { req_id: "CBIN-400", feature: "Runner", test: "TestMigrateDB,TestX" });
  insertToken(db, { req_id: "CBIN-401", feature: "Loop", bench: "BenchLoop" });
  assertEquals(features(db, ["TestMigrateDB"]), ["Runner"]);
  assertEquals(features(db, ["benchloop"]), ["Loop"]);
  assertEquals(features(db, ["TestX", "runner"]), ["Runner"], "words may match different columns");
  assertEquals(features(db, ["Qz"]), []);
  assertEquals(features(db, ["tX"]), ["Runner"], "a short word is matched against names too");
  const migrat = features(db, ["migrat"]);
  assertEquals([migrat.length, migrat.at(-1)], [3, "Runner"], "unscored matches rank last");
});

Deno.test("a name-only match appears once the index's hits no longer fill the limit", () => {
  using db = fixture();
  insertToken(db, { req_id: "CBIN-400", feature: "Runner", test: "TestMigrateDB" });
  // Two tokens hold "migrat" in the index, one only in a TEST name.
  const found = (limit: number) =>
    searchTokens(db, { terms: ["migrat"], limit }).map((hit) => [hit.feature, hit.score === null]);
  assertEquals(found(1), [["MigrationRunner", false]]);
  assertEquals(found(2), [["MigrationRunner", false], ["DatabaseMigrations", false]]);
  assertEquals(found(3), [
    ["MigrationRunner", false],
    ["DatabaseMigrations", false],
    ["Runner", true],
  ]);
  // An exact name equal to the word is always among the index's hits, so it ranks first.
  insertToken(db, { req_id: "CBIN-401", feature: "MIGRAT", test: "TestMigrat" });
  assertEquals(found(1), [["MIGRAT", false]]);
});
