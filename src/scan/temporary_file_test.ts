import { basename, join } from "node:path";
import { assert, assertEquals } from "../test_assert.ts";
import {
  isTemporaryName,
  removeStaleTemporaries,
  STALE_TEMPORARY_MS,
  temporaryPathFor,
} from "./temporary_file.ts";

Deno.test("temporary names are recognised, and only they", () => {
  const path = temporaryPathFor("/x/src/a.go");
  assert(path.startsWith("/x/src/.a.go."), path);
  assert(isTemporaryName(basename(path)), path);
  for (const name of [".a.go.tmp", ".a.go.x12.tmp", "a.go", ".a.go.12.canary-tmp.go"]) {
    assertEquals(isTemporaryName(name), false, name);
  }
});

Deno.test("only unlocked, old temporary files beside their original are removed", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const names = [
      ".old.ts.a1.canary-tmp",
      ".locked.ts.b2.canary-tmp",
      ".young.ts.c3.canary-tmp",
      ".orphan.ts.d4.canary-tmp", // the file it would replace is not there
      "old.ts.tmp",
    ];
    const originals = ["old.ts", "locked.ts", "young.ts"];
    for (const name of [...names, ...originals]) Deno.writeTextFileSync(join(dir, name), "x");
    const past = new Date(Date.now() - 2 * STALE_TEMPORARY_MS);
    for (const name of [names[0], names[1], names[3], names[4]]) {
      Deno.utimeSync(join(dir, name), past, past);
    }
    using locked = Deno.openSync(join(dir, names[1]), { read: true, write: true });
    locked.lockSync(true);
    const result = removeStaleTemporaries(dir, names);
    assertEquals(result, { removed: [names[0]], failed: [] });
    assertEquals(
      [...Deno.readDirSync(dir)].map((e) => e.name).sort(),
      [...names.slice(1), ...originals].sort(),
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
