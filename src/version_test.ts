import assert from "node:assert/strict";
import denoConfig from "../deno.json" with { type: "json" };
import { BUILD_METADATA } from "./build_stamp.ts";
import { EMBEDDED_MIGRATIONS } from "./db/embedded_migrations.ts";
import { CANARY_VERSION, formatVersion, formatVersionLine, versionInfo } from "./version.ts";

Deno.test("formatVersion appends build metadata after a plus sign", () => {
  assert.equal(formatVersion("0.1.0", "g1a2b3c4"), "0.1.0+g1a2b3c4");
  assert.equal(formatVersion("0.1.0", "dev"), "0.1.0+dev");
});

Deno.test("formatVersion leaves an exact release version alone", () => {
  assert.equal(formatVersion("1.2.3", ""), "1.2.3");
});

Deno.test("CANARY_VERSION is the deno.json version plus the stamp", () => {
  assert.equal(CANARY_VERSION, formatVersion(denoConfig.version, BUILD_METADATA));
  assert.match(CANARY_VERSION, /^\d+\.\d+\.\d+/);
});

Deno.test("versionInfo reports the newest embedded migration", () => {
  const info = versionInfo();
  assert.equal(info.version, CANARY_VERSION);
  assert.ok(EMBEDDED_MIGRATIONS.length > 0);
  assert.equal(info.schema_version, EMBEDDED_MIGRATIONS.at(-1)?.version);
  assert.deepEqual(Object.keys(info).sort(), ["schema_version", "version"]);
});

Deno.test("versionInfo's schema version matches the newest file in migrations/", async () => {
  const versions: number[] = [];
  for await (const entry of Deno.readDir(new URL("../migrations/", import.meta.url))) {
    const match = /^(\d+)_.*\.up\.sql$/.exec(entry.name);
    if (match) versions.push(Number(match[1]));
  }
  assert.equal(versionInfo().schema_version, Math.max(...versions));
});

Deno.test("formatVersionLine prints the version and schema", () => {
  assert.equal(
    formatVersionLine({ version: "0.1.0", schema_version: 4 }),
    "canary 0.1.0 (schema 4)",
  );
});
