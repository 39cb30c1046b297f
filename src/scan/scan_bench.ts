/**
 * Benchmarks of the tree scanner over a generated tree shaped like the acceptance benchmark
 * (files of 2–12 KiB, a token in one file in 40), scaled down so it runs in seconds.
 *
 * Run with `deno bench --allow-all src/scan/scan_bench.ts`.
 *
 * @module
 */

import { join } from "../path.ts";
import { readSource } from "./read.ts";
import { scanTree } from "./scan_tree.ts";
import { walkTree } from "./walk.ts";

const FILE_COUNT = 5_000;
const root = Deno.makeTempDirSync({ prefix: "canary_scan_bench_" });
const line = "const value = compute(alpha, beta); // an ordinary line of source code\n";
const token =
  '// CANARY: REQ=CBIN-100; FEATURE="Bench"; ASPECT=Engine; STATUS=IMPL; UPDATED=2025-10-16\n';
for (let i = 0; i < FILE_COUNT; i++) {
  const dir = join(root, `pkg${i % 50}`, `mod${i % 7}`);
  if (i < 350) Deno.mkdirSync(dir, { recursive: true });
  const size = 2048 + (i * 7919) % 10240;
  const body = line.repeat(Math.ceil(size / line.length));
  Deno.writeTextFileSync(join(dir, `file${i}.ts`), i % 40 === 0 ? token + body : body);
}
Deno.writeTextFileSync(join(root, ".gitignore"), "*.log\n/pkg1/\n!keep.log\n");
globalThis.addEventListener("unload", () => Deno.removeSync(root, { recursive: true }));

const files = walkTree(root).files;

Deno.bench("walkTree (5,000 files)", { group: "scan", baseline: true }, () => {
  walkTree(root);
});

Deno.bench("scanTree, every file read (5,000 files)", { group: "scan" }, () => {
  scanTree(root);
});

Deno.bench("scanTree, every file unchanged (5,000 files)", { group: "scan" }, () => {
  scanTree(root, { isUnchanged: () => true });
});

Deno.bench("readSource over the walked files", () => {
  for (const file of files) readSource(file.absPath);
});
