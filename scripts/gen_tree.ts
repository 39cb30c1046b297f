/**
 * Generates the synthetic source tree of the index benchmark: by default about 50,000 files of
 * 2–12 KiB in nested folders, written in several languages, some of them binary, with a CANARY
 * token in about one file in 40.
 *
 * Generation is deterministic: the same parameters (seed included) give the same paths, bytes
 * and modification times. A marker file beside the tree records the parameters, so a tree that
 * is already complete is reused instead of rewritten.
 *
 * Run alone: `deno run --allow-all scripts/gen_tree.ts [--root DIR] [--files N] [--seed N]
 * [--force]`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { basename, dirname, join, resolve } from "node:path";

/** Bumped whenever the generated content changes, so older trees are not reused. */
export const GENERATOR_VERSION = 2;

/** What shapes a generated tree. */
export interface TreeParams {
  /** Number of files, text and binary. */
  files: number;
  /** Seed of the pseudo-random generator. */
  seed: number;
  /** Smallest file size in bytes. */
  minSize: number;
  /** Largest file size in bytes. */
  maxSize: number;
  /** One text file in this many holds tokens (on average). */
  tokenEvery: number;
  /** One file in this many is binary (on average). */
  binaryEvery: number;
  /** Files per folder, on average. */
  filesPerDir: number;
}

/** The benchmark's tree: 50,000 files of 2–12 KiB, tokens in one file in 40. */
export const DEFAULT_TREE_PARAMS: Readonly<TreeParams> = Object.freeze({
  files: 50_000,
  seed: 20251016,
  minSize: 2 * 1024,
  maxSize: 12 * 1024,
  tokenEvery: 40,
  binaryEvery: 50,
  filesPerDir: 25,
});

/** What a generated tree holds. */
export interface TreeSummary {
  /** Absolute path of the tree. */
  root: string;
  params: TreeParams;
  /** True when an existing tree with the same parameters was kept. */
  reused: boolean;
  directories: number;
  textFiles: number;
  binaryFiles: number;
  /** Text files holding at least one token. */
  tokenFiles: number;
  /** Token lines written (each a valid token). */
  tokens: number;
  /** Total bytes of all files. */
  bytes: number;
}

/** Every file's modification time: fixed, so the tree is reproducible and never "just modified". */
export const TREE_MTIME: Date = new Date("2025-01-01T00:00:00Z");

/** The marker file recording a tree's parameters; it sits beside the tree, not inside it. */
export function treeMarkerPath(root: string): string {
  const abs = resolve(root);
  return join(dirname(abs), `${basename(abs)}.params.json`);
}

/** A small, fast, seedable pseudo-random generator (mulberry32): uniform floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Language {
  ext: string;
  /** Wraps a comment's text in this language's comment syntax. */
  comment: (text: string) => string;
  /** Line templates; `$i` is an identifier, `$n` a number, `$w` a word. */
  templates: string[];
}

const slashes = (text: string) => `// ${text}`;
const hash = (text: string) => `# ${text}`;

const LANGUAGES: Language[] = [
  {
    ext: "ts",
    comment: slashes,
    templates: [
      "export function $i($i: number, $i: string): boolean {",
      "  const $i = await $i.$i($i, $n);",
      "  if ($i.length > $n) return $i;",
      "  for (const $i of $i) $i.push($i);",
      "}",
      'import { $i, $i } from "./$w_$w.ts";',
      "  // $w the $w before $w it, see $i",
      "  return { $i: $i, $i: $n };",
      "",
      "interface $i { $i: string; $i?: number }",
    ],
  },
  {
    ext: "py",
    comment: hash,
    templates: [
      "def $i($i, $i=$n):",
      "    $i = $i.$i($i)",
      "    if $i is None:",
      "        return $i",
      "    for $i in range($n):",
      "    # $w $w: keep the $w in $i",
      "",
      "class $i($i):",
      '    """$w the $w of $w."""',
    ],
  },
  {
    ext: "go",
    comment: slashes,
    templates: [
      "func $i($i int, $i string) error {",
      "\t$i := $i.$i($i, $n)",
      "\tif err != nil {",
      '\t\treturn fmt.Errorf("$w: %w", err)',
      "\t}",
      "}",
      "\t// $w $w so that $i stays $w",
      "",
      "type $i struct {",
      "\t$i []$i",
    ],
  },
  {
    ext: "rs",
    comment: slashes,
    templates: [
      "pub fn $i(&self, $i: usize) -> Result<$i, Error> {",
      "    let $i = self.$i.get($n)?;",
      "    match $i {",
      "        Some($i) => $i.$i(),",
      "        None => return Err(Error::$i),",
      "    }",
      "}",
      "    // $w: the $w is $w here",
      "",
      "#[derive(Debug, Clone)]",
    ],
  },
  {
    ext: "java",
    comment: slashes,
    templates: [
      "public final class $i extends $i {",
      "    private final $i $i = new $i($n);",
      "    public $i $i(int $i) {",
      "        return this.$i.$i($i);",
      "    }",
      "    // $w $w for the $w",
      "",
      "}",
      "    @Override",
    ],
  },
  {
    ext: "md",
    comment: (text) => `<!-- ${text} -->`,
    templates: [
      "## $w $w",
      "The $w keeps $w and $w in step, so $i never sees a stale $w.",
      "",
      "- $w: `$i($n)` returns the $w",
      "Déjà vu: the naïve $w café reads $n entries — then stops.",
      "```",
      "$i --$w $n",
    ],
  },
  {
    ext: "sh",
    comment: hash,
    templates: [
      '$i="$w-$n"',
      'if [ -z "$$i" ]; then',
      '  echo "$w $w" >&2',
      "fi",
      "# $w the $w before $w",
      "",
      '$w --$w "$$i" | $w -n $n',
    ],
  },
];

const WORDS = [
  "alpha",
  "cache",
  "query",
  "parser",
  "render",
  "index",
  "token",
  "stream",
  "buffer",
  "engine",
  "client",
  "server",
  "config",
  "schema",
  "router",
  "worker",
  "signal",
  "ledger",
  "report",
  "session",
  "storage",
  "network",
  "metric",
  "policy",
];
const ASPECTS = ["API", "CLI", "Engine", "Storage", "Security", "Docs"];
const STATUSES = ["STUB", "IMPL", "TESTED", "BENCHED"];
const OWNERS = ["alice", "bob", "carol", "dave", "canary"];
const BINARY_EXTS = ["png", "bin", "so", "jar", "woff2"];
/** Distinct lines generated per language; files are assembled from these. */
const LINES_PER_LANGUAGE = 2048;

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function identifier(random: () => number): string {
  const first = pick(random, WORDS);
  const second = pick(random, WORDS);
  return first + second[0].toUpperCase() + second.slice(1);
}

function fillTemplate(random: () => number, template: string): string {
  return template.replace(/\$[inw]/g, (slot) => {
    if (slot === "$i") return identifier(random);
    if (slot === "$n") return String(Math.floor(random() * 1000));
    return pick(random, WORDS);
  });
}

function tokenLine(random: () => number, language: Language, serial: number): string {
  const feature = identifier(random).replace(/^./, (c) => c.toUpperCase());
  return language.comment(
    `CANARY: REQ=CBIN-${100 + serial}; FEATURE="${feature}"; ASPECT=${pick(random, ASPECTS)}; ` +
      `STATUS=${pick(random, STATUSES)}; TEST=Test${feature}; OWNER=${pick(random, OWNERS)}; ` +
      `UPDATED=2025-10-16`,
  );
}

/** Folders relative to the root: a random tree, at most six levels deep. */
function makeDirectories(random: () => number, count: number): string[] {
  const dirs: { path: string; depth: number }[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${pick(random, WORDS)}_${i}`;
    // Attach to a random earlier folder (or the root), which favours a few deep, bushy branches.
    const parent = dirs.length === 0 || random() < 0.05 ? null : dirs[Math.floor(random() * i)];
    if (parent === null || parent.depth >= 6) dirs.push({ path: name, depth: 1 });
    else dirs.push({ path: `${parent.path}/${name}`, depth: parent.depth + 1 });
  }
  return dirs.map((dir) => dir.path);
}

/** Source-like text of `size` characters, with each token line whole at a random line. */
function textFile(
  random: () => number,
  lines: string[],
  size: number,
  tokenLines: string[],
): string {
  const tokenLength = tokenLines.reduce((sum, line) => sum + line.length + 1, 0);
  const bodySize = Math.max(0, size - tokenLength);
  const parts: string[] = [];
  let length = 0;
  while (length < bodySize) {
    const text = lines[Math.floor(random() * lines.length)] + "\n";
    parts.push(text);
    length += text.length;
  }
  // Cut the last line so the file has the requested size; it then simply ends without a newline.
  if (length > bodySize) parts[parts.length - 1] = parts.at(-1)!.slice(0, bodySize - length);
  for (const token of tokenLines) {
    // Never after the cut line, so every token stays a line of its own.
    parts.splice(Math.floor(random() * parts.length), 0, token + "\n");
  }
  return parts.join("");
}

function binaryFile(random: () => number, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = Math.floor(random() * 256);
  // A NUL early on, as every binary format has, is what marks it binary.
  bytes[1 + Math.floor(random() * 16)] = 0;
  return bytes;
}

function removeIfPresent(path: string): void {
  try {
    Deno.removeSync(path, { recursive: true });
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

function readMarker(root: string): unknown {
  try {
    return JSON.parse(Deno.readTextFileSync(treeMarkerPath(root)));
  } catch {
    return null;
  }
}

/** Options for {@link generateTree}. */
export interface GenerateOptions {
  /** Regenerate even when the marker says the tree is current. */
  force?: boolean;
}

/**
 * Generates the tree at `root` (replacing whatever is there), or keeps it when its marker records
 * the same parameters and generator version. The marker is written last, so an interrupted run is
 * never reused.
 */
export function generateTree(
  root: string,
  params: Partial<TreeParams> = {},
  options: GenerateOptions = {},
): TreeSummary {
  const full: TreeParams = { ...DEFAULT_TREE_PARAMS, ...params };
  if (full.files < 1 || full.minSize < 1 || full.maxSize < full.minSize) {
    throw new RangeError(`invalid tree parameters: ${JSON.stringify(full)}`);
  }
  const rootAbs = resolve(root);
  const marker = readMarker(rootAbs) as
    | { version: number; params: TreeParams; summary: Omit<TreeSummary, "reused"> }
    | null;
  if (
    !options.force && marker?.version === GENERATOR_VERSION &&
    JSON.stringify(marker.params) === JSON.stringify(full)
  ) {
    return { ...marker.summary, root: rootAbs, reused: true };
  }

  // Marker first: if removing the tree fails half-way, nothing claims it is complete.
  removeIfPresent(treeMarkerPath(rootAbs));
  removeIfPresent(rootAbs);

  const random = seededRandom(full.seed);
  const pool = LANGUAGES.map((language) =>
    Array.from(
      { length: LINES_PER_LANGUAGE },
      () => fillTemplate(random, pick(random, language.templates)),
    )
  );
  const dirs = makeDirectories(random, Math.max(1, Math.round(full.files / full.filesPerDir)));
  for (const dir of dirs) Deno.mkdirSync(join(rootAbs, dir), { recursive: true });

  const summary: Omit<TreeSummary, "reused"> = {
    root: rootAbs,
    params: full,
    directories: dirs.length,
    textFiles: 0,
    binaryFiles: 0,
    tokenFiles: 0,
    tokens: 0,
    bytes: 0,
  };
  const encoder = new TextEncoder();
  for (let i = 0; i < full.files; i++) {
    const dir = dirs[Math.floor(random() * dirs.length)];
    const size = full.minSize + Math.floor(random() * (full.maxSize - full.minSize + 1));
    let bytes: Uint8Array;
    let name: string;
    if (random() * full.binaryEvery < 1) {
      bytes = binaryFile(random, size);
      name = `${pick(random, WORDS)}_${i}.${pick(random, BINARY_EXTS)}`;
      summary.binaryFiles++;
    } else {
      const which = Math.floor(random() * LANGUAGES.length);
      const language = LANGUAGES[which];
      const tokenLines: string[] = [];
      if (random() * full.tokenEvery < 1) {
        // Mostly one token, sometimes two or three in the same file.
        const count = random() < 0.8 ? 1 : 2 + Math.floor(random() * 2);
        for (let t = 0; t < count; t++) {
          tokenLines.push(tokenLine(random, language, summary.tokens + t));
        }
        summary.tokenFiles++;
        summary.tokens += count;
      }
      // Sizes are counted in characters; the few non-ASCII ones make some files a little larger.
      bytes = encoder.encode(textFile(random, pool[which], size, tokenLines));
      name = `${pick(random, WORDS)}_${i}.${language.ext}`;
      summary.textFiles++;
    }
    const path = join(rootAbs, dir, name);
    Deno.writeFileSync(path, bytes);
    Deno.utimeSync(path, TREE_MTIME, TREE_MTIME);
    summary.bytes += bytes.length;
  }

  Deno.writeTextFileSync(
    treeMarkerPath(rootAbs),
    JSON.stringify({ version: GENERATOR_VERSION, params: full, summary }, null, 2) + "\n",
  );
  return { ...summary, reused: false };
}

function parseGeneratorArgs(
  args: string[],
): { root: string; params: Partial<TreeParams>; force: boolean } {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      root: { type: "string", default: "bench-data/tree" },
      files: { type: "string" },
      seed: { type: "string" },
      force: { type: "boolean", default: false },
    },
  });
  const params: Partial<TreeParams> = {};
  if (values.files !== undefined) params.files = Number(values.files);
  if (values.seed !== undefined) params.seed = Number(values.seed);
  return { root: values.root, params, force: values.force };
}

if (import.meta.main) {
  const { root, params, force } = parseGeneratorArgs(Deno.args);
  const started = performance.now();
  const summary = generateTree(root, params, { force });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${summary.reused ? "reused" : "generated"} ${summary.root}: ${summary.textFiles} text + ` +
      `${summary.binaryFiles} binary files in ${summary.directories} folders, ` +
      `${(summary.bytes / 1048576).toFixed(0)} MiB, ${summary.tokens} tokens in ` +
      `${summary.tokenFiles} files (${seconds} s)`,
  );
}
