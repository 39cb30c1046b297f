import { assert, assertEquals, assertThrows } from "../test_assert.ts";
import { join } from "node:path";
import { makeTree } from "./_fixture.ts";
import { classifySource, readSource } from "./read.ts";
import { ScanError } from "./scan_error.ts";

const encoder = new TextEncoder();

Deno.test("classifySource returns null text when there is no marker", () => {
  assertEquals(classifySource(encoder.encode("const x = 1;\n")), { kind: "text", text: null });
  assertEquals(classifySource(encoder.encode("canary: lower case\n")), {
    kind: "text",
    text: null,
  });
  assertEquals(classifySource(new Uint8Array(0)), { kind: "text", text: null });
});

Deno.test("classifySource returns the text when the marker is present", () => {
  const source = "a\n// CANARY: REQ=CBIN-1\n";
  assertEquals(classifySource(encoder.encode(source)), { kind: "text", text: source });
});

Deno.test("classifySource calls a NUL in the first 8 KiB binary, and one after it text", () => {
  const early = encoder.encode("CANARY: x\0y");
  assertEquals(classifySource(early), { kind: "binary" });
  const late = new Uint8Array(9000).fill(0x61);
  late.set(encoder.encode("CANARY:"), 0);
  late[8192] = 0;
  assertEquals(classifySource(late).kind, "text");
  const edge = new Uint8Array(9000).fill(0x61);
  edge[8191] = 0;
  assertEquals(classifySource(edge), { kind: "binary" });
});

Deno.test("classifySource counts bytes, not characters, for the 8 KiB limit", () => {
  // 3000 three-byte characters put the NUL at character 3000 but byte 9000: beyond the limit.
  const text = "\u20AC".repeat(3000) + "\0 CANARY:";
  const result = classifySource(encoder.encode(text));
  assertEquals(result.kind, "text");
});

Deno.test("classifySource checks the head of a large file before decoding it", () => {
  const big = new Uint8Array(200_000).fill(0x41);
  big[10] = 0;
  assertEquals(classifySource(big), { kind: "binary" });
  big[10] = 0x41;
  big.set(encoder.encode("CANARY:"), 150_000);
  assertEquals(classifySource(big).kind, "text");
});

Deno.test("classifySource strips a UTF-8 BOM and decodes invalid UTF-8 leniently", () => {
  const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode("CANARY: x")]);
  assertEquals(classifySource(withBom), { kind: "text", text: "CANARY: x" });
  const invalid = new Uint8Array([0xff, 0xfe, 0x80, ...encoder.encode(" CANARY: \xe9"), 0xc3]);
  const result = classifySource(invalid);
  assertEquals(result.kind, "text");
  assert(result.kind === "text" && result.text?.startsWith("\uFFFD"));
  assert(result.kind === "text" && result.text?.includes("CANARY:"));
});

Deno.test("readSource reads a file and throws ScanError vanished for a missing one", () => {
  using tree = makeTree({ "a.ts": "// CANARY: here\n" });
  assertEquals(readSource(join(tree.root, "a.ts")), {
    kind: "text",
    text: "// CANARY: here\n",
  });
  assertEquals(
    assertThrows(() => readSource(join(tree.root, "gone.ts")), ScanError).code,
    "vanished",
  );
  assertEquals(
    assertThrows(() => readSource(tree.root), ScanError).code,
    "unreadable",
  );
});

Deno.test("readSource finds the marker at the end of a 20 MB single line", () => {
  using tree = makeTree();
  const bytes = new Uint8Array(20 * 1024 * 1024 + 7).fill(0x78);
  bytes.set(encoder.encode("CANARY:"), bytes.length - 7);
  Deno.writeFileSync(join(tree.root, "long.txt"), bytes);
  const result = readSource(join(tree.root, "long.txt"));
  assertEquals(result.kind, "text");
  assert(result.kind === "text" && result.text?.endsWith("xCANARY:"));
});

Deno.test("readSource throws ScanError unreadable for a file without read permission", () => {
  using tree = makeTree({ "secret.ts": "// CANARY: x\n" });
  const secret = join(tree.root, "secret.ts");
  Deno.chmodSync(secret, 0o000);
  // Root reads anything, so check as an unprivileged user when running as root.
  const child = `
    import { readSource } from ${JSON.stringify(new URL("./read.ts", import.meta.url).href)};
    try { readSource(${JSON.stringify(secret)}); console.log("read"); }
    catch (error) { console.log(error.name + ":" + error.code); }`;
  Deno.chmodSync(tree.root, 0o755);
  const script = join(tree.root, "child.ts");
  Deno.writeTextFileSync(script, child);
  const denoDir = join(tree.root, "deno_dir");
  Deno.mkdirSync(denoDir);
  const asUser = Deno.uid() === 0
    ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    : [];
  if (asUser.length > 0) Deno.chownSync(denoDir, 65534, 65534);
  const command = [...asUser, Deno.execPath(), "run", "--no-config", "--allow-read", script];
  const output = new Deno.Command(command[0], {
    args: command.slice(1),
    env: { DENO_DIR: denoDir, NO_COLOR: "1" },
  }).outputSync();
  const stdout = new TextDecoder().decode(output.stdout).trim();
  assertEquals(stdout, "ScanError:unreadable", new TextDecoder().decode(output.stderr));
});

Deno.test("hasMarker finds the marker anywhere and nothing that merely resembles it", async () => {
  const { hasMarker } = await import("./read.ts");
  const yes = ["CANARY:", "xCANARY:", "CANARY: y", "YYY CANARY:", "Y:CANARY:", "CANARYCANARY:"];
  const no = ["", "Y", "Y:", "ANARY:", "CANARY", "CANAR Y:", "canary:", "CANARY;", "YCANARYY:"];
  for (const text of yes) assertEquals(hasMarker(encoder.encode(text)), true, text);
  for (const text of no) assertEquals(hasMarker(encoder.encode(text)), false, text);
});

Deno.test("readSource reads files larger than its buffer and files that grew since the walk", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const big = "a".repeat(3 * 1024 * 1024) + "\n// CANARY: REQ=X-1\n";
    Deno.writeTextFileSync(`${dir}/big.txt`, big);
    assertEquals(readSource(`${dir}/big.txt`, 10), { kind: "text", text: big });
    assertEquals(readSource(`${dir}/big.txt`, big.length), { kind: "text", text: big });
    Deno.writeTextFileSync(`${dir}/small.txt`, "CANARY: z");
    assertEquals(readSource(`${dir}/small.txt`), { kind: "text", text: "CANARY: z" });
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
