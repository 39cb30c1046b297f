import { assertEquals, assertRejects } from "../src/test_assert.ts";
import { join } from "node:path";
import { localFilesUnder, stageModuleGraph } from "./stage_build.ts";

Deno.test("localFilesUnder keeps files under the root, relative and sorted", () => {
  const root = join("/", "project");
  const files = localFilesUnder(root, {
    modules: [
      { local: join(root, "src", "b.ts") },
      { local: join(root, "main.ts") },
      { local: join("/", "cache", "npm", "commander", "index.js") },
      { local: join("/", "project-other", "x.ts") },
      {},
      { local: join(root, "main.ts") },
    ],
  });
  assertEquals(files, ["main.ts", join("src", "b.ts")]);
});

Deno.test("stageModuleGraph copies the graph, text imports and config, nothing else", async () => {
  const root = await Deno.makeTempDir({ prefix: "canary-stage-root-" });
  const stage = await Deno.makeTempDir({ prefix: "canary-stage-out-" });
  try {
    await Deno.mkdir(join(root, "lib"));
    await Deno.mkdir(join(root, "sql"));
    await Deno.writeTextFile(join(root, "deno.json"), '{ "version": "1.0.0" }\n');
    await Deno.writeTextFile(
      join(root, "main.ts"),
      'import { n } from "./lib/n.ts";\nconsole.log(n);\n',
    );
    await Deno.writeTextFile(
      join(root, "lib", "n.ts"),
      'import sql from "../sql/one.sql" with { type: "text" };\nexport const n = sql.length;\n',
    );
    await Deno.writeTextFile(join(root, "sql", "one.sql"), "SELECT 1;\n");
    await Deno.writeTextFile(join(root, "unrelated.ts"), "export {};\n");

    const copied = await stageModuleGraph(root, "main.ts", stage);

    assertEquals(copied, [
      "deno.json",
      join("lib", "n.ts"),
      "main.ts",
      join("sql", "one.sql"),
    ]);
    assertEquals(await Deno.readTextFile(join(stage, "sql", "one.sql")), "SELECT 1;\n");
    await assertRejects(() => Deno.stat(join(stage, "unrelated.ts")), Deno.errors.NotFound);
  } finally {
    await Deno.remove(root, { recursive: true });
    await Deno.remove(stage, { recursive: true });
  }
});

Deno.test("stageModuleGraph fails loudly when the entry point is missing", async () => {
  const root = await Deno.makeTempDir({ prefix: "canary-stage-root-" });
  try {
    await assertRejects(
      () => stageModuleGraph(root, "main.ts", join(root, "stage")),
      Error,
      "Module not found",
    );
    await Deno.writeTextFile(join(root, "main.ts"), 'import "./gone.ts";\n');
    await assertRejects(
      () => stageModuleGraph(root, "main.ts", join(root, "stage")),
      Error,
      "gone.ts",
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
