/**
 * Databases shared between users, end to end, as two unprivileged users
 * (`setpriv`): another user's reads leave nothing behind that breaks the
 * owner's writes, and a read-only database in a read-only folder serves every
 * read command.
 */
import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { runCanary, tempDir, writeTree } from "./helpers.ts";
import { DatabaseSync } from "node:sqlite";
import { editDatabase } from "./db_fixture.ts";
import { runCanaryUnprivileged, UNPRIVILEGED_ID, unprivilegedSkipReason } from "./unprivileged.ts";

const TOKEN =
  `// CANARY: REQ=CBIN-1; FEATURE="Alpha"; ASPECT=API; STATUS=IMPL; UPDATED=2025-10-16\n`;

/** The owner of the shared database: an unprivileged user other than the reader. */
const OWNER = 1234;

const READ_COMMANDS = [
  ["list", "--json"],
  ["search", "Alpha", "--json"],
  ["checkpoint", "list", "--json"],
  ["checkpoint", "show", "snap", "--json"],
  ["checkpoint", "diff", "snap", "--json"],
  ["migrate", "status", "--json"],
];

function listing(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
}

const skip = unprivilegedSkipReason();

Deno.test({
  name: `another user's reads never break the owner's writes${skip ? ` (ignored: ${skip})` : ""}`,
  ignore: skip !== null,
  fn: async () => {
    using dir = tempDir();
    writeTree(dir.path, { "tree/a.ts": TOKEN });
    // A shared folder: everyone may create files in it; the database is the owner's, mode 644.
    Deno.chmodSync(dir.path, 0o777);
    Deno.chmodSync(`${dir.path}/tree`, 0o755);
    let r = await runCanaryUnprivileged(
      ["index", "--root", "tree", "--db", "c.db"],
      dir.path,
      OWNER,
    );
    assertEquals(r.code, 0, r.stderr);
    r = await runCanaryUnprivileged(["checkpoint", "snap", "--db", "c.db"], dir.path, OWNER);
    assertEquals(r.code, 0, r.stderr);
    const before = listing(dir.path);
    assertEquals(before, ["c.db", "tree"]);
    for (const args of READ_COMMANDS) {
      r = await runCanaryUnprivileged([...args, "--db", "c.db"], dir.path);
      assertEquals(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
      assertEquals(listing(dir.path), before, `${args.join(" ")} left files beside the database`);
    }
    assert(
      JSON.parse(
        (await runCanaryUnprivileged(["list", "--json", "--db", "c.db"], dir.path)).stdout,
      ).some((t: { req_id: string }) => t.req_id === "CBIN-1"),
    );
    for (
      const args of [["index", "--root", "tree"], ["prioritize", "CBIN-1", "Alpha", "2"], [
        "checkpoint",
        "after",
      ]]
    ) {
      r = await runCanaryUnprivileged([...args, "--db", "c.db"], dir.path, OWNER);
      assertEquals(r.code, 0, `the owner's ${args.join(" ")}: ${r.stderr}`);
    }
  },
});

Deno.test({
  name: `a read-only database in a read-only folder serves every read command${
    skip ? ` (ignored: ${skip})` : ""
  }`,
  ignore: skip !== null,
  fn: async () => {
    using dir = tempDir();
    writeTree(dir.path, { "shipped/tree/a.ts": TOKEN });
    const shipped = `${dir.path}/shipped`;
    let r = await runCanary(["index", "--root", "tree", "--db", "c.db"], { cwd: shipped });
    assertEquals(r.code, 0, r.stderr);
    r = await runCanary(["checkpoint", "snap", "--db", "c.db"], { cwd: shipped });
    assertEquals(r.code, 0, r.stderr);
    Deno.chmodSync(dir.path, 0o755);
    Deno.chmodSync(`${shipped}/c.db`, 0o444);
    Deno.chmodSync(shipped, 0o555);
    const before = listing(shipped);
    const bytes = Deno.readFileSync(`${shipped}/c.db`);
    for (const args of READ_COMMANDS) {
      r = await runCanaryUnprivileged([...args, "--db", "c.db"], shipped);
      assertEquals(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
      JSON.parse(r.stdout);
      if (args[0] === "search") {
        assertMatch(
          r.stderr,
          /^canary: search not recorded in search_history: c\.db is read-only\n$/,
        );
      }
    }
    assertEquals(listing(shipped), before);
    assertEquals(Deno.readFileSync(`${shipped}/c.db`), bytes);
    Deno.chmodSync(shipped, 0o755);
  },
});

for (const journal of ["WAL", "DELETE"]) {
  Deno.test({
    name: `a database its reader may write, in a folder it may not (journal ${journal}), serves ` +
      `every read command; writes name the folder${skip ? ` (ignored: ${skip})` : ""}`,
    ignore: skip !== null,
    fn: async () => {
      using dir = tempDir();
      writeTree(dir.path, { "locked/tree/a.ts": TOKEN });
      const locked = `${dir.path}/locked`;
      let r = await runCanary(["index", "--root", "tree", "--db", "c.db"], { cwd: locked });
      assertEquals(r.code, 0, r.stderr);
      r = await runCanary(["checkpoint", "snap", "--db", "c.db"], { cwd: locked });
      assertEquals(r.code, 0, r.stderr);
      editDatabase(`${locked}/c.db`, `PRAGMA journal_mode = ${journal}`);
      Deno.chmodSync(dir.path, 0o755);
      Deno.chownSync(`${locked}/c.db`, UNPRIVILEGED_ID, UNPRIVILEGED_ID);
      Deno.chmodSync(`${locked}/c.db`, 0o644);
      Deno.chmodSync(locked, 0o555);
      const before = listing(locked);
      const bytes = Deno.readFileSync(`${locked}/c.db`);
      for (const args of READ_COMMANDS) {
        r = await runCanaryUnprivileged([...args, "--db", "c.db"], locked);
        assertEquals(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
        JSON.parse(r.stdout);
      }
      for (const args of [["index", "--root", "tree"], ["prioritize", "CBIN-1", "Alpha", "2"]]) {
        r = await runCanaryUnprivileged([...args, "--db", "c.db"], locked);
        assertEquals(r.code, 1, `${args.join(" ")}: ${r.stderr}`);
        assertMatch(
          r.stderr,
          /^canary: error: database c\.db cannot be written: this user may not create files in its folder \.,[^\n]*\n$/,
        );
      }
      assertEquals(listing(locked), before);
      assertEquals(Deno.readFileSync(`${locked}/c.db`), bytes);
      Deno.chmodSync(locked, 0o755);
    },
  });
}

Deno.test({
  name: `a database its reader may write, with a -wal beside it, in a folder it may not, is read ` +
    `with the log's content; the notes and writes name the folder${
      skip ? ` (ignored: ${skip})` : ""
    }`,
  ignore: skip !== null,
  fn: async () => {
    using dir = tempDir();
    writeTree(dir.path, { "locked/tree/a.ts": TOKEN });
    const locked = `${dir.path}/locked`;
    const r0 = await runCanary(["index", "--root", "tree", "--db", "c.db"], { cwd: locked });
    assertEquals(r0.code, 0, r0.stderr);
    // A log holding a change the main file lacks, copied while its writer still had it open.
    const writer = new DatabaseSync(`${locked}/c.db`);
    writer.exec("PRAGMA wal_autocheckpoint = 0; UPDATE tokens SET feature = 'FromLog'");
    Deno.copyFileSync(`${locked}/c.db`, `${locked}/h.db`);
    Deno.copyFileSync(`${locked}/c.db-wal`, `${locked}/h.db-wal`);
    writer.close();
    Deno.chmodSync(`${locked}/h.db`, 0o666);
    Deno.chmodSync(`${locked}/h.db-wal`, 0o666);
    Deno.chmodSync(dir.path, 0o755);
    Deno.chmodSync(locked, 0o555);
    const before = listing(locked);
    const bytes = [Deno.readFileSync(`${locked}/h.db`), Deno.readFileSync(`${locked}/h.db-wal`)];
    for (const args of READ_COMMANDS.filter((a) => a[0] !== "checkpoint")) {
      const r = await runCanaryUnprivileged([...args, "--db", "h.db"], locked);
      assertEquals(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
      JSON.parse(r.stdout);
      if (args[0] === "search") {
        assertMatch(
          r.stderr,
          /^canary: search not recorded in search_history: h\.db cannot be written: this user may not create files in its folder \.\n$/,
        );
      }
    }
    const list = await runCanaryUnprivileged(["list", "--json", "--db", "h.db"], locked);
    assertEquals(JSON.parse(list.stdout).map((t: { feature: string }) => t.feature), ["FromLog"]);
    const write = await runCanaryUnprivileged(["index", "--root", "tree", "--db", "h.db"], locked);
    assertEquals(write.code, 1, write.stderr);
    assertMatch(
      write.stderr,
      /^canary: error: database h\.db cannot be written: this user may not create files in its folder \.,[^\n]*\n$/,
    );
    assertEquals(listing(locked), before);
    assertEquals(
      [Deno.readFileSync(`${locked}/h.db`), Deno.readFileSync(`${locked}/h.db-wal`)],
      bytes,
    );
    Deno.chmodSync(locked, 0o755);
  },
});

Deno.test({
  name: `another user reads the owner's database while the owner writes, every time${
    skip ? ` (ignored: ${skip})` : ""
  }`,
  ignore: skip !== null,
  fn: async () => {
    using dir = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`tree/f${i}.ts`] = TOKEN.replace("CBIN-1", `CBIN-${i}`);
    writeTree(dir.path, files);
    Deno.chmodSync(dir.path, 0o755);
    const r = await runCanary(["index", "--root", "tree", "--db", "c.db"], { cwd: dir.path });
    assertEquals(r.code, 0, r.stderr);
    // The owner's writes open and close the log: its last close removes -wal and -shm, and the
    // reader, who may not create them again, meets them there, half-way gone or absent.
    let reading = true;
    const writes = (async () => {
      for (let n = 0; reading; n++) {
        const args = ["prioritize", "CBIN-1", "Alpha", String(1 + n % 9), "--db", "c.db"];
        const w = await runCanary(args, { cwd: dir.path });
        assertEquals(w.code, 0, w.stderr);
      }
    })();
    const failures: string[] = [];
    try {
      for (let i = 0; i < 30; i++) {
        const read = await runCanaryUnprivileged(
          ["list", "--limit", "1", "--db", "c.db"],
          dir.path,
        );
        if (read.code !== 0) failures.push(read.stderr.trim());
      }
    } finally {
      reading = false;
      await writes;
    }
    assertEquals(failures, []);
  },
});
