/**
 * `SHA256SUMS` files in the format `sha256sum -c` and `shasum -a 256 -c` read.
 *
 * @module
 */
import { createHash } from "node:crypto";

/** One file's entry in a `SHA256SUMS` file. */
export interface Sha256Entry {
  /** File name, without directories. */
  name: string;
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string;
}

/** SHA-256 of a file's bytes, lower-case hex; streams, so large binaries stay out of memory. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  using file = await Deno.open(path, { read: true });
  for await (const chunk of file.readable) hash.update(chunk);
  return hash.digest("hex");
}

/**
 * Renders entries as `<hash>  <name>` lines, sorted by name so the same
 * binaries always give the same file.
 */
export function formatSha256Sums(entries: readonly Sha256Entry[]): string {
  return [...entries]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((entry) => `${entry.sha256}  ${entry.name}\n`)
    .join("");
}
