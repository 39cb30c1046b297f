/**
 * The build stamp: how `git describe` output becomes semver build metadata,
 * and the exact text of `src/build_stamp.ts` that carries it into a binary.
 *
 * @module
 */

/** Build metadata of the committed `src/build_stamp.ts`: a build from source. */
export const DEV_BUILD_METADATA = "dev";

/**
 * Turns `git describe --tags --always --dirty` output into semver build
 * metadata for `version`:
 *
 * - no output (no git, no commits) → `""`, the plain version;
 * - `v0.1.0` (the release tag itself) → `""`;
 * - `v0.1.0-3-g1a2b3c4-dirty` → `3.g1a2b3c4.dirty`;
 * - `1a2b3c4` (no tag yet) → `g1a2b3c4`;
 * - any other tag → the describe text, with characters semver forbids replaced by `-`.
 */
export function buildMetadataFromDescribe(describe: string | undefined, version: string): string {
  const text = (describe ?? "").trim();
  if (text === "") return "";
  for (const tag of [`v${version}`, version]) {
    if (text === tag) return "";
    if (text.startsWith(`${tag}-`)) {
      return sanitize(text.slice(tag.length + 1).replaceAll("-", "."));
    }
  }
  // `--always` falls back to a bare abbreviated hash; the `g` says it is one, as git itself does.
  const bareHash = /^([0-9a-f]{4,40})(-dirty)?$/.exec(text);
  if (bareHash) return `g${bareHash[1]}${bareHash[2] ? ".dirty" : ""}`;
  return sanitize(text);
}

function sanitize(metadata: string): string {
  return metadata.replace(/[^0-9A-Za-z.-]/g, "-");
}

/**
 * The full text of `src/build_stamp.ts` for `buildMetadata`. The committed
 * file is exactly `renderBuildStamp(DEV_BUILD_METADATA)`, so a build can put
 * it back byte for byte.
 */
export function renderBuildStamp(buildMetadata: string): string {
  return [
    "// scripts/compile.ts stamps a staged copy of this file when it builds binaries; the committed",
    '// file stays the "dev" default, so `deno run` from a checkout reports a build from source.',
    "",
    '/** Build metadata appended to the deno.json version: "dev" from source, "" for an exact release. */',
    `export const BUILD_METADATA: string = ${JSON.stringify(buildMetadata)};`,
    "",
  ].join("\n");
}
