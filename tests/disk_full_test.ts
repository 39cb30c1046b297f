import { LATEST_SCHEMA_VERSION } from "../src/db/embedded_migrations.ts";
/**
 * A full disk, end to end, on a small tmpfs: the failing step is named, the
 * message says nothing was changed, and the database still holds what it held.
 * Needs root and a kernel that lets it mount tmpfs; elsewhere the tests are
 * reported as ignored, with the reason.
 */
import { assertEquals, assertMatch } from "../src/test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { runCanary, type RunResult, tempDir, writeTree } from "./helpers.ts";

const TOKEN =
  `// CANARY: REQ=CBIN-1; FEATURE="Alpha"; ASPECT=API; STATUS=IMPL; UPDATED=2025-10-16\n`;

function command(name: string, args: string[]): { code: number; stderr: string } {
  try {
    const out = new Deno.Command(name, { args, stdout: "null", stderr: "piped" }).outputSync();
    return { code: out.code, stderr: new TextDecoder().decode(out.stderr).trim() };
  } catch (error) {
    return { code: -1, stderr: (error as Error).message };
  }
}

/** Why a tmpfs cannot be mounted here, or null when it can. */
function tmpfsSkipReason(): string | null {
  if (Deno.uid() !== 0) return "needs root to mount a small tmpfs";
  const probe = Deno.makeTempDirSync({ prefix: "canary-tmpfs-probe-" });
  try {
    const mounted = command("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe]);
    if (mounted.code !== 0) return `cannot mount tmpfs: ${mounted.stderr}`;
    command("umount", [probe]);
    return null;
  } finally {
    Deno.removeSync(probe, { recursive: true });
  }
}

/** A tmpfs of `size` mounted on a fresh folder, unmounted when disposed. */
function smallDisk(size: string): { path: string } & Disposable {
  const path = Deno.makeTempDirSync({ prefix: "canary-full-" });
  const mounted = command("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", path]);
  if (mounted.code !== 0) throw new Error(`mount failed: ${mounted.stderr}`);
  return {
    path,
    [Symbol.dispose]() {
      command("umount", [path]);
      Deno.removeSync(path, { recursive: true });
    },
  };
}

function assertDiskFull(r: RunResult, step: RegExp, what: string): void {
  assertEquals(r.code, 1, `${what}: exit ${r.code}\n${r.stderr}`);
  const lines = r.stderr.trimEnd().split("\n");
  assertEquals(lines.length, 1, `${what}: ${r.stderr}`);
  assertMatch(lines[0], /^canary: error: .*the disk is full; nothing was changed$/, what);
  assertMatch(lines[0], step, what);
}

function bigTree(dir: string): void {
  const files: Record<string, string> = { "a.ts": TOKEN };
  for (let i = 0; i < 400; i++) {
    files[`f${i}.ts`] = Array.from(
      { length: 20 },
      (_, j) =>
        `// CANARY: REQ=CBIN-${i}${j}; FEATURE="A rather long feature name ${i} ${j}"; ASPECT=API; STATUS=IMPL; UPDATED=2025-10-16\n`,
    ).join("");
  }
  writeTree(dir, files);
}

const skip = tmpfsSkipReason();
if (skip !== null) console.warn(`disk-full tests ignored: ${skip}`);

Deno.test({
  name: `index on a full disk names the step and keeps the previous index${
    skip ? ` (ignored: ${skip})` : ""
  }`,
  ignore: skip !== null,
  fn: async () => {
    using disk = smallDisk("1m");
    using trees = tempDir();
    writeTree(trees.path, { "small/a.ts": TOKEN });
    bigTree(`${trees.path}/big`);
    const db = `${disk.path}/c.db`;
    let r = await runCanary(["index", "--root", `${trees.path}/small`, "--db", db]);
    assertEquals(r.code, 0, r.stderr);
    r = await runCanary(["index", "--root", `${trees.path}/big`, "--db", db]);
    assertDiskFull(r, /writing the new index failed/, "index");
    r = await runCanary(["list", "--json", "--db", db]);
    assertEquals(r.code, 0, r.stderr);
    assertEquals(JSON.parse(r.stdout).map((t: { req_id: string }) => t.req_id), ["CBIN-1"]);
  },
});

Deno.test({
  name: `a backup that does not fit says so and nothing is rolled back${
    skip ? ` (ignored: ${skip})` : ""
  }`,
  ignore: skip !== null,
  fn: async () => {
    using disk = smallDisk("64k");
    using dir = tempDir();
    bigTree(`${dir.path}/tree`);
    let r = await runCanary(["index", "--root", "tree", "--db", "c.db"], { cwd: dir.path });
    assertEquals(r.code, 0, r.stderr);
    r = await runCanary(["rollback", "1", "--db", "c.db", "--backup", `${disk.path}/b.db`], {
      cwd: dir.path,
    });
    assertDiskFull(r, /back up c\.db/, "rollback");
    assertEquals([...Deno.readDirSync(disk.path)].length, 0, "no partial copy is left");
    const check = new DatabaseSync(`${dir.path}/c.db`, { readOnly: true });
    try {
      assertEquals(
        {
          ...check.prepare("SELECT count(*) AS n FROM schema_migrations WHERE version = ?")
            .get(LATEST_SCHEMA_VERSION),
        },
        { n: 1 },
      );
    } finally {
      check.close();
    }
  },
});
