/**
 * A real browser for tests: headless Chromium driven over the DevTools
 * protocol through Deno's own WebSocket, so no test dependency is needed.
 * It records every network request the page makes.
 */
import { waitUntil, withDeadline as withTestDeadline } from "../src/test_assert.ts";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** Chromium's path, or null when none is installed. */
export const CHROMIUM: string | null = CANDIDATES.find((path) => {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}) ?? null;

/** Why browser tests are skipped here, or null when they can run. */
export const BROWSER_UNAVAILABLE: string | null = CHROMIUM === null
  ? `no Chromium at ${CANDIDATES.join(", ")} (Debian: apt-get install chromium)`
  : null;

const DEADLINE_MS = 30_000;

/** `promise`, or a failure naming `what` once the browser's deadline passes. */
function withDeadline<T>(promise: Promise<T>, what: string): Promise<T> {
  return withTestDeadline(promise, `browser: ${what}`, { ms: DEADLINE_MS });
}

/** What a test can do with the loaded page. */
export interface BrowserPage {
  /** Evaluates `expression` in the page and returns its value. */
  evaluate<T>(expression: string): Promise<T>;
  /** A PNG screenshot of the page. */
  screenshot(): Promise<Uint8Array>;
}

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

/** One DevTools connection: commands with replies, and a log of events. */
class DevTools {
  #next = 1;
  #pending = new Map<number, (message: Message) => void>();
  #listeners: ((message: Message) => void)[] = [];
  constructor(private socket: WebSocket) {
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data) as Message;
      if (message.id !== undefined) this.#pending.get(message.id)?.(message);
      else for (const listener of this.#listeners) listener(message);
    };
  }
  send(method: string, params: unknown = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.#next++;
    const reply = new Promise<Record<string, unknown>>((resolve, reject) => {
      this.#pending.set(id, (message) => {
        this.#pending.delete(id);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result ?? {});
      });
    });
    this.socket.send(JSON.stringify({ id, method, params, sessionId }));
    return withDeadline(reply, method);
  }
  on(listener: (message: Message) => void): void {
    this.#listeners.push(listener);
  }
}

/** The DevTools address Chromium prints on stderr once it listens. */
async function devToolsAddress(stderr: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`Chromium ended before listening:\n${seen}`);
    seen += value;
    const match = seen.match(/DevTools listening on (ws:\/\/\S+)/);
    if (match) {
      reader.releaseLock();
      return match[1];
    }
  }
}

/**
 * Opens `url` in a fresh headless Chromium, waits for its load event, runs
 * `use`, and returns its result with every URL the page requested.
 */
export async function withBrowserPage<T>(
  url: string,
  use: (page: BrowserPage) => Promise<T>,
): Promise<{ result: T; requests: string[] }> {
  const profile = Deno.makeTempDirSync({ prefix: "canary-chromium-" });
  const child = new Deno.Command(CHROMIUM!, {
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--window-size=1280,1600",
      `--user-data-dir=${profile}`,
      "--remote-debugging-port=0",
      "about:blank",
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  try {
    const socket = new WebSocket(await withDeadline(devToolsAddress(child.stderr), "start-up"));
    await withDeadline(new Promise((resolve) => (socket.onopen = resolve)), "connecting");
    const tools = new DevTools(socket);
    try {
      return await drive(tools, url, use);
    } finally {
      socket.close();
    }
  } finally {
    child.kill("SIGKILL");
    await withDeadline(child.status, "shutting down");
    // Chromium's helper processes can outlive the browser for a moment, still writing there.
    await waitUntil(() => removedTree(profile), `removing ${profile}`);
  }
}

/** Removes `path` and all below it; false when something was still being written there. */
function removedTree(path: string): boolean {
  try {
    Deno.removeSync(path, { recursive: true });
    return true;
  } catch (error) {
    return error instanceof Deno.errors.NotFound;
  }
}

/** Waits until the page shows `url`, fully loaded (the blank page's own load event can come late). */
async function loadedAt(page: BrowserPage, url: string): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  const check = `location.href === ${JSON.stringify(url)} && document.readyState === "complete"`;
  while (!(await page.evaluate<boolean>(check))) {
    if (Date.now() > deadline) throw new Error(`browser: ${url} did not load within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function drive<T>(
  tools: DevTools,
  url: string,
  use: (page: BrowserPage) => Promise<T>,
): Promise<{ result: T; requests: string[] }> {
  const { targetId } = await tools.send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await tools.send("Target.attachToTarget", { targetId, flatten: true });
  const session = sessionId as string;
  const requests: string[] = [];
  tools.on((m) => {
    if (m.method === "Network.requestWillBeSent" && m.sessionId === session) {
      requests.push((m.params as { request: { url: string } }).request.url);
    }
  });
  await tools.send("Network.enable", {}, session);
  await tools.send("Page.enable", {}, session);
  await tools.send("Page.navigate", { url }, session);
  const page: BrowserPage = {
    async evaluate<V>(expression: string) {
      const reply = await tools.send("Runtime.evaluate", {
        expression,
        returnByValue: true,
      }, session);
      const thrown = reply.exceptionDetails as { text: string } | undefined;
      if (thrown) throw new Error(`page threw: ${thrown.text}`);
      return (reply.result as { value: V }).value;
    },
    async screenshot() {
      const reply = await tools.send("Page.captureScreenshot", { format: "png" }, session);
      return Uint8Array.from(atob(reply.data as string), (c) => c.charCodeAt(0));
    },
  };
  await loadedAt(page, url);
  return { result: await use(page), requests };
}
