import { assertEquals, assertMatch } from "../src/test_assert.ts";
import { runCanary } from "./helpers.ts";
import { LATEST_SCHEMA_VERSION } from "../src/db/embedded_migrations.ts";

const config = JSON.parse(Deno.readTextFileSync(new URL("../deno.json", import.meta.url)));

Deno.test("--version prints the canary version and the newest embedded schema", async () => {
  const r = await runCanary(["--version"]);
  assertEquals(r.code, 0);
  assertMatch(
    r.stdout,
    new RegExp(`^canary ${config.version}\\S* \\(schema ${LATEST_SCHEMA_VERSION}\\)\\n$`),
  );
  assertEquals(r.stderr, "");
});

Deno.test("version --json prints both as an object", async () => {
  const r = await runCanary(["version", "--json"]);
  assertEquals(r.code, 0);
  const info = JSON.parse(r.stdout);
  assertEquals(Object.keys(info).sort(), ["schema_version", "version"]);
  assertEquals(info.schema_version, LATEST_SCHEMA_VERSION);
  assertMatch(info.version, new RegExp(`^${config.version.replaceAll(".", "\\.")}`));
});

Deno.test("an unknown command is a usage error with a suggestion", async () => {
  const r = await runCanary(["indx"]);
  assertEquals(r.code, 2);
  assertEquals(r.stdout, "");
  assertMatch(r.stderr, /unknown command 'indx'.*index/);
});

Deno.test("--version with --help, in either order, prints the whole help; with a value, exit 2", async () => {
  for (const words of [["--help", "--version"], ["--version", "--help"]]) {
    const r = await runCanary(words);
    assertEquals([r.code, r.stderr], [0, ""], words.join(" "));
    assertMatch(r.stdout, /^Usage: canary[\s\S]*\n {2}index\b/, words.join(" "));
  }
  const r = await runCanary(["--version=1"]);
  assertEquals([r.code, r.stdout], [2, ""]);
  assertMatch(r.stderr, /^canary: error: '--version' takes no value \(see 'canary --help'\)\n$/);
});
