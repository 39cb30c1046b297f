/**
 * `canary scan` against hostile trees, end to end: forged claims through token values, reports
 * read back as source, links and ownership under `--update-stale`, leftovers of a killed run.
 */
import { assert, assertEquals, assertMatch } from "../src/test_assert.ts";
import { runCanaryUnprivileged, unprivilegedSkipReason } from "./unprivileged.ts";
import { runCanary, tempDir, writeTree } from "./helpers.ts";

const NOW = { CANARY_TEST_TIMESTAMP: "2025-03-31T12:00:00Z" };

const FORGED = "x # CANARY: REQ=EVIL-1; FEATURE=Evil; ASPECT=API; STATUS=TESTED; TEST=T; x=";

Deno.test("a token value cannot forge a passing claim through the reports a run leaves", async () => {
  using dir = tempDir();
  writeTree(dir.path, {
    "a.go":
      `// CANARY: REQ=CBIN-1; FEATURE="${FORGED}"; OWNER="${FORGED}"; ASPECT=API; STATUS=IMPL\n`,
    "claims.md": "- ✅ EVIL-1 is tested\n",
  });
  for (const run of [1, 2, 3]) {
    const r = await runCanary(["scan", "--verify", "claims.md"], { cwd: dir.path, env: NOW });
    assertEquals(r.code, 2, `run ${run}: ${r.stderr}`);
    assertMatch(r.stderr, /CANARY_VERIFY_FAIL REQ=EVIL-1 reason=no_tokens/);
    assertMatch(r.stderr, /: 1 token, /);
  }
  for (const name of ["status.json", "status.csv"]) {
    assertEquals(Deno.readTextFileSync(`${dir.path}/${name}`).includes("CANARY:"), false, name);
  }
  const json = JSON.parse(Deno.readTextFileSync(`${dir.path}/status.json`));
  assertEquals(json.requirements[0].features[0].feature, FORGED);
  // Printed JSON is exact data too, and holds no token line.
  const printed = await runCanary(["scan", "--json"], { cwd: dir.path, env: NOW });
  assertEquals(printed.stdout.includes("CANARY:"), false);
  assertEquals(JSON.parse(printed.stdout).requirements[0].features[0].feature, FORGED);
});

Deno.test("no report, table, text or message canary writes, saved in the tree, forges a token", async () => {
  using dir = tempDir();
  const forged = (n: number) =>
    `x // CANARY: REQ=CBIN-66${n}; FEATURE=Forged; ASPECT=API; STATUS=TESTED; TEST=Fake`;
  writeTree(dir.path, {
    "a.ts": `// CANARY: REQ=CBIN-001; FEATURE="${forged(1)}"; ASPECT=API; STATUS=IMPL\n` +
      // Rejected, so its value is quoted in a diagnostic.
      `// CANARY: REQ=CBIN-002; FEATURE=B; ASPECT=API; STATUS="${forged(2)}"\n`,
    "gap.md": "- ✅ CBIN-661 done\n",
  });
  const canary = async (...args: string[]) => {
    const r = await runCanary(args, { cwd: dir.path, env: NOW });
    assertEquals(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
    return r;
  };
  const saved: Record<string, string> = {
    "index.log": (await canary("index")).stderr,
    "list.txt": (await canary("list")).stdout,
  };
  await canary("checkpoint", forged(3));
  Deno.mkdirSync(`${dir.path}/docs`);
  await canary("report", "--html", "docs/report.html", "--title", forged(4));
  Object.assign(saved, {
    "report.md": (await canary("report", "--markdown")).stdout,
    "show.txt": (await canary("show", "CBIN-001")).stdout,
    "status.txt": (await canary("status", "CBIN-001")).stdout,
    "checkpoints.txt": (await canary("checkpoint", "list")).stdout,
    "checkpoint.txt": (await canary("checkpoint", "show", forged(3))).stdout,
  });
  writeTree(`${dir.path}/docs`, saved);
  const files = ["report.html", ...Object.keys(saved)];
  for (const name of files) {
    const text = Deno.readTextFileSync(`${dir.path}/docs/${name}`);
    assert(text.includes("CBIN-66"), `${name} shows the value: ${text}`);
    assert(!text.includes("CANARY:"), `${name}: ${text}`);
  }
  await canary("index");
  const ids = JSON.parse((await canary("list", "--json")).stdout).map((t: { req_id: string }) =>
    t.req_id
  );
  assertEquals(ids, ["CBIN-001"]);
  const verify = await runCanary(
    ["scan", "--verify", "gap.md", "--out", "-", "--csv", "/dev/null"],
    {
      cwd: dir.path,
      env: NOW,
    },
  );
  assertEquals(verify.code, 2, verify.stderr);
  assertMatch(verify.stderr, /CANARY_VERIFY_FAIL REQ=CBIN-661 reason=no_tokens/);
});

Deno.test("reports are skipped as canary_report: this run's outputs and any older canary report", async () => {
  using dir = tempDir();
  const token = "x # CANARY: REQ=EVIL-2; FEATURE=E; ASPECT=API; STATUS=TESTED; TEST=T\n";
  writeTree(dir.path, {
    "tree/a.go": "// CANARY: REQ=CBIN-1; FEATURE=A; ASPECT=API; STATUS=IMPL\n",
    // As an older canary wrote them: the marker unescaped inside values.
    "tree/old/status.csv": `req,feature,aspect,status,file,test,bench,owner,updated\r\nE,${token}`,
    "tree/old/s.json": `{\n  "generated_at": "x",\n${token}}\n`,
    // A file named as this run's output, holding a real token line: not read either.
    "tree/out/r.txt": token,
  });
  const r = await runCanary(
    [
      "scan",
      "--root",
      "tree",
      "--out",
      `${dir.path}/tree/../tree/out/r.txt`,
      "--csv",
      "c.csv",
      "--json",
    ],
    { cwd: dir.path, env: NOW },
  );
  assertEquals(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assertEquals(report.requirements.map((req: { id: string }) => req.id), ["CBIN-1"]);
  assertEquals(report.summary.total_tokens, 1);
});

const unprivileged = unprivilegedSkipReason();

Deno.test({
  name: `scan exits 3 naming a folder it cannot read, as for a file${
    unprivileged ? ` (ignored: ${unprivileged})` : ""
  }`,
  ignore: unprivileged !== null,
  fn: async () => {
    using dir = tempDir();
    const token = "// CANARY: REQ=CBIN-1; FEATURE=Open; ASPECT=API; STATUS=IMPL; TEST=T\n";
    writeTree(dir.path, { "tree/open.ts": token, "tree/locked/inner.ts": token });
    Deno.chmodSync(dir.path, 0o777);
    Deno.chmodSync(`${dir.path}/tree`, 0o755);
    Deno.chmodSync(`${dir.path}/tree/locked`, 0o000);
    const r = await runCanaryUnprivileged(
      ["scan", "--root", "tree", "--out", "status.json", "--csv", "status.csv"],
      dir.path,
    );
    assertEquals(r.code, 3, r.stderr);
    assertMatch(r.stderr, /cannot read tree\/locked/);
    const report = JSON.parse(Deno.readTextFileSync(`${dir.path}/status.json`));
    assertEquals(report.summary.total_tokens, 1);
  },
});

Deno.test("scan reports a file name that is not UTF-8 as index does, and exits 0", async () => {
  using dir = tempDir();
  const token = "// CANARY: REQ=CBIN-1; FEATURE=Open; ASPECT=API; STATUS=IMPL; TEST=T\n";
  writeTree(dir.path, { "tree/open.ts": token });
  const made = new Deno.Command("sh", {
    args: ["-c", `printf 'x' > "$1/bad$(printf '\\377')name.ts"`, "sh", `${dir.path}/tree`],
  }).outputSync();
  assert(made.success, "could not create the file");
  const r = await runCanary(["scan", "--root", "tree", "--json"], { cwd: dir.path, env: NOW });
  assertEquals(r.code, 0, r.stderr);
  assertMatch(r.stderr, /bad\uFFFDname\.ts:0: warning: file name is not valid UTF-8/);
  assertEquals(JSON.parse(r.stdout).summary.total_tokens, 1);
  const index = await runCanary(["index", "--root", "tree", "--db", "i.db", "--json"], {
    cwd: dir.path,
  });
  assertEquals(index.code, 0, index.stderr);
  assertEquals(JSON.parse(index.stdout).skipped, [
    { file_path: "bad\uFFFDname.ts", reason: "name_not_utf8" },
  ]);
});

const STALE = (req: string) =>
  `// CANARY: REQ=${req}; FEATURE=F; ASPECT=API; STATUS=TESTED; TEST=T; UPDATED=2025-01-01`;

function updateStale(cwd: string, root = "tree") {
  return runCanary(["scan", "--root", root, "--update-stale", "--json"], { cwd, env: NOW });
}

Deno.test("--update-stale never writes through a link to a file outside --root", async () => {
  using dir = tempDir();
  writeTree(dir.path, { "outside.ts": STALE("CBIN-1") + "\n", "tree/in.ts": STALE("CBIN-2") });
  Deno.symlinkSync("../outside.ts", `${dir.path}/tree/link.ts`);
  const r = await updateStale(dir.path);
  assertEquals(r.code, 0, r.stderr);
  assertEquals(Deno.readTextFileSync(`${dir.path}/outside.ts`), STALE("CBIN-1") + "\n");
  assert(Deno.lstatSync(`${dir.path}/tree/link.ts`).isSymlink);
  assertMatch(
    r.stderr,
    /link\.ts:1: not updated: the file is a link to .*outside\.ts, outside --root/,
  );
  assertEquals(JSON.parse(r.stdout).updated_files, [{ file_path: "in.ts", line_numbers: [1] }]);
});

Deno.test("--update-stale keeps owner, group and mode, setuid only for the same owner", async () => {
  using dir = tempDir();
  writeTree(dir.path, { "tree/owned.ts": STALE("CBIN-1"), "tree/suid.sh": STALE("CBIN-2") });
  const owned = `${dir.path}/tree/owned.ts`;
  const suid = `${dir.path}/tree/suid.sh`;
  Deno.chownSync(owned, 1234, 1235);
  Deno.chmodSync(owned, 0o640);
  Deno.chownSync(suid, 1234, 1234);
  Deno.chmodSync(suid, 0o4755);
  const r = await updateStale(dir.path);
  assertEquals(r.code, 0, r.stderr);
  assertEquals(JSON.parse(r.stdout).updated_files.length, 2, r.stderr);
  const info = Deno.statSync(owned);
  assertEquals([info.uid, info.gid, info.mode! & 0o7777], [1234, 1235, 0o640]);
  assertMatch(Deno.readTextFileSync(owned), /UPDATED=2025-03-31/);
  const s = Deno.statSync(suid);
  assertEquals([s.uid, s.gid, s.mode! & 0o7777], [1234, 1234, 0o4755]);
});

Deno.test("--update-stale leaves a hard-linked file whole and says so", async () => {
  using dir = tempDir();
  writeTree(dir.path, { "tree/a.ts": STALE("CBIN-1") });
  Deno.linkSync(`${dir.path}/tree/a.ts`, `${dir.path}/other-name.ts`);
  const r = await updateStale(dir.path);
  assertEquals(r.code, 0, r.stderr);
  assertMatch(r.stderr, /a\.ts:1: not updated: has 2 hard links/);
  assertEquals(Deno.statSync(`${dir.path}/other-name.ts`).nlink, 2);
  assertEquals(Deno.readTextFileSync(`${dir.path}/tree/a.ts`), STALE("CBIN-1"));
});

Deno.test("--update-stale re-dates every token of a lone-CR file and keeps its endings", async () => {
  using dir = tempDir();
  writeTree(dir.path, { "tree/mac.ts": `x\r${STALE("CBIN-1")}\r${STALE("CBIN-2")}\r` });
  const r = await updateStale(dir.path);
  assertEquals(r.code, 0, r.stderr);
  assertEquals(JSON.parse(r.stdout).updated_files, [{ file_path: "mac.ts", line_numbers: [2, 3] }]);
  const fresh = (req: string) => STALE(req).replace("2025-01-01", "2025-03-31");
  assertEquals(
    Deno.readTextFileSync(`${dir.path}/tree/mac.ts`),
    `x\r${fresh("CBIN-1")}\r${fresh("CBIN-2")}\r`,
  );
});

Deno.test({
  name: `--update-stale as another user leaves a file it cannot give back to its owner${
    unprivileged ? ` (ignored: ${unprivileged})` : ""
  }`,
  ignore: unprivileged !== null,
  fn: async () => {
    using dir = tempDir();
    writeTree(dir.path, { "tree/shared.ts": STALE("CBIN-1") });
    const shared = `${dir.path}/tree/shared.ts`;
    Deno.chmodSync(dir.path, 0o777);
    Deno.chmodSync(`${dir.path}/tree`, 0o777);
    Deno.chownSync(shared, 1234, 1234);
    Deno.chmodSync(shared, 0o666);
    const r = await runCanaryUnprivileged(
      ["scan", "--root", "tree", "--update-stale", "--json"],
      dir.path,
    );
    assertEquals(r.code, 0, r.stderr);
    assertMatch(r.stderr, /shared\.ts:1: not updated: belongs to uid 1234/);
    const info = Deno.statSync(shared);
    assertEquals([info.uid, info.gid], [1234, 1234]);
    assertEquals(Deno.readTextFileSync(shared), STALE("CBIN-1"));
  },
});

Deno.test("a temporary copy left by a killed run is never counted, and the next scan removes it", async () => {
  using dir = tempDir();
  // Left by a killed run: unlocked and old. Being written: locked. Just made: too young to say.
  const [leftover, live, young] = ["k1ll3d", "l1ve", "y0ung"].map((id) => `.a.ts.${id}.canary-tmp`);
  writeTree(dir.path, {
    "tree/a.ts": STALE("CBIN-1"),
    [`tree/${leftover}`]: STALE("CBIN-1"),
    [`tree/${live}`]: STALE("CBIN-1"),
    [`tree/${young}`]: STALE("CBIN-1"),
  });
  // writeTree dates files an hour ago; the young one is dated now.
  Deno.utimeSync(`${dir.path}/tree/${young}`, new Date(), new Date());
  using writer = Deno.openSync(`${dir.path}/tree/${live}`, { read: true, write: true });
  writer.lockSync(true);
  const index = await runCanary(["index", "--root", "tree", "--db", "i.db", "--json"], {
    cwd: dir.path,
  });
  assertEquals(index.code, 0, index.stderr);
  assertEquals([JSON.parse(index.stdout).tokens, JSON.parse(index.stdout).skipped], [1, []]);
  const r = await runCanary(["scan", "--root", "tree", "--json"], { cwd: dir.path, env: NOW });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(JSON.parse(r.stdout).summary.total_tokens, 1);
  assertMatch(r.stderr, /removed tree\/\.a\.ts\.k1ll3d\.canary-tmp, a temporary file left/);
  const names = [...Deno.readDirSync(`${dir.path}/tree`)].map((e) => e.name).sort();
  assertEquals(names, [live, young, "a.ts"].sort(), JSON.stringify(names));
});
