import { assertEquals, assertMatch } from "../src/test_assert.ts";
import {
  buildMetadataFromDescribe,
  DEV_BUILD_METADATA,
  renderBuildStamp,
} from "./version_stamp.ts";

Deno.test("buildMetadataFromDescribe: no describe output means the plain version", () => {
  assertEquals(buildMetadataFromDescribe(undefined, "0.1.0"), "");
  assertEquals(buildMetadataFromDescribe("  \n", "0.1.0"), "");
});

Deno.test("buildMetadataFromDescribe: the release tag itself adds nothing", () => {
  assertEquals(buildMetadataFromDescribe("v0.1.0\n", "0.1.0"), "");
  assertEquals(buildMetadataFromDescribe("0.1.0", "0.1.0"), "");
});

Deno.test("buildMetadataFromDescribe: commits after the tag become dot-separated metadata", () => {
  assertEquals(buildMetadataFromDescribe("v0.1.0-3-g1a2b3c4", "0.1.0"), "3.g1a2b3c4");
  assertEquals(buildMetadataFromDescribe("v0.1.0-3-g1a2b3c4-dirty", "0.1.0"), "3.g1a2b3c4.dirty");
  assertEquals(buildMetadataFromDescribe("v0.1.0-dirty", "0.1.0"), "dirty");
});

Deno.test("buildMetadataFromDescribe: a bare hash gets git's g prefix", () => {
  assertEquals(buildMetadataFromDescribe("1a2b3c4", "0.1.0"), "g1a2b3c4");
  assertEquals(buildMetadataFromDescribe("1a2b3c4-dirty", "0.1.0"), "g1a2b3c4.dirty");
});

Deno.test("buildMetadataFromDescribe: another tag is kept, minus characters semver forbids", () => {
  assertEquals(buildMetadataFromDescribe("v0.0.9-2-gabcdef0", "0.1.0"), "v0.0.9-2-gabcdef0");
  assertEquals(
    buildMetadataFromDescribe("release/x_y-1-gabcdef0", "0.1.0"),
    "release-x-y-1-gabcdef0",
  );
});

Deno.test("renderBuildStamp embeds the metadata as a string literal", () => {
  const text = renderBuildStamp('we"ird');
  assertMatch(text, /export const BUILD_METADATA: string = "we\\"ird";\n$/);
});

Deno.test("the committed src/build_stamp.ts is the dev stamp, byte for byte", async () => {
  const committed = await Deno.readTextFile(new URL("../src/build_stamp.ts", import.meta.url));
  assertEquals(committed, renderBuildStamp(DEV_BUILD_METADATA));
});
