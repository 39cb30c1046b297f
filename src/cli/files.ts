/**
 * `canary files <REQ-ID>`: the files of one requirement, with token counts per aspect.
 *
 * @module
 */
import { tableLines } from "../output/table.ts";
import type { RequirementFile } from "../track/requirement_files.ts";
import type { Command } from "./command_line.ts";
import type { CommandContext } from "./context.ts";
import { withDb, withExamples, withJson } from "./declare.ts";
import { readIndexedTokens } from "./open_for_command.ts";

/** The raw options of `canary files`. */
export interface FilesOptions {
  db: string;
  json?: boolean;
}

/** Declares `canary files`. */
export function declareFiles(program: Command, ctx: CommandContext): void {
  withJson(withDb(withExamples(
    program.command("files")
      .description("the files of one requirement, with their token counts per aspect")
      .argument("<req-id>", "requirement id, e.g. CBIN-129 (any case)"),
    "canary files CBIN-129",
    "canary files CBIN-129 --json",
  ))).action((reqId, options) => filesCommand(ctx, reqId, options));
}

/** `canary files`: a table of aspect, file and token count, or `{"req_id", "files"}`. */
export async function filesCommand(
  ctx: CommandContext,
  reqId: string,
  options: FilesOptions,
): Promise<void> {
  const { byRequirement, requirementTokens } = await import("../track/requirements.ts");
  const { requirementFiles } = await import("../track/requirement_files.ts");
  const tokens = await readIndexedTokens(ctx, options.db);
  const found = requirementTokens(byRequirement(tokens), reqId);
  const files = requirementFiles(found.tokens);
  if (options.json) {
    ctx.out.json({ req_id: found.reqId, files });
    return;
  }
  ctx.out.lines(tableLines<RequirementFile>(
    [
      { header: "ASPECT", value: (f) => f.aspect },
      { header: "FILE", value: (f) => f.file_path },
      { header: "TOKENS", value: (f) => String(f.token_count), align: "right" },
    ],
    files,
    ctx.out.colors.bold,
    ctx.out.stdoutColumns,
  ));
}
