import { assertEquals, assertMatch, assertNotEquals } from "../src/test_assert.ts";
/**
 * Tests `scripts/install.sh` the way a user runs it, offline through
 * `--from DIR`: a folder with a fake binary for this machine and a SHA256SUMS.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { commandOutput } from "./helpers.ts";

const INSTALL_SH = fileURLToPath(new URL("../scripts/install.sh", import.meta.url));
const HOST = Deno.build.target;
const FAKE_OUTPUT = "fake canary says hello";
const FAKE_BINARY = `#!/bin/sh\necho "${FAKE_OUTPUT}"\n`;
// install.sh is POSIX sh and the assertions rely on Unix file modes.
const SKIP_REASON = Deno.build.os === "windows" ? "skipped: needs a Unix sh and file modes" : "";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

interface Sandbox {
  /** The --from folder. */
  from: string;
  /** CANARY_INSTALL_DIR. */
  installDir: string;
  /** TMPDIR for the script, to see that it cleans up. */
  tmp: string;
  root: string;
}

async function withSandbox(fn: (sandbox: Sandbox) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "canary-install-test-" });
  const sandbox = {
    root,
    from: join(root, "from"),
    installDir: join(root, "install", "bin"),
    tmp: join(root, "tmp"),
  };
  await Deno.mkdir(sandbox.from);
  await Deno.mkdir(sandbox.tmp);
  try {
    await fn(sandbox);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

async function runInstall(
  sandbox: Sandbox,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await commandOutput("sh", {
    args: [INSTALL_SH, "--from", sandbox.from, ...args],
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: sandbox.root,
      TMPDIR: sandbox.tmp,
      CANARY_INSTALL_DIR: sandbox.installDir,
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }, "install.sh");
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

async function entries(dir: string): Promise<string[]> {
  try {
    return (await Array.fromAsync(Deno.readDir(dir))).map((entry) => entry.name).sort();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
}

async function assertInstalledFake(path: string): Promise<void> {
  assertEquals(await Deno.readTextFile(path), FAKE_BINARY);
  const mode = (await Deno.stat(path)).mode ?? 0;
  assertEquals(mode & 0o111, 0o111, `${path} is not executable: ${mode.toString(8)}`);
  const run = await commandOutput(path, { stdout: "piped" }, "the installed binary");
  assertEquals(new TextDecoder().decode(run.stdout), `${FAKE_OUTPUT}\n`);
}

function installTest(name: string, fn: () => Promise<void>): void {
  Deno.test({
    name: SKIP_REASON ? `install.sh: ${name} (${SKIP_REASON})` : `install.sh: ${name}`,
    ignore: SKIP_REASON !== "",
    fn,
  });
}

installTest("a matching checksum installs the binary and says where", async () => {
  await withSandbox(async (sandbox) => {
    const name = `canary-1.2.3-${HOST}`;
    await Deno.writeTextFile(join(sandbox.from, name), FAKE_BINARY);
    await Deno.writeTextFile(
      join(sandbox.from, "SHA256SUMS"),
      `${sha256("other")}  canary-1.2.3-riscv64-unknown-linux-gnu\n` +
        `${sha256(FAKE_BINARY)}  ${name}\n`,
    );

    const result = await runInstall(sandbox, []);

    assertEquals(result.code, 0, result.stderr);
    assertEquals(result.stderr, "");
    assertMatch(
      result.stdout,
      new RegExp(
        `^installed canary 1\\.2\\.3 \\(${HOST}\\) to ${
          escapeRegExp(sandbox.installDir)
        }/canary\\n`,
      ),
    );
    assertEquals(await entries(sandbox.installDir), ["canary"]);
    await assertInstalledFake(join(sandbox.installDir, "canary"));
    assertEquals(await entries(sandbox.tmp), [], "temporary files left behind");
  });
});

installTest("a checksum mismatch refuses and leaves nothing behind", async () => {
  await withSandbox(async (sandbox) => {
    const name = `canary-1.2.3-${HOST}`;
    await Deno.writeTextFile(join(sandbox.from, name), FAKE_BINARY);
    await Deno.writeTextFile(
      join(sandbox.from, "SHA256SUMS"),
      `${sha256("a different binary")}  ${name}\n`,
    );

    const result = await runInstall(sandbox, []);

    assertNotEquals(result.code, 0);
    assertEquals(result.stdout, "");
    assertMatch(result.stderr, /^install\.sh: checksum mismatch for canary-1\.2\.3-.*\n$/);
    assertEquals(await entries(sandbox.installDir), []);
    assertEquals(await entries(join(sandbox.root, "install")), []);
    assertEquals(await entries(sandbox.tmp), []);
  });
});

installTest("a mismatch does not touch an already installed canary", async () => {
  await withSandbox(async (sandbox) => {
    await Deno.mkdir(sandbox.installDir, { recursive: true });
    await Deno.writeTextFile(join(sandbox.installDir, "canary"), "old canary");
    const name = `canary-1.2.3-${HOST}`;
    await Deno.writeTextFile(join(sandbox.from, name), FAKE_BINARY);
    await Deno.writeTextFile(join(sandbox.from, "SHA256SUMS"), `${"0".repeat(64)}  ${name}\n`);

    const result = await runInstall(sandbox, []);

    assertNotEquals(result.code, 0);
    assertEquals(await entries(sandbox.installDir), ["canary"]);
    assertEquals(await Deno.readTextFile(join(sandbox.installDir, "canary")), "old canary");
  });
});

installTest("a good install replaces an older canary", async () => {
  await withSandbox(async (sandbox) => {
    await Deno.mkdir(sandbox.installDir, { recursive: true });
    await Deno.writeTextFile(join(sandbox.installDir, "canary"), "old canary");
    const name = `canary-1.2.4-${HOST}`;
    await Deno.writeTextFile(join(sandbox.from, name), FAKE_BINARY);
    // Binary-mode lines ('*' before the name) and upper-case hex are valid too.
    await Deno.writeTextFile(
      join(sandbox.from, "SHA256SUMS"),
      `${sha256(FAKE_BINARY).toUpperCase()} *${name}\n`,
    );

    const result = await runInstall(sandbox, []);

    assertEquals(result.code, 0, result.stderr);
    assertEquals(await entries(sandbox.installDir), ["canary"]);
    await assertInstalledFake(join(sandbox.installDir, "canary"));
  });
});

installTest("no binary for this platform is a clear error", async () => {
  await withSandbox(async (sandbox) => {
    const other = HOST.startsWith("x86_64")
      ? "aarch64-unknown-linux-gnu"
      : "x86_64-unknown-linux-gnu";
    await Deno.writeTextFile(join(sandbox.from, `canary-1.2.3-${other}`), FAKE_BINARY);
    await Deno.writeTextFile(
      join(sandbox.from, "SHA256SUMS"),
      `${sha256(FAKE_BINARY)}  canary-1.2.3-${other}\n`,
    );

    const result = await runInstall(sandbox, []);

    assertNotEquals(result.code, 0);
    assertEquals(
      result.stderr,
      `install.sh: no canary binary for ${HOST} in ${sandbox.from}\n`,
    );
    assertEquals(await entries(sandbox.installDir), []);
  });
});

installTest("a binary listed in SHA256SUMS but absent is a clear error", async () => {
  await withSandbox(async (sandbox) => {
    const name = `canary-1.2.3-${HOST}`;
    await Deno.writeTextFile(join(sandbox.from, "SHA256SUMS"), `${sha256(FAKE_BINARY)}  ${name}\n`);

    const result = await runInstall(sandbox, []);

    assertNotEquals(result.code, 0);
    assertEquals(result.stderr, `install.sh: ${sandbox.from}/${name} not found\n`);
    assertEquals(await entries(sandbox.installDir), []);
  });
});

installTest("--version picks one of several versions, which otherwise is an error", async () => {
  await withSandbox(async (sandbox) => {
    const lines = [];
    for (const version of ["1.0.0", "2.0.0"]) {
      const body = version === "1.0.0" ? FAKE_BINARY : "#!/bin/sh\necho two\n";
      await Deno.writeTextFile(join(sandbox.from, `canary-${version}-${HOST}`), body);
      lines.push(`${sha256(body)}  canary-${version}-${HOST}\n`);
    }
    await Deno.writeTextFile(join(sandbox.from, "SHA256SUMS"), lines.join(""));

    const ambiguous = await runInstall(sandbox, []);
    assertNotEquals(ambiguous.code, 0);
    assertMatch(ambiguous.stderr, /2 canary versions .* pick one with --version\n$/);

    const picked = await runInstall(sandbox, ["--version", "v1.0.0"]);
    assertEquals(picked.code, 0, picked.stderr);
    await assertInstalledFake(join(sandbox.installDir, "canary"));
  });
});

installTest("--dir wins over CANARY_INSTALL_DIR", async () => {
  await withSandbox(async (sandbox) => {
    const name = `canary-1.2.3-${HOST}`;
    await Deno.writeTextFile(join(sandbox.from, name), FAKE_BINARY);
    await Deno.writeTextFile(join(sandbox.from, "SHA256SUMS"), `${sha256(FAKE_BINARY)}  ${name}\n`);
    const chosen = join(sandbox.root, "chosen");

    const result = await runInstall(sandbox, ["--dir", chosen]);

    assertEquals(result.code, 0, result.stderr);
    assertMatch(result.stdout, new RegExp(` to ${escapeRegExp(chosen)}/canary\\n`));
    await assertInstalledFake(join(chosen, "canary"));
    assertEquals(await entries(sandbox.installDir), []);
  });
});

installTest("an unknown option is a usage error", async () => {
  await withSandbox(async (sandbox) => {
    const result = await runInstall(sandbox, ["--frobnicate"]);
    assertEquals(result.code, 2);
    assertMatch(result.stderr, /^install\.sh: unknown option --frobnicate\nusage: /);
  });
});
