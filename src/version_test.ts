import { assert, assertEquals, assertMatch } from "./test_assert.ts";
import denoConfig from "../deno.json" with { type: "json" };
import { BUILD_METADATA } from "./build_stamp.ts";
import { EMBEDDED_MIGRATIONS } from "./db/embedded_migrations.ts";
import { CANARY_VERSION, formatVersion, formatVersionLine, versionInfo } from "./version.ts";

Deno.test("formatVersion appends build metadata after a plus sign", () => {
  assertEquals(formatVersion("0.1.0", "g1a2b3c4"), "0.1.0+g1a2b3c4");
  assertEquals(formatVersion("0.1.0", "dev"), "0.1.0+dev");
});

Deno.test("formatVersion leaves an exact release version alone", () => {
  assertEquals(formatVersion("1.2.3", ""), "1.2.3");
});

Deno.test("CANARY_VERSION is the deno.json version plus the stamp", () => {
  assertEquals(CANARY_VERSION, formatVersion(denoConfig.version, BUILD_METADATA));
  assertMatch(CANARY_VERSION, /^\d+\.\d+\.\d+/);
});

Deno.test("versionInfo reports the newest embedded migration", () => {
  const info = versionInfo();
  assertEquals(info.version, CANARY_VERSION);
  assert(EMBEDDED_MIGRATIONS.length > 0);
  assertEquals(info.schema_version, EMBEDDED_MIGRATIONS.at(-1)?.version);
  assertEquals(Object.keys(info).sort(), ["schema_version", "version"]);
});

Deno.test("versionInfo's schema version matches the newest file in migrations/", async () => {
  const versions: number[] = [];
  for await (const entry of Deno.readDir(new URL("../migrations/", import.meta.url))) {
    const match = /^(\d+)_.*\.up\.sql$/.exec(entry.name);
    if (match) versions.push(Number(match[1]));
  }
  assertEquals(versionInfo().schema_version, Math.max(...versions));
});

Deno.test("formatVersionLine prints the version and schema", () => {
  assertEquals(
    formatVersionLine({ version: "0.1.0", schema_version: 4 }),
    "canary 0.1.0 (schema 4)",
  );
});
