/**
 * What canary reports as its version: the `deno.json` version, the build
 * metadata stamped in by `scripts/compile.ts`, and the newest schema version
 * among the embedded migrations.
 *
 * @module
 */
import denoConfig from "../deno.json" with { type: "json" };
import { BUILD_METADATA } from "./build_stamp.ts";
import { LATEST_SCHEMA_VERSION } from "./db/embedded_migrations.ts";

/** The version facts `canary version --json` prints. */
export interface VersionInfo {
  /** Canary's version, e.g. `0.1.0`, `0.1.0+dev` or `0.1.0+g1a2b3c4`. */
  version: string;
  /** Newest schema version among the embedded migrations (0 when there are none). */
  schema_version: number;
}

/**
 * Joins a semver version and build metadata as `version+metadata`; empty
 * metadata (an exact release build) leaves the version alone.
 */
export function formatVersion(version: string, buildMetadata: string): string {
  return buildMetadata === "" ? version : `${version}+${buildMetadata}`;
}

/** Canary's version as built: `deno.json`'s version plus the stamped build metadata. */
export const CANARY_VERSION: string = formatVersion(denoConfig.version, BUILD_METADATA);

/** Canary's version and the newest schema version it embeds. */
export function versionInfo(): VersionInfo {
  return { version: CANARY_VERSION, schema_version: LATEST_SCHEMA_VERSION };
}

/** The one-line human form of `info`, e.g. `canary 0.1.0 (schema 4)`. */
export function formatVersionLine(info: VersionInfo): string {
  return `canary ${info.version} (schema ${info.schema_version})`;
}
