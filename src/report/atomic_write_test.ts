import { join } from "node:path";
import { assert, assertEquals, assertThrows } from "../test_assert.ts";
import { writeFileAtomic } from "./atomic_write.ts";
import { ReportError } from "./report_error.ts";

function withTempDir(fn: (dir: string) => void): void {
  const dir = Deno.makeTempDirSync({ prefix: "canary-atomic-" });
  try {
    fn(dir);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

const isWindows = Deno.build.os === "windows";

Deno.test("writeFileAtomic replaces contents, keeps the mode and leaves no temporary file", () => {
  withTempDir((dir) => {
    const path = join(dir, "script.sh");
    Deno.writeTextFileSync(path, "old\n");
    if (!isWindows) Deno.chmodSync(path, 0o750);
    writeFileAtomic(path, "new\r\n");
    assertEquals(Deno.readTextFileSync(path), "new\r\n");
    if (!isWindows) assertEquals(Deno.statSync(path).mode! & 0o7777, 0o750);
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["script.sh"]);
  });
});

Deno.test("writeFileAtomic creates a new file and writes bytes as given", () => {
  withTempDir((dir) => {
    const path = join(dir, "status.json");
    writeFileAtomic(path, new Uint8Array([0xef, 0xbb, 0xbf, 0x41]));
    assertEquals([...Deno.readFileSync(path)], [0xef, 0xbb, 0xbf, 0x41]);
  });
});

Deno.test(
  "writeFileAtomic follows a symbolic link and keeps the link",
  { ignore: isWindows },
  () => {
    withTempDir((dir) => {
      const target = join(dir, "real.go");
      const link = join(dir, "link.go");
      Deno.writeTextFileSync(target, "old");
      Deno.symlinkSync(target, link);
      writeFileAtomic(link, "new");
      assert(Deno.lstatSync(link).isSymlink);
      assertEquals(Deno.readTextFileSync(target), "new");
    });
  },
);

Deno.test("writeFileAtomic fails with an unwritable ReportError and changes nothing", () => {
  withTempDir((dir) => {
    const missing = join(dir, "no", "such", "dir", "status.json");
    const error = assertThrows(() => writeFileAtomic(missing, "x"), ReportError, missing);
    assertEquals([error.code, error.exitCode], ["unwritable", 1]);
    const folder = join(dir, "folder");
    Deno.mkdirSync(folder);
    assertThrows(() => writeFileAtomic(folder, "x"), ReportError, "is a directory");
    assert(Deno.statSync(folder).isDirectory);
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["folder"]);
  });
});

Deno.test("writeFileAtomic refuses a hard-linked file, leaving both names whole", () => {
  if (isWindows) return;
  withTempDir((dir) => {
    const path = join(dir, "a.txt");
    Deno.writeTextFileSync(path, "old\n");
    Deno.linkSync(path, join(dir, "b.txt"));
    const error = assertThrows(() => writeFileAtomic(path, "new\n"), ReportError, "hard links");
    assertEquals(error.code, "hard_linked");
    assertEquals(Deno.readTextFileSync(join(dir, "b.txt")), "old\n");
    assertEquals(Deno.statSync(path).nlink, 2);
    assertEquals([...Deno.readDirSync(dir)].length, 2);
  });
});

Deno.test({
  name: "writeFileAtomic keeps another user's owner and group when it may (root)",
  ignore: isWindows || Deno.uid() !== 0,
  fn: () => {
    withTempDir((dir) => {
      const path = join(dir, "theirs.txt");
      Deno.writeTextFileSync(path, "old\n");
      Deno.chownSync(path, 1234, 4321);
      Deno.chmodSync(path, 0o2640);
      writeFileAtomic(path, "new\n");
      const info = Deno.statSync(path);
      assertEquals([info.uid, info.gid, info.mode! & 0o7777], [1234, 4321, 0o2640]);
    });
  },
});
