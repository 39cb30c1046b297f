import { assert, assertEquals, assertMatch, assertThrows } from "../test_assert.ts";
import { join } from "node:path";
import { makeTree, tokenLine } from "./_fixture.ts";
import { ScanError } from "./scan_error.ts";
import { PROGRESS_INTERVAL, scanTree } from "./scan_tree.ts";

Deno.test("scanTree finds tokens with line numbers and keeps files without tokens", () => {
  using tree = makeTree({
    "a.ts": `const a = 1;\n${tokenLine("CBIN-001")}\n`,
    "b.py": `x = 1\n\n${tokenLine("CBIN-002", "#")}\n`,
    "plain.md": "no tokens here\n",
  });
  const result = scanTree(tree.root);
  assertEquals(
    result.files.map((f) => [f.path, f.tokens.map((t) => [t.line, t.token.reqId]), f.reused]),
    [
      ["a.ts", [[2, "CBIN-001"]], false],
      ["b.py", [[3, "CBIN-002"]], false],
      ["plain.md", [], false],
    ],
  );
  assertEquals(result.files[2].size, 15);
  assertEquals(result.filesScanned, 3);
  assertEquals(result.filesRead, 3);
  assertEquals(result.diagnostics, []);
});

Deno.test("scanTree throws ScanError only for a bad root", () => {
  using tree = makeTree({ "f.ts": "" });
  assertEquals(
    assertThrows(() => scanTree(join(tree.root, "nope")), ScanError).code,
    "root_not_found",
  );
  assertEquals(
    assertThrows(() => scanTree(join(tree.root, "f.ts")), ScanError).code,
    "root_not_directory",
  );
});

Deno.test("scanTree merges token and file diagnostics sorted by path then line", () => {
  using tree = makeTree({
    "b.ts": `// CANARY: REQ=CBIN-001; FEATURE="X"; STATUS=IMPL\n\n${tokenLine("BAD")}\n`,
    "a.ts": tokenLine("CBIN-003"),
  });
  Deno.symlinkSync("missing", join(tree.root, "a_broken"));
  const { diagnostics, files } = scanTree(tree.root);
  assertEquals(files.map((f) => [f.path, f.tokens.length]), [["a.ts", 1], ["b.ts", 0]]);
  assertEquals(diagnostics.map((d) => [d.path, d.line, d.severity]), [
    ["a_broken", 0, "warning"],
    ["b.ts", 1, "error"],
    ["b.ts", 3, "error"],
  ]);
});

Deno.test("scanTree passes strict to the parser", () => {
  using tree = makeTree({ "a.ts": tokenLine("CBIN-004") + "; COLOUR=red\n" });
  assertEquals(scanTree(tree.root).diagnostics, []);
  const strict = scanTree(tree.root, { strict: true }).diagnostics;
  assertEquals(strict.length, 1);
  assertEquals(strict[0].severity, "warning");
});

Deno.test("scanTree skips binary files and counts them as read", () => {
  using tree = makeTree({
    "image.png": new Uint8Array([
      0x89,
      0x50,
      0x4e,
      0x47,
      0,
      0,
      ...new TextEncoder().encode("CANARY:"),
    ]),
    "a.ts": tokenLine("CBIN-005"),
  });
  const result = scanTree(tree.root);
  assertEquals(result.files.map((f) => f.path), ["a.ts"]);
  assertEquals(result.skipped, [{ path: "image.png", reason: "binary" }]);
  assertEquals(result.filesRead, 2);
});

Deno.test("scanTree skips files over maxFileSize without reading them", () => {
  using tree = makeTree({ "big.ts": tokenLine("CBIN-006"), "small.ts": "x" });
  const result = scanTree(tree.root, { maxFileSize: 10 });
  assertEquals(result.files.map((f) => f.path), ["small.ts"]);
  assertEquals(result.skipped, [{ path: "big.ts", reason: "too_large" }]);
  assertEquals(result.filesRead, 1);
});

Deno.test("scanTree reads only the files isUnchanged does not vouch for", () => {
  using tree = makeTree({
    "same.ts": tokenLine("CBIN-007"),
    "changed.ts": tokenLine("CBIN-008"),
    "new.ts": "",
  });
  const first = scanTree(tree.root);
  const known = new Map(first.files.map((f) => [f.path, `${f.size}:${f.mtimeMs}`]));
  Deno.writeTextFileSync(join(tree.root, "changed.ts"), tokenLine("CBIN-009") + "\n// more\n");
  known.delete("new.ts");
  const seen: string[] = [];
  const second = scanTree(tree.root, {
    isUnchanged: (entry) => {
      seen.push(entry.path);
      return known.get(entry.path) === `${entry.size}:${entry.mtimeMs}`;
    },
  });
  assertEquals(seen, ["changed.ts", "new.ts", "same.ts"]);
  assertEquals(second.filesRead, 2);
  assertEquals(second.filesScanned, 3);
  assertEquals(
    second.files.map((f) => [f.path, f.reused, f.tokens.map((t) => t.token.reqId)]),
    [
      ["changed.ts", false, ["CBIN-009"]],
      ["new.ts", false, []],
      ["same.ts", true, []],
    ],
  );
});

Deno.test("scanTree reports a file deleted during the scan as vanished", () => {
  using tree = makeTree({ "a.ts": tokenLine("CBIN-010"), "b.ts": tokenLine("CBIN-011") });
  const result = scanTree(tree.root, {
    isUnchanged: (entry) => {
      // Runs after the walk listed b.ts and just before it is read.
      if (entry.path === "b.ts") Deno.removeSync(entry.absPath);
      return false;
    },
  });
  assertEquals(result.files.map((f) => f.path), ["a.ts"]);
  assertEquals(result.skipped, [{ path: "b.ts", reason: "vanished" }]);
  assertEquals(result.diagnostics.map((d) => [d.path, d.line, d.severity]), [
    ["b.ts", 0, "warning"],
  ]);
  assertMatch(result.diagnostics[0].reason, /vanished/);
  assertEquals(result.filesRead, 1);
  assertEquals(result.filesScanned, 1);
});

Deno.test("scanTree reports a file that fails to read as unreadable", () => {
  using tree = makeTree({ "a.ts": "", "z.ts": "" });
  const result = scanTree(tree.root, {
    isUnchanged: (entry) => {
      // A directory in its place makes the read itself fail (EISDIR), which root cannot bypass.
      if (entry.path === "a.ts") {
        Deno.removeSync(entry.absPath);
        Deno.mkdirSync(entry.absPath);
      }
      return false;
    },
  });
  assertEquals(result.files.map((f) => f.path), ["z.ts"]);
  assertEquals(result.skipped, [{ path: "a.ts", reason: "unreadable" }]);
  assertEquals(result.diagnostics[0].path, "a.ts");
});

Deno.test("scanTree reports unreadable files and folders when run without permission", () => {
  using tree = makeTree({
    "ok.ts": tokenLine("CBIN-012"),
    "secret.ts": tokenLine("CBIN-013"),
    "locked/inner.ts": tokenLine("CBIN-014"),
  });
  Deno.chmodSync(join(tree.root, "secret.ts"), 0o000);
  Deno.chmodSync(join(tree.root, "locked"), 0o000);
  Deno.chmodSync(tree.root, 0o755);
  const output = runScanAsUnprivileged(tree.root);
  assertEquals(output.files, ["ok.ts"]);
  // The folder is listed too: its files are missing from the scan.
  assertEquals(output.skipped, [
    { path: "locked", reason: "unreadable" },
    { path: "secret.ts", reason: "unreadable" },
  ]);
  assertEquals(output.diagnostics.map((d) => [d.path, d.severity, d.reason]), [
    ["locked", "warning", "cannot read directory: permission denied"],
    ["secret.ts", "warning", "cannot read file: permission denied"],
  ]);
});

Deno.test("scanTree survives non-UTF-8 contents and a 20 MB single line", () => {
  const longLine = "x".repeat(20 * 1024 * 1024) + " // " + tokenLine("CBIN-015", "").trim();
  using tree = makeTree({
    "latin1.txt": new Uint8Array([0xe9, 0x0a, ...new TextEncoder().encode(tokenLine("CBIN-016"))]),
    "long.js": longLine,
  });
  const result = scanTree(tree.root, { maxFileSize: 32 * 1024 * 1024 });
  assertEquals(
    result.files.map((f) => [f.path, f.tokens.map((t) => [t.line, t.token.reqId])]),
    [
      ["latin1.txt", [[2, "CBIN-016"]]],
      ["long.js", [[1, "CBIN-015"]]],
    ],
  );
});

Deno.test("scanTree reports progress in steps and once at the end", () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < PROGRESS_INTERVAL + 3; i++) files[`f${i}.txt`] = "";
  using tree = makeTree(files);
  const calls: number[] = [];
  scanTree(tree.root, { onProgress: (done) => calls.push(done) });
  assertEquals(calls, [PROGRESS_INTERVAL, PROGRESS_INTERVAL + 3]);
});

Deno.test("scanTree results are deterministic across runs", () => {
  using tree = makeTree({
    "z/a.ts": tokenLine("CBIN-017"),
    "a/z.ts": tokenLine("CBIN-018"),
    "m.ts": tokenLine("CBIN-019"),
    "a b/c.ts": "",
  });
  const strip = (r: ReturnType<typeof scanTree>) => r.files.map((f) => f.path);
  const first = strip(scanTree(tree.root));
  assertEquals(first, ["a b/c.ts", "a/z.ts", "m.ts", "z/a.ts"]);
  assertEquals(strip(scanTree(tree.root)), first);
});

/** What the unprivileged child prints. */
interface ChildOutput {
  files: string[];
  skipped: { path: string; reason: string }[];
  diagnostics: { path: string; severity: string; reason: string }[];
}

/**
 * Runs scanTree in a child process as user nobody when this test runs as root (root can read any
 * file), with a private DENO_DIR holding a copy of the cached npm packages it imports.
 */
function runScanAsUnprivileged(root: string): ChildOutput {
  using work = makeTree();
  Deno.chmodSync(work.root, 0o755);
  const script = join(work.root, "child.ts");
  const mod = new URL("./mod.ts", import.meta.url).href;
  Deno.writeTextFileSync(
    script,
    `import { scanTree } from ${JSON.stringify(mod)};
     const r = scanTree(Deno.args[0]);
     console.log(JSON.stringify({ files: r.files.map((f) => f.path), skipped: r.skipped,
       diagnostics: r.diagnostics }));`,
  );
  const info = new Deno.Command(Deno.execPath(), { args: ["info", "--json"] }).outputSync();
  const npmCache: string = JSON.parse(new TextDecoder().decode(info.stdout)).npmCache;
  const denoDir = join(work.root, "deno_dir");
  Deno.mkdirSync(denoDir);
  const copy = new Deno.Command("cp", { args: ["-r", npmCache, join(denoDir, "npm")] });
  assert(copy.outputSync().success, "could not copy the npm cache");
  const asRoot = Deno.uid() === 0;
  if (asRoot) new Deno.Command("chown", { args: ["-R", "65534:65534", denoDir] }).outputSync();
  const config = new URL("../../deno.json", import.meta.url).pathname;
  const denoArgs = ["run", "--cached-only", "--no-lock", "--config", config, "--allow-read"];
  const [program, ...args] = [
    ...(asRoot ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []),
    Deno.execPath(),
    ...denoArgs,
    script,
    root,
  ];
  const output = new Deno.Command(program, {
    args,
    env: { DENO_DIR: denoDir, HOME: work.root, NO_COLOR: "1" },
  }).outputSync();
  assert(output.success, new TextDecoder().decode(output.stderr));
  return JSON.parse(new TextDecoder().decode(output.stdout));
}
