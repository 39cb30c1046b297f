import { assertEquals } from "../test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { StoredFingerprints } from "./stored_fingerprints.ts";

/** Paths whose code point order differs from code unit order (an astral letter and U+FF5E). */
const PATHS = [
  "a/b.ts",
  "a.ts",
  "a/\u{1F600}.ts",
  "a/\uFF5E.ts",
  "b",
  "z/x.ts",
  "é.ts",
  "a/b/c.ts",
];

function database(): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  db.exec(`CREATE TABLE file_fingerprints (
    file_path TEXT PRIMARY KEY, kind TEXT NOT NULL, size INTEGER NOT NULL, mtime_ms REAL NOT NULL,
    strict INTEGER NOT NULL, token_count INTEGER NOT NULL, diagnostics_json TEXT,
    indexed_at TEXT NOT NULL) WITHOUT ROWID`);
  const insert = db.prepare(
    "INSERT INTO file_fingerprints VALUES (?, 'text', ?, 1.5, 0, 0, NULL, '')",
  );
  PATHS.forEach((path, i) => insert.run(path, i));
  return db;
}

Deno.test("every stored path is found, in path order, in any order, and again", () => {
  const stored = StoredFingerprints.load(database());
  assertEquals(stored.unseen().length, PATHS.length);
  const shuffled = [...PATHS].sort(() => 0.5 - Math.random());
  for (const order of [[...PATHS].sort(), shuffled, [...PATHS].reverse(), PATHS]) {
    for (const path of order) assertEquals(stored.find(path)?.size, PATHS.indexOf(path), path);
  }
});

Deno.test("countIn counts the fingerprints, none in an empty table", () => {
  const db = database();
  assertEquals(StoredFingerprints.countIn(db), PATHS.length);
  db.exec("DELETE FROM file_fingerprints");
  assertEquals(StoredFingerprints.countIn(db), 0);
});

Deno.test("paths without a fingerprint are not found, wherever they fall", () => {
  const stored = StoredFingerprints.load(database());
  for (const path of ["", "0", "a", "a/b", "a/b.tsx", "a/\u{1F601}.ts", "zz", "\u{10FFFF}"]) {
    assertEquals(stored.find(path), undefined, path);
    assertEquals(stored.find("b")?.path, "b");
  }
});

Deno.test("what the run did not meet is what unseen lists", () => {
  const stored = StoredFingerprints.load(database());
  for (const path of ["a.ts", "b", "z/x.ts"]) stored.find(path)!.seen = true;
  assertEquals(
    stored.unseen().map((row) => row.path).sort(),
    PATHS.filter((path) => !["a.ts", "b", "z/x.ts"].includes(path)).sort(),
  );
});

Deno.test("every field comes back as stored: kind, strictness, token count and diagnostics", () => {
  const db = database();
  const diagnostic = { path: "a/\u{1F600}.ts", line: 3, severity: "warning", reason: "r" };
  db.prepare(
    "UPDATE file_fingerprints SET kind = 'binary', strict = 1, token_count = 123456789 WHERE file_path = 'b'",
  ).run();
  db.prepare(
    "UPDATE file_fingerprints SET token_count = 2, diagnostics_json = ? WHERE file_path = ?",
  ).run(JSON.stringify([diagnostic]), diagnostic.path);
  db.prepare("UPDATE file_fingerprints SET diagnostics_json = '' WHERE file_path = 'z/x.ts'").run();
  const stored = StoredFingerprints.load(db);
  const b = stored.find("b")!;
  assertEquals([b.kind, b.strict, b.tokenCount, b.diagnostics], ["binary", true, 123456789, []]);
  const astral = stored.find(diagnostic.path)!;
  assertEquals([astral.kind, astral.strict, astral.tokenCount], ["text", false, 2]);
  assertEquals(astral.diagnostics, [diagnostic]);
  for (const path of PATHS.filter((p) => p !== diagnostic.path)) {
    assertEquals(stored.find(path)!.diagnostics, [], path);
  }
});
