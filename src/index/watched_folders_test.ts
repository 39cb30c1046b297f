import { assertEquals, assertMatch, assertThrows } from "../test_assert.ts";
import { UsageError } from "../errors.ts";
import { join } from "../path.ts";
import { type FolderWatch, WatchedFolders } from "./watched_folders.ts";

/** The folders to watch, relative to `root`, marked `/**` when watched with all below them. */
function planned(folders: WatchedFolders): string[] {
  const found = folders.toWatch();
  for (const folder of found) folders.started(folder);
  const rel = (folder: FolderWatch) => folder.path.slice(folders.root.length + 1) || ".";
  return found.map((folder) => rel(folder) + (folder.recursive ? "/**" : "")).sort();
}

Deno.test("WatchedFolders: never the database's folder, the way to it alone, the rest whole", () => {
  const root = Deno.realPathSync(Deno.makeTempDirSync({ prefix: "canary-watched-" }));
  for (const dir of ["a/b/.canary", "a/b/c", "a/d", "src/deep", ".git"]) {
    Deno.mkdirSync(join(root, dir), { recursive: true });
  }
  Deno.writeTextFileSync(join(root, "a", "file.ts"), "");
  // Links are never watched: a watcher follows them, and this one leads to the database.
  Deno.symlinkSync(join(root, "a/b/.canary"), join(root, "link"));
  const folders = new WatchedFolders(root, join(root, "a/b/.canary"));
  assertEquals(planned(folders), [".", ".git/**", "a", "a/b", "a/b/c/**", "a/d/**", "src/**"]);
  assertEquals(planned(folders), [], "each folder is watched once");
  assertEquals(folders.concerns(join(root, "a/b/.canary")), false);
  assertEquals(folders.concerns(join(root, "a/b/.canary/canary.db-wal")), false);
  assertEquals(folders.concerns(join(root, "a/b/.canary2")), true);
  // Folders made later: new ones, and one removed and made anew, which needs a watch of its own.
  Deno.mkdirSync(join(root, "a/b/new"));
  Deno.removeSync(join(root, "src"), { recursive: true });
  Deno.mkdirSync(join(root, "src"));
  folders.saw({ kind: "remove", paths: [join(root, "src")] });
  assertEquals(planned(folders), ["a/b/new/**", "src/**"]);
  Deno.removeSync(root, { recursive: true });
});

Deno.test("WatchedFolders: a database folder not made yet is left out too, and the root is refused", () => {
  const root = Deno.realPathSync(Deno.makeTempDirSync({ prefix: "canary-watched-" }));
  const folders = new WatchedFolders(root, join(root, "x/.canary"));
  assertEquals(planned(folders), ["."]);
  Deno.mkdirSync(join(root, "x/.canary"), { recursive: true });
  assertEquals(planned(folders), ["x"]);
  const refused = assertThrows(() => new WatchedFolders(root, root), UsageError);
  assertMatch(
    refused.message,
    /in a subfolder, as the default \.canary\/canary\.db is, or outside/,
  );
  // The database's folder outside the tree: the root alone, every folder in it whole.
  const outside = new WatchedFolders(join(root, "x"), join(root, "elsewhere"));
  assertEquals(planned(outside), [".", ".canary/**"]);
  Deno.removeSync(root, { recursive: true });
});
