/**
 * Reads blobs from git's object store through one long-lived `git cat-file --batch`, so a diff of
 * thousands of files starts one process rather than one per file.
 *
 * @module
 */
import { CanaryError } from "../errors.ts";
import { GIT_ENV } from "../git.ts";
import { cannotRunGit } from "./git_repository.ts";

/** One `git cat-file --batch` process; {@linkcode BlobReader.close} ends it. */
export class BlobReader implements AsyncDisposable {
  readonly #child: Deno.ChildProcess;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  #buffer: Uint8Array = new Uint8Array(0);

  /** Starts `git cat-file --batch` in `root`. */
  constructor(root: string) {
    try {
      this.#child = new Deno.Command("git", {
        args: ["-C", root, "cat-file", "--batch"],
        stdin: "piped",
        stdout: "piped",
        stderr: "null",
        env: { ...GIT_ENV },
      }).spawn();
    } catch (error) {
      throw cannotRunGit(error);
    }
    this.#reader = this.#child.stdout.getReader();
  }

  /**
   * The contents of each object, by id. The requests are written while the answers are read, so
   * neither pipe fills up.
   *
   * @throws {CanaryError} when git names an object missing or stops answering.
   */
  async read(oids: readonly string[]): Promise<Map<string, Uint8Array>> {
    const blobs = new Map<string, Uint8Array>();
    if (oids.length === 0) return blobs;
    const writer = this.#child.stdin.getWriter();
    const writing = writer.write(new TextEncoder().encode(oids.join("\n") + "\n"))
      .finally(() => writer.releaseLock());
    try {
      for (const oid of oids) blobs.set(oid, await this.#readObject(oid));
    } finally {
      // A failed write shows as a failed read; never leave its rejection unhandled.
      await writing.catch(() => {});
    }
    return blobs;
  }

  /** Reads one answer: `<oid> <type> <size>\n<contents>\n`. */
  async #readObject(oid: string): Promise<Uint8Array> {
    const header = new TextDecoder().decode(await this.#take(await this.#lineLength()));
    const [, type, size] = header.trimEnd().split(" ");
    if (type === undefined || size === undefined || type === "missing") {
      throw new CanaryError(`git has no object ${oid}`, { code: "git" });
    }
    const contents = await this.#take(Number(size) + 1);
    return contents.subarray(0, contents.length - 1);
  }

  /** The length of the next line, newline included, reading more as needed. */
  async #lineLength(): Promise<number> {
    for (;;) {
      const end = this.#buffer.indexOf(0x0a);
      if (end !== -1) return end + 1;
      await this.#fill();
    }
  }

  /** Removes and returns the next `length` bytes. */
  async #take(length: number): Promise<Uint8Array> {
    while (this.#buffer.length < length) await this.#fill();
    const taken = this.#buffer.slice(0, length);
    this.#buffer = this.#buffer.subarray(length);
    return taken;
  }

  async #fill(): Promise<void> {
    const { value, done } = await this.#reader.read();
    if (done) throw new CanaryError("git cat-file stopped answering", { code: "git" });
    if (this.#buffer.length === 0) {
      this.#buffer = value;
      return;
    }
    const joined = new Uint8Array(this.#buffer.length + value.length);
    joined.set(this.#buffer);
    joined.set(value, this.#buffer.length);
    this.#buffer = joined;
  }

  /** Ends the process and waits for it. */
  async close(): Promise<void> {
    await this.#child.stdin.close().catch(() => {});
    this.#reader.releaseLock();
    await this.#child.stdout.cancel().catch(() => {});
    await this.#child.status;
  }

  /** See {@linkcode BlobReader.close}. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
