/**
 * `canary create <REQ-ID> <FEATURE>`: prints a new token line to paste, dated today (UTC).
 *
 * @module
 */
import { PRIORITY_HIGHEST, PRIORITY_LOWEST } from "../tokens/priority.ts";
import { parseIntegerIn } from "./args.ts";
import type { Command } from "./command_line.ts";
import type { CommandContext } from "./context.ts";
import { withExamples, withJson } from "./declare.ts";
import { splitCommaList } from "./token_options.ts";

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

/** Declares `canary create`; it needs no database. */
export function declareCreate(program: Command, ctx: CommandContext): void {
  withJson(withExamples(
    program.command("create")
      .description("print a new token line to paste, dated today (UTC); needs no database")
      .argument("<req-id>", "requirement id, e.g. CBIN-129")
      .argument("<feature>", "feature name (any text on one line; quoted in the token)")
      .option("--aspect <aspect>", "ASPECT", "API")
      .option("--status <status>", "STATUS", "IMPL")
      .option("--test <names>", "TEST names, comma-separated")
      .option("--bench <names>", "BENCH names, comma-separated")
      .option("--owner <owner>", "OWNER")
      .option("--priority <n>", "PRIORITY, 1 (highest) to 10")
      .option("--for <file>", "write the comment for this file (.py #, .sql --, .md <!-- -->)"),
    'canary create CBIN-140 "Token export" --aspect CLI --owner alice',
    "canary create CBIN-140 Docs --aspect Docs --for README.md >> README.md",
  )).action((reqId, feature, options) => createCommand(ctx, reqId, feature, options));
}

/** `canary create`: one token line on stdout (or `{"token_line", "comment_for"}` with `--json`). */
export async function createCommand(
  ctx: CommandContext,
  reqId: string,
  feature: string,
  options: CreateOptions,
): Promise<void> {
  const { createToken } = await import("../track/create_token.ts");
  const { runTime, utcDate } = await import("../text/timestamp.ts");
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
      : parseIntegerIn(options.priority, "--priority", PRIORITY_HIGHEST, PRIORITY_LOWEST),
    updated: utcDate(runTime(ctx.env)),
  }, options.for);
  for (const warning of created.warnings) ctx.out.warn(warning);
  if (options.json) ctx.out.json({ token_line: created.line, comment_for: options.for ?? null });
  else ctx.out.tokenLine(created.line);
}
