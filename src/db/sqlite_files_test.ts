import { assertEquals, assertThrows } from "../test_assert.ts";
import { UsageError } from "../errors.ts";
import { tempDir } from "../../tests/helpers.ts";
import { databaseFiles, namesOneFile, refuseSqliteFile, sqliteFileNamed } from "./sqlite_files.ts";

Deno.test("sqliteFileNamed: the database through links, .. and hard links, and its side files", () => {
  using dir = tempDir("canary-sqlite-files-");
  const real = Deno.realPathSync(dir.path);
  Deno.mkdirSync(`${real}/.canary`);
  const db = `${real}/.canary/canary.db`;
  Deno.writeFileSync(db, new Uint8Array([1]));
  Deno.writeFileSync(`${db}-wal`, new Uint8Array([2]));
  Deno.symlinkSync(db, `${real}/link.db`);
  Deno.linkSync(db, `${real}/hard.db`);
  Deno.linkSync(`${db}-wal`, `${real}/hard.wal`);
  Deno.symlinkSync(`${real}/.canary`, `${real}/folder`);
  Deno.writeFileSync(`${real}/other.db`, new Uint8Array([3]));
  const itself = "the database itself";
  const beside = `a file SQLite keeps beside ${db}`;
  const cases: [string, string | null][] = [
    [db, itself],
    [`${real}/.canary/../.canary/canary.db`, itself],
    [`${real}/link.db`, itself],
    [`${real}/hard.db`, itself],
    [`${real}/folder/canary.db`, itself],
    [`${db}-wal`, beside],
    [`${db}-shm`, beside],
    [`${real}/folder/canary.db-journal`, beside],
    [`${real}/hard.wal`, beside],
    [`${real}/other.db-wal`, `a file SQLite keeps beside ${real}/other.db`],
    [`${real}/report.html`, null],
    [`${real}/.canary/canary.db.html`, null],
    [`${real}/missing-wal`, null],
  ];
  for (const [target, expected] of cases) {
    assertEquals(sqliteFileNamed(db, target), expected, target);
  }
  // A relative database path is resolved from the current folder, as SQLite opens it.
  assertEquals(sqliteFileNamed(".canary/canary.db", ".canary/./canary.db"), itself);
});

Deno.test("namesOneFile: one path through links (one not there yet), .. and hard links", () => {
  using dir = tempDir("canary-sqlite-files-");
  const real = Deno.realPathSync(dir.path);
  Deno.mkdirSync(`${real}/sub`);
  Deno.writeFileSync(`${real}/a`, new Uint8Array([1]));
  Deno.linkSync(`${real}/a`, `${real}/hard`);
  Deno.symlinkSync("a", `${real}/link`);
  Deno.symlinkSync("sub/new", `${real}/dangling`);
  Deno.writeFileSync(`${real}/b`, new Uint8Array([1]));
  const cases: [string, string, boolean][] = [
    ["a", "sub/../a", true],
    ["a", "hard", true],
    ["link", "hard", true],
    ["dangling", "sub/new", true],
    ["new", "sub/../new", true],
    ["a", "b", false],
    ["dangling", "new", false],
  ];
  for (const [a, b, expected] of cases) {
    assertEquals(namesOneFile(`${real}/${a}`, `${real}/${b}`), expected, `${a} ${b}`);
  }
});

Deno.test("refuseSqliteFile: a usage error naming the option and the path", () => {
  const error = assertThrows(
    () => refuseSqliteFile("--html", "x/canary.db", "x/canary.db"),
    UsageError,
    "--html x/canary.db names the database itself; choose another path",
  );
  assertEquals(error.exitCode, 2);
  refuseSqliteFile("--html", "x/canary.db", "x/report.html");
});

Deno.test("databaseFiles: the database, its side files, its backups and their partial copies", () => {
  using dir = tempDir("canary-sqlite-files-");
  const real = Deno.realPathSync(dir.path);
  Deno.mkdirSync(`${real}/data`);
  Deno.writeFileSync(`${real}/data/my.db`, new Uint8Array([1]));
  Deno.symlinkSync(`${real}/data/my.db`, `${real}/link.db`);
  for (const path of [`${real}/data/my.db`, `${real}/link.db`, `${dir.path}/data/../data/my.db`]) {
    const files = databaseFiles(path);
    assertEquals(files.folder, `${real}/data`, path);
    const own = [
      "my.db",
      "my.db-wal",
      "my.db-shm",
      "my.db-journal",
      "my.db.backup-10-20251016T120301Z",
      "my.db.backup-10-20251016T120301Z-2-wal",
      ".my.db.backup-10-20251016T120301Z.partial-41-0a1b2c3d",
    ];
    const others = [
      "link.db",
      "my.db2",
      "my.db-wal2",
      "other.db",
      "my.dbx-wal",
      "x.my.db.backup-1",
    ];
    assertEquals(own.filter((name) => !files.has(name)), [], path);
    assertEquals(others.filter((name) => files.has(name)), [], path);
  }
});
