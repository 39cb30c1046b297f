// scripts/compile.ts stamps a staged copy of this file when it builds binaries; the committed
// file stays the "dev" default, so `deno run` from a checkout reports a build from source.

/** Build metadata appended to the deno.json version: "dev" from source, "" for an exact release. */
export const BUILD_METADATA: string = "dev";
