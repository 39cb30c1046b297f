/**
 * `canary create <REQ-ID> <FEATURE>`: prints a new token line to paste, dated today (UTC).
 *
 * @module
 */
import { utcDate } from "../report/timestamp.ts";
import { createToken } from "../track/create_token.ts";
import { parseIntegerIn } from "./args.ts";
import type { CommandContext } from "./context.ts";
import { splitCommaList } from "./list.ts";
import { runTime } from "./scan_command.ts";

/** The raw options of `canary create`. */
export interface CreateOptions {
  aspect: string;
  status: string;
  test?: string;
  bench?: string;
  owner?: string;
  priority?: string;
  for?: string;
  json?: boolean;
}

/** `canary create`: one token line on stdout (or `{"token_line", "comment_for"}` with `--json`). */
export function createCommand(
  ctx: CommandContext,
  reqId: string,
  feature: string,
  options: CreateOptions,
): void {
  const created = createToken({
    reqId,
    feature,
    aspect: options.aspect,
    status: options.status,
    tests: splitCommaList(options.test),
    benches: splitCommaList(options.bench),
    owner: options.owner,
    priority: options.priority === undefined
      ? undefined
      : parseIntegerIn(options.priority, "--priority", 1, 10),
    updated: utcDate(runTime(ctx.env)),
  }, options.for);
  for (const warning of created.warnings) ctx.out.warn(warning);
  if (options.json) ctx.out.json({ token_line: created.line, comment_for: options.for ?? null });
  else ctx.out.lines([created.line]);
}
