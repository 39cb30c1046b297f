import { basename } from "node:path";
import { assert, assertEquals } from "../test_assert.ts";
import { isStaleTemporary, isTemporaryName, temporaryPathFor } from "./temporary_file.ts";

Deno.test("temporary names are recognised, and only they", () => {
  const path = temporaryPathFor("/x/src/a.go");
  assert(path.startsWith("/x/src/.a.go."), path);
  assert(isTemporaryName(basename(path)), path);
  for (const name of [".a.go.tmp", ".a.go.12.tmp", "a.go", ".a.go.12-x.canary-tmp.go"]) {
    assertEquals(isTemporaryName(name), false, name);
  }
});

Deno.test("a temporary file is stale only when its process is gone", () => {
  assertEquals(isStaleTemporary(temporaryPathFor("/x/a.go")), false);
  // A pid far beyond any pid_max is never running.
  assertEquals(isStaleTemporary("/x/.a.go.4294967294-abc.canary-tmp"), true);
  assertEquals(isStaleTemporary("/x/.a.go.tmp"), false);
});
