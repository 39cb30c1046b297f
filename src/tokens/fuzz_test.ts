import { assert, assertEquals } from "../test_assert.ts";
import { parseTokenLine, parseTokens, splitLines, type TokenLineResult } from "./parse.ts";
import { ASPECTS, isStatus, KNOWN_KEYS, STATUSES } from "./token.ts";
import { isReqId } from "./values.ts";

// Fixed so failures reproduce; CANARY_FUZZ_SEED overrides it for exploratory runs.
const DEFAULT_SEED = 0x5eed_c0de;
const LINES = 100_000;

function seedFromEnvironment(): number {
  try {
    const text = Deno.env.get("CANARY_FUZZ_SEED");
    return text ? Number(text) >>> 0 : DEFAULT_SEED;
  } catch {
    return DEFAULT_SEED;
  }
}

/** A small deterministic PRNG (xorshift32 with a multiplicative output scramble). */
class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0 || 1;
  }

  /** Next 32-bit unsigned integer. */
  next(): number {
    let x = this.#state;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#state = x >>> 0;
    return Math.imul(this.#state, 0x9e3779b1) >>> 0;
  }

  /** Integer in [0, n). */
  below(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() / 0x1_0000_0000 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }
}

const OPENERS = [
  "",
  "//",
  "///",
  "//!",
  "#",
  "##",
  "--",
  "/*",
  "/**",
  "/*!",
  " *",
  "<!--",
  ";",
  ";;",
  "%",
  "'",
  "REM",
  "@rem",
  "{-",
  "(*",
  "[//]: #",
  "[//]: # (",
  "[//]: <> (",
  "x := 1 //",
  "foo();//",
  `s = "a" #`,
  `print("`,
  `echo '#`,
  "http://",
  "# grep",
  "\uFEFF//",
  "\t\t",
];
const CLOSERS = ["", "", "*/", " */", "-->", "-}", "*)", ")", "\r", " */ int x;", "))"];
const KEYS = [
  ...KNOWN_KEYS,
  "REQ",
  "FEATURE",
  "ASPECT",
  "STATUS",
  "req",
  "Status",
  "aspect",
  "X_TRA",
  "",
  " ",
  "BAD KEY",
  "=",
  "1ABC",
  "__proto__",
  "constructor",
];
const VALUES = [
  "CBIN-1",
  "CBIN\u2011129",
  "CBIN-CLI-001",
  "CBIN-###",
  "<req>",
  "IMPL",
  "tested",
  "DONE",
  "Storage",
  "api",
  "Storag",
  "2025-10-16",
  "2025-02-30",
  "YYYY-MM-DD",
  "10",
  "11",
  "TestA, TestB",
  "",
  "\\",
  '\\"',
  "\\'",
  ";",
  "=",
  "*/",
  "-->",
  ")",
  "(",
  "CANARY:",
  "//",
  " ",
  "\t",
  "\uFEFF",
  "\ud800",
  "\udc00",
  "\u{1F600}",
  "\u0000",
  "\u2028",
  "\u2014",
];
const VALID_TOKENS = [
  `// CANARY: REQ=CBIN-129; FEATURE="DatabaseMigrations"; ASPECT=Storage; STATUS=IMPL; TEST=TestMigrate; OWNER=canary; UPDATED=2025-10-16`,
  `/* CANARY: REQ=CBIN-2; FEATURE='it\\'s; fine'; ASPECT=api; STATUS=tested; BENCH=B */`,
  `[//]: # (CANARY: REQ=PROJ-1234; FEATURE="f (x)"; ASPECT=Docs; STATUS=STUB; PRIORITY=3)`,
  `x = 1 # CANARY: REQ=CBIN-CLI-001; FEATURE=Cli; ASPECT=CLI; STATUS=REMOVED; X=1`,
  `<!-- CANARY: REQ=CBIN\u20143; FEATURE="say \\"hi\\""; ASPECT=FrontEnd; STATUS=BENCHED -->`,
];

function randomValue(random: Random): string {
  let value = "";
  const pieces = 1 + random.below(3);
  for (let i = 0; i < pieces; i++) value += random.pick(VALUES);
  switch (random.below(6)) {
    case 0:
      return `"${value}"`;
    case 1:
      return `'${value}'`;
    case 2:
      return `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
    case 3:
      return `"${value}'${random.pick(VALUES)}"'`; // nested and mismatched quotes
    default:
      return value;
  }
}

function structuredToken(random: Random): string {
  const fields: string[] = [];
  if (random.chance(0.7)) {
    // Mostly-valid core so that some lines parse to tokens.
    fields.push(
      `REQ=${random.chance(0.8) ? "CBIN-" + random.below(999) : random.pick(VALUES)}`,
      `FEATURE=${random.chance(0.8) ? `"Feature ${random.below(99)}"` : randomValue(random)}`,
      `ASPECT=${random.chance(0.8) ? random.pick(ASPECTS) : random.pick(VALUES)}`,
      `STATUS=${random.chance(0.8) ? random.pick(STATUSES) : random.pick(VALUES)}`,
    );
  }
  const extra = random.below(5);
  for (let i = 0; i < extra; i++) {
    fields.splice(
      random.below(fields.length + 1),
      0,
      `${random.pick(KEYS)}=${randomValue(random)}`,
    );
  }
  const separator = random.pick(["; ", ";", " ; ", ";;", "; "]);
  const space = random.chance(0.8) ? " " : "";
  return `${random.pick(OPENERS)}${space}CANARY:${space}${fields.join(separator)}${
    random.chance(0.5) ? " " : ""
  }${random.pick(CLOSERS)}`;
}

function randomCodeUnits(random: Random, length: number): string {
  const units: number[] = [];
  for (let i = 0; i < length; i++) {
    units.push(random.chance(0.7) ? 32 + random.below(95) : random.below(0x10000));
  }
  return String.fromCharCode(...units);
}

function randomBytes(random: Random, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = random.below(256);
  return bytes;
}

const utf8 = new TextDecoder("utf-8", { fatal: false });
const utf16 = new TextDecoder("utf-16le", { fatal: false });

function mutate(random: Random, line: string): string {
  const operations = 1 + random.below(4);
  for (let i = 0; i < operations; i++) {
    const at = random.below(line.length + 1);
    switch (random.below(7)) {
      case 0: // truncate
        line = line.slice(0, at);
        break;
      case 1: // delete a range
        line = line.slice(0, at) + line.slice(at + 1 + random.below(8));
        break;
      case 2: // insert grammar-significant characters
        line = line.slice(0, at) + random.pick([`"`, `'`, "\\", ";", "=", "*/", ")", "CANARY:"]) +
          line.slice(at);
        break;
      case 3: // insert random code units (lone surrogates included)
        line = line.slice(0, at) + randomCodeUnits(random, 1 + random.below(4)) + line.slice(at);
        break;
      case 4: // splice with a valid token
        {
          const other = random.pick(VALID_TOKENS);
          line = line.slice(0, at) + other.slice(random.below(other.length));
        }
        break;
      case 5: // duplicate a segment
        line = line.slice(0, at) + line.slice(at, at + random.below(20)) + line.slice(at);
        break;
      default: // split a surrogate pair or cut in the middle of one
        line = line.slice(0, at) + "\ud83d" + line.slice(at);
    }
  }
  return line;
}

function generateLine(random: Random, index: number): string {
  if (index % 5000 === 4999) {
    // A huge value, rarely, to keep the run fast.
    const huge = random.pick(["x", ";", '"', "\\", "\u2014", "CANARY: "]).repeat(50_000);
    return `// CANARY: REQ=CBIN-1; FEATURE=${random.chance(0.5) ? `"${huge}"` : huge}; ` +
      `ASPECT=API; STATUS=${random.chance(0.5) ? "IMPL" : huge}`;
  }
  switch (random.below(8)) {
    case 0:
      return utf8.decode(randomBytes(random, random.below(200)));
    case 1:
      return utf16.decode(randomBytes(random, random.below(200)));
    case 2: {
      const noise = randomCodeUnits(random, random.below(120));
      const at = random.below(noise.length + 1);
      return noise.slice(0, at) + random.pick(OPENERS) + " CANARY: " + noise.slice(at);
    }
    case 3:
    case 4:
      return structuredToken(random);
    case 5:
      return mutate(random, random.pick(VALID_TOKENS));
    default:
      return mutate(random, structuredToken(random));
  }
}

function describe(seed: number, index: number, line: string): string {
  const shown = JSON.stringify(line.length > 300 ? line.slice(0, 300) + "…" : line);
  return `seed=${seed} line #${index} (length ${line.length}): ${shown}`;
}

function checkResult(result: TokenLineResult | null): void {
  if (result === null) return;
  assertEquals(Object.keys(result).sort(), ["issues", "raw", "token"]);
  assert(result.raw.startsWith("CANARY:"), "the raw text starts at the marker, rejected or not");
  assert(Array.isArray(result.issues));
  for (const issue of result.issues) {
    assert(issue.severity === "error" || issue.severity === "warning");
    assertEquals(typeof issue.reason, "string");
    assert(issue.reason.length > 0 && issue.reason.length < 400, issue.reason);
  }
  const hasError = result.issues.some((issue) => issue.severity === "error");
  assert((result.token !== null) !== hasError, "token must be null exactly when errors exist");
  const token = result.token;
  if (token !== null) {
    assert(isStatus(token.status) && isStatus(token.declaredStatus));
    assert(isReqId(token.reqId), token.reqId);
    assertEquals(token.raw, result.raw);
    assert(token.feature !== "" && token.aspect !== "");
  }
}

Deno.test("parsers never throw and keep their result contract on 100,000 fuzzed lines", () => {
  const seed = seedFromEnvironment();
  const random = new Random(seed);
  const counts = { none: 0, token: 0, rejected: 0 };
  let batch: string[] = [];
  for (let index = 0; index < LINES; index++) {
    const line = generateLine(random, index);
    try {
      const result = parseTokenLine(line);
      checkResult(result);
      checkResult(parseTokenLine(line, { strict: true }));
      if (result === null) counts.none++;
      else if (result.token === null) counts.rejected++;
      else counts.token++;

      batch.push(line);
      if (batch.length === 50) {
        const text = batch.join(random.chance(0.5) ? "\n" : "\r\n");
        // A fuzzed line may hold a CR, which ends a line too.
        const lineCount = splitLines(text).lines.length;
        const { tokens, diagnostics } = parseTokens(text, "fuzz.txt", { strict: true });
        for (const { line: number } of [...tokens, ...diagnostics]) {
          assert(Number.isInteger(number) && number >= 1 && number <= lineCount);
        }
        const errorLines = new Set(
          diagnostics.filter((d) => d.severity === "error").map((d) => d.line),
        );
        for (const { line: number } of tokens) assert(!errorLines.has(number));
        batch = [];
      }
    } catch (error) {
      throw new Error(
        `${describe(seed, index, line)}\n${error instanceof Error ? error.stack : error}`,
      );
    }
  }
  // Guard against a generator that never reaches the interesting paths.
  assert(counts.token > LINES / 100, `too few tokens: ${JSON.stringify(counts)}`);
  assert(counts.rejected > LINES / 100, `too few rejections: ${JSON.stringify(counts)}`);
  assert(counts.none > LINES / 100, `too few non-tokens: ${JSON.stringify(counts)}`);
});
