import { assertEquals } from "../test_assert.ts";
import { insertToken, migratedMemoryDatabase } from "../query/test_database.ts";
import { readAllTokens } from "./requirements.ts";
import { requirementFiles } from "./requirement_files.ts";

Deno.test("requirementFiles: counts per aspect and file, aspects in canonical order", () => {
  const db = migratedMemoryDatabase();
  insertToken(db, { aspect: "Docs", file_path: "README.md" });
  insertToken(db, { aspect: "API", file_path: "b.ts" });
  insertToken(db, { aspect: "API", file_path: "a.ts" });
  insertToken(db, { aspect: "API", file_path: "b.ts" });
  insertToken(db, { aspect: "Docs", file_path: "b.ts" });
  const files = requirementFiles(readAllTokens(db));
  db.close();
  assertEquals(files.map((f) => [f.aspect, f.file_path, f.token_count]), [
    ["API", "a.ts", 1],
    ["API", "b.ts", 2],
    ["Docs", "README.md", 1],
    ["Docs", "b.ts", 1],
  ]);
});
