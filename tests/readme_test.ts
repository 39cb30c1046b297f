/**
 * README is the contract: its sections stay headings (a formatter once folded
 * two of them into a paragraph), its in-page links land on a heading, and
 * every command in the command tree is documented.
 */
import type { Command } from "../src/cli/command_line.ts";
import { buildProgram } from "../main.ts";
import { Output } from "../src/output/output.ts";
import { assert, assertEquals } from "../src/test_assert.ts";

const README = Deno.readTextFileSync(new URL("../README.md", import.meta.url));
const lines = README.split("\n");

/** The anchor GitHub gives a heading. */
function anchor(heading: string): string {
  return heading.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replaceAll(" ", "-");
}

const headings = lines.filter((line) => /^#{1,6} /.test(line)).map((line) =>
  line.replace(/^#+ /, "")
);

Deno.test("README's sections are headings of their own", () => {
  for (
    const expected of [
      "Install",
      "Use",
      "Tests",
      "Token format",
      "Command reference",
      "`canary scan`",
      "Backups and restore",
      "Guarantees",
      "Schema and migrations",
      "Dependencies",
    ]
  ) {
    assert(headings.includes(expected), `no heading '${expected}'`);
  }
  const folded = lines.filter((line) => /\S.*\s#{2,3} [A-Z`]/.test(line) && !line.startsWith("|"));
  assertEquals(folded, [], "a heading folded into a paragraph");
});

Deno.test("README's in-page links point at headings", () => {
  const anchors = new Set(headings.map(anchor));
  const links = [...README.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
  assert(links.length > 0);
  for (const link of links) assert(anchors.has(link), `link #${link} has no heading`);
});

Deno.test("README documents every command", async () => {
  const discard = { writeSync: (bytes: Uint8Array) => bytes.length };
  const program = await buildProgram({
    out: new Output({ stdout: discard, stderr: discard, env: () => undefined }),
    env: () => undefined,
    cwd: () => "/",
  });
  const walk = (command: Command, path: string[]): string[][] =>
    command.commands.flatMap((c) => [[...path, c.name()], ...walk(c, [...path, c.name()])]);
  for (const path of walk(program, [])) {
    assert(README.includes(`canary ${path.join(" ")}`), `README lacks 'canary ${path.join(" ")}'`);
  }
});
