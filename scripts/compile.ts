/**
 * `deno task compile`: builds self-contained canary binaries.
 *
 *     deno task compile [--target TARGET]... [--out-dir DIR]
 *
 * Without `--target` it builds every target `deno compile` offers; `--target
 * host` means the machine it runs on. Binaries land in `DIR` (default `dist`)
 * as `canary-<version>-<target>[.exe]`, with a `SHA256SUMS` for them. The
 * version is `deno.json`'s plus `git describe` build metadata; it is stamped
 * into a staged copy of the sources, never into the working tree. The binaries
 * are compiled from that copy's bundle (`scripts/bundle.ts`).
 *
 * `deno compile` downloads its runtime (denort) per target; set `DENORT_BIN`
 * to a local denort to build offline, for the host only.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatVersion } from "../src/version.ts";
import { BINARY_RUN_FLAGS } from "./binary_flags.ts";
import { binaryFileName, KNOWN_TARGETS, parseSupportedTargets } from "./release_targets.ts";
import { formatSha256Sums, type Sha256Entry, sha256File } from "./sha256sums.ts";
import { stageModuleGraph } from "./stage_build.ts";
import {
  BUNDLE_ENTRY_POINTS,
  bundleProgram,
  ENTRYPOINT,
  INCLUDED_MODULES,
  PROJECT_ROOT,
} from "./bundle.ts";
import { bundledPath } from "../src/deferred_import.ts";
import { buildMetadataFromDescribe, renderBuildStamp } from "./version_stamp.ts";

/** What to build and where, from the command line. */
export interface CompileOptions {
  /** `deno compile` targets to build, in order. */
  targets: string[];
  /** Directory the binaries and `SHA256SUMS` are written to. */
  outDir: string;
}

/** A bad command line; the script prints its message and exits with code 2. */
export class CompileUsageError extends Error {
  /** Creates the error with a one-line message. */
  constructor(message: string) {
    super(message);
    this.name = "CompileUsageError";
  }
}

/**
 * Reads the command line. `supported` is the target list of the Deno in use;
 * `host` replaces the word `host`. `denortBin` is `DENORT_BIN`: a local
 * runtime only runs on the host, so with it the default is the host alone and
 * any other target is refused. Throws {@link CompileUsageError} for an unknown
 * option or target.
 */
export function parseCompileArgs(
  args: string[],
  supported: readonly string[],
  host: string,
  denortBin?: string,
): CompileOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        target: { type: "string", multiple: true },
        "out-dir": { type: "string", default: "dist" },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new CompileUsageError(error instanceof Error ? error.message : String(error));
  }
  const requested = (parsed.values.target ?? []).map((target) => target === "host" ? host : target);
  for (const target of requested) {
    if (!supported.includes(target)) {
      throw new CompileUsageError(
        `unknown target ${target}; expected host or one of: ${supported.join(", ")}`,
      );
    }
  }
  if (denortBin) {
    const foreign = requested.find((target) => target !== host);
    if (foreign !== undefined) {
      throw new CompileUsageError(
        `DENORT_BIN=${denortBin} is a runtime for ${host} only, so it cannot build ${foreign}; ` +
          "unset it to download the runtime for each target",
      );
    }
    return { targets: [host], outDir: parsed.values["out-dir"] };
  }
  return {
    targets: requested.length > 0 ? [...new Set(requested)] : [...supported],
    outDir: parsed.values["out-dir"],
  };
}

/**
 * The `deno compile` arguments that build the bundle's `entrypoint` for `target` into `output`,
 * run in the bundle's folder: the modules the bundle loads by computed URLs are included.
 */
export function compileArgs(target: string, output: string, entrypoint: string): string[] {
  return [
    "compile",
    ...BINARY_RUN_FLAGS,
    ...INCLUDED_MODULES.flatMap((module) => ["--include", bundledPath(module)]),
    "--target",
    target,
    "--output",
    output,
    entrypoint,
  ];
}

/** `git describe --tags --always --dirty` in `root`, or undefined without git or commits. */
export async function gitDescribe(root: string): Promise<string | undefined> {
  try {
    const output = await new Deno.Command("git", {
      args: ["describe", "--tags", "--always", "--dirty"],
      cwd: root,
      stdout: "piped",
      stderr: "null",
    }).output();
    return output.success ? new TextDecoder().decode(output.stdout).trim() : undefined;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** Targets the running `deno compile` accepts, falling back to {@link KNOWN_TARGETS}. */
export async function supportedTargets(root: string): Promise<readonly string[]> {
  // An invalid --target makes deno list the valid ones and exit before doing any work.
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["compile", "--target", "canary-probe", ENTRYPOINT],
    cwd: root,
    stdout: "null",
    stderr: "piped",
  }).output();
  return parseSupportedTargets(new TextDecoder().decode(output.stderr)) ?? KNOWN_TARGETS;
}

/** What a build produced. */
export interface CompileResult {
  /** The version stamped into the binaries. */
  version: string;
  /** Each binary with its path and checksum, in target order. */
  binaries: (Sha256Entry & { path: string; target: string })[];
  /** Path of the `SHA256SUMS` file written. */
  sumsPath: string;
}

/**
 * Builds the binaries `options` asks for from `root` and writes `SHA256SUMS`.
 * Throws when `deno compile` fails for any target.
 */
export async function compileRelease(
  root: string,
  options: CompileOptions,
): Promise<CompileResult> {
  const baseVersion = JSON.parse(await Deno.readTextFile(join(root, "deno.json"))).version;
  if (typeof baseVersion !== "string" || !/^\d+\.\d+\.\d+/.test(baseVersion)) {
    throw new Error(`deno.json has no semver "version" (found ${JSON.stringify(baseVersion)})`);
  }
  const metadata = buildMetadataFromDescribe(await gitDescribe(root), baseVersion);
  const version = formatVersion(baseVersion, metadata);
  const outDir = resolve(options.outDir);
  await Deno.mkdir(outDir, { recursive: true });

  const stageDir = await Deno.makeTempDir({ prefix: "canary-build-" });
  try {
    for (const module of BUNDLE_ENTRY_POINTS) await stageModuleGraph(root, module, stageDir);
    await Deno.mkdir(join(stageDir, "src"), { recursive: true });
    await Deno.writeTextFile(join(stageDir, "src", "build_stamp.ts"), renderBuildStamp(metadata));
    // The binaries run the bundle, the program `deno task bench` times.
    const bundleDir = join(stageDir, "bundle");
    await bundleProgram(stageDir, bundleDir);

    const binaries: CompileResult["binaries"] = [];
    for (const target of options.targets) {
      const name = binaryFileName(version, target);
      const path = join(outDir, name);
      const status = await new Deno.Command(Deno.execPath(), {
        args: compileArgs(target, path, bundledPath(ENTRYPOINT)),
        cwd: bundleDir,
        stdin: "null",
        stdout: "inherit",
        stderr: "inherit",
      }).output();
      if (!status.success) throw new Error(`deno compile failed for ${target}`);
      binaries.push({ name, path, target, sha256: await sha256File(path) });
    }
    const sumsPath = join(outDir, "SHA256SUMS");
    await Deno.writeTextFile(sumsPath, formatSha256Sums(binaries));
    return { version, binaries, sumsPath };
  } finally {
    await Deno.remove(stageDir, { recursive: true });
  }
}

async function main(args: string[]): Promise<number> {
  let options: CompileOptions;
  try {
    options = parseCompileArgs(
      args,
      await supportedTargets(PROJECT_ROOT),
      Deno.build.target,
      Deno.env.get("DENORT_BIN"),
    );
  } catch (error) {
    if (!(error instanceof CompileUsageError)) throw error;
    console.error(`compile: ${error.message}`);
    console.error("usage: deno task compile [--target TARGET|host]... [--out-dir DIR]");
    return 2;
  }
  try {
    const result = await compileRelease(PROJECT_ROOT, options);
    for (const binary of result.binaries) console.log(`built ${binary.path}`);
    console.log(`wrote ${result.sumsPath} (canary ${result.version})`);
    return 0;
  } catch (error) {
    console.error(`compile: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
