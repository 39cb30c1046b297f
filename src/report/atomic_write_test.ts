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
    assertEquals([error.code, error.exitCode], ["unwritable", 3]);
    const folder = join(dir, "folder");
    Deno.mkdirSync(folder);
    assertThrows(() => writeFileAtomic(folder, "x"), ReportError, "is a directory");
    assert(Deno.statSync(folder).isDirectory);
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["folder"]);
  });
});
