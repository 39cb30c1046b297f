import { assert, assertEquals } from "../test_assert.ts";
import { DatabaseSync } from "node:sqlite";
import { applyMigrations } from "../db/migrator.ts";
import { EMBEDDED_MIGRATIONS } from "../db/embedded_migrations.ts";
import { type IndexOptions, indexTree } from "./index_tree.ts";
import { SHAPE_RACY_WINDOW_MS } from "../scan/tree_shape.ts";
import { git } from "../test_git.ts";

const NO_GIT = { commitHash: "", branch: "" };
const AN_HOUR_AGO = new Date(Date.now() - 3600_000);

function token(req: string, feature: string): string {
  return `// CANARY: REQ=${req}; FEATURE="${feature}"; ASPECT=API; STATUS=IMPL\n`;
}

function write(root: string, path: string, text: string): void {
  const full = `${root}/${path}`;
  Deno.mkdirSync(full.slice(0, full.lastIndexOf("/")), { recursive: true });
  Deno.writeTextFileSync(full, text);
  Deno.utimeSync(full, AN_HOUR_AGO, AN_HOUR_AGO);
}

function database(): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  applyMigrations(db, EMBEDDED_MIGRATIONS, "all");
  return db;
}

/** Everything an index leaves that a re-index could get wrong. */
function indexState(db: DatabaseSync): unknown {
  const all = (sql: string) => db.prepare(sql).all().map((row) => ({ ...row }));
  return {
    tokens: all("SELECT req_id, feature, status, file_path, line_number FROM tokens ORDER BY 3, 4"),
    fingerprints: all(
      "SELECT file_path, kind, size, mtime_ms, token_count, diagnostics_json FROM file_fingerprints " +
        "ORDER BY file_path",
    ),
  };
}

/** How a change to an indexed tree is made, and whether the stored shape still holds after it. */
interface Scenario {
  name: string;
  change: (root: string) => void;
  shapeHolds: boolean;
  options?: IndexOptions;
}

const SCENARIOS: Scenario[] = [
  { name: "nothing changed", change: () => {}, shapeHolds: true },
  {
    name: "a file's tokens changed",
    change: (root) => write(root, "src/a.ts", token("CBIN-1", "Renamed") + token("CBIN-9", "New")),
    shapeHolds: true,
  },
  {
    name: "a file grew past the size limit",
    change: (root) => write(root, "src/a.ts", token("CBIN-1", "Alpha") + "x".repeat(400)),
    shapeHolds: true,
    options: { maxFileSize: 300 },
  },
  {
    name: "a file was added",
    change: (root) => write(root, "src/new.ts", token("CBIN-5", "Added")),
    shapeHolds: false,
  },
  {
    name: "a folder was added",
    change: (root) => write(root, "src/deep/er/new.ts", token("CBIN-6", "Deeper")),
    shapeHolds: false,
  },
  {
    name: "a file was removed",
    change: (root) => Deno.removeSync(`${root}/lib/b.ts`),
    shapeHolds: false,
  },
  {
    name: "a FIFO appeared in a folder that holds only ignored files",
    change: (root) => {
      const made = new Deno.Command("mkfifo", { args: [`${root}/logs/pipe`] }).outputSync();
      assert(made.success, "mkfifo");
    },
    shapeHolds: false,
  },
  {
    name: "a .gitignore now ignores a file",
    change: (root) => Deno.writeTextFileSync(`${root}/.gitignore`, "*.log\nlib/\n"),
    shapeHolds: false,
  },
  {
    name: "an ignored .canaryignore now ignores a file",
    change: (root) => Deno.writeTextFileSync(`${root}/.canaryignore`, "src/a.ts\n"),
    shapeHolds: false,
  },
  {
    name: "a folder's permissions changed",
    change: (root) => Deno.chmodSync(`${root}/lib`, 0o700),
    shapeHolds: false,
  },
  {
    name: "a folder was renamed",
    change: (root) => Deno.renameSync(`${root}/lib`, `${root}/lib2`),
    shapeHolds: false,
  },
];

function buildTree(root: string): void {
  write(root, "src/a.ts", token("CBIN-1", "Alpha"));
  write(root, "lib/b.ts", token("CBIN-2", "Beta"));
  write(root, "lib/c.bin", "\0\0binary");
  write(root, "logs/x.log", "ignored");
  write(root, ".gitignore", "*.log\n.canaryignore\n");
  write(root, ".canaryignore", "# nothing\n");
}

/** Counts the folders listed while `run` runs. */
async function foldersListed(run: () => Promise<unknown>): Promise<number> {
  const readDirSync = Deno.readDirSync;
  let count = 0;
  Deno.readDirSync = (path) => {
    count++;
    return readDirSync(path);
  };
  try {
    await run();
  } finally {
    Deno.readDirSync = readDirSync;
  }
  return count;
}

Deno.test("a re-index from the stored shape finds what a walk of the tree finds", async () => {
  const trees = SCENARIOS.map(() => Deno.makeTempDirSync({ prefix: "canary-shape-" }));
  try {
    trees.forEach(buildTree);
    // Folders changed within the racy window are not trusted: let the trees age past it.
    await new Promise((done) => setTimeout(done, SHAPE_RACY_WINDOW_MS + 100));
    for (const [i, scenario] of SCENARIOS.entries()) {
      const root = trees[i];
      using fromShape = database();
      using walked = database();
      const options = { git: NO_GIT, ...scenario.options };
      await indexTree(fromShape, root, { git: NO_GIT });
      await indexTree(walked, root, { git: NO_GIT });
      const kept = fromShape.prepare("SELECT count(*) AS n FROM tree_shape").get()!.n;
      assert(Number(kept) > 0, `${scenario.name}: the first index keeps the tree's shape`);
      walked.exec("DELETE FROM tree_shape");
      scenario.change(root);
      let report: unknown;
      const listed = await foldersListed(async () => {
        const { elapsedMs: _, ...rest } = await indexTree(fromShape, root, options);
        report = rest;
      });
      const { elapsedMs: _, ...expected } = await indexTree(walked, root, options);
      assertEquals(listed === 0, scenario.shapeHolds, `${scenario.name}: listed ${listed} folders`);
      assertEquals(report, expected, scenario.name);
      assertEquals(indexState(fromShape), indexState(walked), scenario.name);
    }
  } finally {
    for (const root of trees) Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("no shape is kept for a tree changed just before its index, or with a link", async () => {
  using db = database();
  const root = Deno.makeTempDirSync({ prefix: "canary-shape-" });
  try {
    buildTree(root);
    await indexTree(db, root, { git: NO_GIT });
    assertEquals(db.prepare("SELECT count(*) AS n FROM tree_shape").get()!.n, 0, "fresh folders");
    const outside = Deno.makeTempFileSync();
    Deno.symlinkSync(outside, `${root}/src/linked.ts`);
    await new Promise((done) => setTimeout(done, SHAPE_RACY_WINDOW_MS + 100));
    await indexTree(db, root, { git: NO_GIT });
    assertEquals(db.prepare("SELECT count(*) AS n FROM tree_shape").get()!.n, 0, "a link");
    Deno.removeSync(outside);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

/** Counts the stats of files below `root` while `run` runs (not of `.git`, nor of folders). */
async function filesStatted(root: string, run: () => Promise<unknown>): Promise<number> {
  const lstatSync = Deno.lstatSync;
  let count = 0;
  Deno.lstatSync = (path) => {
    if (String(path).startsWith(root) && !String(path).endsWith("/.git")) count++;
    return lstatSync(path);
  };
  try {
    await run();
  } finally {
    Deno.lstatSync = lstatSync;
  }
  return count;
}

/**
 * Re-indexes `root` into `fast`, counting the files it stats, and into `walked`, which walks (its
 * shape forgotten); checks that both give the same report and index. The count.
 */
async function reindexBesideWalk(
  fast: DatabaseSync,
  walked: DatabaseSync,
  root: string,
  name?: string,
): Promise<number> {
  let report: unknown;
  const statted = await filesStatted(root, async () => {
    const { elapsedMs: _, ...rest } = await indexTree(fast, root);
    report = rest;
  });
  const { elapsedMs: _, ...expected } = await indexTree(walked, root);
  assertEquals(report, expected, name);
  assertEquals(indexState(fast), indexState(walked), name);
  return statted;
}

const GIT_SCENARIOS: { name: string; change: (root: string) => void; untouched: boolean }[] = [
  { name: "nothing changed", change: () => {}, untouched: true },
  {
    name: "a new commit, no file changed",
    change: (root) => git(root, "commit", "-q", "--allow-empty", "-m", "empty"),
    untouched: true,
  },
  {
    name: "a tracked file's tokens changed",
    change: (root) => write(root, "src/a.ts", token("CBIN-1", "Renamed")),
    untouched: false,
  },
  {
    name: "a tracked file changed and was staged",
    change: (root) => {
      write(root, "lib/b.ts", token("CBIN-2", "Staged"));
      git(root, "add", "lib/b.ts");
    },
    untouched: false,
  },
  {
    name: "a tracked file was touched",
    change: (root) => Deno.utimeSync(`${root}/src/a.ts`, new Date(), new Date()),
    untouched: false,
  },
  {
    name: "a tracked file in a folder skipped by default changed",
    change: (root) => write(root, "vendor/x.go", token("CBIN-8", "Vendored") + "// more\n"),
    untouched: true,
  },
  {
    name: "an untracked file appeared",
    change: (root) => write(root, "src/new.ts", token("CBIN-7", "Untracked")),
    untouched: false,
  },
];

Deno.test("in a git work tree, an unchanged tree is answered from the index git vouches for", async () => {
  const trees = GIT_SCENARIOS.map(() => Deno.makeTempDirSync({ prefix: "canary-shape-git-" }));
  try {
    for (const root of trees) {
      buildTree(root);
      write(root, "vendor/x.go", token("CBIN-8", "Vendored"));
      git(root, "init", "-q");
      git(root, "add", "-A");
      git(root, "commit", "-q", "-m", "tree");
    }
    await new Promise((done) => setTimeout(done, SHAPE_RACY_WINDOW_MS + 100));
    for (const [i, scenario] of GIT_SCENARIOS.entries()) {
      const root = trees[i];
      using fast = database();
      using walked = database();
      // The first index keeps the shape and finds git's index vouching for every file it read.
      await indexTree(fast, root);
      await indexTree(walked, root);
      const vouched = fast.prepare("SELECT count(*) AS n FROM git_index_vouch");
      assertEquals(vouched.get()!.n, 1, `${scenario.name}: git's index vouches`);
      walked.exec("DELETE FROM tree_shape");
      scenario.change(root);
      const statted = await reindexBesideWalk(fast, walked, root, scenario.name);
      assertEquals(statted === 0, scenario.untouched, `${scenario.name}: ${statted} files stat-ed`);
      const commits = (db: DatabaseSync) =>
        db.prepare("SELECT DISTINCT commit_hash FROM tokens").all().map((row) => row.commit_hash);
      assertEquals(commits(fast), commits(walked), `${scenario.name}: the commit recorded`);
    }
  } finally {
    for (const root of trees) Deno.removeSync(root, { recursive: true });
  }
});

const UNVOUCHED_SCENARIOS: {
  name: string;
  change: (root: string) => void;
  /** Done to both databases. */
  changeDatabase?: (db: DatabaseSync) => void;
  fast: boolean;
}[] = [
  { name: "nothing changed", change: () => {}, fast: true },
  {
    name: "another tool deleted the untracked file's fingerprint",
    change: () => {},
    changeDatabase: (db) => db.exec("DELETE FROM file_fingerprints WHERE file_path = 'src/new.ts'"),
    fast: false,
  },
  {
    name: "the untracked file changed",
    change: (root) => write(root, "src/new.ts", token("CBIN-7", "Untracked, renamed")),
    fast: false,
  },
  {
    name: "the untracked file was touched",
    change: (root) => Deno.utimeSync(`${root}/src/new.ts`, new Date(), new Date()),
    fast: false,
  },
  {
    name: "the edited file changed again",
    change: (root) => write(root, "lib/b.ts", token("CBIN-2", "Edited twice, not staged")),
    fast: false,
  },
  {
    name: "the edited file was restored",
    change: (root) => git(root, "checkout", "--", "lib/b.ts"),
    fast: false,
  },
  {
    name: "a file git vouched for changed",
    change: (root) => write(root, "src/a.ts", token("CBIN-1", "Alpha, renamed")),
    fast: false,
  },
];

Deno.test("in a git work tree with an untracked file and an unstaged edit, a re-index stats only those", async () => {
  const trees = UNVOUCHED_SCENARIOS.map(() =>
    Deno.makeTempDirSync({ prefix: "canary-shape-unvouched-" })
  );
  try {
    for (const root of trees) {
      buildTree(root);
      git(root, "init", "-q");
      git(root, "add", "-A");
      git(root, "commit", "-q", "-m", "tree");
      write(root, "src/new.ts", token("CBIN-7", "Untracked"));
      write(root, "lib/b.ts", token("CBIN-2", "Edited, not staged"));
    }
    await new Promise((done) => setTimeout(done, SHAPE_RACY_WINDOW_MS + 100));
    for (const [i, scenario] of UNVOUCHED_SCENARIOS.entries()) {
      const root = trees[i];
      using fast = database();
      using walked = database();
      await indexTree(fast, root);
      await indexTree(walked, root);
      const unvouched = fast.prepare("SELECT unvouched_json FROM git_index_vouch").get();
      assertEquals(unvouched?.unvouched_json, '["lib/b.ts","src/new.ts"]', scenario.name);
      walked.exec("DELETE FROM tree_shape");
      scenario.change(root);
      for (const db of [fast, walked]) scenario.changeDatabase?.(db);
      const statted = await reindexBesideWalk(fast, walked, root, scenario.name);
      assertEquals(statted === 2, scenario.fast, `${scenario.name}: ${statted} files stat-ed`);
    }
  } finally {
    for (const root of trees) Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("with a git index canary does not read, a re-index stats every file, as a walk finds", async () => {
  const root = Deno.makeTempDirSync({ prefix: "canary-shape-index-v4-" });
  try {
    buildTree(root);
    git(root, "init", "-q");
    git(root, "add", "-A");
    git(root, "update-index", "--index-version", "4");
    await new Promise((done) => setTimeout(done, SHAPE_RACY_WINDOW_MS + 100));
    using fromShape = database();
    using walked = database();
    await indexTree(fromShape, root);
    await indexTree(walked, root);
    walked.exec("DELETE FROM tree_shape");
    const vouch = fromShape.prepare("SELECT unvouched_json FROM git_index_vouch").get();
    assertEquals(vouch?.unvouched_json, "null", "kept, vouching for nothing");
    const statted = await reindexBesideWalk(fromShape, walked, root);
    assertEquals(statted, 4, "every file: src/a.ts, lib/b.ts, lib/c.bin, .gitignore");
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
