import { assertEquals } from "../test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { openPrivateCopy } from "./private_copy.ts";

function files(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
}

Deno.test("a private copy sees what only the -wal holds and leaves the source as it was", () => {
  const dir = Deno.makeTempDirSync({ prefix: "canary-copy-" });
  try {
    const path = `${dir}/c.db`;
    const writer = new DatabaseSync(path);
    writer.exec("PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (x)");
    writer.exec("INSERT INTO t VALUES ('in the log')");
    const before = files(dir).map((name) => [name, Deno.readFileSync(`${dir}/${name}`)]);
    const copy = openPrivateCopy(path);
    try {
      assertEquals(copy.prepare("SELECT x FROM t").all().map((r) => r.x), ["in the log"]);
      assertEquals(files(dir).map((name) => [name, Deno.readFileSync(`${dir}/${name}`)]), before);
    } finally {
      copy.close();
      writer.close();
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
