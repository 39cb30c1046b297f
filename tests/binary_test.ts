import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
/**
 * Builds canary for this machine with `scripts/compile.ts`, copies the binary
 * alone into an empty directory and drives it there: migrations, rollback,
 * indexing a fixture tree and listing. Passing proves the migrations are
 * embedded and the binary's permissions are enough.
 *
 * `deno compile` needs a runtime (denort): the local one `DENORT_BIN` names,
 * or a download from Deno's servers. When neither is available the test is
 * reported as ignored, with the reason in its name; it never passes unrun.
 */
import { outputOf } from "./helpers.ts";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import denoConfig from "../deno.json" with { type: "json" };

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DENORT_DOWNLOAD_URL =
  `https://dl.deno.land/release/v${Deno.version.deno}/denort-${Deno.build.target}.zip`;
const PROBE_TIMEOUT_MS = 3000;

/** Why no binary can be built here, or "" when one can. */
async function whyNoBuild(): Promise<string> {
  const denort = Deno.env.get("DENORT_BIN");
  if (denort) {
    try {
      return (await Deno.stat(denort)).isFile ? "" : `DENORT_BIN=${denort} is not a file`;
    } catch {
      return `DENORT_BIN=${denort} does not exist`;
    }
  }
  try {
    // Any answer means the network is there; deno compile itself fetches the runtime.
    const response = await fetch(DENORT_DOWNLOAD_URL, {
      method: "HEAD",
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return "";
  } catch {
    return "DENORT_BIN not set and the denort download is unreachable";
  }
}

const skipReason = await whyNoBuild();

async function newestMigrationVersion(): Promise<number> {
  let newest = 0;
  for await (const entry of Deno.readDir(join(ROOT, "migrations"))) {
    const match = /^(\d+)_.*\.up\.sql$/.exec(entry.name);
    if (match) newest = Math.max(newest, Number(match[1]));
  }
  return newest;
}

/** Every string anywhere inside a parsed JSON value. */
function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

Deno.test({
  name: skipReason ? `compiled binary (skipped: ${skipReason})` : "compiled binary runs alone",
  ignore: skipReason !== "",
  async fn() {
    const work = await Deno.makeTempDir({ prefix: "canary-binary-test-" });
    try {
      const dist = join(work, "dist");
      const build = await outputOf(
        new Deno.Command(Deno.execPath(), {
          args: ["run", "--allow-all", "scripts/compile.ts", "--target", "host", "--out-dir", dist],
          cwd: ROOT,
          stdin: "null",
          stdout: "piped",
          stderr: "piped",
        }).spawn(),
        "building the binary",
        600_000,
      );
      const decoder = new TextDecoder();
      assertEquals(build.code, 0, `build failed:\n${decoder.decode(build.stderr)}`);

      const built = (await Array.fromAsync(Deno.readDir(dist))).map((entry) => entry.name).sort();
      const binaryName = built.find((name) => name !== "SHA256SUMS");
      assert(binaryName, `no binary in ${built.join(", ")}`);
      assertEquals(built, [binaryName, "SHA256SUMS"].sort());
      assert(binaryName.startsWith(`canary-${denoConfig.version}`), binaryName);
      assert(binaryName.includes(Deno.build.target), binaryName);
      const sums = await Deno.readTextFile(join(dist, "SHA256SUMS"));
      assertMatch(sums, new RegExp(`^[0-9a-f]{64}  ${binaryName.replace(/[.+]/g, "\\$&")}\n$`));

      // The binary alone, in a directory with no migrations, sources or config.
      const alone = join(work, "alone");
      await Deno.mkdir(alone);
      const exe = join(alone, Deno.build.os === "windows" ? "canary.exe" : "canary");
      await Deno.copyFile(join(dist, binaryName), exe);
      if (Deno.build.os !== "windows") await Deno.chmod(exe, 0o755);

      const fixture = join(work, "fixture");
      await Deno.mkdir(join(fixture, "pkg"), { recursive: true });
      await Deno.writeTextFile(
        join(fixture, "pkg", "migrate.go"),
        "package pkg\n\n" +
          '// CANARY: REQ=CBIN-901; FEATURE="BinaryMigrate"; ASPECT=Storage; STATUS=IMPL; ' +
          "TEST=TestBinaryMigrate; OWNER=canary; UPDATED=2025-10-16\n" +
          "func Migrate() {}\n",
      );
      await Deno.writeTextFile(
        join(fixture, "cli.ts"),
        '// CANARY: REQ=CBIN-902; FEATURE="BinaryList"; ASPECT=CLI; STATUS=TESTED; ' +
          "OWNER=canary; UPDATED=2025-10-17\n" +
          "export const list = 1;\n",
      );

      const env: Record<string, string> = { PATH: Deno.env.get("PATH") ?? "" };
      // Windows processes need SystemRoot to start at all.
      const systemRoot = Deno.env.get("SystemRoot");
      if (systemRoot) env.SystemRoot = systemRoot;
      const run = async (...args: string[]): Promise<RunResult> => {
        const output = await outputOf(
          new Deno.Command(exe, {
            args,
            cwd: alone,
            clearEnv: true,
            env,
            stdin: "null",
            stdout: "piped",
            stderr: "piped",
          }).spawn(),
          "running the binary",
        );
        return {
          code: output.code,
          stdout: decoder.decode(output.stdout),
          stderr: decoder.decode(output.stderr),
        };
      };
      const runOk = async (...args: string[]): Promise<RunResult> => {
        const result = await run(...args);
        assertEquals(
          result.code,
          0,
          `canary ${args.join(" ")} exited ${result.code}:\n${result.stderr}${result.stdout}`,
        );
        return result;
      };

      const schema = await newestMigrationVersion();
      const versionLine = await runOk("--version");
      assertMatch(
        versionLine.stdout,
        new RegExp(
          `^canary ${denoConfig.version.replaceAll(".", "\\.")}\\S* \\(schema ${schema}\\)`,
        ),
      );
      // Help declares every command, so it loads each command module the binary must include.
      const help = await runOk("--help");
      for (const word of ["migrate", "index", "search", "checkpoint", "completions"]) {
        assertMatch(help.stdout, new RegExp(`\\b${word}\\b`));
      }
      const versionJson = JSON.parse((await runOk("version", "--json")).stdout);
      assertEquals(versionJson.schema_version, schema);
      assert(String(versionJson.version).startsWith(denoConfig.version), versionJson.version);
      assertEquals(binaryName.slice("canary-".length).startsWith(versionJson.version), true);

      const db = join(alone, "canary.db");
      await runOk("migrate", "all", "--db", db);
      await runOk("rollback", "all", "--db", db);
      await runOk("migrate", "1", "--db", db);
      await runOk("index", "--root", fixture, "--db", db);
      const listed = await runOk("list", "--json", "--db", db);
      const strings = stringsIn(JSON.parse(listed.stdout));
      for (const expected of ["CBIN-901", "CBIN-902", "BinaryMigrate", "BinaryList"]) {
        assert(
          strings.includes(expected),
          `${expected} missing from list --json:\n${listed.stdout}`,
        );
      }

      // The database is the only thing the run left beside the binary.
      const left = (await Array.fromAsync(Deno.readDir(alone))).map((entry) => entry.name);
      assertEquals(
        left.filter((name) => !name.startsWith("canary.db")).sort(),
        [Deno.build.os === "windows" ? "canary.exe" : "canary"],
      );
    } finally {
      await Deno.remove(work, { recursive: true });
    }
  },
});
