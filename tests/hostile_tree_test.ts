/**
 * `canary index` on hostile trees, end to end: it finishes (exit 0) and
 * reports each oddity, and indexes the ordinary files beside them.
 */
import { assert, assertEquals, waitUntil } from "../src/test_assert.ts";
import {
  CANARY_RUN_FLAGS,
  MAIN_TS,
  outputOf,
  personEnv,
  runCanary,
  tempDir,
  writeTree,
} from "./helpers.ts";
import { runCanaryUnprivileged, unprivilegedSkipReason } from "./unprivileged.ts";

const TOKEN =
  `// CANARY: REQ=CBIN-7; FEATURE="Hostile"; ASPECT=API; STATUS=IMPL; UPDATED=2025-10-16\n`;

interface IndexJson {
  tokens: number;
  files_with_tokens: number;
  skipped: { file_path: string; reason: string }[];
  diagnostics: { file_path: string; line_number: number; reason: string }[];
}

function sh(script: string, cwd: string): void {
  const result = new Deno.Command("sh", {
    args: ["-c", script],
    cwd,
    env: { T: TOKEN },
    stderr: "piped",
  }).outputSync();
  assertEquals(result.code, 0, new TextDecoder().decode(result.stderr));
}

function diagnosed(report: IndexJson, path: string): boolean {
  return report.diagnostics.some((d) => d.file_path === path && d.line_number === 0);
}

Deno.test("index survives a symlink loop, a FIFO, dangling links and odd names, reporting each", async () => {
  using dir = tempDir();
  const tree = `${dir.path}/tree`;
  writeTree(tree, {
    "plain.ts": TOKEN,
    "dir with spaces/file name.ts": TOKEN,
    "sub/inner.ts": TOKEN,
  });
  sh(
    `printf '%s' "$T" > "$(printf 'new\\nline.ts')" && printf '%s' "$T" > "$(printf 'bad\\377name.ts')" && ` +
      "mkfifo pipe.ts && ln -s la lb && ln -s lb la && ln -s .. sub/up && ln -s gone.ts dangling.ts",
    tree,
  );
  const r = await runCanary(["index", "--root", "tree", "--db", "h.db", "--json"], {
    cwd: dir.path,
  });
  assertEquals(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as IndexJson;
  // plain, spaces, inner, and the newline name: all indexed.
  assertEquals(report.files_with_tokens, 4, r.stderr);
  const reasons = Object.fromEntries(report.skipped.map((s) => [s.file_path, s.reason]));
  assertEquals(reasons["pipe.ts"], "not_regular");
  assertEquals(reasons["la"], "symlink_loop");
  assertEquals(reasons["lb"], "symlink_loop");
  assertEquals(reasons["dangling.ts"], "broken_symlink");
  // A link to an ancestor would loop forever if followed; it is skipped, not followed.
  assertEquals(reasons["sub/up"], "symlink_dir");
  for (const path of ["pipe.ts", "la", "lb", "dangling.ts"]) {
    assert(diagnosed(report, path), `no diagnostic for ${path}: ${r.stderr}`);
  }
  const badName = report.skipped.find((s) => s.file_path.startsWith("bad"));
  assert(badName !== undefined, "the non-UTF-8 name must be reported");
  assert(diagnosed(report, badName.file_path), "non-UTF-8 name: no diagnostic");
  const list = await runCanary(["list", "--json", "--db", "h.db"], { cwd: dir.path });
  assertEquals(list.code, 0, list.stderr);
  const files = (JSON.parse(list.stdout) as { file_path: string }[]).map((t) => t.file_path).sort();
  assertEquals(files, ["dir with spaces/file name.ts", "new\nline.ts", "plain.ts", "sub/inner.ts"]);
});

Deno.test("index reports files deleted while it scans, and still finishes", async () => {
  using dir = tempDir();
  const tree = `${dir.path}/tree`;
  const files: Record<string, string> = {};
  for (let i = 0; i < 3000; i++) files[`d${i % 30}/f${i}.ts`] = TOKEN + "x\n".repeat(50);
  writeTree(tree, files);
  const index = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--no-prompt",
      ...CANARY_RUN_FLAGS,
      MAIN_TS,
      "index",
      "--root",
      "tree",
      "--db",
      "v.db",
      "--json",
    ],
    cwd: dir.path,
    clearEnv: true,
    env: personEnv(),
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // Delete from the end of the walk order while the scan runs. When a file is
  // listed and then gone, it must be reported; when it is gone before the
  // walk, it is simply absent. Either way every file is accounted for.
  // The WAL file appears when the database is open and migrated: the scan starts next.
  let exited = false;
  index.status.then(() => exited = true);
  const walExists = () => {
    try {
      return Deno.statSync(`${dir.path}/v.db-wal`).isFile;
    } catch {
      return false;
    }
  };
  await waitUntil(() => exited || walExists(), "index to open the database or exit");
  const paths = Object.keys(files).sort().reverse();
  const deleted = new Set<string>();
  for (const path of paths.slice(0, 1500)) {
    Deno.removeSync(`${tree}/${path}`);
    deleted.add(path);
    if (deleted.size % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const output = await outputOf(index, "index of a tree losing files");
  const stderr = new TextDecoder().decode(output.stderr);
  assertEquals(output.code, 0, stderr);
  const report = JSON.parse(new TextDecoder().decode(output.stdout)) as IndexJson;
  const vanished = report.skipped.filter((s) => s.reason === "vanished").map((s) => s.file_path);
  for (const path of vanished) {
    assert(deleted.has(path), `${path} reported vanished but was not deleted`);
    assert(diagnosed(report, path), `${path} vanished without a diagnostic`);
  }
  const list = await runCanary(["list", "--json", "--limit", "100000", "--db", "v.db"], {
    cwd: dir.path,
  });
  assertEquals(list.code, 0, list.stderr);
  const indexed = new Set(
    (JSON.parse(list.stdout) as { file_path: string }[]).map((t) => t.file_path),
  );
  assertEquals(indexed.size, report.files_with_tokens);
  for (const path of Object.keys(files)) {
    if (!deleted.has(path)) assert(indexed.has(path), `${path} was never deleted but not indexed`);
    if (vanished.includes(path)) assert(!indexed.has(path), `${path} vanished yet indexed`);
  }
  console.log(`  ${vanished.length} files vanished mid-scan, ${indexed.size} indexed`);
});

const skip = unprivilegedSkipReason();

Deno.test({
  name: `index reports a file it may not read, and indexes the rest${
    skip ? ` (ignored: ${skip})` : ""
  }`,
  ignore: skip !== null,
  fn: async () => {
    using dir = tempDir();
    writeTree(dir.path, { "tree/open.ts": TOKEN, "tree/secret.ts": TOKEN });
    Deno.chmodSync(dir.path, 0o777);
    Deno.chmodSync(`${dir.path}/tree`, 0o755);
    Deno.chmodSync(`${dir.path}/tree/open.ts`, 0o644);
    Deno.chmodSync(`${dir.path}/tree/secret.ts`, 0o000);
    const r = await runCanaryUnprivileged(
      ["index", "--root", "tree", "--db", "u.db", "--json"],
      dir.path,
    );
    assertEquals(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as IndexJson;
    assertEquals(report.files_with_tokens, 1);
    assertEquals(report.skipped, [{ file_path: "secret.ts", reason: "unreadable" }]);
    assert(diagnosed(report, "secret.ts"), r.stderr);
  },
});
