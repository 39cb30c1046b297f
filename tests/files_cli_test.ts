import { assertEquals, assertMatch } from "../src/test_assert.ts";
import { runCanary, tempDir } from "./helpers.ts";
import { indexedTrackFixture } from "./track_fixture.ts";

Deno.test("canary files", async (t) => {
  using dir = tempDir();
  const db = await indexedTrackFixture(dir.path);
  const files = (...args: string[]) => runCanary(["files", "--db", db, ...args]);

  await t.step("a table per aspect and file, in the canonical aspect order", async () => {
    const r = await files("cbin-130");
    assertEquals([r.code, r.stderr], [0, ""]);
    assertEquals(r.stdout.trimEnd().split("\n").map((l) => l.split(/\s+/)), [
      ["ASPECT", "FILE", "TOKENS"],
      ["Storage", "src/db/migrate.go", "1"],
      ["Storage", "src/plan/plan.ts", "1"],
      ["Docs", "src/plan/plan.ts", "1"],
    ]);
  });

  await t.step("--json", async () => {
    const value = JSON.parse((await files("CBIN-130", "--json")).stdout);
    assertEquals(value.req_id, "CBIN-130");
    assertEquals(value.files[2], { aspect: "Docs", file_path: "src/plan/plan.ts", token_count: 1 });
  });

  await t.step("an unknown id: exit 1 with the nearest ids", async () => {
    const r = await files("CBIN-3O0");
    assertEquals([r.code, r.stdout], [1, ""]);
    assertMatch(r.stderr, /no token has REQ=CBIN-3O0; nearest: CBIN-300/);
  });
});
