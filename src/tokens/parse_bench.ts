/**
 * Throughput checks for the token parser: `deno bench src/tokens/parse_bench.ts`.
 *
 * @module
 */

import { parseTokens } from "./parse.ts";

const TOKEN =
  `// CANARY: REQ=CBIN-129; FEATURE="DatabaseMigrations"; ASPECT=Storage; STATUS=IMPL; ` +
  `TEST=TestMigrate; OWNER=canary; UPDATED=2025-10-16`;

function sourceLines(bytes: number): string[] {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = i % 7 === 0
      ? `// helper ${i} keeps the example realistic`
      : `  const value${i} = compute("item-${i}", ${i}); // plain comment`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines;
}

// A minified bundle: one 20 MB line with a trailing token comment at the end.
const minifiedLine = "var a=1;".repeat((20 * 1024 * 1024) / 8) + ` ${TOKEN}\n`;

// A typical 8 KiB source file with two tokens.
const typicalLines = sourceLines(8 * 1024);
typicalLines.splice(10, 0, TOKEN);
typicalLines.splice(Math.floor(typicalLines.length / 2), 0, TOKEN.replace("129", "130"));
const typicalFile = typicalLines.join("\n");

// Files without any token: the common case when scanning a tree.
const noTokenSmall = sourceLines(8 * 1024).join("\n");
const noTokenLarge = sourceLines(1024 * 1024).join("\n");

Deno.bench("parseTokens: 20 MB single line with a token at the end", () => {
  if (parseTokens(minifiedLine, "bundle.min.js").tokens.length !== 1) throw new Error("missed");
});

Deno.bench("parseTokens: 8 KiB file with 2 tokens", () => {
  if (parseTokens(typicalFile, "typical.ts").tokens.length !== 2) throw new Error("missed");
});

Deno.bench("parseTokens: 8 KiB file with no token", () => {
  if (parseTokens(noTokenSmall, "plain.ts").tokens.length !== 0) throw new Error("false hit");
});

Deno.bench("parseTokens: 1 MiB file with no token", () => {
  if (parseTokens(noTokenLarge, "plain.ts").tokens.length !== 0) throw new Error("false hit");
});
